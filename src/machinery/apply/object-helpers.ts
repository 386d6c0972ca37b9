/**
 * Small helpers on whole objects for the field manager: metadata access, the `ns/name; gvk`
 * form upstream's errors name objects by, and the clean-up that stands in for upstream's round
 * trip through typed Go objects (where a null field is simply absent).
 */
import { isJsonObject } from '../patch/json-values.js';
import type { ApplySchema } from './apply-schema.js';
import { serializePathElement } from './field-path.js';
import type { ManagedFieldsEntry } from './managed-fields.js';
import { listItemElement } from './typed-value.js';

type JsonObject = Record<string, unknown>;

/** The object's metadata, when it has one. */
export function metadataOf(obj: unknown): JsonObject | undefined {
  const m = isJsonObject(obj) ? obj.metadata : undefined;
  return isJsonObject(m) ? m : undefined;
}

/** Sets `metadata.managedFields`, or removes it when there are no entries (upstream stores nil then). */
export function setManagedFields(obj: JsonObject, entries: ManagedFieldsEntry[]): void {
  const meta = metadataOf(obj);
  if (entries.length === 0) {
    if (meta) delete meta.managedFields;
    return;
  }
  if (meta) meta.managedFields = entries;
  else obj.metadata = { managedFields: entries };
}

/** `schema.GroupVersionKind.String()` of an object, and upstream's `objectGVKNN` (`ns/name; apps/v1, Kind=Deployment`). */
export function objectGVKNN(obj: unknown): { gvk: string; text: string } {
  const o = isJsonObject(obj) ? obj : {};
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const kind = typeof o.kind === 'string' ? o.kind : '';
  const parts = apiVersion.split('/');
  const [group, version] = parts.length === 1 ? ['', parts[0]] : parts.length === 2 ? parts : ['', ''];
  const gvk = `${group}/${version}, Kind=${kind}`;
  const meta = metadataOf(o);
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return { gvk, text: `${str(meta?.namespace)}/${str(meta?.name)}; ${gvk}` };
}

/** Go's message for a request body that is not an object. */
export function typeMismatch(v: unknown): string {
  const kind = Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : typeof v;
  return `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/**
 * Removes, in place, the map members that are null in `obj` but were not null in `before`: the
 * nulls an applied configuration set and the containers a removal emptied. Upstream's typed
 * round trip drops them the same way; nulls the stored object already held stay.
 */
export function dropNewNulls(obj: unknown, before: unknown, schema: ApplySchema): void {
  if (isJsonObject(obj)) {
    if (schema.kind !== 'map' && schema.kind !== 'deduced') return;
    const b = isJsonObject(before) ? before : undefined;
    for (const k of Object.keys(obj)) {
      const was = b && Object.hasOwn(b, k) ? b[k] : undefined;
      if (obj[k] === null && was !== null) delete obj[k];
      else dropNewNulls(obj[k], was, schema.field(k));
    }
    return;
  }
  if (!Array.isArray(obj) || schema.kind !== 'list' || schema.atomic) return;
  const previous = new Map<string, unknown>();
  for (const item of Array.isArray(before) ? before : []) {
    const pe = listItemElement(schema, item);
    if (typeof pe !== 'string') previous.set(serializePathElement(pe), item);
  }
  for (const item of obj) {
    const pe = listItemElement(schema, item);
    if (typeof pe !== 'string') dropNewNulls(item, previous.get(serializePathElement(pe)), schema.items());
  }
}
