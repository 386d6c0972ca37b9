/**
 * Merging one list field of a strategic merge patch (upstream's `mergeSliceHandler` and
 * `mergeSlice`): merge-keyed lists of maps merge element by element, lists of scalars are a set
 * union (or a deletion, for `$deleteFromPrimitiveList`), other lists are replaced.
 *
 * Upstream deletes and appends inside the original list's Go array, and its `$setElementOrder`
 * handling later reads that array through the original slice header. The order it computes
 * depends on what that array then holds (deleted items shifted out, the first appended items in
 * the freed slots), so `view` reproduces it.
 */
import { isJsonObject, type Json, type JsonObject } from './json-values.js';
import { patchFailures } from './patch-errors.js';
import { mergeMap, type MergeOptions } from './strategic-merge.js';
import { findMapByKey, normalizeElementOrder, partitionMaps, partitionPrimitives } from './strategic-order.js';
import type { PatchSchema } from './strategic-schema.js';
import {
  DELETE_DIRECTIVE,
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  deduplicateScalars,
  sameScalar,
  sliceElementKind,
} from './strategic-values.js';

/** A merged list, and the original list as upstream's original slice header sees it afterwards. */
export interface MergedList {
  merged: Json[];
  view: Json[];
}

/** A list field: merged under the `merge` strategy (or as a deletion list), else replaced by the patch. */
export function mergeSliceHandler(
  original: Json[],
  patch: Json[],
  schema: PatchSchema,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  opts: MergeOptions,
): MergedList {
  if (strategy === MERGE_DIRECTIVE || isDeleteList)
    return mergeSlice(original, patch, schema, mergeKey, opts, isDeleteList);
  return { merged: patch, view: original };
}

/** A Go slice over a fixed array: `live` elements in use, the rest keeps whatever was there. */
class GoSlice {
  readonly array: Json[];
  live: number;
  constructor(items: Json[]) {
    this.array = [...items];
    this.live = items.length;
  }
  /** `append(s[:i], s[i+1:]...)`: shifts the tail left, leaving the last slot stale. */
  deleteAt(i: number): void {
    for (let t = i; t < this.live - 1; t++) this.array[t] = this.array[t + 1];
    this.live--;
  }
  /** `append(s, v)`: lands in the array while there is room in the original length. */
  append(v: Json): void {
    if (this.live < this.array.length) this.array[this.live] = v;
    this.live++;
  }
  items(): Json[] {
    return this.array.slice(0, Math.min(this.live, this.array.length));
  }
}

function mergeSlice(
  original: Json[],
  patch: Json[],
  schema: PatchSchema,
  mergeKey: string,
  opts: MergeOptions,
  isDeleteList: boolean,
): MergedList {
  if (original.length === 0 && patch.length === 0) return { merged: original, view: original };
  const kind = sliceElementKind(original, patch);
  if (kind !== 'map') {
    if (opts.mergeParallelList && isDeleteList) {
      const drop = new Set(patch);
      return { merged: original.filter((v) => !drop.has(v)), view: original };
    }
    const merged = deduplicateScalars([...original, ...patch]);
    const [patchItems, serverOnly] = partitionPrimitives(merged, patch);
    return { merged: normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, kind), view: original };
  }
  if (!mergeKey) throw patchFailures.other(`cannot merge lists without merge key for ${schema.name()}`);

  const slice = new GoSlice(original);
  const { replace, rest } = mergeSpecialElements(slice, patch as JsonObject[], mergeKey);
  // With `$patch: replace`, the other elements are the list; nothing lands in the original array.
  const base = replace ? rest : slice.items();
  const items: JsonObject[] = replace ? [] : rest;
  const merged = [...base];
  for (const v of items) {
    if (!Object.hasOwn(v, mergeKey)) throw patchFailures.noMergeKey(v, mergeKey);
    const found = findMapByKey(merged, mergeKey, v[mergeKey]);
    if (found) merged[found.index] = mergeMap(found.map, v, schema, opts);
    else {
      merged.push(v);
      slice.append(v);
    }
  }
  const [patchItems, serverOnly] = partitionMaps(merged, items, mergeKey);
  return { merged: normalizeElementOrder(patchItems, serverOnly, items, base, mergeKey, kind), view: slice.array };
}

/**
 * Carries out list elements that are directives: `{$patch: delete, <key>: v}` removes every
 * element with that key value (in place, as upstream), `{$patch: replace}` makes the other patch
 * elements the whole list. Returns the patch elements that are not directives.
 */
function mergeSpecialElements(
  slice: GoSlice,
  patch: JsonObject[],
  mergeKey: string,
): { replace: boolean; rest: JsonObject[] } {
  const rest: JsonObject[] = [];
  let replace = false;
  for (const v of patch) {
    if (!Object.hasOwn(v, DIRECTIVE_MARKER)) {
      rest.push(v);
      continue;
    }
    const directive = v[DIRECTIVE_MARKER];
    if (directive === DELETE_DIRECTIVE) {
      if (!Object.hasOwn(v, mergeKey)) throw patchFailures.noMergeKey(v, mergeKey);
      for (;;) {
        const i = slice
          .items()
          .findIndex((e) => isJsonObject(e) && Object.hasOwn(e, mergeKey) && sameScalar(e[mergeKey], v[mergeKey]));
        if (i < 0) break;
        slice.deleteAt(i);
      }
    } else if (directive === REPLACE_DIRECTIVE) {
      // Keep going: other directive elements are still carried out.
      replace = true;
    } else if (directive === MERGE_DIRECTIVE) {
      throw patchFailures.other('merging lists cannot yet be specified in the patch');
    } else {
      throw patchFailures.badPatchType(directive, v);
    }
  }
  return { replace, rest };
}
