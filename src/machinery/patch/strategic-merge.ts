/**
 * Applying a strategic merge patch map to an original map (upstream's `mergeMap` and the list
 * merging under it, in strategic-merge-list.ts). Both arguments are mutated; callers pass copies. With `mergeParallelList`
 * (the server's mode) `$deleteFromPrimitiveList`, `$setElementOrder` and `$retainKeys` are
 * carried out; without it (merging two patches, as the three-way diff does) they are kept.
 */
import { goValue } from './go-format.js';
import { isJsonObject, jsonEqual, putKey, type Json, type JsonObject } from './json-values.js';
import { GO_MAP, GO_SLICE, patchFailures } from './patch-errors.js';
import { splitStrategies, type PatchSchema } from './strategic-schema.js';
import { mergeSliceHandler } from './strategic-merge-list.js';
import { extractToDeleteItems, normalizeElementOrder, partitionMaps, partitionPrimitives } from './strategic-order.js';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  discardNullValues,
  kindOf,
  own,
  removeDirectives,
  sameScalar,
  sliceElementKind,
} from './strategic-values.js';

export interface MergeOptions {
  /** Carry out the parallel-list directives (server side) rather than keep them (patch merging). */
  mergeParallelList: boolean;
  /** Drop `null`s that have nothing to delete (server side) rather than keep them. */
  ignoreUnmatchedNulls: boolean;
}

/** `$deleteFromPrimitiveList/finalizers` → `finalizers`, or the 400 for a malformed key. */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX) throw patchFailures.badPatchFormatForPrimitiveList();
    throw patchFailures.badPatchFormatForSetElementOrderList();
  }
  return key.slice(slash + 1);
}

/** Merges `patch` into `original` (either may be null for "empty") and returns the result. */
export function mergeMap(
  original: JsonObject | null,
  patch: JsonObject,
  schema: PatchSchema,
  opts: MergeOptions,
): JsonObject {
  if (Object.hasOwn(patch, DIRECTIVE_MARKER)) {
    const directive = patch[DIRECTIVE_MARKER];
    if (directive === REPLACE_DIRECTIVE) {
      delete patch[DIRECTIVE_MARKER];
      return patch;
    }
    if (directive === DELETE_DIRECTIVE) return {};
    throw patchFailures.badPatchType(directive, patch);
  }
  const out = original ?? {};
  applyRetainKeysDirective(out, patch, opts);
  mergePatchIntoOriginal(out, patch, schema, opts);

  for (const patchKey of Object.keys(patch)) {
    if (!Object.hasOwn(patch, patchKey)) continue;
    const patchV = patch[patchKey];
    let k = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      if (!opts.mergeParallelList) {
        putKey(out, patchKey, patchV);
        continue;
      }
      k = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete out[k];
      if (opts.ignoreUnmatchedNulls) continue;
    }
    const originalV = own(out, k);
    if (originalV === undefined || kindOf(originalV) !== kindOf(patchV)) {
      if (!isDeleteList) takePatchValue(out, k, patchV, opts);
      continue;
    }
    if (isJsonObject(originalV) && isJsonObject(patchV)) {
      const { schema: sub, meta } = schema.field(k);
      const { strategy } = splitStrategies(meta.strategies);
      putKey(out, k, strategy === REPLACE_DIRECTIVE ? patchV : mergeMap(originalV, patchV, sub, opts));
    } else if (Array.isArray(originalV) && Array.isArray(patchV)) {
      const { schema: sub, meta } = schema.list(k);
      const { strategy } = splitStrategies(meta.strategies);
      putKey(out, k, mergeSliceHandler(originalV, patchV, sub, strategy, meta.mergeKey, isDeleteList, opts).merged);
    } else {
      putKey(out, k, patchV);
    }
  }
  return out;
}

/** A patch value with nothing to merge into: nulls dropped (server side), `$patch` maps removed. */
function takePatchValue(out: JsonObject, key: string, patchV: Json, opts: MergeOptions): void {
  if (opts.ignoreUnmatchedNulls) discardNullValues(patchV);
  const kept = removeDirectives(patchV);
  if (kept === undefined) delete out[key];
  else putKey(out, key, kept);
}

/**
 * `$retainKeys`: clears the original's fields the list does not name, after checking that the
 * patch sets nothing outside it (400 otherwise). When merging patches, it is carried over.
 */
function applyRetainKeysDirective(original: JsonObject, patch: JsonObject, opts: MergeOptions): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retainKeys = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!opts.mergeParallelList) {
    const inOriginal = own(original, RETAIN_KEYS_DIRECTIVE);
    if (inOriginal === undefined) putKey(original, RETAIN_KEYS_DIRECTIVE, retainKeys);
    else if (!jsonEqual(inOriginal, retainKeys)) {
      throw patchFailures.other(
        `${goValue(inOriginal)} and ${goValue(retainKeys)} are not deep equal: this may happen when calculating the 3-way diff patch`,
      );
    }
    return;
  }
  if (!Array.isArray(retainKeys)) throw patchFailures.badPatchFormatForRetainKeys();
  const keep = new Set<Json>(retainKeys);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || k.startsWith(SET_ELEMENT_ORDER_PREFIX))
      continue;
    if (!keep.has(k)) throw patchFailures.badPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * `$setElementOrder/<list>`: merges that list with its patch list now and orders the result by
 * the directive (then the server's order for items it does not name). Checks that the patch list
 * follows the same relative order.
 */
function mergePatchIntoOriginal(
  original: JsonObject,
  patch: JsonObject,
  schema: PatchSchema,
  opts: MergeOptions,
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const order = patch[key];
    if (!opts.mergeParallelList) {
      const inOriginal = own(original, key);
      if (inOriginal === undefined) putKey(original, key, order);
      else if (!jsonEqual(inOriginal, order)) throw patchFailures.badPatchFormatForSetElementOrderList();
    }
    delete patch[key];
    if (!Array.isArray(order)) throw patchFailures.badArgType(GO_SLICE, order);
    const listKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const originalList = own(original, listKey);
    const patchList = own(patch, listKey);
    if (originalList !== undefined && !Array.isArray(originalList))
      throw patchFailures.badArgType(GO_SLICE, originalList);
    if (patchList !== undefined && !Array.isArray(patchList)) throw patchFailures.badArgType(GO_SLICE, patchList);
    const { schema: sub, meta } = schema.list(listKey);
    const { strategy } = splitStrategies(meta.strategies);
    const mergeKey = meta.mergeKey;
    validatePatchWithSetOrderList(patchList ?? [], order, mergeKey);

    let merged: Json[];
    // Upstream's merge shifts and appends inside the original list's array; the order below
    // reads that array, so it sees the same thing (see mergeSlice).
    let serverOrder = originalList ?? [];
    if (originalList !== undefined && patchList === undefined) merged = originalList;
    else if (originalList === undefined && patchList !== undefined) merged = removeDirectives(patchList) as Json[];
    else if (originalList !== undefined && patchList !== undefined) {
      ({ merged, view: serverOrder } = mergeSliceHandler(
        originalList,
        patchList,
        sub,
        strategy,
        mergeKey,
        false,
        opts,
      ));
    } else continue;

    const [patchItems, serverOnly] = mergeKey
      ? partitionMaps(merged, order, mergeKey)
      : partitionPrimitives(merged, order);
    const kind = sliceElementKind(originalList ?? [], patchList ?? []);
    putKey(original, listKey, normalizeElementOrder(patchItems, serverOnly, order, serverOrder, mergeKey, kind));
    delete patch[listKey];
  }
}

/** Upstream's check that the patch list's items appear in `$setElementOrder`, in the same order. */
function validatePatchWithSetOrderList(patchList: Json[], order: Json[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? extractToDeleteItems(patchList)[0] : patchList;
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < order.length) {
    if (isJsonObject(nonDelete[p]) && Object.hasOwn(nonDelete[p] as JsonObject, DIRECTIVE_MARKER)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(nonDelete[p], order[s], mergeKey)) p++;
    s++;
  }
  if (p < nonDelete.length && s >= order.length) {
    throw patchFailures.other(
      `The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goValue(order)}\n`,
    );
  }
}

/** Whether two list items have the same merge key value (or are equal scalars). */
export function mergeKeyValueEqual(left: Json, right: Json, mergeKey: string): boolean {
  if (!mergeKey) return sameScalar(left, right);
  if (!isJsonObject(left)) throw patchFailures.badArgType(GO_MAP, left);
  if (!isJsonObject(right)) throw patchFailures.badArgType(GO_MAP, right);
  if (!Object.hasOwn(left, mergeKey)) throw patchFailures.noMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw patchFailures.noMergeKey(right, mergeKey);
  return sameScalar(left[mergeKey], right[mergeKey]);
}
