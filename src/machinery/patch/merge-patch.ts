/**
 * `application/merge-patch+json` (RFC 7386) with the behaviour of evanphx/json-patch v4's
 * `MergePatch`, which the apiserver uses: `null` deletes a member, objects merge recursively,
 * arrays and scalars replace. Like upstream, `null`s are pruned from values that land where there
 * was nothing to merge into (including objects inside such arrays), a `null` or scalar patch is a
 * 400 `Invalid JSON Patch`, and an array patch replaces the whole document.
 */
import { ApiError, errors } from '../errors.js';
import { cloneJson as clone, isJsonObject, jsonEqual, putKey, type Json, type JsonObject } from './json-values.js';

function pruneNulls(v: Json): Json {
  if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else pruneNulls(v[k]);
    }
  } else if (Array.isArray(v)) {
    // Null elements stay; objects inside lose their null members.
    for (const e of v) if (e !== null) pruneNulls(e);
  }
  return v;
}

function mergeDocs(doc: JsonObject, patch: JsonObject): void {
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = Object.hasOwn(doc, k) ? doc[k] : null;
    if (cur === null) {
      putKey(doc, k, pruneNulls(v));
    } else if (!isJsonObject(cur)) {
      putKey(doc, k, pruneNulls(v));
    } else if (!isJsonObject(v)) {
      // evanphx returns the patch value unpruned when only the target is an object.
      putKey(doc, k, v);
    } else {
      mergeDocs(cur, v);
    }
  }
}

/**
 * Applies a JSON merge patch to a copy of `doc` and returns the result; neither input is mutated.
 * Throws ApiError 400 `Invalid JSON Patch` for a `null` or scalar patch.
 */
export function applyMergePatch(doc: Json, patch: Json): Json {
  if (Array.isArray(patch)) return pruneNulls(clone(patch));
  if (!isJsonObject(patch)) throw errors.badRequest('Invalid JSON Patch');
  if (doc === null || doc === undefined) throw new ApiError(500, '', 'Invalid JSON Document');
  const p = clone(patch);
  if (!isJsonObject(doc)) return pruneNulls(p);
  const out = clone(doc);
  mergeDocs(out, p);
  return out;
}

function diff(a: JsonObject, b: JsonObject): JsonObject {
  const into: JsonObject = {};
  for (const k of Object.keys(b)) {
    const bv = b[k];
    if (!Object.hasOwn(a, k)) {
      putKey(into, k, clone(bv));
      continue;
    }
    const av = a[k];
    if (isJsonObject(av) && isJsonObject(bv)) {
      const sub = diff(av, bv);
      if (Object.keys(sub).length > 0) putKey(into, k, sub);
    } else if (!jsonEqual(av, bv)) {
      putKey(into, k, clone(bv));
    }
  }
  for (const k of Object.keys(a)) if (!Object.hasOwn(b, k)) putKey(into, k, null);
  return into;
}

/**
 * The merge patch that turns `original` into `modified` (evanphx's `CreateMergePatch` for
 * objects): changed and added members, `null` for removed ones, nested objects diffed
 * recursively, arrays and scalars sent whole. Both must be JSON objects, else a TypeError.
 */
export function createMergePatch(original: Json, modified: Json): JsonObject {
  if (!isJsonObject(original) || !isJsonObject(modified)) throw new TypeError('Invalid JSON Document');
  return diff(original, modified);
}
