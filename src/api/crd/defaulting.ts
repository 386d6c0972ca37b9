/**
 * Defaulting of custom resources by their structural schema, as upstream's
 * `defaulting.PruneNonNullableNullsWithoutDefaults` and `defaulting.Default` do it on decode: a null
 * the schema does not allow (not nullable) is dropped unless a default will replace it; then every
 * missing field with a default, at every level (inside list items and additionalProperties values
 * too), gets a deep copy of it, and so does a non-nullable null.
 */
import { isJsonObject, type JSONSchemaProps } from './types.js';

const hasDefault = (s: JSONSchemaProps | undefined) => s !== undefined && s.default !== undefined && s.default !== null;
const apSchema = (s: JSONSchemaProps | undefined) =>
  s && typeof s.additionalProperties === 'object' && s.additionalProperties !== null
    ? s.additionalProperties
    : undefined;
const itemSchema = (s: JSONSchemaProps | undefined) => (s?.items && !Array.isArray(s.items) ? s.items : undefined);
const isNonNullableNull = (x: unknown, s: JSONSchemaProps | undefined) =>
  x === null && s !== undefined && s.nullable !== true;
const fieldSchema = (k: string, s: JSONSchemaProps | undefined) => s?.properties?.[k] ?? apSchema(s);

/** Upstream's `PruneNonNullableNullsWithoutDefaults`: drops nulls that neither the schema nor a default allows. */
export function pruneNonNullableNulls(x: unknown, s: JSONSchemaProps | undefined): void {
  if (isJsonObject(x)) {
    for (const [k, v] of Object.entries(x)) {
      const sub = fieldSchema(k, s);
      if (isNonNullableNull(v, sub) && !hasDefault(sub)) delete x[k];
      else pruneNonNullableNulls(v, sub);
    }
  } else if (Array.isArray(x)) {
    for (const v of x) pruneNonNullableNulls(v, itemSchema(s));
  }
}

/** Upstream's `Default`: fills defaults into x in place. */
export function defaultValues(x: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (isJsonObject(x)) {
    for (const [k, prop] of Object.entries(s.properties ?? {})) {
      if (!hasDefault(prop)) continue;
      if (!(k in x) || isNonNullableNull(x[k], prop)) x[k] = structuredClone(prop.default);
    }
    for (const k of Object.keys(x)) {
      const prop = s.properties?.[k];
      if (prop) defaultValues(x[k], prop);
      else if (s.additionalProperties !== undefined && s.additionalProperties !== null) {
        const ap = apSchema(s);
        if (isNonNullableNull(x[k], ap) && hasDefault(ap)) x[k] = structuredClone(ap?.default);
        defaultValues(x[k], ap);
      }
    }
  } else if (Array.isArray(x)) {
    const items = itemSchema(s);
    x.forEach((v, i) => {
      if (isNonNullableNull(v, items) && hasDefault(items)) x[i] = structuredClone(items?.default);
      defaultValues(x[i], items);
    });
  }
}

/**
 * Applies schema's defaults to obj in place, after dropping disallowed nulls, and returns obj. Run
 * it after {@link pruneUnknownFields}, as upstream's decoder does.
 */
export function applyDefaults<T>(obj: T, schema: JSONSchemaProps | undefined): T {
  pruneNonNullableNulls(obj, schema);
  defaultValues(obj, schema);
  return obj;
}
