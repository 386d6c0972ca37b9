/**
 * Server-side apply and managed-fields tracking, as the apiserver calls them: {@link apply} for
 * `PATCH` with `application/apply-patch+yaml`, {@link update} for every create, update and other
 * patch (apimachinery's `FieldManager.Apply` and `FieldManager.UpdateNoErrors` with the default
 * manager stack). Both are pure: they take the stored object and return the object to store,
 * with its `metadata.managedFields` set.
 */
import { ApiError } from '../errors.js';
import { cloneJson, isJsonObject, jsonEqual } from '../patch/json-values.js';
import type { ApplySchema } from './apply-schema.js';
import { ConflictsError, conflictError } from './conflicts.js';
import type { FieldSet } from './field-set.js';
import {
  allowedConflictsFromLastApplied,
  buildLastApplied,
  KUBECTL_MANAGER,
  lastAppliedOf,
  setLastApplied,
} from './last-applied.js';
import {
  decodeManagedFields,
  emptyManaged,
  encodeManagedFields,
  formatTime,
  type Managed,
  type ManagedFieldsEntry,
} from './managed-fields.js';
import { applyTracked, STRIPPED_FIELDS, updateManaged, type ApplyStep, type PipelineContext } from './pipeline.js';
import { dropNewNulls, metadataOf, objectGVKNN, setManagedFields, typeMismatch } from './object-helpers.js';
import { validateValue, validationErrorsText } from './typed-value.js';
import { ownFieldsUpdate } from './own-fields-update.js';
import { createdFieldsV1 } from './created-fields.js';

type JsonObject = Record<string, unknown>;

/** What {@link apply} needs. */
export interface ApplyOptions {
  /** The stored object (with its managedFields); absent when the apply creates the object. */
  live?: JsonObject;
  /** The applied configuration: the request body, decoded from YAML or JSON. */
  config: unknown;
  /** The `fieldManager` of the request. */
  manager: string;
  /** The endpoint's group-version (`apps/v1`); the configuration must name it. */
  apiVersion: string;
  /** The endpoint's kind; when given, the configuration must name it. */
  kind?: string;
  /** `status`, `scale`… when applying to a subresource. */
  subresource?: string;
  /** The stored managedFields, when kept apart from `live`; defaults to `live.metadata.managedFields`. */
  managedFields?: ManagedFieldsEntry[];
  schema: ApplySchema;
  /** `?force=true`: take conflicting fields from their managers instead of failing. */
  force?: boolean;
  now?: Date;
  /**
   * Fields the endpoint resets (upstream's ResetFieldsStrategy), e.g. `status` on the main
   * resource: no manager owns them. Their values are merged like any other; resetting them to
   * the stored ones stays the caller's job, as it is the strategy's upstream.
   */
  resetFields?: FieldSet;
}

/**
 * The object to store (managedFields included) and its managedFields. `changed` tells whether
 * anything but managedFields differs from the stored object (the managedFields may change alone).
 */
export interface ApplyResult {
  object: JsonObject;
  managedFields: ManagedFieldsEntry[];
  changed: boolean;
}

const serverError = (message: string) => new ApiError(500, '', message);

/**
 * Applies `config` for `manager` (upstream's `FieldManager.Apply`). Throws an {@link ApiError}:
 * 409 Conflict with a `FieldManagerConflict` cause per field when the apply would change fields
 * other managers own (unless `force`), 400 when the configuration names another type or carries
 * managedFields, 500 (as upstream) when an object does not fit its schema.
 */
export function apply(opts: ApplyOptions): ApplyResult {
  const config = opts.config === null ? {} : opts.config;
  if (!isJsonObject(config)) {
    throw new ApiError(400, 'BadRequest', `error decoding YAML: ${typeMismatch(config)}`);
  }
  const live: JsonObject = opts.live ? cloneJson(opts.live) : {};
  let managed: Managed;
  try {
    managed = decodeManagedFields(opts.managedFields ?? metadataOf(live)?.managedFields);
  } catch (err) {
    throw serverError(`failed to decode managed fields: ${(err as Error).message}`);
  }
  setManagedFields(live, []);
  const gvkMismatch = config.apiVersion !== opts.apiVersion || (opts.kind !== undefined && config.kind !== opts.kind);
  if (gvkMismatch) throw new ApiError(400, 'BadRequest', `invalid object type: ${objectGVKNN(config).gvk}`);
  const configMeta = metadataOf(config);
  if (configMeta?.managedFields !== undefined && configMeta.managedFields !== null) {
    throw new ApiError(400, 'BadRequest', 'metadata.managedFields must be nil');
  }
  const configErrors = validateValue(config, opts.schema, false);
  if (configErrors.length > 0) {
    const where = objectGVKNN(config);
    throw serverError(`failed to create typed patch object (${where.text}): ${validationErrorsText(configErrors)}`);
  }
  const liveErrors = validateValue(live, opts.schema, true);
  if (liveErrors.length > 0) {
    const where = objectGVKNN(live);
    throw serverError(`failed to create typed live object (${where.text}): ${validationErrorsText(liveErrors)}`);
  }

  const ctx = context(opts);
  let step: ApplyStep;
  try {
    step = applyConsideringLastApplied(live, config, managed, opts.manager, opts.force ?? false, ctx);
  } catch (err) {
    if (err instanceof ConflictsError) throw conflictError(err.conflicts);
    throw err;
  }
  const object = cloneJson((step.object ?? live) as JsonObject);
  dropNewNulls(object, live, opts.schema);
  // lastappliedupdater: kubectl's applies keep an existing client-side annotation current.
  if (opts.manager === KUBECTL_MANAGER && lastAppliedOf(object) !== undefined) {
    setLastApplied(object, buildLastApplied(config));
  }
  const changed = !jsonEqual(object, live);
  const managedFields = encodeManagedFields(step.managed);
  setManagedFields(object, managedFields);
  return { object, managedFields, changed };
}

/** lastappliedmanager: kubectl may take fields its client-side apply set without a conflict. */
function applyConsideringLastApplied(
  live: JsonObject,
  config: JsonObject,
  managed: Managed,
  manager: string,
  force: boolean,
  ctx: PipelineContext,
): ApplyStep {
  try {
    return applyTracked(live, config, managed, manager, force, ctx);
  } catch (err) {
    if (manager !== KUBECTL_MANAGER || !(err instanceof ConflictsError)) throw err;
    const allowed = allowedConflictsFromLastApplied(live, ctx.apiVersion, ctx.schema);
    if (!allowed) throw err;
    const remaining = err.conflicts.filter((c) => !allowed.has(c.path));
    if (remaining.length > 0) throw new ConflictsError(remaining);
    return applyTracked(live, config, managed, manager, true, ctx);
  }
}

/** What {@link update} needs. */
export interface UpdateOptions {
  /** The stored object; absent on create. */
  live?: JsonObject;
  /** The object about to be stored (after the update or patch), with any managedFields the client sent. */
  updated: JsonObject;
  manager: string;
  apiVersion: string;
  subresource?: string;
  schema: ApplySchema;
  now?: Date;
  resetFields?: FieldSet;
}

/** The object to store with its managedFields, and those managedFields. */
export interface UpdateResult {
  object: JsonObject;
  managedFields: ManagedFieldsEntry[];
}

/**
 * Records a create, update or non-apply patch (upstream's `FieldManager.UpdateNoErrors`):
 * `manager` takes the fields that were added or changed, removed fields leave every manager.
 * managedFields the client sent are honoured (an empty list resets them; invalid ones fall
 * back to the stored ones); on a subresource they are ignored. Never throws: when ownership
 * cannot be computed the stored managedFields are kept.
 */
export function update(opts: UpdateOptions): UpdateResult {
  const ctx = context(opts);
  const entries = opts.live
    ? ownFieldsUpdate({ ...ctx, live: opts.live, updated: opts.updated, manager: opts.manager })
    : undefined;
  const fast = entries ?? createEntries(opts, ctx);
  if (!fast) return updateInGeneral(opts, ctx);
  const object = withOwnMetadata(opts.updated);
  setManagedFields(object, fast);
  return { object, managedFields: fast };
}

/**
 * The managedFields of a create that sent none (created-fields.ts), as {@link updateInGeneral}
 * computes them; undefined for any other write.
 */
function createEntries(opts: UpdateOptions, ctx: PipelineContext): ManagedFieldsEntry[] | undefined {
  const liveMeta = metadataOf(opts.live);
  if (liveMeta?.uid || liveMeta?.managedFields !== undefined) return undefined;
  const sent = metadataOf(opts.updated)?.managedFields;
  if (!opts.subresource && sent !== undefined && sent !== null && !(Array.isArray(sent) && sent.length === 0)) {
    return undefined;
  }
  const updated = withOwnMetadata(opts.updated);
  setManagedFields(updated, []);
  const fieldsV1 = createdFieldsV1(opts.live, updated, opts.schema, ctx.ignored, STRIPPED_FIELDS);
  if (!fieldsV1) return undefined;
  if (Object.keys(fieldsV1).length === 0) return [];
  const entry: ManagedFieldsEntry = {
    manager: opts.manager || 'unknown',
    operation: 'Update',
    apiVersion: opts.apiVersion,
    time: ctx.now,
    fieldsType: 'FieldsV1',
    fieldsV1,
  };
  if (ctx.subresource) entry.subresource = ctx.subresource;
  return [entry];
}

/** {@link update} computed with field sets, whatever the change (exported for the own-fields path's tests). */
export function updateInGeneral(opts: UpdateOptions, ctx = context(opts)): UpdateResult {
  // Shallow copies down to metadata: only managedFields are set aside, nothing below is changed.
  const live: JsonObject = opts.live ? withOwnMetadata(opts.live) : {};
  const updated = withOwnMetadata(opts.updated);
  const liveEntries = metadataOf(live)?.managedFields;
  const managed = decodeLiveOrNew(liveEntries, opts.subresource ? undefined : metadataOf(updated)?.managedFields);
  setManagedFields(live, []);
  setManagedFields(updated, []);
  const isCreate = !opts.live || !metadataOf(opts.live)?.uid;
  let result = managed;
  // skip-non-applied: an existing object without managed fields stays untracked until applied to.
  if (managed.fields.size > 0 || isCreate) {
    // The stored object passed this check when it was written; only the new one needs it.
    const invalid = validateValue(updated, opts.schema, true).length > 0;
    if (invalid) {
      const kept = Array.isArray(liveEntries) ? (cloneJson(liveEntries) as ManagedFieldsEntry[]) : [];
      setManagedFields(updated, kept);
      return { object: updated, managedFields: kept };
    }
    result = updateManaged(live, updated, managed, opts.manager, ctx);
  }
  const managedFields = encodeManagedFields(result);
  setManagedFields(updated, managedFields);
  return { object: updated, managedFields };
}

/** `obj` with its own top level and metadata, the rest shared. */
function withOwnMetadata(obj: JsonObject): JsonObject {
  const meta = metadataOf(obj);
  return meta ? { ...obj, metadata: { ...meta } } : { ...obj };
}

/** decodeLiveOrNew: the client's managedFields when it sent valid ones, else the stored ones. */
function decodeLiveOrNew(liveEntries: unknown, newEntries: unknown): Managed {
  const fromLive = () => {
    try {
      return decodeManagedFields(liveEntries);
    } catch {
      return emptyManaged();
    }
  };
  if (isReset(newEntries)) return emptyManaged();
  try {
    const m = decodeManagedFields(newEntries);
    return m.fields.size > 0 ? m : fromLive();
  } catch {
    return fromLive();
  }
}

/** isResetManagedFields: `[]`, or one entry with nothing in it. */
function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  if (entries.length !== 1 || !isJsonObject(entries[0])) return false;
  return Object.values(entries[0]).every((v) => v === undefined || v === null || v === '');
}

function context(opts: {
  apiVersion: string;
  subresource?: string;
  schema: ApplySchema;
  now?: Date;
  resetFields?: FieldSet;
}): PipelineContext {
  return {
    schema: opts.schema,
    ignored: opts.resetFields,
    apiVersion: opts.apiVersion,
    subresource: opts.subresource || undefined,
    now: formatTime(opts.now ?? new Date()),
  };
}
