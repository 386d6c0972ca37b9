/**
 * The shape of one OpenAPI schema as the apiserver serves it in `/openapi/v2` definitions and
 * `/openapi/v3` components, with the Kubernetes extensions that kubectl and the patch code read.
 * Definition names are upstream's: `io.k8s.api.core.v1.PodSpec`,
 * `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`.
 */
export interface SchemaObject {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  /** `#/definitions/<name>` (v2) or `#/components/schemas/<name>` (v3). */
  $ref?: string;
  /** v3 wraps a described `$ref` as `allOf: [{ $ref }]`. */
  allOf?: SchemaObject[];
  /** v3 only: the alternatives of `IntOrString` and `Quantity`. */
  oneOf?: SchemaObject[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  additionalProperties?: SchemaObject | boolean;
  enum?: unknown[];
  default?: unknown;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-unions'?: unknown[];
}

/** All definitions, keyed by upstream's definition name. */
export type Definitions = Record<string, SchemaObject>;
