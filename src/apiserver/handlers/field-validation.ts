/**
 * Server-side field validation (the `fieldValidation` query parameter): fields a kind does not
 * have are an error under Strict (`strict decoding error: unknown field "spec.foo"`), a Warning
 * header under Warn (upstream's default) and nothing under Ignore. Fields are checked against the
 * kind's OpenAPI schema.
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

function resolve(defs: Definitions, s: SchemaObject | undefined): SchemaObject | undefined {
  for (let i = 0; s && i < 8; i++) {
    if (s.$ref) s = defs[refName(s.$ref)];
    else if (s.allOf?.length === 1 && !s.properties) s = s.allOf[0];
    else break;
  }
  return s;
}

/** Paths of the fields in `value` that `schema` does not know, in upstream's form (`spec.containers[0].foo`). */
export function unknownFields(
  defs: Definitions,
  schema: SchemaObject | undefined,
  value: unknown,
  path = '',
  out: string[] = [],
): string[] {
  const s = resolve(defs, schema);
  if (!s || s['x-kubernetes-preserve-unknown-fields'] || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => unknownFields(defs, s.items, v, `${path}[${i}]`, out));
    return out;
  }
  if (s.properties) {
    for (const [k, v] of Object.entries(value as KObject)) {
      const field = path ? `${path}.${k}` : k;
      const prop = s.properties[k];
      if (!prop) {
        // apiVersion and kind are read by the decoder itself.
        if (!path && (k === 'apiVersion' || k === 'kind')) continue;
        out.push(field);
      } else unknownFields(defs, prop, v, field, out);
    }
  } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    for (const [k, v] of Object.entries(value as KObject))
      unknownFields(defs, s.additionalProperties, v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

/** Applies the mode: throws under Strict, returns warnings under Warn. */
export function checkFields(
  mode: FieldValidation,
  defs: Definitions,
  root: string | undefined,
  obj: unknown,
): string[] {
  if (mode === 'Ignore' || !root) return [];
  const unknown = unknownFields(defs, defs[root], obj).map((f) => `unknown field "${f}"`);
  if (!unknown.length) return [];
  if (mode === 'Strict') throw errors.badRequest(`strict decoding error: ${unknown.join(', ')}`);
  return unknown;
}
