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

/** A deep copy of a JSON value (`undefined` stays `undefined`). */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
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
  for (const k of Object.keys(v)) putKey(o, k, deepCopy((v as JsonObject)[k]));
  return o as T;
}

/** Sets `obj[key]` as an own data property, so that a `__proto__` member stays a member. */
export function putKey(obj: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else obj[key] = value;
}

/** Structural equality of two decoded JSON values (Go's reflect.DeepEqual on them). */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
