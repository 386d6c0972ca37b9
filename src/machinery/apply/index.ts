/**
 * Server-side apply: field sets and their FieldsV1 form, the schema walker, the merge, and the
 * field manager the apiserver calls on every write (`apply` for apply patches, `update` for
 * everything else). A port of the semantics of structured-merge-diff v4 and apimachinery's
 * `managedfields` package.
 */
export { ApplySchema, OBJECT_META_SCHEMA, type SchemaKind } from './apply-schema.js';
export {
  conflictError,
  conflictMessage,
  ConflictsError,
  conflictsFromManagers,
  printManager,
  type Conflict,
} from './conflicts.js';
export {
  apply,
  update,
  type ApplyOptions,
  type ApplyResult,
  type UpdateOptions,
  type UpdateResult,
} from './field-manager.js';
export {
  comparePathElements,
  deserializePathElement,
  keyElement,
  pathString,
  serializePathElement,
  type KeyField,
  type Path,
  type PathElement,
} from './field-path.js';
export { FieldSet } from './field-set.js';
export { decodeFieldsV1, encodeFieldsV1, fieldsV1Text, type FieldsV1 } from './fields-v1.js';
export { LAST_APPLIED_ANNOTATION, buildLastApplied } from './last-applied.js';
export {
  decodeManagedFields,
  encodeManagedFields,
  formatTime,
  managerIdentifier,
  sortManagedFields,
  type ManagedFieldsEntry,
} from './managed-fields.js';
export { compareObjects, mergeObjects, type Comparison } from './merge.js';
export {
  ANCIENT_CHANGES_MANAGER,
  BEFORE_FIRST_APPLY_MANAGER,
  MAX_UPDATE_MANAGERS,
  STRIPPED_FIELDS,
} from './pipeline.js';
export { ensureNamedFieldsAreMembers, removeItems, toFieldSet } from './to-field-set.js';
