/**
 * A custom resource's schema as /openapi/v2 and /openapi/v3 publish it, after upstream's
 * `pkg/controller/openapi/builder`: the version's structural schema (non-structural ones publish as
 * a bare object), int-or-string unfolded into `anyOf`, apiVersion, kind and metadata (a $ref to
 * ObjectMeta) added at the root and in embedded resources, `x-kubernetes-group-version-kind`, and
 * the List kind beside it. v2 also gets upstream's `ToStructuralOpenAPIV2` simplifications, which
 * kubectl's v2-based validation needs. Plain objects; independent of src/api/openapi.
 */
import { isStructural } from './structural.js';
import { schemaPredicates } from './crd-schema.js';
import type { CustomResourceDefinition, JSONSchemaProps } from './types.js';

/** A published schema: a JSONSchemaProps plus `$ref` and the group-version-kind extension. */
export type PublishedSchema = Record<string, unknown>;

/** What to publish. */
export interface OpenAPIBuildOptions {
  /** OpenAPI v2 (`#/definitions/…`, v2 simplifications) rather than v3 (`#/components/schemas/…`). */
  v2: boolean;
  /** Drop value validations (enum, pattern, required…), as for server-side apply's type models. */
  stripValueValidation?: boolean;
  /** Drop nullable. */
  stripNullable?: boolean;
}

/** The published definitions of one version: the kind's and the list's, by definition name. */
export interface CustomResourceOpenAPI {
  kindName: string;
  listName: string;
  definitions: Record<string, PublishedSchema>;
}

const API_CONVENTIONS = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';
const TYPE_META = {
  apiVersion: `APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: ${API_CONVENTIONS}#resources`,
  kind: `Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: ${API_CONVENTIONS}#types-kinds`,
};
const EMBEDDED_TYPE_META = {
  apiVersion: `apiVersion defines the versioned schema of this representation of an object. More info: ${API_CONVENTIONS}#resources`,
  kind: `kind is a string value representing the type of this object. In CamelCase. More info: ${API_CONVENTIONS}#types-kinds`,
};
const OBJECT_META_DESCRIPTION = `Standard object's metadata. More info: ${API_CONVENTIONS}#metadata`;
const LIST_META_DESCRIPTION = `Standard list metadata. More info: ${API_CONVENTIONS}#types-kinds`;
const VALUE_VALIDATION = [
  'format',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'enum',
  'maxProperties',
  'minProperties',
  'required',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
] as const;
// kube-openapi's field order when it writes a schema.
const KEY_ORDER = [
  'description',
  'type',
  'nullable',
  'format',
  'title',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'enum',
  'maxProperties',
  'minProperties',
  'required',
  'items',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'properties',
  'additionalProperties',
];

/** `com.example.stable.v1.CronTab`: the reversed group, the version and the kind. */
export function definitionName(group: string, version: string, kind: string): string {
  return [...group.split('.').reverse(), version, kind].join('.');
}

const refTo = (name: string, v2: boolean) => (v2 ? `#/definitions/${name}` : `#/components/schemas/${name}`);
const described = (ref: string, description: string, v2: boolean): PublishedSchema =>
  v2 ? { description, $ref: ref } : { description, allOf: [{ $ref: ref }] };
const metaRef = (name: string, v2: boolean) => refTo(`io.k8s.apimachinery.pkg.apis.meta.v1.${name}`, v2);

/** One structural node, with the builder's options applied, in kube-openapi's key order. */
function publish(s: JSONSchemaProps, o: OpenAPIBuildOptions): PublishedSchema {
  const x: Record<string, unknown> = { ...s };
  delete x.example;
  delete x.externalDocs;
  if (x['x-kubernetes-int-or-string'] && !isIntOrStringPattern(s)) {
    const alternatives = [{ type: 'integer' }, { type: 'string' }];
    if (!s.anyOf) x.anyOf = alternatives;
    else x.allOf = [{ anyOf: alternatives }, ...(s.allOf ?? [])];
  }
  if (o.stripValueValidation) for (const k of VALUE_VALIDATION) delete x[k];
  if (o.stripNullable) delete x.nullable;
  if (o.v2) simplifyForV2(x, s);
  if (!x.nullable) delete x.nullable;
  const items = x.items && !Array.isArray(x.items) ? (x.items as JSONSchemaProps) : undefined;
  if (items) x.items = publish(items, o);
  if (x.properties) {
    const props = x.properties as Record<string, JSONSchemaProps>;
    x.properties = Object.fromEntries(
      Object.keys(props)
        .sort()
        .map((k) => [k, publish(props[k], o)]),
    );
  }
  if (typeof x.additionalProperties === 'object' && x.additionalProperties !== null) {
    x.additionalProperties = publish(x.additionalProperties as JSONSchemaProps, o);
  }
  if (s['x-kubernetes-embedded-resource'] && !(o.v2 && s['x-kubernetes-preserve-unknown-fields'])) addEmbedded(x, o.v2);
  return ordered(x);
}

function isIntOrStringPattern(s: JSONSchemaProps): boolean {
  const only = (a: JSONSchemaProps | undefined, t: string) => !!a && Object.keys(a).length === 1 && a.type === t;
  const pair = (xs: JSONSchemaProps[] | undefined) =>
    xs?.length === 2 && only(xs[0], 'integer') && only(xs[1], 'string');
  return pair(s.anyOf) || (!!s.allOf?.length && pair(s.allOf[0].anyOf));
}

/** Upstream's `ToStructuralOpenAPIV2` on one node (orig is the node before any change). */
function simplifyForV2(x: Record<string, unknown>, orig: JSONSchemaProps): void {
  for (const k of ['allOf', 'oneOf', 'anyOf', 'not']) delete x[k];
  if (orig.nullable) {
    delete x.type;
    delete x.nullable;
    delete x.items;
    delete x.properties;
  }
  if (orig['x-kubernetes-preserve-unknown-fields']) {
    delete x.items;
    delete x.properties;
  }
  if (x.items === undefined && x.type === 'array') delete x.type;
  const props = orig.properties ?? {};
  if (Array.isArray(x.required)) x.required = (x.required as string[]).filter((f) => !props[f]?.nullable);
  if (typeof orig.additionalProperties === 'object' && orig.additionalProperties?.nullable) delete x.required;
  if (Array.isArray(x.required) && x.required.length === 0) delete x.required;
}

function addEmbedded(x: Record<string, unknown>, v2: boolean): void {
  const props = { ...((x.properties as Record<string, unknown>) ?? {}) };
  props.apiVersion = { description: EMBEDDED_TYPE_META.apiVersion, type: 'string' };
  props.kind = { description: EMBEDDED_TYPE_META.kind, type: 'string' };
  props.metadata = described(metaRef('ObjectMeta', v2), OBJECT_META_DESCRIPTION, v2);
  x.properties = Object.fromEntries(
    Object.keys(props)
      .sort()
      .map((k) => [k, props[k]]),
  );
  const required = [...((x.required as string[]) ?? [])];
  if (!required.includes('kind')) required.push('kind');
  if (!required.includes('apiVersion')) required.push('apiVersion');
  x.required = required;
}

function ordered(x: Record<string, unknown>): PublishedSchema {
  const out: PublishedSchema = {};
  for (const k of KEY_ORDER) if (x[k] !== undefined) out[k] = x[k];
  for (const k of Object.keys(x).sort()) if (!(k in out) && x[k] !== undefined) out[k] = x[k];
  return out;
}

/**
 * The definitions /openapi/v2 (`opts.v2`) or /openapi/v3 publishes for one version of crd: the kind
 * (`com.example.stable.v1.CronTab`) and its list (`…CronTabList`).
 */
export function buildCustomResourceOpenAPI(
  crd: CustomResourceDefinition,
  version: string,
  opts: OpenAPIBuildOptions,
): CustomResourceOpenAPI {
  const { group, names } = crd.spec;
  const kind = names.kind;
  const listKind = names.listKind || `${kind}List`;
  const v = (crd.spec.versions ?? []).find((x) => x.name === version);
  let schema = v?.schema?.openAPIV3Schema;
  if (schema && (schemaPredicates.hasInvalidTypes(schema) || !isStructural(schema))) schema = undefined;
  const gvk = (k: string) => [{ group, kind: k, version }];
  let root: PublishedSchema;
  if (!schema || (opts.v2 && (schema['x-kubernetes-preserve-unknown-fields'] || crd.spec.preserveUnknownFields))) {
    root = { type: 'object' };
  } else {
    root = publish(schema, opts);
    const props = { ...((root.properties as Record<string, unknown>) ?? {}) };
    props.metadata = described(metaRef('ObjectMeta', opts.v2), OBJECT_META_DESCRIPTION, opts.v2);
    props.apiVersion = { description: TYPE_META.apiVersion, type: 'string' };
    props.kind = { description: TYPE_META.kind, type: 'string' };
    root.properties = Object.fromEntries(
      Object.keys(props)
        .sort()
        .map((k) => [k, props[k]]),
    );
    root = ordered(root);
  }
  root['x-kubernetes-group-version-kind'] = gvk(kind);
  const kindName = definitionName(group, version, kind);
  const listName = definitionName(group, version, listKind);
  const list: PublishedSchema = {
    description: `${listKind} is a list of ${kind}`,
    required: ['items'],
    properties: {
      apiVersion: { description: TYPE_META.apiVersion, type: 'string' },
      items: {
        description: `List of ${names.plural}. More info: ${API_CONVENTIONS}`,
        type: 'array',
        items: { $ref: refTo(kindName, opts.v2) },
      },
      kind: { description: TYPE_META.kind, type: 'string' },
      metadata: described(metaRef('ListMeta', opts.v2), LIST_META_DESCRIPTION, opts.v2),
    },
    'x-kubernetes-group-version-kind': gvk(listKind),
  };
  return { kindName, listName, definitions: { [kindName]: root, [listName]: list } };
}
