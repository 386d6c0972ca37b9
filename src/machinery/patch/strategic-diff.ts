/**
 * Computing a strategic merge patch from two documents (upstream's `diffMaps` and friends): added
 * and changed fields, `null` for removed map fields, `$patch: delete` elements for removed items
 * of merge-keyed lists, a `$deleteFromPrimitiveList/<list>` for removed scalars of merged lists,
 * `$setElementOrder/<list>` to carry the new order, and `$retainKeys` under retainKeys fields.
 */
import { goValue } from './go-format.js';
import { isJsonObject, jsonEqual, putKey, type Json, type JsonObject } from './json-values.js';
import { GO_MAP, patchFailures } from './patch-errors.js';
import { splitStrategies, type PatchSchema } from './strategic-schema.js';
import { normalizeSliceOrder } from './strategic-order.js';
import { mergeKeyValueEqual } from './strategic-merge.js';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  deduplicateScalars,
  kindOf,
  sliceElementKind,
  sortScalars,
} from './strategic-values.js';

export interface DiffOptions {
  /** Emit `$setElementOrder` lists. */
  setElementOrder?: boolean;
  /** Leave additions and changes out (the deletions half of a three-way patch). */
  ignoreChangesAndAdditions?: boolean;
  /** Leave deletions out (the delta half of a three-way patch). */
  ignoreDeletions?: boolean;
  /** Emit `$retainKeys` for this map (set by a retainKeys field above it). */
  buildRetainKeysDirective?: boolean;
}

/** The patch that turns map `original` into map `modified`. Neither is mutated; the patch may share values with `modified`. */
export function diffMaps(
  original: JsonObject,
  modified: JsonObject,
  schema: PatchSchema,
  opts: DiffOptions,
): JsonObject {
  const patch: JsonObject = {};
  const retainKeys: Json[] = [];
  for (const key of Object.keys(modified)) {
    const mv = modified[key];
    if (opts.buildRetainKeysDirective && mv !== null) retainKeys.push(key);
    if (!Object.hasOwn(original, key)) {
      if (!opts.ignoreChangesAndAdditions) putKey(patch, key, mv);
      continue;
    }
    const ov = original[key];
    if (key === DIRECTIVE_MARKER) {
      if (typeof ov !== 'string' || typeof mv !== 'string') {
        throw patchFailures.other(`invalid value for special key: ${DIRECTIVE_MARKER}`);
      }
      if (ov !== mv) putKey(patch, key, mv);
      continue;
    }
    if (kindOf(ov) !== kindOf(mv)) {
      if (!opts.ignoreChangesAndAdditions) putKey(patch, key, mv);
      continue;
    }
    if (isJsonObject(ov) && isJsonObject(mv)) diffMapField(key, ov, mv, patch, schema, opts);
    else if (Array.isArray(ov) && Array.isArray(mv)) diffListField(key, ov, mv, patch, schema, opts);
    else replaceIfNotEqual(key, ov, mv, patch, opts);
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!Object.hasOwn(modified, key)) putKey(patch, key, null);
  }
  const removesMore = Object.keys(original).some((k) => original[k] !== null && !Object.hasOwn(modified, k));
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || removesMore)) {
    putKey(patch, RETAIN_KEYS_DIRECTIVE, sortScalars(retainKeys));
  }
  return patch;
}

function replaceIfNotEqual(key: string, ov: Json, mv: Json, patch: JsonObject, opts: DiffOptions): void {
  if (!opts.ignoreChangesAndAdditions && !jsonEqual(ov, mv)) putKey(patch, key, mv);
}

function diffMapField(
  key: string,
  ov: JsonObject,
  mv: JsonObject,
  patch: JsonObject,
  schema: PatchSchema,
  opts: DiffOptions,
) {
  const { schema: sub, meta } = schema.field(key);
  const { retainKeys, strategy } = splitStrategies(meta.strategies);
  if (strategy === REPLACE_DIRECTIVE) {
    // Upstream sends a replace-strategy map whole, changed or not.
    if (!opts.ignoreChangesAndAdditions) putKey(patch, key, mv);
    return;
  }
  const value = diffMaps(ov, mv, sub, { ...opts, buildRetainKeysDirective: retainKeys });
  if (Object.keys(value).length > 0) putKey(patch, key, value);
}

function diffListField(key: string, ov: Json[], mv: Json[], patch: JsonObject, schema: PatchSchema, opts: DiffOptions) {
  const { schema: sub, meta } = schema.list(key);
  const { retainKeys, strategy } = splitStrategies(meta.strategies);
  if (strategy !== MERGE_DIRECTIVE) return replaceIfNotEqual(key, ov, mv, patch, opts);
  const [add, del, order] = diffLists(ov, mv, sub, meta.mergeKey, { ...opts, buildRetainKeysDirective: retainKeys });
  if (add.length > 0) putKey(patch, key, add);
  if (del.length > 0) putKey(patch, `${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${key}`, del);
  if (order.length > 0) putKey(patch, `${SET_ELEMENT_ORDER_PREFIX}/${key}`, order);
}

/** A merged list's patch: [patch list (deletions last), scalar deletion list, element order list]. */
function diffLists(original: Json[], modified: Json[], schema: PatchSchema, mergeKey: string, opts: DiffOptions) {
  if (original.length === 0) {
    if (modified.length === 0 || opts.ignoreChangesAndAdditions) return [[], [], []];
    return [modified, [], []];
  }
  const kind = sliceElementKind(original, modified);
  if (kind === 'map') {
    const [changes, deletions] = diffListsOfMaps(original, modified, schema, mergeKey, opts);
    const patchList = [...normalizeSliceOrder(changes, modified, mergeKey, kind), ...deletions];
    const orderSame = isOrderSame(original, modified, mergeKey);
    let order: Json[] = [];
    if (
      opts.setElementOrder &&
      ((!opts.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) ||
        (!opts.ignoreDeletions && patchList.length > 0))
    ) {
      order = modified.map((v) => ({ [mergeKey]: (v as JsonObject)[mergeKey] ?? null }));
    }
    return [patchList, [], order];
  }
  const { additions, deletions, sortedOriginal } = diffListsOfScalars(original, modified, opts);
  const patchList = normalizeSliceOrder(additions, modified, mergeKey, kind);
  let order: Json[] = [];
  // Upstream compares the original *after* sorting it in place, so a pure reordering of a
  // sorted list is not noticed; kept as is.
  if (
    opts.setElementOrder &&
    ((!opts.ignoreDeletions && deletions.length > 0) ||
      (!opts.ignoreChangesAndAdditions && !jsonEqual(sortedOriginal, modified)))
  ) {
    order = [...modified];
  }
  return [patchList, deletions, order];
}

function isOrderSame(original: Json[], modified: Json[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((m, i) => mergeKeyValueEqual(original[i], m, mergeKey));
}

/** Walks both lists sorted by `%v` text: additions and (de-duplicated) deletions. */
function diffListsOfScalars(original: Json[], modified: Json[], opts: DiffOptions) {
  const os = sortScalars(original);
  const ms = sortScalars(modified);
  const additions: Json[] = [];
  const deletions: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const o = i < os.length ? goValue(os[i]) : undefined;
    const m = j < ms.length ? goValue(ms[j]) : undefined;
    if (o !== undefined && m !== undefined && o === m) {
      i++;
      j++;
    } else if (o === undefined || (m !== undefined && o > m)) {
      if (!opts.ignoreChangesAndAdditions) additions.push(ms[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions) deletions.push(os[i]);
      i++;
    }
  }
  return { additions, deletions: deduplicateScalars(deletions), sortedOriginal: os };
}

/** Sorted by the merge key's `%v` text (stable, unlike upstream's sort, which only matters for duplicates). */
function sortByMergeKey(list: Json[], mergeKey: string): JsonObject[] {
  const text = (v: JsonObject) => goValue(Object.hasOwn(v, mergeKey) ? v[mergeKey] : null);
  return (list as JsonObject[])
    .map((v) => [text(v), v] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map((e) => e[1]);
}

function keyed(v: JsonObject, mergeKey: string): { map: JsonObject; value: Json; text: string } {
  if (!isJsonObject(v)) throw patchFailures.badArgType(GO_MAP, v);
  if (!Object.hasOwn(v, mergeKey)) throw patchFailures.noMergeKey(v, mergeKey);
  return { map: v, value: v[mergeKey], text: goValue(v[mergeKey]) };
}

/** Walks both lists sorted by merge key: element patches and additions, and `$patch: delete` elements. */
function diffListsOfMaps(original: Json[], modified: Json[], schema: PatchSchema, mergeKey: string, opts: DiffOptions) {
  const os = sortByMergeKey(original, mergeKey);
  const ms = sortByMergeKey(modified, mergeKey);
  const changes: Json[] = [];
  const deletions: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const o = i < os.length ? keyed(os[i], mergeKey) : undefined;
    const m = j < ms.length ? keyed(ms[j], mergeKey) : undefined;
    if (o && m && o.text === m.text) {
      const value = diffMaps(o.map, m.map, schema, opts);
      if (Object.keys(value).length > 0) {
        putKey(value, mergeKey, m.value);
        changes.push(value);
      }
      i++;
      j++;
    } else if (m && (!o || o.text > m.text)) {
      if (!opts.ignoreChangesAndAdditions) changes.push(m.map);
      j++;
    } else if (o) {
      if (!opts.ignoreDeletions) deletions.push({ [DIRECTIVE_MARKER]: DELETE_DIRECTIVE, [mergeKey]: o.value });
      i++;
    }
  }
  return [changes, deletions];
}
