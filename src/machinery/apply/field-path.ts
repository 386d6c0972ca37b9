/**
 * Path elements and paths of server-side apply, as structured-merge-diff's `fieldpath` package
 * defines them: a field of a map or struct (`f:`), an item of a map-list by its key fields (`k:`),
 * an item of a set-list by its value (`v:`), an item of an atomic list by its index (`i:`). Their
 * total order, their FieldsV1 spelling and the `.spec.containers[name="nginx"]` form conflicts
 * print are upstream's, because kubectl shows all three.
 */
import { isJsonObject } from '../patch/json-values.js';

/** One key field of a map-list item: `{ name: 'containerPort', value: 80 }`. */
export interface KeyField {
  readonly name: string;
  readonly value: unknown;
}

/** One step of a path; exactly one member is set. */
export type PathElement =
  | { readonly field: string }
  | { readonly key: readonly KeyField[] }
  | { readonly value: unknown }
  | { readonly index: number };

/** A path from the object's root; the empty path is the object itself. */
export type Path = readonly PathElement[];

/** Strings in Go's order (UTF-8 bytes, i.e. code points), not UTF-16 code units. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// Surrogates encode U+10000 and above, which sort after U+E000–U+FFFF in UTF-8.
const codePointRank = (u: number) => (u >= 0xd800 && u <= 0xdfff ? u + 0x2000 : u >= 0xe000 ? u - 0x800 : u);

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

const valueRank = (v: unknown): number =>
  typeof v === 'number'
    ? 0
    : typeof v === 'string'
      ? 1
      : typeof v === 'boolean'
        ? 2
        : Array.isArray(v)
          ? 3
          : isJsonObject(v)
            ? 4
            : 5;

/**
 * value.Compare: numbers, then strings, then booleans, lists, maps and null last; lists and maps
 * lexically.
 */
export function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number') return sign(a - (b as number));
  if (typeof a === 'string') return sign(compareStrings(a, b as string));
  if (typeof a === 'boolean') return Number(a) - Number(b as boolean);
  if (Array.isArray(a)) {
    const bl = b as unknown[];
    for (let i = 0; i < Math.min(a.length, bl.length); i++) {
      const c = compareValues(a[i], bl[i]);
      if (c !== 0) return c;
    }
    return sign(a.length - bl.length);
  }
  if (isJsonObject(a)) {
    const bo = b as Record<string, unknown>;
    return compareKeyFields(objectFields(a), objectFields(bo));
  }
  return 0;
}

const objectFields = (o: Record<string, unknown>): KeyField[] =>
  Object.keys(o)
    .sort(compareStrings)
    .map((name) => ({ name, value: o[name] }));

function compareKeyFields(a: readonly KeyField[], b: readonly KeyField[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = sign(compareStrings(a[i].name, b[i].name)) || compareValues(a[i].value, b[i].value);
    if (c !== 0) return c;
  }
  return sign(a.length - b.length);
}

const peRank = (pe: PathElement) => ('field' in pe ? 0 : 'key' in pe ? 1 : 'value' in pe ? 2 : 3);

/** PathElement.Compare: fields, then keys, then values, then indexes, each in their own order. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const ra = peRank(a);
  const rb = peRank(b);
  if (ra !== rb) return ra - rb;
  if ('field' in a) return sign(compareStrings(a.field, (b as { field: string }).field));
  if ('key' in a) return compareKeyFields(a.key, (b as { key: readonly KeyField[] }).key);
  if ('value' in a) return compareValues(a.value, (b as { value: unknown }).value);
  return sign(a.index - (b as { index: number }).index);
}

/** A string as Go's encoding/json writes it: HTML characters and U+2028/U+2029 escaped too. */
export function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Compact JSON as Go's encoding/json writes it: object keys sorted, strings escaped as Go does. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort(compareStrings);
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson(o[k])}`).join(',')}}`;
}

// Keys and values are spelled once per element: sets look them up by their spelling all the time.
const spelled = new WeakMap<PathElement, string>();

/** The FieldsV1 spelling of a path element: `f:name`, `k:{"name":"nginx"}`, `v:"finalizer"`, `i:0`. */
export function serializePathElement(pe: PathElement): string {
  if ('field' in pe) return `f:${pe.field}`;
  if ('index' in pe) return `i:${pe.index}`;
  let s = spelled.get(pe);
  if (s === undefined) {
    s =
      'key' in pe
        ? `k:{${pe.key.map((f) => `${goJsonString(f.name)}:${goJson(f.value)}`).join(',')}}`
        : `v:${goJson(pe.value)}`;
    spelled.set(pe, s);
  }
  return s;
}

/** Thrown by {@link deserializePathElement} for a key of an unknown type (`x:…`), which FieldsV1 readers skip. */
export class UnknownPathElementType extends Error {
  constructor() {
    super('unknown path element type');
  }
}

/** The path element a FieldsV1 key spells; throws on a malformed key. */
export function deserializePathElement(s: string): PathElement {
  if (s.length < 2) throw new Error('key must be 2 characters long:');
  if (s[1] !== ':') throw new Error(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case 'f':
      return { field: body };
    case 'v':
      return { value: JSON.parse(body) as unknown };
    case 'k': {
      const parsed: unknown = JSON.parse(body);
      if (!isJsonObject(parsed)) throw new Error(`key of ${s} is not a JSON object`);
      return { key: objectFields(parsed) };
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(body)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(body)}: invalid syntax`);
      return { index: Number(body) };
    }
    default:
      throw new UnknownPathElementType();
  }
}

/** A key of a map-list item from its key fields, sorted by name as upstream keeps them. */
export function keyElement(fields: readonly KeyField[]): PathElement {
  return { key: [...fields].sort((a, b) => compareStrings(a.name, b.name)) };
}

/** Go's `%v` of a float64: the shortest digits, in exponent form below 1e-4 and from 1e21 (and 1e6 for fractions). */
function goFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const [mantissa, exp] = n.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 21 || (e >= 6 && !Number.isInteger(n))) {
    return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(n);
}

/** value.ToString: how a key or set value prints inside a path string. */
export function valueString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : goFloat(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(',')}]`;
  const fields = objectFields(v as Record<string, unknown>);
  return `{${fields.map((f) => `${f.name}=${valueString(f.value)}`).join(',')}}`;
}

/** PathElement.String: `.replicas`, `[name="nginx"]`, `[="foregroundDeletion"]`, `[0]`. */
export function pathElementString(pe: PathElement): string {
  if ('field' in pe) return `.${pe.field}`;
  if ('key' in pe) return `[${pe.key.map((f) => `${f.name}=${valueString(f.value)}`).join(',')}]`;
  if ('value' in pe) return `[=${valueString(pe.value)}]`;
  return `[${pe.index}]`;
}

/** A path built while walking, child to parent, so that a step costs one small object. */
export interface PathRef {
  readonly parent: PathRef | undefined;
  readonly pe: PathElement;
}

/** The path a {@link PathRef} ends (the empty path for `undefined`). */
export function pathOf(ref: PathRef | undefined): PathElement[] {
  const out: PathElement[] = [];
  for (let r = ref; r; r = r.parent) out.push(r.pe);
  return out.reverse();
}

/** Path.String: `.spec.template.spec.containers[name="nginx"].image`. */
export function pathString(path: Path): string {
  return path.map(pathElementString).join('');
}
