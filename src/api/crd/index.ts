/**
 * CustomResourceDefinitions and custom resources (apiextensions.k8s.io/v1), as a library the API
 * server calls: CRD validation on create and update, name acceptance and establishment, custom
 * resource pruning, defaulting and validation, and the OpenAPI a CRD publishes. Messages and paths
 * are upstream's (apiextensions-apiserver and kube-openapi).
 */
export type * from './types.js';
export { isJsonObject } from './types.js';
export { validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from './crd-validation.js';
export {
  defaultCustomResourceDefinition,
  prepareCustomResourceDefinitionForCreate,
  prepareCustomResourceDefinitionForUpdate,
  toInternalSpec,
} from './crd-internal.js';
export { validateStructural, structuralConversionError, isStructural } from './structural.js';
export {
  calculateNamesAccepted,
  establishedCondition,
  isCRDConditionTrue,
  namesNeedSync,
  setCRDCondition,
  type NamesAcceptedResult,
} from './naming.js';
export { validateCustomResource, type CustomResourceValidationOptions } from './cr-validation.js';
export { validateAgainstSchema } from './openapi-errors.js';
export { pruneUnknownFields, strictDecodingError, unknownFieldWarnings } from './pruning.js';
export { applyDefaults } from './defaulting.js';
export { NIL_PATH } from './paths.js';
