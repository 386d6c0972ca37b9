/**
 * The RollingUpdate strategy (upstream's rolling.go): grow the new ReplicaSet into the room
 * maxSurge leaves, shrink old ones as far as maxUnavailable allows (unhealthy replicas first),
 * one step per sync, each step waiting for the ReplicaSets' status to move.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { deploymentComplete } from './conditions.js';
import type { DeploymentEnv } from './env.js';
import { maxUnavailable, newRSNewReplicas } from './fenceposts.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import { syncRolloutStatus } from './progress.js';
import {
  availableReplicaCount,
  byCreationTimestamp,
  desiredOf,
  filterActive,
  replicaCount,
  replicasOf,
} from './replica-sets.js';
import { cleanupDeployment, scaleReplicaSetAndRecordEvent } from './sync.js';

/** Upstream's `rolloutRolling`: scale up, else scale down, else clean up when complete; then the status. */
export async function rolloutRolling(env: DeploymentEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const [newRS, oldRSs] = await getAllReplicaSetsAndSyncRevision(env, d, rsList, true);
  const allRSs = [...oldRSs, newRS!];
  if (await reconcileNewReplicaSet(env, allRSs, newRS!, d)) return syncRolloutStatus(env, allRSs, newRS, d);
  if (await reconcileOldReplicaSets(env, allRSs, filterActive(oldRSs), newRS!, d)) {
    return syncRolloutStatus(env, allRSs, newRS, d);
  }
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(env, oldRSs, d);
  return syncRolloutStatus(env, allRSs, newRS, d);
}

/** Upstream's `reconcileNewReplicaSet`: true when the new ReplicaSet was resized. */
export async function reconcileNewReplicaSet(
  env: DeploymentEnv,
  allRSs: ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): Promise<boolean> {
  const desired = desiredOf(d);
  if (replicasOf(newRS) === desired) return false;
  if (replicasOf(newRS) > desired) return (await scaleReplicaSetAndRecordEvent(env, newRS, desired, d))[0];
  return (await scaleReplicaSetAndRecordEvent(env, newRS, newRSNewReplicas(d, allRSs, newRS), d))[0];
}

/**
 * Upstream's `reconcileOldReplicaSets`: at most allPods − minAvailable − (new ReplicaSet's
 * unavailable pods) old replicas go, unhealthy ones first so they never block the rollout;
 * then healthy ones while more than minAvailable pods are available. True when any went.
 * Write failures here end the step without an error, as upstream's.
 */
export async function reconcileOldReplicaSets(
  env: DeploymentEnv,
  allRSs: ReplicaSet[],
  oldRSs: ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): Promise<boolean> {
  if (replicaCount(oldRSs) === 0) return false;
  const allPods = replicaCount(allRSs);
  const minAvailable = desiredOf(d) - maxUnavailable(d);
  const newRSUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  let cleaned: [ReplicaSet[], number];
  try {
    cleaned = await cleanupUnhealthyReplicas(env, oldRSs, d, maxScaledDown);
  } catch {
    return false;
  }
  const [olds, cleanupCount] = cleaned;
  let scaledDown: number;
  try {
    scaledDown = await scaleDownOldReplicaSetsForRollingUpdate(env, [...olds, newRS], olds, d);
  } catch {
    return false;
  }
  return cleanupCount + scaledDown > 0;
}

/**
 * Upstream's `cleanupUnhealthyReplicas`: scales old ReplicaSets (oldest first) down by their
 * unavailable replicas, at most `maxCleanupCount` in all — the ReplicaSet controller deletes
 * not-ready pods first. Returns the ReplicaSets as now stored and how many replicas went.
 */
export async function cleanupUnhealthyReplicas(
  env: DeploymentEnv,
  oldRSs: ReplicaSet[],
  d: Deployment,
  maxCleanupCount: number,
): Promise<[ReplicaSet[], number]> {
  const rss = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  for (let i = 0; i < rss.length; i++) {
    const rs = rss[i];
    if (total >= maxCleanupCount) break;
    const replicas = replicasOf(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanupCount - total, replicas - available);
    const newCount = replicas - count;
    if (newCount > replicas) {
      throw new Error(
        `when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata?.namespace}/${rs.metadata?.name} ${replicas} -> ${newCount}`,
      );
    }
    const [, updated] = await scaleReplicaSetAndRecordEvent(env, rs, newCount, d);
    total += count;
    rss[i] = updated;
  }
  return [rss, total];
}

/**
 * Upstream's `scaleDownOldReplicaSetsForRollingUpdate`: removes, oldest ReplicaSets first, the
 * available pods beyond minAvailable. Returns how many.
 */
export async function scaleDownOldReplicaSetsForRollingUpdate(
  env: DeploymentEnv,
  allRSs: ReplicaSet[],
  oldRSs: ReplicaSet[],
  d: Deployment,
): Promise<number> {
  const minAvailable = desiredOf(d) - maxUnavailable(d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const rss = [...oldRSs].sort(byCreationTimestamp);
  const target = available - minAvailable;
  let total = 0;
  for (const rs of rss) {
    if (total >= target) break;
    const replicas = replicasOf(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, target - total);
    await scaleReplicaSetAndRecordEvent(env, rs, replicas - count, d);
    total += count;
  }
  return total;
}
