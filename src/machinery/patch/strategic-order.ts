/**
 * Element order of merged lists, as upstream decides it (`normalizeElementOrder` and friends):
 * items named by the patch (or by `$setElementOrder`) keep the patch's relative order, items only
 * the server has keep the server's relative order, and the two are interleaved by the server's
 * order where both are known. An item new to the server is placed before the server-only items
 * that follow it in the merge — so a patch that only adds to a list without `$setElementOrder`
 * puts the new items first, exactly as upstream does.
 */
import { isJsonObject, type Json, type JsonObject } from './json-values.js';
import { GO_MAP, patchFailures } from './patch-errors.js';
import { DELETE_DIRECTIVE, DIRECTIVE_MARKER, own, sameScalar, type ValueKind } from './strategic-values.js';

/** The value an item is identified by: its merge key's value for maps, itself otherwise. */
function identity(item: Json, mergeKey: string, kind: ValueKind): Json {
  if (kind !== 'map') return item;
  if (!isJsonObject(item)) return null;
  return own(item, mergeKey) ?? null;
}

/** A lookup of first positions in `list` by identity (upstream's `index`, minus the rescans). */
function indexer(list: Json[], mergeKey: string, kind: ValueKind): (item: Json) => number {
  const positions = new Map<Json, number>();
  list.forEach((v, i) => {
    const id = identity(v, mergeKey, kind);
    if (!positions.has(id)) positions.set(id, i);
  });
  return (item) => positions.get(identity(item, mergeKey, kind)) ?? -1;
}

/** Every item of every list is a map carrying `mergeKey`. */
export function validateMergeKeyInLists(mergeKey: string, ...lists: Json[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonObject(item)) throw patchFailures.badArgType(GO_MAP, item);
      if (!Object.hasOwn(item, mergeKey)) throw patchFailures.noMergeKey(item, mergeKey);
    }
  }
}

/** Splits a list of maps into items to keep and items carrying `$patch: delete`. */
export function extractToDeleteItems(list: Json[]): [Json[], Json[]] {
  const keep: Json[] = [];
  const toDelete: Json[] = [];
  for (const v of list) {
    if (!isJsonObject(v)) throw patchFailures.badArgType(GO_MAP, v);
    if (own(v, DIRECTIVE_MARKER) === DELETE_DIRECTIVE) toDelete.push(v);
    else keep.push(v);
  }
  return [keep, toDelete];
}

/** The map in `list` whose `key` equals `value`, with its position (upstream's `findMapInSliceBasedOnKeyValue`). */
export function findMapByKey(list: Json[], key: string, value: Json): { map: JsonObject; index: number } | undefined {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isJsonObject(v)) throw patchFailures.other(`value for key ${i} is not a map.`);
    if (Object.hasOwn(v, key) && sameScalar(v[key], value)) return { map: v, index: i };
  }
  return undefined;
}

/** Sorts `toSort` by the positions of its items in `order`; `$patch: delete` items go last. */
export function normalizeSliceOrder(toSort: Json[], order: Json[], mergeKey: string, kind: ValueKind): Json[] {
  let toDelete: Json[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    [toSort, toDelete] = extractToDeleteItems(toSort);
  }
  const at = indexer(order, mergeKey, kind);
  const sorted = [...toSort].sort((a, b) => {
    const ia = at(a);
    const ib = at(b);
    return ia >= 0 && ib >= 0 ? ia - ib : 0;
  });
  return [...sorted, ...toDelete];
}

/**
 * Interleaves server-only items (`left`) into patch items (`right`): a left item goes first only
 * when both are in `serverOrder` and it comes earlier there.
 */
export function mergeSortedSlice(
  left: Json[],
  right: Json[],
  serverOrder: Json[],
  mergeKey: string,
  kind: ValueKind,
): Json[] {
  const at = indexer(serverOrder, mergeKey, kind);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = at(left[i]);
      const ri = at(right[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Orders merged items: patch items by `patchOrder`, server-only items by `serverOrder`, then interleaved. */
export function normalizeElementOrder(
  patch: Json[],
  serverOnly: Json[],
  patchOrder: Json[],
  serverOrder: Json[],
  mergeKey: string,
  kind: ValueKind,
): Json[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** Splits scalars into those present in `partitionBy` and the rest. */
export function partitionPrimitives(list: Json[], partitionBy: Json[]): [Json[], Json[]] {
  const inPatch = new Set(partitionBy);
  return [list.filter((v) => inPatch.has(v)), list.filter((v) => !inPatch.has(v))];
}

/** Splits maps into those whose merge key value appears in `partitionBy` and the rest. */
export function partitionMaps(list: Json[], partitionBy: Json[], mergeKey: string): [Json[], Json[]] {
  const patch: Json[] = [];
  const serverOnly: Json[] = [];
  for (const v of list) {
    if (!isJsonObject(v)) throw patchFailures.badArgType(GO_MAP, v);
    if (!Object.hasOwn(v, mergeKey)) throw patchFailures.noMergeKey(v, mergeKey);
    if (findMapByKey(partitionBy, mergeKey, v[mergeKey])) patch.push(v);
    else serverOnly.push(v);
  }
  return [patch, serverOnly];
}
