/**
 * The update whose ownership can be decided on the FieldsV1 trees, without field sets: every field
 * it adds or changes is one no other manager owns, and every field it removes is one no manager
 * owns. Upstream's field manager then leaves every other entry as it was, and gives the writer's
 * own `Update` entry what it owned plus what the update added or changed, stamped with the time.
 * Two such writes come by the thousand: a kubelet's Lease renewal (a changed scalar its own entry
 * already owns; 500 a second on 5,000 nodes) and a pod's first status from its node (conditions,
 * container statuses and addresses added, which nobody owned). The general path decodes every
 * entry into field sets, compares the objects through the schema and encodes the sets again, for
 * the same result.
 *
 * {@link ownFieldsUpdate} answers these and returns undefined for anything else, which
 * field-manager.ts then hands to the general path. The stored entries are trusted to be as this
 * package encoded them (they always are: every write re-encodes them), so they are checked for
 * shape and read as trees, never decoded into sets; and what the update leaves equal is trusted to
 * fit the schema, as it did when it was stored.
 */
import { isJsonObject, jsonEqual } from '../patch/json-values.js';
import type { ApplySchema } from './apply-schema.js';
import { comparePathElements, compareStrings, deserializePathElement, type PathElement } from './field-path.js';
import type { FieldSet } from './field-set.js';
import { isItemKey, LEAF, listNode, type FieldsV1 } from './fields-v1.js';
import { sortManagedFields, type ManagedFieldsEntry } from './managed-fields.js';
import { isEmpty } from './merge.js';
import { metadataOf } from './object-helpers.js';
import { MAX_UPDATE_MANAGERS, STRIPPED_FIELDS } from './pipeline.js';
import { indexList, shapeOf, validateValue } from './typed-value.js';

type JsonObject = Record<string, unknown>;

/** What {@link ownFieldsUpdate} needs: field-manager.ts's update options, `now` formatted. */
export interface OwnFieldsOptions {
  live: JsonObject;
  updated: JsonObject;
  manager: string;
  apiVersion: string;
  subresource?: string;
  schema: ApplySchema;
  ignored?: FieldSet;
  /** metav1.Time form of the time of the update. */
  now: string;
}

/**
 * What an update touched, as a tree of FieldsV1 keys: `changed` in FieldsV1's own form (a member
 * is `{}`, or carries `.` when it has children), `removed` with `true` for a removed node and
 * everything below it.
 */
interface Touched {
  changed: FieldsV1;
  removed: Removed;
}
type Removed = { [key: string]: Removed | true };

/**
 * The managedFields the update stores, when its ownership is decided as the file's comment says;
 * undefined when the general path must decide.
 */
export function ownFieldsUpdate(o: OwnFieldsOptions): ManagedFieldsEntry[] | undefined {
  const liveMeta = metadataOf(o.live);
  const entries = liveMeta?.managedFields;
  if (!liveMeta?.uid || !isEntryList(entries)) return undefined;
  if (!o.subresource) {
    const sent = metadataOf(o.updated)?.managedFields;
    if (sent !== undefined && sent !== null && !jsonEqual(sent, entries)) return undefined;
  }
  const t: Touched = { changed: {}, removed: {} };
  if (!walkMap(t, o.live, o.updated, o.schema, o.ignored, STRIPPED_FIELDS, undefined, true)) return undefined;

  const manager = o.manager || 'unknown';
  const subresource = o.subresource || undefined;
  const own = entries.find(
    (e) =>
      e.manager === manager &&
      e.operation === 'Update' &&
      e.apiVersion === o.apiVersion &&
      (e.subresource || undefined) === subresource,
  );
  for (const e of entries) {
    if (overlaps(e.fieldsV1 as FieldsV1, t.removed)) return undefined;
    if (e !== own && overlaps(e.fieldsV1 as FieldsV1, t.changed)) return undefined;
  }
  if (!hasKeys(t.changed)) return [...entries];
  if (!own) {
    if (entries.filter((e) => e.operation === 'Update').length >= MAX_UPDATE_MANAGERS) return undefined;
    const entry: ManagedFieldsEntry = {
      manager,
      operation: 'Update',
      apiVersion: o.apiVersion,
      time: o.now,
      fieldsType: 'FieldsV1',
      fieldsV1: union(undefined, t.changed),
    };
    if (subresource) entry.subresource = subresource;
    return sortManagedFields([...entries, entry]);
  }
  // Entries are never changed in place, so the others are shared with the stored object.
  const mine = { ...own, time: o.now, fieldsV1: union(own.fieldsV1 as FieldsV1, t.changed) };
  return sortManagedFields(entries.map((e) => (e === own ? mine : e)));
}

/** Entries as this package stores them: valid, at most the Update entries the cap allows. */
function isEntryList(entries: unknown): entries is ManagedFieldsEntry[] {
  if (!Array.isArray(entries) || entries.length === 0) return false;
  let updaters = 0;
  for (const e of entries as unknown[]) {
    if (!isJsonObject(e) || e.fieldsType !== 'FieldsV1' || !isJsonObject(e.fieldsV1)) return false;
    if (typeof e.apiVersion !== 'string' || e.apiVersion === '') return false;
    if (e.operation === 'Update') updaters++;
    else if (e.operation !== 'Apply') return false;
  }
  return updaters <= MAX_UPDATE_MANAGERS;
}

/**
 * Walks the members of a granular map `l` → `r` as the comparison (merge.ts) does, recording into
 * `t` what changed; false when the general path must answer. `top`: `l` and `r` are the objects,
 * whose `metadata.managedFields` are what is being decided and are left out.
 */
function walkMap(
  t: Touched,
  l: unknown,
  r: unknown,
  schema: ApplySchema,
  ignored: FieldSet | undefined,
  stripped: FieldSet | undefined,
  skip?: string,
  top = false,
): boolean {
  const lm = isJsonObject(l) ? l : {};
  const rm = isJsonObject(r) ? r : {};
  for (const k in lm) {
    if (k === skip) continue;
    const rv = Object.hasOwn(rm, k) ? rm[k] : undefined;
    const below = top && k === 'metadata' ? 'managedFields' : undefined;
    if (!child(t, { field: k }, `f:${k}`, lm[k], rv, schema.field(k), ignored, stripped, below)) return false;
  }
  for (const k in rm) {
    if (k === skip || Object.hasOwn(lm, k)) continue;
    if (!child(t, { field: k }, `f:${k}`, undefined, rm[k], schema.field(k), ignored, stripped)) return false;
  }
  return true;
}

/** The items of a granular list `l` → `r`, matched by their keys; false as walkMap. */
function walkList(
  t: Touched,
  l: unknown,
  r: unknown,
  schema: ApplySchema,
  ignored: FieldSet | undefined,
  stripped: FieldSet | undefined,
): boolean {
  const ls = Array.isArray(l) ? l : [];
  const rs = Array.isArray(r) ? r : [];
  const li = indexList(schema, ls);
  const ri = indexList(schema, rs);
  // Items that cannot be named, or keys that repeat (one leaf for all their items): the general path's.
  if (li.duplicates.size > 0 || ri.duplicates.size > 0) return false;
  if (ri.elements.some((pe) => 'index' in pe) || li.elements.some((pe) => 'index' in pe)) return false;
  const lByKey = new Map<string, unknown>();
  li.keys.forEach((k, i) => lByKey.set(k, ls[i]));
  const items = schema.items();
  for (let i = 0; i < rs.length; i++) {
    const k = ri.keys[i];
    const lv = lByKey.get(k);
    lByKey.delete(k);
    if (!child(t, ri.elements[i], k, lv, rs[i], items, ignored, stripped)) return false;
  }
  for (const k of lByKey.keys()) t.removed[k] = true;
  return true;
}

/**
 * One child `l` → `r` (undefined: absent on that side) at `pe`, spelled `key`: a leaf, or a
 * granular container walked member by member (`skip`: a member of a map left out). False as
 * walkMap, and when a changed value does not fit its schema (the general path then keeps the
 * stored managedFields).
 */
function child(
  t: Touched,
  pe: PathElement,
  key: string,
  l: unknown,
  r: unknown,
  schema: ApplySchema,
  ignored: FieldSet | undefined,
  stripped: FieldSet | undefined,
  skip?: string,
): boolean {
  if (l === r || (l !== undefined && r !== undefined && jsonEqual(l, r))) return true;
  // Changes at or below a field the endpoint resets are nobody's.
  if (ignored?.hasMember(pe)) return fits(r, schema);
  const member = !stripped?.hasMember(pe);
  const shape = shapeOf(schema, l, r);
  if (shape === 'leaf' || (isEmpty(l) && isEmpty(r))) {
    if (!fits(r, schema)) return false;
    if (r === undefined) t.removed[key] = true;
    else if (member) t.changed[key] = LEAF;
    return true;
  }
  const sub: Touched = { changed: shape === 'map' ? {} : listNode(), removed: {} };
  if (l === undefined && member) sub.changed['.'] = LEAF;
  const below = (set: FieldSet | undefined) => {
    const s = set?.withPrefix(pe);
    return s && !s.isEmpty() ? s : undefined;
  };
  const walked =
    shape === 'map'
      ? walkMap(sub, l, r, schema, below(ignored), below(stripped), skip)
      : walkList(sub, l, r, schema, below(ignored), below(stripped));
  if (!walked) return false;
  if (hasKeys(sub.changed)) t.changed[key] = hasKeys(sub.changed, true) ? sub.changed : LEAF;
  if (hasKeys(sub.removed)) t.removed[key] = sub.removed;
  return true;
}

/** True when a value the walk does not descend into (an atomic or mistyped container) passes validateValue. */
function fits(v: unknown, schema: ApplySchema): boolean {
  if (typeof v !== 'object' || v === null) return true;
  return validateValue(v, schema, true).length === 0;
}

/** True when `node` has a key (`.` aside when `childrenOnly`). */
function hasKeys(node: object, childrenOnly = false): boolean {
  for (const k in node) if (!childrenOnly || k !== '.') return true;
  return false;
}

/** True when a FieldsV1 node is a member: `{}` (or null), or a node marked with `.`. */
const isMember = (node: unknown): boolean => !isJsonObject(node) || Object.hasOwn(node, '.') || !hasKeys(node);

/**
 * True when `owned` (an entry's FieldsV1) holds a member that `touched` holds: in a `removed`
 * tree, anything at or below a `true`; in a `changed` tree, a member there too.
 */
function overlaps(owned: FieldsV1, touched: Removed | FieldsV1): boolean {
  for (const k in touched) {
    if (k === '.' || !Object.hasOwn(owned, k)) continue;
    const o = owned[k];
    const n = touched[k];
    // A node FieldsV1 holds without `.` always has a member below it.
    if (n === true) return true;
    if (isMember(n) && isMember(o)) return true;
    if (isJsonObject(o) && isJsonObject(n) && overlaps(o, n)) return true;
  }
  return false;
}

/**
 * `a` ∪ `b` as FieldsV1, keys in upstream's order; `a`'s nodes are reused where `b` adds nothing.
 * `self`: the node is a member (it carries `.` when it has children) whether or not either says so.
 */
function union(a: FieldsV1 | undefined, b: FieldsV1, self = false): FieldsV1 {
  if (a && covers(a, b)) return a;
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b)]);
  keys.delete('.');
  if (keys.size === 0) return LEAF;
  const sorted = [...keys].sort(compareKeys);
  const out = isItemKey(sorted[0]) ? listNode() : {};
  if (self || (a !== undefined && Object.hasOwn(a, '.')) || Object.hasOwn(b, '.')) out['.'] = LEAF;
  for (const k of sorted) {
    const x = a?.[k];
    const y = b[k];
    if (y === undefined) out[k] = x;
    else if (x === undefined) out[k] = union(undefined, y as FieldsV1);
    else out[k] = unionNode(x as FieldsV1, y as FieldsV1);
  }
  return out;
}

/** Two nodes of one key: a member if either is, with the children of both. */
function unionNode(x: FieldsV1, y: FieldsV1): FieldsV1 {
  const self = isMember(x) || isMember(y);
  const merged = union(x, y, self);
  if (merged === x) return x;
  return self && !hasKeys(merged, true) ? LEAF : merged;
}

/** True when `a` already holds every member and node of `b`. */
function covers(a: FieldsV1, b: FieldsV1): boolean {
  for (const k in b) {
    if (k === '.') {
      if (!isMember(a)) return false;
      continue;
    }
    if (!Object.hasOwn(a, k)) return false;
    const x = a[k] as FieldsV1;
    const y = b[k] as FieldsV1;
    if (isMember(y) && !isMember(x)) return false;
    if (!covers(x, y)) return false;
  }
  return true;
}

/** FieldsV1 keys in upstream's order (fields.ts's path element order). */
function compareKeys(a: string, b: string): number {
  if (a.startsWith('f:') && b.startsWith('f:')) return compareStrings(a.slice(2), b.slice(2));
  return comparePathElements(deserializePathElement(a), deserializePathElement(b));
}
