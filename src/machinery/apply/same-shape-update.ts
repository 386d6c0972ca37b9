/**
 * The update whose ownership can be decided without field sets. When the new object differs from
 * the stored one only in scalar values (no field added or removed, no granular list changed),
 * every changed field is owned by the writer's own `Update` entry and by no other entry, and the
 * client sent back the stored managedFields (or none), upstream's field manager leaves every set
 * as it was and only stamps the writer's entry with the time. A kubelet's Lease renewal is such
 * an update, 500 a second on 5,000 nodes; the general path decodes every entry into field sets,
 * compares the objects through the schema and encodes the sets again, for the same result.
 *
 * {@link sameShapeUpdate} answers these and returns undefined for anything else, which
 * field-manager.ts then hands to the general path. The stored entries are trusted to be as this
 * package encoded them (they always are: every write re-encodes them), so they are checked for
 * shape but their FieldsV1 are not decoded.
 */
import { isJsonObject, jsonEqual } from '../patch/json-values.js';
import type { ApplySchema } from './apply-schema.js';
import type { FieldSet } from './field-set.js';
import { sortManagedFields, type ManagedFieldsEntry } from './managed-fields.js';
import { metadataOf } from './object-helpers.js';
import { MAX_UPDATE_MANAGERS, STRIPPED_FIELDS } from './pipeline.js';
import { shapeOf } from './typed-value.js';

type JsonObject = Record<string, unknown>;

/** More changed fields than this, and the general path decides. */
const MAX_CHANGES = 8;

/** What {@link sameShapeUpdate} needs: field-manager.ts's update options, `now` formatted. */
export interface SameShapeOptions {
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
 * The managedFields the update stores, when it is a same-shape update (see the file's comment);
 * undefined when the general path must decide.
 */
export function sameShapeUpdate(o: SameShapeOptions): ManagedFieldsEntry[] | undefined {
  const liveMeta = metadataOf(o.live);
  const entries = liveMeta?.managedFields;
  if (!liveMeta?.uid || !isEntryList(entries)) return undefined;
  if (!o.subresource) {
    const sent = metadataOf(o.updated)?.managedFields;
    if (sent !== undefined && sent !== null && !jsonEqual(sent, entries)) return undefined;
  }
  const changed: string[][] = [];
  if (!diffScalars(o.live, o.updated, o.schema, [], changed)) return undefined;
  const relevant = changed.filter((p) => !isStripped(p) && !isIgnored(p, o.ignored));
  if (relevant.length === 0) return [...entries];

  const manager = o.manager || 'unknown';
  const own = entries.find(
    (e) =>
      e.manager === manager &&
      e.operation === 'Update' &&
      e.apiVersion === o.apiVersion &&
      (e.subresource || undefined) === (o.subresource || undefined),
  );
  if (!own) return undefined;
  for (const p of relevant) {
    if (!isMember(own.fieldsV1, p)) return undefined;
    if (entries.some((e) => e !== own && isMember(e.fieldsV1, p))) return undefined;
  }
  // Entries are never changed in place, so the unchanged ones are shared with the stored object.
  return sortManagedFields(entries.map((e) => (e === own ? { ...e, time: o.now } : e)));
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
 * Collects into `out` the paths (field names) of the scalars and atomic values that differ
 * between `a` and `b`; false when they differ in any other way (a field added or removed, a
 * granular list changed, a type or null changed, too many changes), which is the general path's.
 */
function diffScalars(a: unknown, b: unknown, schema: ApplySchema, path: string[], out: string[][]): boolean {
  if (a === b) return true;
  const shape = shapeOf(schema, a, b);
  if (shape === 'list') return jsonEqual(a, b);
  if (shape === 'map') {
    if (!isJsonObject(a) || !isJsonObject(b)) return false;
    // The managedFields themselves are what is being decided.
    const skip = path.length === 1 && path[0] === 'metadata' ? 'managedFields' : undefined;
    let n = 0;
    for (const k in a) {
      if (k === skip) continue;
      n++;
      if (!Object.hasOwn(b, k)) return false;
      const x = a[k];
      const y = b[k];
      if (x === undefined || y === undefined) {
        if (x !== y) return false;
        continue;
      }
      path.push(k);
      const same = diffScalars(x, y, schema.field(k), path, out);
      path.pop();
      if (!same) return false;
    }
    for (const k in b) if (k !== skip && (--n < 0 || !Object.hasOwn(a, k))) return false;
    return n === 0;
  }
  if (jsonEqual(a, b)) return true;
  // A value the schema does not expect makes the object invalid, which the general path handles.
  if (schema.kind === 'scalar' && typeof b === 'object') return false;
  if (a === null || b === null || typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) return false;
  if (out.length === MAX_CHANGES) return false;
  out.push([...path]);
  return true;
}

/** A path of field names as path elements. */
const fieldPath = (names: string[]) => names.map((field) => ({ field }));

/** True for the exact paths no manager owns (strip-meta). */
const isStripped = (p: string[]) => STRIPPED_FIELDS.has(fieldPath(p));

/** True when `p` is at or below a field the endpoint resets. */
function isIgnored(p: string[], ignored: FieldSet | undefined): boolean {
  if (!ignored) return false;
  for (let i = 1; i <= p.length; i++) if (ignored.has(fieldPath(p.slice(0, i)))) return true;
  return false;
}

/** True when the FieldsV1 tree has `p` as a member: a leaf, or a node marked with `.`. */
function isMember(fieldsV1: unknown, p: string[]): boolean {
  let node = fieldsV1;
  for (const name of p) {
    node = isJsonObject(node) ? node[`f:${name}`] : undefined;
    if (node === undefined) return false;
  }
  if (node === null) return true;
  if (!isJsonObject(node)) return false;
  if (Object.hasOwn(node, '.')) return true;
  // Without `.`, a node is a member only when nothing is below it (keys of unknown types are skipped).
  for (const k in node) if (/^[fkvi]:/.test(k)) return false;
  return true;
}
