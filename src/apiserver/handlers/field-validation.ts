/**
 * Server-side field validation (the `fieldValidation` query parameter): fields a kind does not
 * have are an error under Strict (`strict decoding error: unknown field "spec.foo"`), a Warning
 * header under Warn (upstream's default) and nothing under Ignore. Fields are checked against the
 * kind's OpenAPI schema. Under Warn and Ignore they are then dropped, as upstream's decoding into
 * typed structs drops them: they are never stored.
 */
import { errors } from '../../machinery/errors.js';
import type { Definitions, SchemaObject } from '../../api/openapi/types.js';
import type { KObject } from '../cacher/types.js';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export function fieldValidation(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation') ?? 'Warn';
  if (v !== 'Ignore' && v !== 'Warn' && v !== 'Strict') {
    throw errors.badRequest(`fieldValidation parameter unsupported: ${v}. Supported values: Ignore, Warn, Strict`);
  }
  return v;
}

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

/** The schema behind `$ref` and single-member `allOf` wrappers. */
export function resolve(defs: Definitions, s: SchemaObject | undefined): SchemaObject | undefined {
  for (let i = 0; s && i < 8; i++) {
    if (s.$ref) s = defs[refName(s.$ref)];
    else if (s.allOf?.length === 1 && !s.properties) s = s.allOf[0];
    else break;
  }
  return s;
}

/**
 * Calls `visit` for each field in `value` that `schema` does not know, with the map holding it and
 * the field's path. Every write walks its whole object here, so the walk allocates nothing until
 * it finds one: `path` is a stack of field names and item indexes, spelled only for a visit.
 */
function visitUnknown(
  defs: Definitions,
  schema: SchemaObject | undefined,
  value: unknown,
  path: (string | number)[],
  visit: (owner: KObject, key: string, field: string) => void,
): void {
  const s = resolve(defs, schema);
  if (!s || s['x-kubernetes-preserve-unknown-fields'] || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (!s.items) return;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      visitUnknown(defs, s.items, value[i], path, visit);
      path.pop();
    }
    return;
  }
  const obj = value as KObject;
  const props = s.properties;
  const extra =
    s.additionalProperties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  if (!props && !extra) return;
  for (const k in obj) {
    const prop = props ? (Object.hasOwn(props, k) ? props[k] : undefined) : extra;
    path.push(k);
    if (prop) visitUnknown(defs, prop, obj[k], path, visit);
    // apiVersion and kind are read by the decoder itself.
    else if (path.length > 1 || (k !== 'apiVersion' && k !== 'kind')) visit(obj, k, spell(path));
    path.pop();
  }
}

/** A path in upstream's form: `spec.containers[0].foo`. */
const spell = (path: readonly (string | number)[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');

/** Paths of the fields in `value` that `schema` does not know, in upstream's form (`spec.containers[0].foo`). */
export function unknownFields(defs: Definitions, schema: SchemaObject | undefined, value: unknown): string[] {
  const out: string[] = [];
  visitUnknown(defs, schema, value, [], (_owner, _key, field) => out.push(field));
  return out;
}

/**
 * Applies the mode: throws under Strict; otherwise removes the unknown fields from `obj` in place
 * and returns them as warnings under Warn (none under Ignore).
 */
export function checkFields(
  mode: FieldValidation,
  defs: Definitions,
  root: string | undefined,
  obj: unknown,
): string[] {
  if (!root) return [];
  const found: { owner: KObject; key: string; field: string }[] = [];
  visitUnknown(defs, defs[root], obj, [], (owner, key, field) => found.push({ owner, key, field }));
  if (!found.length) return [];
  const unknown = found.map(({ field }) => `unknown field "${field}"`);
  if (mode === 'Strict') throw errors.badRequest(`strict decoding error: ${unknown.join(', ')}`);
  for (const { owner, key } of found) delete owner[key];
  return mode === 'Warn' ? unknown : [];
}
