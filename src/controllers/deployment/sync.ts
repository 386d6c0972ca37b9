/**
 * Scaling and bookkeeping shared by every strategy (upstream's sync.go): the paused/scaling
 * sync, proportional scaling, scaling one ReplicaSet with its event, cleanup of old revisions,
 * the status-only sync, the paused condition, and scaling-event detection.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { getDesiredReplicasAnnotation, getRollbackTo, byRevision, setReplicasAnnotations } from './annotations.js';
import {
  PAUSED_DEPLOY,
  RESUMED_DEPLOY,
  TIMED_OUT,
  getCondition,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  newCondition,
  setCondition,
} from './conditions.js';
import type { DeploymentEnv } from './env.js';
import { getProportion, isRollingUpdate, isSaturated, maxSurge } from './fenceposts.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import {
  bySizeNewer,
  bySizeOlder,
  desiredOf,
  filterActive,
  findActiveOrLatest,
  replicaCount,
  replicasOf,
} from './replica-sets.js';
import { calculateStatus, statusEqual } from './status.js';
import { replicasAnnotationsNeedUpdate } from './annotations.js';

/** Upstream's `syncStatusOnly`: status from the ReplicaSets, no other write (a deployment being deleted). */
export async function syncStatusOnly(env: DeploymentEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const [newRS, oldRSs] = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  await syncDeploymentStatus(env, [...oldRSs, newRS], newRS, d);
}

/**
 * Upstream's `sync`: for scaling events and paused deployments. Scales (proportionally during a
 * rollout), cleans up old revisions when paused with no rollback pending, and writes the status.
 */
export async function sync(env: DeploymentEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const [newRS, oldRSs] = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  await scale(env, d, newRS, oldRSs);
  if (d.spec?.paused && getRollbackTo(d) === undefined) await cleanupDeployment(env, oldRSs, d);
  await syncDeploymentStatus(env, [...oldRSs, newRS], newRS, d);
}

/**
 * Upstream's `checkPausedConditions`: a Progressing condition DeploymentPaused ("Deployment is
 * paused") while paused and DeploymentResumed ("Deployment is resumed") once resumed, so time
 * spent paused never counts against the progress deadline. A timed-out condition stays.
 */
export async function checkPausedConditions(env: DeploymentEnv, d: Deployment): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === TIMED_OUT) return;
  const pausedCondExists = cond?.reason === PAUSED_DEPLOY;
  const now = env.now();
  if (d.spec?.paused && !pausedCondExists) {
    setCondition((d.status ??= {}), newCondition('Progressing', 'Unknown', PAUSED_DEPLOY, 'Deployment is paused', now));
  } else if (!d.spec?.paused && pausedCondExists) {
    setCondition(
      (d.status ??= {}),
      newCondition('Progressing', 'Unknown', RESUMED_DEPLOY, 'Deployment is resumed', now),
    );
  } else return;
  await env.updateDeploymentStatus(d);
}

/**
 * Upstream's `scale`: one active (or no active, then the newest) ReplicaSet takes the full size;
 * a saturated new ReplicaSet leaves the old ones at 0; otherwise, for RollingUpdate, the
 * difference to replicas + maxSurge is spread over the active ReplicaSets in proportion to
 * their size, leftovers to the largest.
 */
export async function scale(
  env: DeploymentEnv,
  d: Deployment,
  newRS: ReplicaSet | undefined,
  oldRSs: ReplicaSet[],
): Promise<void> {
  const desired = desiredOf(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (replicasOf(activeOrLatest) === desired) return;
    await scaleReplicaSetAndRecordEvent(env, activeOrLatest, desired, d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) await scaleReplicaSetAndRecordEvent(env, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allRSs = filterActive([...oldRSs, newRS]);
  const allowedSize = desired > 0 ? desired + maxSurge(d) : 0;
  // What must be added to (or, negative, removed from) the active ReplicaSets together.
  const toAdd = allowedSize - replicaCount(allRSs);
  let operation = '';
  if (toAdd > 0) {
    allRSs.sort(bySizeNewer);
    operation = 'up';
  } else if (toAdd < 0) {
    allRSs.sort(bySizeOlder);
    operation = 'down';
  }
  let added = 0;
  const nameToSize = new Map<string, number>();
  for (const rs of allRSs) {
    const name = rs.metadata?.name ?? '';
    if (toAdd !== 0) {
      const proportion = getProportion(rs, d, toAdd, added);
      nameToSize.set(name, replicasOf(rs) + proportion);
      added += proportion;
    } else nameToSize.set(name, replicasOf(rs));
  }
  for (let i = 0; i < allRSs.length; i++) {
    const rs = allRSs[i];
    const name = rs.metadata?.name ?? '';
    if (i === 0 && toAdd !== 0) nameToSize.set(name, Math.max(0, nameToSize.get(name)! + toAdd - added));
    await scaleReplicaSet(env, rs, nameToSize.get(name)!, d, operation);
  }
}

/** Upstream's `scaleReplicaSetAndRecordEvent`: [scaled, the ReplicaSet as now stored]. */
export async function scaleReplicaSetAndRecordEvent(
  env: DeploymentEnv,
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
): Promise<[boolean, ReplicaSet]> {
  if (replicasOf(rs) === newScale) return [false, rs];
  return scaleReplicaSet(env, rs, newScale, d, replicasOf(rs) < newScale ? 'up' : 'down');
}

/**
 * Upstream's `scaleReplicaSet`: writes the size and the desired/max-replicas annotations when
 * either changed; a size change is recorded as ScalingReplicaSet
 * "Scaled up replica set web-abc from 1 to 3".
 */
export async function scaleReplicaSet(
  env: DeploymentEnv,
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
  operation: string,
): Promise<[boolean, ReplicaSet]> {
  const oldScale = replicasOf(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  const desired = desiredOf(d);
  const max = desired + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return [false, rs];
  const rsCopy = structuredClone(rs);
  (rsCopy.spec ??= { selector: {} }).replicas = newScale;
  setReplicasAnnotations(rsCopy, desired, max);
  const updated = await env.updateReplicaSet(rsCopy);
  if (sizeNeedsUpdate) {
    const fmt = 'Scaled %s replica set %s from %d to %d';
    env.event(d, 'Normal', 'ScalingReplicaSet', fmt, operation, updated.metadata?.name, oldScale, newScale);
  }
  return [sizeNeedsUpdate, updated];
}

/**
 * Upstream's `cleanupDeployment`: deletes the oldest old ReplicaSets beyond
 * revisionHistoryLimit, only those scaled to 0, with no pods left, observed by their controller
 * and not already being deleted.
 */
export async function cleanupDeployment(env: DeploymentEnv, oldRSs: ReplicaSet[], d: Deployment): Promise<void> {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => rs && !rs.metadata?.deletionTimestamp);
  const diff = cleanable.length - d.spec!.revisionHistoryLimit!;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    const unobserved = (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0);
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || unobserved || rs.metadata?.deletionTimestamp)
      continue;
    await env.deleteReplicaSet(rs);
  }
}

/** Upstream's `syncDeploymentStatus`: writes the calculated status when it differs. */
export async function syncDeploymentStatus(
  env: DeploymentEnv,
  allRSs: (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, env.now());
  if (statusEqual(d.status, status)) return;
  d.status = status;
  await env.updateDeploymentStatus(d);
}

/**
 * Upstream's `isScalingEvent`: an active ReplicaSet's desired-replicas annotation differs from
 * the deployment's replicas, i.e. the deployment was scaled rather than changed.
 */
export async function isScalingEvent(env: DeploymentEnv, d: Deployment, rsList: ReplicaSet[]): Promise<boolean> {
  const [newRS, oldRSs] = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = getDesiredReplicasAnnotation(rs);
    if (desired === undefined) continue;
    if (desired !== desiredOf(d)) return true;
  }
  return false;
}
