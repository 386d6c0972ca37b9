/**
 * `metadata.managedFields` read and written as apimachinery's `managedfields/internal` does:
 * each entry is keyed by a manager identifier (its manager, operation, subresource, and for
 * updates its apiVersion — appliers keep one entry whatever version they apply), entries are
 * validated on the way in and sorted on the way out (Apply before Update, then oldest first).
 */
import { isJsonObject } from '../patch/json-values.js';
import { compareStrings, goJsonString } from './field-path.js';
import type { FieldSet } from './field-set.js';
import { decodeFieldsV1, encodeFieldsV1, type FieldsV1 } from './fields-v1.js';

/** One entry of `metadata.managedFields`, in upstream's key order. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  /** RFC 3339 in seconds, UTC: `2024-05-01T12:00:00Z`. */
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: FieldsV1;
  subresource?: string;
}

/** A manager's fields, the version it last wrote them at, and whether it applied them. */
export interface VersionedSet {
  set: FieldSet;
  apiVersion: string;
  applied: boolean;
}

/** The decoded managedFields: sets and times by manager identifier. */
export interface Managed {
  fields: Map<string, VersionedSet>;
  times: Map<string, string | undefined>;
}

/** An empty {@link Managed}. */
export const emptyManaged = (): Managed => ({ fields: new Map(), times: new Map() });

/** A copy whose maps can change without touching the original (sets are never changed in place). */
export const copyManaged = (m: Managed): Managed => ({ fields: new Map(m.fields), times: new Map(m.times) });

/** What identifies a manager (`BuildManagerIdentifier`). */
export interface ManagerInfo {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion?: string;
  subresource?: string;
}

/** The identifier upstream keys managers by: the entry's JSON without time, fields, and (for Apply) apiVersion. */
export function managerIdentifier(info: ManagerInfo): string {
  const parts: string[] = [];
  if (info.manager) parts.push(`"manager":${goJsonString(info.manager)}`);
  parts.push(`"operation":${goJsonString(info.operation)}`);
  if (info.operation !== 'Apply' && info.apiVersion) parts.push(`"apiVersion":${goJsonString(info.apiVersion)}`);
  if (info.subresource) parts.push(`"subresource":${goJsonString(info.subresource)}`);
  return `{${parts.join(',')}}`;
}

/** metav1.Time's wire form: RFC 3339 in whole seconds, UTC. */
export function formatTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function normalizeTime(t: unknown): string | undefined {
  if (t === undefined || t === null) return undefined;
  if (typeof t !== 'string' || !RFC3339.test(t) || Number.isNaN(Date.parse(t))) {
    throw new Error(`parsing time ${JSON.stringify(t)} as RFC3339: invalid time`);
  }
  return formatTime(new Date(Date.parse(t)));
}

/** Decodes managedFields (`DecodeManagedFields`); throws with upstream's message on an invalid entry. */
export function decodeManagedFields(entries: unknown): Managed {
  const managed = emptyManaged();
  if (entries === undefined || entries === null) return managed;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  entries.forEach((entry: unknown, i) => {
    if (!isJsonObject(entry)) throw new Error(`managed fields entry ${i} must be an object`);
    const e = entry as ManagedFieldsEntry;
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (typeof e.apiVersion !== 'string' || e.apiVersion.length < 1) throw new Error('apiVersion must not be empty');
    if (e.fieldsType === undefined || (e.fieldsType as string) === '') {
      throw new Error(`missing fieldsType in managed fields entry ${i}`);
    }
    if (e.fieldsType !== 'FieldsV1')
      throw new Error(`invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`);
    const id = managerIdentifier({
      manager: typeof e.manager === 'string' ? e.manager : '',
      operation: e.operation,
      apiVersion: e.apiVersion,
      subresource: typeof e.subresource === 'string' ? e.subresource : undefined,
    });
    let set: FieldSet;
    try {
      set = decodeFieldsV1(e.fieldsV1 ?? {});
    } catch (err) {
      throw new Error(
        `error decoding versioned set from ${JSON.stringify(entry)}: error decoding set: ${(err as Error).message}`,
      );
    }
    managed.fields.set(id, { set, apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    managed.times.set(id, normalizeTime(e.time));
  });
  return managed;
}

const seconds = (t: string | undefined) => (t ? Math.floor(Date.parse(t) / 1000) : 0);

/** Sorts entries as upstream's sortEncodedManagedFields: operation, time, manager, apiVersion, subresource. */
export function sortManagedFields(entries: ManagedFieldsEntry[]): ManagedFieldsEntry[] {
  return entries.sort(
    (p, q) =>
      compareStrings(p.operation ?? '', q.operation ?? '') ||
      seconds(p.time) - seconds(q.time) ||
      compareStrings(p.manager ?? '', q.manager ?? '') ||
      compareStrings(p.apiVersion ?? '', q.apiVersion ?? '') ||
      compareStrings(p.subresource ?? '', q.subresource ?? ''),
  );
}

/** Encodes managed fields as the object stores them (`encodeManagedFields`), sorted; `[]` when there are none. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] {
  const out: ManagedFieldsEntry[] = [];
  for (const [id, vs] of managed.fields) {
    const info = JSON.parse(id) as Partial<ManagerInfo>;
    const entry: ManagedFieldsEntry = {};
    if (info.manager) entry.manager = info.manager;
    entry.operation = vs.applied ? 'Apply' : (info.operation ?? 'Update');
    entry.apiVersion = vs.apiVersion;
    const time = managed.times.get(id);
    if (time) entry.time = time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = encodeFieldsV1(vs.set);
    if (info.subresource) entry.subresource = info.subresource;
    out.push(entry);
  }
  return sortManagedFields(out);
}
