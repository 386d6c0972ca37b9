/**
 * Field selectors (`?fieldSelector=metadata.name=web,status.phase!=Running`), as upstream's
 * `k8s.io/apimachinery/pkg/fields`: `=`, `==` and `!=` terms joined by `,`, values escaped with
 * `\` (`\,`, `\=`, `\\`), matched against a flat map of field values where an absent field reads
 * as the empty string.
 */
import { type ApiError, errors } from './errors.js';

/** One term: `=` (also written `==`) or `!=`. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** A field selector: an AND of terms. */
export interface FieldSelector {
  /** Whether the fields (absent ones read as '') satisfy every term. */
  matches(fields: Readonly<Record<string, string>>): boolean;
  /** True when the selector has no terms. */
  empty(): boolean;
  /** The terms, so that callers can check which fields are used. */
  requirements(): readonly FieldRequirement[];
  /** The value an `=` term requires for field, if any. */
  requiresExactMatch(field: string): string | undefined;
  /** Upstream's string form: terms `,`-joined, values escaped. */
  toString(): string;
}

class Terms implements FieldSelector {
  constructor(private readonly terms: readonly FieldRequirement[]) {}

  matches(fields: Readonly<Record<string, string>>): boolean {
    return this.terms.every((t) => {
      const have = Object.hasOwn(fields, t.field) ? fields[t.field] : '';
      return t.operator === '=' ? have === t.value : have !== t.value;
    });
  }
  empty(): boolean {
    return this.terms.length === 0;
  }
  requirements(): readonly FieldRequirement[] {
    return this.terms;
  }
  requiresExactMatch(field: string): string | undefined {
    return this.terms.find((t) => t.operator === '=' && t.field === field)?.value;
  }
  toString(): string {
    return this.terms.map((t) => `${t.field}${t.operator}${escapeValue(t.value)}`).join(',');
  }
}

/** Upstream's `fields.Everything`. */
export function everythingFields(): FieldSelector {
  return new Terms([]);
}

/** Upstream's `OneTermEqualSelector`. */
export function oneTermEqualSelector(field: string, value: string): FieldSelector {
  return new Terms([{ field, operator: '=', value }]);
}

/** Upstream's `fields.SelectorFromSet`: one `=` term per pair. */
export function fieldSelectorFromSet(set: Readonly<Record<string, string>> | undefined): FieldSelector {
  return new Terms(Object.entries(set ?? {}).map(([field, value]) => ({ field, operator: '=', value })));
}

/** Upstream's `EscapeValue`: a literal value made safe for a field selector. */
export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * Upstream's `UnescapeValue`. Throws upstream's errors: `invalid field selector: invalid escape
 * sequence: \x`, and for a bare `,` or `=` `invalid field selector: unescaped character in value: 61`
 * (Go prints the rune as a number).
 */
export function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new Error(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      throw new Error(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else out += c;
  }
  if (inSlash) throw new Error('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Upstream's `splitTerms`: split on `,` not escaped by `\` (the backslash stays in the term). */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const OPERATORS = ['!=', '==', '='] as const;

/** Upstream's `splitTerm`: the first operator found splits the term; the field cannot escape one. */
function splitTerm(term: string): [string, (typeof OPERATORS)[number], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** Go's sort.Strings order: by UTF-8 bytes. */
const compareBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Upstream's `fields.ParseSelector`, as the apiserver applies it to `?fieldSelector=`: terms sorted,
 * empty terms skipped. A malformed selector throws a 400 BadRequest ApiError with upstream's message
 * (`invalid selector: 'x'; can't understand 'x'`).
 */
export function parseFieldSelector(selector: string): FieldSelector {
  const terms: FieldRequirement[] = [];
  for (const part of splitTerms(selector).sort(compareBytes)) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw errors.badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [field, op, rhs] = split;
    let value: string;
    try {
      value = unescapeValue(rhs);
    } catch (err) {
      throw errors.badRequest((err as Error).message);
    }
    terms.push({ field, operator: op === '!=' ? '!=' : '=', value });
  }
  return new Terms(terms);
}

/**
 * The apiserver's answer to a field selector naming a field the kind does not index: 400
 * BadRequest `field label not supported: <name>` (upstream's field label conversion error).
 */
export function unsupportedField(name: string): ApiError {
  return errors.badRequest(`field label not supported: ${name}`);
}
