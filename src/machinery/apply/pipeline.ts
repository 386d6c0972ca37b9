/**
 * The managers apimachinery's field manager stacks around the SMD updater, innermost last:
 * skip-non-applied (objects without managed fields get a `before-first-apply` owner on their
 * first apply), cap-managers (at most 10 Update entries, the oldest merged into
 * `ancient-changes`), build-manager-info (the manager identifier), managed-fields-updater
 * (entries merged per manager, times set when a manager's fields changed) and strip-meta (no one
 * owns `apiVersion`, `kind` or the server-set metadata).
 */
import { FieldSet } from './field-set.js';
import { compareStrings } from './field-path.js';
import { copyManaged, managerIdentifier, type Managed } from './managed-fields.js';
import { updaterApply, updaterUpdate, type UpdaterContext } from './updater.js';

/** Update entries kept before the oldest are merged (`DefaultMaxUpdateManagers`). */
export const MAX_UPDATE_MANAGERS = 10;

/** The manager the oldest update entries are merged into. */
export const ANCIENT_CHANGES_MANAGER = 'ancient-changes';

/** The manager that owns what an object held before its first apply. */
export const BEFORE_FIRST_APPLY_MANAGER = 'before-first-apply';

/** The paths no manager ever owns (`stripmeta.go`); only these exact members, not what is below them. */
export const STRIPPED_FIELDS = FieldSet.fromFieldPaths(
  ['apiVersion'],
  ['kind'],
  ['metadata'],
  ['metadata', 'name'],
  ['metadata', 'namespace'],
  ['metadata', 'creationTimestamp'],
  ['metadata', 'selfLink'],
  ['metadata', 'uid'],
  ['metadata', 'clusterName'],
  ['metadata', 'generation'],
  ['metadata', 'managedFields'],
  ['metadata', 'resourceVersion'],
);

/** The request's context: the schema, the endpoint's version and subresource, and the time. */
export interface PipelineContext extends UpdaterContext {
  apiVersion: string;
  subresource?: string;
  /** metav1.Time form of "now". */
  now: string;
}

const identifier = (manager: string, operation: 'Apply' | 'Update', ctx: PipelineContext) =>
  managerIdentifier({
    manager: manager || 'unknown',
    operation,
    apiVersion: ctx.apiVersion,
    subresource: ctx.subresource,
  });

function stripMeta(managed: Managed, id: string): void {
  const vs = managed.fields.get(id);
  if (!vs) return;
  const set = vs.set.difference(STRIPPED_FIELDS);
  if (set.isEmpty()) managed.fields.delete(id);
  else managed.fields.set(id, { ...vs, set });
}

/** An update's ownership changes (cap-managers, build-manager-info, managed-fields-updater, strip-meta, SMD). */
export function updateManaged(
  live: unknown,
  updated: unknown,
  managed: Managed,
  manager: string,
  ctx: PipelineContext,
): Managed {
  const self = 'current-operation';
  const id = identifier(manager, 'Update', ctx);
  const out = copyManaged(managed);
  out.fields = updaterUpdate(live, updated, ctx.apiVersion, out.fields, self, ctx);
  stripMeta(out, self);
  const vs = out.fields.get(self);
  if (vs) {
    // The operation changed fields: merge them into the manager's entry and stamp it.
    out.fields.delete(self);
    const previous = out.fields.get(id);
    out.fields.set(id, previous ? { ...vs, set: vs.set.union(previous.set) } : vs);
    out.times.set(id, ctx.now);
  }
  return capUpdateManagers(out);
}

/** Merges the oldest Update entries into per-version `ancient-changes` entries until at most 10 remain. */
export function capUpdateManagers(original: Managed, max = MAX_UPDATE_MANAGERS): Managed {
  const updaters = [...original.fields].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= max) return original;
  const managed = copyManaged(original);
  const seconds = (id: string) => {
    const t = managed.times.get(id);
    return t ? Math.floor(Date.parse(t) / 1000) : 0;
  };
  updaters.sort((a, b) => seconds(a) - seconds(b) || compareStrings(a, b));
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i];
    const vs = managed.fields.get(id);
    if (!vs) continue;
    const version = vs.apiVersion;
    const bucket = managerIdentifier({ manager: ANCIENT_CHANGES_MANAGER, operation: 'Update', apiVersion: version });
    const first = firstOfVersion.get(version);
    if (first === undefined) {
      firstOfVersion.set(version, id);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      managed.fields.set(bucket, managed.fields.get(first) as NonNullable<typeof vs>);
      managed.fields.delete(first);
    }
    const into = managed.fields.get(bucket) as NonNullable<typeof vs>;
    managed.fields.set(bucket, { set: vs.set.union(into.set), apiVersion: vs.apiVersion, applied: vs.applied });
    managed.fields.delete(id);
    length--;
    // The bucket takes the time of the newer entry merged into it.
    managed.times.set(bucket, managed.times.get(id));
  }
  return managed;
}

/** The result of an apply step: the new object (`undefined` when unchanged) and the managed fields. */
export interface ApplyStep {
  object: unknown;
  managed: Managed;
}

/** An apply's merge and ownership (build-manager-info, managed-fields-updater, strip-meta, SMD). */
export function applyManaged(
  live: unknown,
  config: unknown,
  managed: Managed,
  manager: string,
  force: boolean,
  ctx: PipelineContext,
): ApplyStep {
  const id = identifier(manager, 'Apply', ctx);
  const out = copyManaged(managed);
  const r = updaterApply(live, config, ctx.apiVersion, out.fields, id, force, ctx);
  out.fields = r.managers;
  stripMeta(out, id);
  // The time moves only when the object changed, as upstream's managedFieldsUpdater does.
  if (r.object !== undefined) out.times.set(id, ctx.now);
  return { object: r.object, managed: out };
}

/** skip-non-applied: an object without managed fields gets them (from its current content) before it is applied to. */
export function applyTracked(
  live: unknown,
  config: unknown,
  managed: Managed,
  manager: string,
  force: boolean,
  ctx: PipelineContext,
): ApplyStep {
  let tracked = managed;
  if (managed.fields.size === 0) tracked = updateManaged({}, live, managed, BEFORE_FIRST_APPLY_MANAGER, ctx);
  return applyManaged(live, config, tracked, manager, force, ctx);
}
