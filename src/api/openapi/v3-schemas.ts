/**
 * OpenAPI v3 schemas from the v2 definitions, as upstream's v3 documents write them: references
 * under `#/components/schemas/`, a `$ref` that carries a description or default wrapped as
 * `allOf: [{ $ref }]` (v3.0 ignores siblings of `$ref`), and `IntOrString`/`Quantity` as
 * `oneOf` their alternatives.
 */
import { refsOf } from './build-definitions.js';
import type { Definitions, SchemaObject } from './types.js';

const V2_PREFIX = '#/definitions/';
const V3_PREFIX = '#/components/schemas/';
/** Scalars that v3 documents as a choice of types rather than v2's `string`. */
const ONE_OF: Record<string, ('integer' | 'string' | 'number')[]> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': ['integer', 'string'],
  'io.k8s.apimachinery.pkg.api.resource.Quantity': ['string', 'number'],
};

/** A v3 copy of a v2 property (or item, or map value) schema. */
function convertProperty(schema: SchemaObject): SchemaObject {
  const out: SchemaObject = { ...schema };
  if (out.items) out.items = convertProperty(out.items);
  if (out.additionalProperties && typeof out.additionalProperties === 'object') {
    out.additionalProperties = convertProperty(out.additionalProperties);
  }
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, convertProperty(v)]));
  }
  if (out.$ref) {
    const ref = V3_PREFIX + out.$ref.slice(V2_PREFIX.length);
    delete out.$ref;
    if (Object.keys(out).length === 0) return { $ref: ref };
    return { allOf: [{ $ref: ref }], ...out };
  }
  return out;
}

/** The v3 form of one v2 definition. */
export function toV3Schema(name: string, schema: SchemaObject): SchemaObject {
  const alternatives = ONE_OF[name];
  if (alternatives) {
    const out: SchemaObject = { ...schema, oneOf: alternatives.map((type) => ({ type })) };
    delete out.type;
    return out;
  }
  return convertProperty(schema);
}

/** The names of `roots` and of every definition they reach through `$ref`s, sorted. */
export function reachable(definitions: Definitions, roots: Iterable<string>): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    const schema = definitions[name];
    if (!schema) throw new Error(`no definition ${name}`);
    seen.add(name);
    for (const r of refsOf(schema)) if (!seen.has(r)) queue.push(r);
  }
  return [...seen].sort();
}

/** `components.schemas` of a v3 document whose operations refer to `roots`. */
export function v3Components(definitions: Definitions, roots: Iterable<string>): Record<string, SchemaObject> {
  return Object.fromEntries(reachable(definitions, roots).map((name) => [name, toV3Schema(name, definitions[name])]));
}
