/**
 * Upstream's `MergingMapsHaveConflicts`: whether two strategic patches touch the same field in
 * different ways. A three-way patch made without `overwrite` fails when the patch and the
 * changes from original to current conflict.
 */
import { goString, goValue } from './go-format.js';
import { isJsonObject, jsonEqual, type Json, type JsonObject } from './json-values.js';
import { patchFailures } from './patch-errors.js';
import { splitStrategies, type PatchSchema } from './strategic-schema.js';
import {
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  deduplicateScalars,
  sliceElementKind,
  sortScalars,
} from './strategic-values.js';

/** True when `left` and `right` set some field to different values (strategic semantics). */
export function mergingMapsHaveConflicts(left: JsonObject, right: JsonObject, schema: PatchSchema): boolean {
  return fieldsHaveConflicts(left, right, schema, '', '');
}

function fieldsHaveConflicts(
  left: Json,
  right: Json,
  schema: PatchSchema,
  strategy: string,
  mergeKey: string,
): boolean {
  if (isJsonObject(left)) {
    if (!isJsonObject(right)) return true;
    const l = Object.hasOwn(left, DIRECTIVE_MARKER);
    const r = Object.hasOwn(right, DIRECTIVE_MARKER);
    // A directive acts on the whole map: one side having it, or a different one, conflicts.
    if ((l || r) && (l !== r || left[DIRECTIVE_MARKER] !== right[DIRECTIVE_MARKER])) return true;
    if (strategy === REPLACE_DIRECTIVE) return false;
    return mapsHaveConflicts(left, right, schema);
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right)) return true;
    return slicesHaveConflicts(left, right, schema, strategy, mergeKey);
  }
  return !jsonEqual(left, right);
}

function mapsHaveConflicts(left: JsonObject, right: JsonObject, schema: PatchSchema): boolean {
  for (const key of Object.keys(left)) {
    if (key === DIRECTIVE_MARKER || key === RETAIN_KEYS_DIRECTIVE || !Object.hasOwn(right, key)) continue;
    const { schema: sub, meta } = Array.isArray(left[key]) ? schema.list(key) : schema.field(key);
    const { strategy } = splitStrategies(meta.strategies);
    if (fieldsHaveConflicts(left[key], right[key], sub, strategy, meta.mergeKey)) return true;
  }
  return false;
}

function slicesHaveConflicts(left: Json[], right: Json[], schema: PatchSchema, strategy: string, mergeKey: string) {
  const kind = sliceElementKind(left, right);
  if (strategy === MERGE_DIRECTIVE) {
    // Merging lists of scalars never conflict.
    if (kind !== 'map') return false;
    const l = byMergeKey(left, mergeKey);
    const r = byMergeKey(right, mergeKey);
    for (const [k, v] of l) if (r.has(k) && fieldsHaveConflicts(v, r.get(k), schema, '', '')) return true;
    return false;
  }
  if (left.length !== right.length) return true;
  if (kind !== 'map') {
    left = sortScalars(deduplicateScalars(left));
    right = sortScalars(deduplicateScalars(right));
  }
  return left.some((v, i) => fieldsHaveConflicts(v, right[i], schema, '', ''));
}

function byMergeKey(list: Json[], mergeKey: string): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const v of list) {
    if (!isJsonObject(v)) throw patchFailures.other(`invalid element type in merging list:${goValue(list)}`);
    if (!Object.hasOwn(v, mergeKey)) {
      throw patchFailures.other(`cannot find merge key \`${mergeKey}\` in merging list element:${goValue(v)}`);
    }
    out.set(goString(v[mergeKey]), v);
  }
  return out;
}
