/**
 * Helpers for decoded JSON values shared by the patch formats: the object test, a deep copy,
 * structural equality, and a safe member assignment.
 */

export type Json = unknown;
export type JsonObject = Record<string, Json>;

/** True for a JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A deep copy of a JSON value, as a round trip through JSON text gives it (`undefined` members
 * dropped, `undefined` items null, numbers that JSON cannot hold null), without the text: several
 * times faster on Kubernetes objects, which the patch formats copy on every patch. `undefined`
 * stays `undefined`.
 */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : (copyAsJson(v) as T);
}

function copyAsJson(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) {
    if (typeof v === 'number') return Number.isFinite(v) ? v + 0 : null;
    return typeof v === 'string' || typeof v === 'boolean' || v === null ? v : undefined;
  }
  if (Array.isArray(v)) {
    const a = new Array(v.length);
    for (let i = 0; i < v.length; i++) a[i] = copyAsJson(v[i]) ?? null;
    return a;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  // Dates, class instances and anything with toJSON: as JSON itself would write them.
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return JSON.parse(JSON.stringify(v));
  }
  const o: JsonObject = {};
  for (const k in v) {
    const e = copyAsJson((v as JsonObject)[k]);
    if (e !== undefined) putKey(o, k, e);
  }
  return o;
}

/**
 * A deep copy of decoded JSON data, keeping `undefined` members as `structuredClone` does, about
 * ten times faster than it on Kubernetes objects (the apiserver copies each object several times
 * per write).
 */
export function deepCopy<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const a = new Array(v.length);
    for (let i = 0; i < v.length; i++) a[i] = deepCopy(v[i]);
    return a as T;
  }
  const o: JsonObject = {};
  // for-in, not Object.keys: no array of keys is allocated per object (decoded JSON has no
  // enumerable inherited members).
  for (const k in v) putKey(o, k, deepCopy((v as JsonObject)[k]));
  return o as T;
}

/** Sets `obj[key]` as an own data property, so that a `__proto__` member stays a member. */
export function putKey(obj: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else obj[key] = value;
}

/**
 * Structural equality of two decoded JSON values (Go's reflect.DeepEqual on them). Allocates
 * nothing: the apiserver compares every written object with the stored one.
 */
export function jsonEqual(a: Json, b: Json): boolean {
  return jsonEqualExcept(a, b, undefined);
}

/** {@link jsonEqual}, where the member `skip` of the two objects themselves is not compared. */
export function jsonEqualExcept(a: Json, b: Json, skip: string | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const isArray = Array.isArray(a);
  if (isArray !== Array.isArray(b)) return false;
  if (isArray) {
    const x = a as Json[];
    const y = b as Json[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!jsonEqual(x[i], y[i])) return false;
    return true;
  }
  const x = a as JsonObject;
  const y = b as JsonObject;
  let unmatched = 0;
  for (const k in x) {
    if (k === skip) continue;
    if (!Object.hasOwn(y, k) || !jsonEqual(x[k], y[k])) return false;
    unmatched++;
  }
  for (const k in y) if (k !== skip) unmatched--;
  return unmatched === 0;
}
