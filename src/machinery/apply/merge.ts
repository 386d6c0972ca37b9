/**
 * The merging walker of structured-merge-diff (`typed/merge.go`) and the two walks built on it:
 * {@link mergeObjects} (apply's merge: the configuration wins on every leaf) and
 * {@link compareObjects} (`typed/compare.go`: which fields were added, modified or removed).
 *
 * Maps merge member by member, the live members first. Granular lists merge item by item: items
 * both sides hold follow the configuration's order, items only the live object holds keep their
 * place relative to them, and new items come where the configuration puts them. Atomic maps and
 * lists, scalars, and containers empty on both sides are leaves.
 */
import { isJsonObject, jsonEqual, putKey } from '../patch/json-values.js';
import type { ApplySchema } from './apply-schema.js';
import { pathOf, type PathElement, type PathRef } from './field-path.js';
import { FieldSet } from './field-set.js';
import { indexList, shapeOf, type JsonMap } from './typed-value.js';

/** What the walk does at leaves and after granular containers. */
export interface MergeRules {
  /** A leaf: both values (`undefined` when absent on that side); returns the output (`undefined` for none). */
  leaf(lhs: unknown, rhs: unknown, at: PathRef | undefined): unknown;
  /** After the members of a granular map or list were walked. */
  after?(lhs: unknown, rhs: unknown, at: PathRef | undefined): void;
}

/** Walks two values of one schema together; returns the merged value (`undefined` when none). */
export function mergeWalk(lhs: unknown, rhs: unknown, schema: ApplySchema, rules: MergeRules): unknown {
  return walk(lhs, rhs, schema, undefined, rules);
}

/** True for an empty map or list, null, absent, and any scalar: what the walk treats as empty on a side. */
export const isEmpty = (v: unknown) =>
  Array.isArray(v) ? v.length === 0 : isJsonObject(v) ? Object.keys(v).length === 0 : true;

function walk(lhs: unknown, rhs: unknown, schema: ApplySchema, path: PathRef | undefined, rules: MergeRules): unknown {
  const shape = shapeOf(schema, lhs, rhs);
  // Containers empty (or null) on both sides are leaves: this keeps `{}` apart from null.
  if (shape === 'leaf' || (isEmpty(lhs) && isEmpty(rhs))) return rules.leaf(lhs, rhs, path);
  const out = shape === 'map' ? walkMap(lhs, rhs, schema, path, rules) : walkList(lhs, rhs, schema, path, rules);
  rules.after?.(lhs, rhs, path);
  return out;
}

function walkMap(
  lhs: unknown,
  rhs: unknown,
  schema: ApplySchema,
  path: PathRef | undefined,
  rules: MergeRules,
): unknown {
  const l = isJsonObject(lhs) ? lhs : {};
  const r = isJsonObject(rhs) ? rhs : {};
  const out: JsonMap = {};
  const visit = (k: string, lv: unknown, rv: unknown) => {
    const v = walk(lv, rv, schema.field(k), { parent: path, pe: { field: k } }, rules);
    if (v !== undefined) putKey(out, k, v);
  };
  for (const k of Object.keys(l)) visit(k, l[k], Object.hasOwn(r, k) ? r[k] : undefined);
  for (const k of Object.keys(r)) if (!Object.hasOwn(l, k)) visit(k, undefined, r[k]);
  return Object.keys(out).length > 0 ? out : undefined;
}

function walkList(
  lhs: unknown,
  rhs: unknown,
  schema: ApplySchema,
  path: PathRef | undefined,
  rules: MergeRules,
): unknown {
  const l = Array.isArray(lhs) ? lhs : [];
  const r = Array.isArray(rhs) ? rhs : [];
  const li = indexList(schema, l);
  const ri = indexList(schema, r);
  // Items are grouped by key: a key that repeats (allowed in stored objects) is one leaf, its items together.
  const lhsByKey = groupByKey(li.keys, l, li.duplicates);
  const rhsByKey = groupByKey(ri.keys, r, ri.duplicates);
  const rhsElement = new Map<string, PathElement>();
  ri.keys.forEach((k, i) => rhsElement.set(k, ri.elements[i]));
  const out: unknown[] = [];
  const items = schema.items();
  const emit = (pe: PathElement, k: string, lhsItem?: unknown) => {
    const p: PathRef = { parent: path, pe };
    const lv = lhsItem ?? lhsByKey.get(k);
    const rv = rhsByKey.get(k);
    const repeated = li.duplicates.has(k) || ri.duplicates.has(k);
    if (!repeated) {
      const v = walk(lv, rv, items, p, rules);
      if (v !== undefined) out.push(v);
      return;
    }
    const v = rules.leaf(lv, rv, p);
    if (v === undefined) return;
    // A repeated key keeps its live items where they are, or becomes the configuration's item(s).
    if (rv === undefined) out.push(lhsItem);
    else if (ri.duplicates.has(k)) out.push(...(v as unknown[]));
    else out.push(v);
  };

  const shared = ri.keys.filter((k) => lhsByKey.has(k));
  let sharedAt = 0;
  let nextShared: string | undefined = shared[sharedAt++];
  const merged = new Set<string>();
  const mergeKey = (k: string) => {
    if (merged.has(k)) return;
    merged.add(k);
    emit(rhsElement.get(k) as PathElement, k);
  };
  let lI = 0;
  let rI = 0;
  while (lI < l.length || rI < r.length) {
    if (lI < l.length && rI < r.length) {
      const lk = li.keys[lI];
      if (lk === ri.keys[rI]) {
        mergeKey(lk);
        lI++;
        rI++;
        nextShared = shared[sharedAt++];
        continue;
      }
      // A shared item out of the configuration's order waits until the configuration reaches it.
      if (rhsByKey.has(lk) && nextShared !== undefined && nextShared !== lk) {
        lI++;
        continue;
      }
    }
    if (lI < l.length) {
      const lk = li.keys[lI];
      if (!rhsByKey.has(lk)) {
        emit(li.elements[lI], lk, li.duplicates.has(lk) ? l[lI] : undefined);
        lI++;
        continue;
      }
      if (merged.has(lk)) {
        lI++;
        continue;
      }
    }
    if (rI >= r.length) break;
    const rk = ri.keys[rI];
    mergeKey(rk);
    rI++;
    if (nextShared === rk) nextShared = shared[sharedAt++];
  }
  return out.length > 0 ? out : undefined;
}

/** Items by key: the item, or the list of the items of a key that repeats. */
function groupByKey(keys: readonly string[], items: readonly unknown[], repeated: Set<string>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  keys.forEach((k, i) => {
    if (!repeated.has(k)) out.set(k, items[i]);
    else out.set(k, [...((out.get(k) as unknown[] | undefined) ?? []), items[i]]);
  });
  return out;
}

/** Apply's merge: `config` over `live`, the configuration's value winning on every leaf. */
export function mergeObjects(live: unknown, config: unknown, schema: ApplySchema): unknown {
  return mergeWalk(live, config, schema, { leaf: (l, r) => (r !== undefined ? r : l) });
}

/** The fields that differ between two versions of an object (`typed.Comparison`). */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Compares `lhs` (before) with `rhs` (after), as `TypedValue.Compare`. */
export function compareObjects(lhs: unknown, rhs: unknown, schema: ApplySchema): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const record = (l: unknown, r: unknown, at: PathRef | undefined) => {
    if (l === undefined) c.added.insert(pathOf(at));
    else if (r === undefined) c.removed.insert(pathOf(at));
  };
  mergeWalk(lhs, rhs, schema, {
    leaf: (l, r, at) => {
      if (l === undefined || r === undefined) record(l, r, at);
      else if (!jsonEqual(l, r)) c.modified.insert(pathOf(at));
      return undefined;
    },
    after: record,
  });
  return c;
}

/** True when nothing was added, modified or removed. */
export function isSame(c: Comparison): boolean {
  return c.added.isEmpty() && c.modified.isEmpty() && c.removed.isEmpty();
}

/** The comparison without the given fields and anything below them (`Comparison.ExcludeFields`). */
export function excludeFields(c: Comparison, fields: FieldSet | undefined): Comparison {
  if (!fields) return c;
  return {
    added: c.added.recursiveDifference(fields),
    modified: c.modified.recursiveDifference(fields),
    removed: c.removed.recursiveDifference(fields),
  };
}
