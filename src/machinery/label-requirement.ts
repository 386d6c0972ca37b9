/**
 * Label selector requirements and the selectors built from them, as upstream's
 * `k8s.io/apimachinery/pkg/labels` (`Requirement`, `internalSelector`, `Everything`, `Nothing`):
 * construction with upstream's validation, matching, and the canonical string form.
 */
import { aggregate, FieldError, fieldErrors, printed } from './field-errors.js';
import { goStringSlice } from './validation/messages.js';
import { isQualifiedName, isValidLabelValue } from './validation/names.js';

/** upstream's `selection.Operator` values. */
export type Operator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

const BINARY_OPERATORS: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const UNARY_OPERATORS: readonly Operator[] = ['exists', '!'];
const VALID_OPERATORS: readonly Operator[] = [...BINARY_OPERATORS, ...UNARY_OPERATORS];

/** `in, notin, =, ==, !=, gt, lt`, as the parser's error lists them. */
export const binaryOperatorList = BINARY_OPERATORS.join(', ');

/** One requirement: a key, an operator, and the values (as given; sorted only when printed). */
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/** A label selector: an AND of requirements. */
export interface Selector {
  /** Whether the labels (undefined: none) satisfy every requirement. */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  /** True when the selector does not restrict anything (matches everything). */
  empty(): boolean;
  /** Upstream's canonical form: requirements sorted by key, values sorted, `,`-joined. */
  toString(): string;
  /** The requirements, sorted by key (none for `nothing()`). */
  requirements(): readonly Requirement[];
  /** The single value the selector requires for key (`=`, `==`, or `in` one value), if any. */
  requiresExactMatch(key: string): string | undefined;
  /** A new selector with more requirements. */
  add(...reqs: Requirement[]): Selector;
}

const child = (path: string | undefined, name: string) => (path === undefined ? name : `${path}.${name}`);

/** Go's `strconv.ParseInt(s, 10, 64)`: the value, or undefined when s is not an int64. */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v >= -(1n << 63n) && v < 1n << 63n ? v : undefined;
}

/** The label key check of upstream's parser and `NewRequirement`: one error, messages `; `-joined. */
export function labelKeyError(key: string, field: string): FieldError | undefined {
  const errs = isQualifiedName(key);
  return errs.length ? fieldErrors.invalid(field, key, errs.join('; ')) : undefined;
}

/**
 * Upstream's `NewRequirement` checks: the key, the operator's value count, Gt/Lt integers and each
 * value's syntax. `path` is the field path upstream passes (`field.WithPath`); without one the
 * errors read `key: …` and `values[0][key]: …`, as upstream's do.
 */
export function requirementErrors(key: string, op: string, values: readonly string[], path?: string): FieldError[] {
  const errs: FieldError[] = [];
  const keyErr = labelKeyError(key, child(path, 'key'));
  if (keyErr) errs.push(keyErr);
  const valuePath = child(path, 'values');
  const shown = printed(goStringSlice(values));
  switch (op) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errs.push(fieldErrors.invalid(valuePath, shown, "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errs.push(fieldErrors.invalid(valuePath, shown, 'exact-match compatibility requires one single value'));
      }
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errs.push(fieldErrors.invalid(valuePath, shown, 'values set must be empty for exists and does not exist'));
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errs.push(fieldErrors.invalid(valuePath, shown, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(
            fieldErrors.invalid(`${valuePath}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"),
          );
        }
      });
      break;
    default:
      errs.push(fieldErrors.notSupported(child(path, 'operator'), op, VALID_OPERATORS));
  }
  values.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length) errs.push(fieldErrors.invalid(`${valuePath}[${i}][${key}]`, v, msgs.join('; ')));
  });
  return errs;
}

/**
 * Upstream's `NewRequirement`: a checked requirement. Throws an Error whose message is upstream's
 * aggregate of the field errors (`values[0][app]: Invalid value: …`).
 */
export function newRequirement(key: string, op: string, values: readonly string[], path?: string): Requirement {
  const errs = requirementErrors(key, op, values, path);
  if (errs.length) throw new Error(aggregate(errs));
  return { key, operator: op as Operator, values: [...values] };
}

/** Upstream's `Requirement.Matches`. */
export function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>> | undefined): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(labels![r.key]);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(labels![r.key]);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const have = parseInt64(labels![r.key]);
      const want = parseInt64(r.values[0]);
      if (have === undefined || want === undefined) return false;
      return r.operator === 'gt' ? have > want : have < want;
    }
  }
}

/** Go's sort.Strings order: by UTF-8 bytes. */
export const compareBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Upstream's `Requirement.String`: `!k`, `k`, `k=v`, `k in (a,b)`, `k>5`. */
export function requirementString(r: Requirement): string {
  let s = r.operator === '!' ? `!${r.key}` : r.key;
  switch (r.operator) {
    case 'exists':
    case '!':
      return s;
    case '=':
    case '==':
    case '!=':
      s += r.operator;
      break;
    case 'in':
    case 'notin':
      s += ` ${r.operator} `;
      break;
    case 'gt':
      s += '>';
      break;
    case 'lt':
      s += '<';
      break;
  }
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort(compareBytes).join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${s}(${values})` : s + values;
}

class InternalSelector implements Selector {
  constructor(private readonly reqs: readonly Requirement[]) {}

  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    return this.reqs.every((r) => requirementMatches(r, labels));
  }
  empty(): boolean {
    return this.reqs.length === 0;
  }
  toString(): string {
    return this.reqs.map(requirementString).join(',');
  }
  requirements(): readonly Requirement[] {
    return this.reqs;
  }
  requiresExactMatch(key: string): string | undefined {
    const r = this.reqs.find((x) => x.key === key);
    if (!r || !['=', '==', 'in'].includes(r.operator) || r.values.length !== 1) return undefined;
    return r.values[0];
  }
  add(...reqs: Requirement[]): Selector {
    return selectorFromRequirements([...this.reqs, ...reqs]);
  }
}

const NOTHING: Selector = {
  matches: () => false,
  empty: () => false,
  toString: () => '',
  requirements: () => [],
  requiresExactMatch: () => undefined,
  add: () => NOTHING,
};

/** A selector of the given requirements, sorted by key (stably) as upstream sorts them. */
export function selectorFromRequirements(reqs: readonly Requirement[]): Selector {
  return new InternalSelector([...reqs].sort((a, b) => compareBytes(a.key, b.key)));
}

/** Upstream's `Everything`: matches all labels. */
export function everything(): Selector {
  return selectorFromRequirements([]);
}

/** Upstream's `Nothing`: matches no labels (a nil metav1 LabelSelector). */
export function nothing(): Selector {
  return NOTHING;
}

/** Upstream's `MatchesNothing`: true only for `nothing()`. */
export function matchesNothing(selector: Selector): boolean {
  return selector === NOTHING;
}
