/**
 * The OpenAPI definitions of custom resources, as upstream's CRD OpenAPI builder publishes them:
 * each served version's schema under `<reversed group>.<version>.<Kind>` with the standard
 * `apiVersion`, `kind` and `metadata` (ObjectMeta) properties and its
 * `x-kubernetes-group-version-kind`, and a `<Kind>List` beside it. `kubectl explain` and
 * `kubectl apply` read them.
 */
import type { ResourceInfo } from '../../api/resources.js';
import type { Definitions, SchemaObject } from '../../api/openapi/types.js';
import { customDefinitionPrefix } from '../../api/openapi/build-definitions.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const API_VERSION: SchemaObject = {
  description:
    'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  type: 'string',
};
const KIND: SchemaObject = {
  description:
    'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  type: 'string',
};
const OBJECT_META: SchemaObject = {
  $ref: `#/definitions/${META}.ObjectMeta`,
  description:
    "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
};
const LIST_META: SchemaObject = {
  $ref: `#/definitions/${META}.ListMeta`,
  description:
    'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
};

/** The definitions of every custom resource among `resources`. */
export function customDefinitions(resources: readonly ResourceInfo[]): Definitions {
  const out: Definitions = {};
  for (const r of resources) {
    if (!r.custom) continue;
    const name = customDefinitionPrefix(r.group, r.version) + r.kind;
    const schema = structuredClone(r.custom.schema) as SchemaObject;
    schema.type ??= 'object';
    schema.properties = { ...schema.properties, apiVersion: API_VERSION, kind: KIND, metadata: OBJECT_META };
    schema['x-kubernetes-group-version-kind'] = [{ group: r.group, kind: r.kind, version: r.version }];
    out[name] = schema;
    out[`${name}List`] = {
      description: `${r.kind}List is a list of ${r.kind}`,
      properties: {
        apiVersion: API_VERSION,
        items: {
          description: `List of ${r.resource}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
          items: { $ref: `#/definitions/${name}` },
          type: 'array',
        },
        kind: KIND,
        metadata: LIST_META,
      },
      required: ['items'],
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: r.group, kind: `${r.kind}List`, version: r.version }],
    };
  }
  return out;
}
