/**
 * Value-level pieces of strategic merge patch: the directive names, Go's notion of an element's
 * type (ints and floats differ, as the apiserver decodes them), and upstream's helpers for lists
 * of scalars and for values taken from the patch as they are.
 */
import { goValue } from './go-format.js';
import { isJsonObject, putKey, type Json, type JsonObject } from './json-values.js';
import { patchFailures } from './patch-errors.js';

export const DIRECTIVE_MARKER = '$patch';
export const DELETE_DIRECTIVE = 'delete';
export const REPLACE_DIRECTIVE = 'replace';
export const MERGE_DIRECTIVE = 'merge';
export const RETAIN_KEYS_STRATEGY = 'retainKeys';
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';

/** Go's reflect kind of a decoded value, as far as patching tells them apart. */
export type ValueKind = 'map' | 'slice' | 'string' | 'int' | 'float' | 'bool' | 'nil';

export function kindOf(v: Json): ValueKind {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return Number.isSafeInteger(v) ? 'int' : 'float';
}

/**
 * The one element type of the given lists (`sliceElementType`): lists of lists are a 422, mixed
 * types and all-empty lists are errors.
 */
export function sliceElementKind(...slices: Json[][]): ValueKind {
  let kind: ValueKind | undefined;
  for (const s of slices) {
    for (const v of s) {
      const k = kindOf(v);
      if (kind === undefined) {
        if (k === 'slice') throw patchFailures.noListOfLists();
        kind = k;
      } else if (k !== kind) {
        throw patchFailures.other(`list element types are not identical: ${goValue(slices)}`);
      }
    }
  }
  if (kind === undefined) throw patchFailures.other('no elements in any of the given slices');
  return kind;
}

/** Scalars equal as Go compares interface values (merge key values, set members). */
export const sameScalar = (a: Json, b: Json) => a === b;

/** Upstream's in-place de-duplication (it moves the last element into a duplicate's slot). */
export function deduplicateScalars(input: Json[]): Json[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (sameScalar(s[i], s[j])) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** Scalars sorted by their `%v` text, as upstream sorts them. */
export function sortScalars(s: Json[]): Json[] {
  return [...s].sort((a, b) => {
    const x = goValue(a);
    const y = goValue(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * Upstream's `removeDirectives` for a value taken from the patch as it is: a map carrying `$patch`
 * is dropped (from its parent map or list), recursively. Returns undefined when dropped.
 */
export function removeDirectives(v: Json): Json | undefined {
  if (isJsonObject(v)) {
    if (Object.hasOwn(v, DIRECTIVE_MARKER)) return undefined;
    for (const k of Object.keys(v)) {
      const kept = removeDirectives(v[k]);
      if (kept === undefined) delete v[k];
      else putKey(v, k, kept);
    }
    return v;
  }
  if (Array.isArray(v)) {
    const out: Json[] = [];
    for (const e of v) {
      const kept = removeDirectives(e);
      if (kept !== undefined) out.push(kept);
    }
    return out;
  }
  return v;
}

/** Upstream's `discardNullValuesFromPatch`: drops null members of maps, at every depth. */
export function discardNullValues(v: Json): void {
  if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNullValues(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const e of v) discardNullValues(e);
  }
}

/** Whether `key` is one of the patch directives (`$patch`, `$retainKeys`, the two list prefixes). */
export function isDirectiveKey(key: string): boolean {
  return (
    key === DIRECTIVE_MARKER ||
    key === RETAIN_KEYS_DIRECTIVE ||
    key.startsWith(`${SET_ELEMENT_ORDER_PREFIX}/`) ||
    key.startsWith(`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/`)
  );
}

/**
 * Removes directive keys left in a patched object, at every depth. Upstream decodes the merged
 * map into the typed object, which silently drops such unknown fields; this does the same.
 */
export function stripDirectiveKeys(v: Json): void {
  if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (isDirectiveKey(k)) delete v[k];
      else stripDirectiveKeys(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const e of v) stripDirectiveKeys(e);
  }
}

/** A map's entry for `key` or undefined, reading own members only. */
export function own(m: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(m, key) ? m[key] : undefined;
}
