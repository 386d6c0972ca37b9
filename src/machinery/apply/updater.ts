/**
 * structured-merge-diff's `merge.Updater`: how an update moves field ownership and how an apply
 * merges a configuration, prunes what its manager stopped applying, and finds conflicts.
 *
 * One schema serves every manager: there is no conversion between API versions, so a manager's
 * fields are compared as they are whatever version it wrote them at.
 */
import type { ApplySchema } from './apply-schema.js';
import { conflictsFromManagers, ConflictsError } from './conflicts.js';
import { FieldSet } from './field-set.js';
import type { VersionedSet } from './managed-fields.js';
import { compareObjects, excludeFields, mergeObjects, type Comparison } from './merge.js';
import { jsonEqual } from '../patch/json-values.js';
import { ensureNamedFieldsAreMembers, removeItems, toFieldSet } from './to-field-set.js';

/** Sets by manager identifier. */
export type ManagerSets = Map<string, VersionedSet>;

/** What every step needs: the object's schema and the fields this endpoint resets (never owned). */
export interface UpdaterContext {
  schema: ApplySchema;
  /** Upstream's reset fields: `status` for a main resource, `spec` (and more) for `/status`. */
  ignored?: FieldSet;
}

/**
 * Compares the objects and takes what changed away from every manager but `workflow`; with
 * `force` false, throws {@link ConflictsError} instead when a change touches another's field.
 */
function updateSets(
  oldObject: unknown,
  newObject: unknown,
  managers: ManagerSets,
  workflow: string,
  force: boolean,
  ctx: UpdaterContext,
): { managers: ManagerSets; compare: Comparison } {
  const compare = compareObjects(oldObject, newObject, ctx.schema);
  const relevant = excludeFields(compare, ctx.ignored);
  const changed = relevant.modified.union(relevant.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [manager, vs] of managers) {
    if (manager === workflow) continue;
    const conflict = vs.set.intersection(changed);
    if (!conflict.isEmpty()) conflicts.set(manager, conflict);
  }
  if (!force && conflicts.size > 0) throw new ConflictsError(conflictsFromManagers(conflicts));
  const out: ManagerSets = new Map();
  for (const [manager, vs] of managers) {
    let set = vs.set;
    if (manager !== workflow) {
      const conflict = conflicts.get(manager);
      if (conflict) set = set.difference(conflict);
      if (!relevant.removed.isEmpty()) set = set.difference(relevant.removed);
    }
    if (!set.isEmpty()) out.set(manager, set === vs.set ? vs : { ...vs, set });
  }
  return { managers: out, compare };
}

/**
 * Ownership after a create, update or non-apply patch (`Updater.Update`): `manager` takes every
 * field that was added or modified, removed fields leave every set.
 */
export function updaterUpdate(
  live: unknown,
  updated: unknown,
  apiVersion: string,
  managers: ManagerSets,
  manager: string,
  ctx: UpdaterContext,
): ManagerSets {
  const r = updateSets(live, updated, managers, manager, true, ctx);
  const previous = r.managers.get(manager)?.set ?? new FieldSet();
  let set = previous.union(r.compare.modified).union(r.compare.added).difference(r.compare.removed);
  if (ctx.ignored) set = set.recursiveDifference(ctx.ignored);
  if (set.isEmpty()) r.managers.delete(manager);
  else r.managers.set(manager, { set, apiVersion, applied: false });
  return r.managers;
}

/** The result of {@link updaterApply}: the new object (`undefined` when it did not change) and the sets. */
export interface UpdaterApplyResult {
  object: unknown;
  managers: ManagerSets;
}

/**
 * An apply (`Updater.Apply`): merges `config` into `live`, gives `manager` exactly the fields of
 * `config`, removes what it applied last time and no longer applies unless another manager owns
 * it, and throws {@link ConflictsError} for changed fields others own unless `force`.
 */
export function updaterApply(
  live: unknown,
  config: unknown,
  apiVersion: string,
  managers: ManagerSets,
  manager: string,
  force: boolean,
  ctx: UpdaterContext,
): UpdaterApplyResult {
  const sets: ManagerSets = new Map(managers);
  let merged = mergeObjects(live, config, ctx.schema);
  const lastSet = sets.get(manager);
  let set = toFieldSet(config, ctx.schema);
  if (ctx.ignored) set = set.recursiveDifference(ctx.ignored);
  sets.set(manager, { set, apiVersion, applied: true });
  merged = prune(merged, sets, lastSet?.set, ctx.schema);
  const r = updateSets(live, merged, sets, manager, force, ctx);
  return { object: jsonEqual(live, merged) ? undefined : merged, managers: r.managers };
}

/**
 * Removes what `lastSet` held and no manager (the applier's new set included) still owns
 * (`Updater.prune` with addBackOwnedItems and addBackDanglingItems).
 */
function prune(merged: unknown, managers: ManagerSets, lastSet: FieldSet | undefined, schema: ApplySchema): unknown {
  if (!lastSet || lastSet.isEmpty()) return merged;
  const ensure = (s: FieldSet) => ensureNamedFieldsAreMembers(s, schema);
  const last = ensure(lastSet);
  let pruned = removeItems(merged, last, schema);

  let managed = new FieldSet();
  for (const vs of managers.values()) managed = managed.union(vs.set);
  const mergedSet = ensure(toFieldSet(merged, schema));
  const keep = ensure(toFieldSet(pruned, schema)).union(ensure(managed));
  pruned = removeItems(merged, mergedSet.difference(keep), schema);

  const prunedSet = ensure(toFieldSet(pruned, schema));
  return removeItems(merged, mergedSet.difference(prunedSet).intersection(last), schema);
}
