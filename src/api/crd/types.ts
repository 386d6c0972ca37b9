/**
 * The shapes of apiextensions.k8s.io/v1 as they arrive on the wire: a CustomResourceDefinition and
 * the full `JSONSchemaProps` of its schemas, with the Kubernetes extensions that kubernetes-types
 * 1.30 leaves out (`x-kubernetes-*`), and a JSON default that may be any value.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { ValidationRule } from '../../machinery/cel/index.js';
import type { PrinterColumn } from '../resources.js';

/** One CEL rule of `x-kubernetes-validations`. */
export type { ValidationRule };

/** apiextensions.k8s.io/v1 JSONSchemaProps: OpenAPI v3.0 plus Kubernetes' extensions. */
export interface JSONSchemaProps {
  id?: string;
  $schema?: string;
  $ref?: string;
  description?: string;
  type?: string;
  format?: string;
  title?: string;
  /** Any JSON value; `null` means none, as upstream decodes it. */
  default?: unknown;
  maximum?: number;
  exclusiveMaximum?: boolean;
  minimum?: number;
  exclusiveMinimum?: boolean;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  multipleOf?: number;
  enum?: unknown[];
  maxProperties?: number;
  minProperties?: number;
  required?: string[];
  /** A schema; an array of schemas is not allowed in CRDs but can be sent. */
  items?: JSONSchemaProps | JSONSchemaProps[];
  allOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  patternProperties?: Record<string, JSONSchemaProps>;
  dependencies?: Record<string, JSONSchemaProps | string[]>;
  additionalItems?: JSONSchemaProps | boolean;
  definitions?: Record<string, JSONSchemaProps>;
  externalDocs?: { description?: string; url?: string };
  example?: unknown;
  nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: ValidationRule[];
}

/** A printer column (`kubectl get` output). */
export type CustomResourceColumnDefinition = PrinterColumn;

/** The scale subresource's paths. */
export interface CustomResourceSubresourceScale {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** The status and scale subresources. */
export interface CustomResourceSubresources {
  status?: Record<string, never>;
  scale?: CustomResourceSubresourceScale;
}

/** A field usable in field selectors. */
export interface SelectableField {
  jsonPath: string;
}

/** A schema wrapper, as `versions[*].schema`. */
export interface CustomResourceValidation {
  openAPIV3Schema?: JSONSchemaProps;
}

/** One served or stored version. */
export interface CustomResourceDefinitionVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: CustomResourceValidation;
  subresources?: CustomResourceSubresources;
  additionalPrinterColumns?: CustomResourceColumnDefinition[];
  selectableFields?: SelectableField[];
}

/** The names a CRD asks for (spec) or was granted (status.acceptedNames). */
export interface CustomResourceDefinitionNames {
  plural: string;
  singular?: string;
  shortNames?: string[];
  kind: string;
  listKind?: string;
  categories?: string[];
}

/** Where a conversion webhook lives. */
export interface WebhookClientConfig {
  url?: string;
  service?: { namespace: string; name: string; path?: string; port?: number };
  /** Base64 of PEM certificates. */
  caBundle?: string;
}

/** How custom resources are converted between versions. */
export interface CustomResourceConversion {
  strategy: string;
  webhook?: { clientConfig?: WebhookClientConfig; conversionReviewVersions?: string[] };
}

/** The spec of a CustomResourceDefinition. */
export interface CustomResourceDefinitionSpec {
  group: string;
  names: CustomResourceDefinitionNames;
  scope: string;
  versions: CustomResourceDefinitionVersion[];
  conversion?: CustomResourceConversion;
  preserveUnknownFields?: boolean;
}

/** A condition: NamesAccepted, Established, Terminating. */
export interface CustomResourceDefinitionCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The status of a CustomResourceDefinition. */
export interface CustomResourceDefinitionStatus {
  conditions?: CustomResourceDefinitionCondition[];
  acceptedNames?: CustomResourceDefinitionNames;
  storedVersions?: string[];
}

/** apiextensions.k8s.io/v1 CustomResourceDefinition. */
export interface CustomResourceDefinition {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec: CustomResourceDefinitionSpec;
  status?: CustomResourceDefinitionStatus;
}

/**
 * Compiles one CEL expression against the schema node it sits on. Returns undefined when it
 * compiles; else the compiler's issues (for instance `ERROR: <input>:1:6: undefined field 'foo'`),
 * reported after upstream's `compilation failed: ` (`messageExpression compilation failed: ` for
 * message expressions), or `{ detail }` to be reported verbatim (`cel expression must evaluate to a
 * bool`).
 */
export type CompileRule = (expression: string, schema: JSONSchemaProps) => string | { detail: string } | undefined;

/** Options of CRD validation. */
export interface CrdValidationOptions {
  /** CEL compilation of `rule`s; without it rules are only checked for shape. */
  compileRule?: CompileRule;
  /** CEL compilation of `messageExpression`s. */
  compileMessageExpression?: CompileRule;
}

/** A decoded JSON object. */
export type JsonObject = Record<string, unknown>;

/** Whether v is a JSON object (not an array, not null). */
export const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
