/**
 * The Recreate strategy (upstream's recreate.go): scale every old ReplicaSet to 0, wait until
 * none of their pods is left running, only then create and scale up the new ReplicaSet.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { deploymentComplete } from './conditions.js';
import type { DeploymentEnv } from './env.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import { syncRolloutStatus } from './progress.js';
import { actualReplicaCount, desiredOf, filterActive, replicasOf } from './replica-sets.js';
import { cleanupDeployment, scaleReplicaSetAndRecordEvent } from './sync.js';

/** The deployment's pods by the uid of the ReplicaSet controlling them (every ReplicaSet has an entry). */
export type PodMap = Map<string, Pod[]>;

/** Upstream's `rolloutRecreate`. */
export async function rolloutRecreate(
  env: DeploymentEnv,
  d: Deployment,
  rsList: ReplicaSet[],
  podMap: PodMap,
): Promise<void> {
  // No new ReplicaSet yet: creating it now would scale up before the old pods are gone.
  let [newRS, oldRSs] = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  let allRSs = [...oldRSs, newRS];
  if (await scaleDownOldReplicaSetsForRecreate(env, filterActive(oldRSs), d)) {
    return syncRolloutStatus(env, allRSs, newRS, d);
  }
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(env, allRSs, newRS, d);
  if (!newRS) {
    [newRS, oldRSs] = await getAllReplicaSetsAndSyncRevision(env, d, rsList, true);
    allRSs = [...oldRSs, newRS];
  }
  await scaleReplicaSetAndRecordEvent(env, newRS!, desiredOf(d), d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(env, oldRSs, d);
  return syncRolloutStatus(env, allRSs, newRS, d);
}

/** Upstream's `scaleDownOldReplicaSetsForRecreate`: every active old ReplicaSet to 0; true when any was scaled. */
export async function scaleDownOldReplicaSetsForRecreate(
  env: DeploymentEnv,
  oldRSs: ReplicaSet[],
  d: Deployment,
): Promise<boolean> {
  let scaled = false;
  for (let i = 0; i < oldRSs.length; i++) {
    if (replicasOf(oldRSs[i]) === 0) continue;
    const [did, updated] = await scaleReplicaSetAndRecordEvent(env, oldRSs[i], 0, d);
    if (did) {
      oldRSs[i] = updated;
      scaled = true;
    }
  }
  return scaled;
}

/**
 * Upstream's `oldPodsRunning`: old ReplicaSets still report pods, or a pod of an old ReplicaSet
 * is in any phase but Succeeded/Failed (Unknown counts: it may still run).
 */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], podMap: PodMap): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata?.uid === uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}
