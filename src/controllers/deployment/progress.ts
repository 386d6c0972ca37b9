/**
 * The rollout's status and its Progressing condition (upstream's progress.go): complete
 * (NewReplicaSetAvailable), progressing (ReplicaSetUpdated), or past progressDeadlineSeconds
 * (ProgressDeadlineExceeded); ReplicaFailure carried over from the ReplicaSets; and a timed
 * requeue so a stuck rollout is noticed at its deadline.
 */
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import {
  NEW_RS_AVAILABLE,
  REPLICA_SET_UPDATED,
  TIMED_OUT,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  removeCondition,
  replicaSetToDeploymentCondition,
  setCondition,
} from './conditions.js';
import { quote, type DeploymentEnv } from './env.js';
import { calculateStatus, compactStatus, statusEqual } from './status.js';

/**
 * Upstream's `syncRolloutStatus`: the calculated status with the Progressing condition moved on
 * (only while a rollout is under way and a deadline is set) and ReplicaFailure promoted; written
 * when it differs, else the deployment is requeued for its deadline.
 */
export async function syncRolloutStatus(
  env: DeploymentEnv,
  allRSs: (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
): Promise<void> {
  const now = env.now();
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isComplete = status.replicas === status.updatedReplicas && current?.reason === NEW_RS_AVAILABLE;
  const name = d.metadata?.name;
  const rsName = newRS?.metadata?.name;
  if (hasProgressDeadline(d) && !isComplete) {
    if (deploymentComplete(d, status)) {
      const msg = newRS
        ? `ReplicaSet ${quote(rsName)} has successfully progressed.`
        : `Deployment ${quote(name)} has successfully progressed.`;
      setCondition(status, newCondition('Progressing', 'True', NEW_RS_AVAILABLE, msg, now));
    } else if (deploymentProgressing(d, status)) {
      const msg = newRS ? `ReplicaSet ${quote(rsName)} is progressing.` : `Deployment ${quote(name)} is progressing.`;
      const cond = newCondition('Progressing', 'True', REPLICA_SET_UPDATED, msg, now);
      // Progress moves lastUpdateTime even with the same reason (setCondition would not).
      if (current) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      const msg = newRS
        ? `ReplicaSet ${quote(rsName)} has timed out progressing.`
        : `Deployment ${quote(name)} has timed out progressing.`;
      setCondition(status, newCondition('Progressing', 'False', TIMED_OUT, msg, now));
    }
  }
  const failures = getReplicaFailures(allRSs, newRS);
  if (failures.length) setCondition(status, failures[0]);
  else removeCondition(status, 'ReplicaFailure');

  const next = compactStatus(status);
  if (statusEqual(d.status, next)) {
    requeueStuckDeployment(env, d, next, now);
    return;
  }
  d.status = next;
  await env.updateDeploymentStatus(d);
}

/** Upstream's `getReplicaFailures`: the new ReplicaSet's ReplicaFailure conditions, else any old one's. */
export function getReplicaFailures(
  allRSs: (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
): DeploymentCondition[] {
  const of = (rs: ReplicaSet | undefined) =>
    (rs?.status?.conditions ?? []).filter((c) => c.type === 'ReplicaFailure').map(replicaSetToDeploymentCondition);
  const fromNew = of(newRS);
  return fromNew.length ? fromNew : allRSs.flatMap(of);
}

/**
 * Upstream's `requeueStuckDeployment`: with a deadline and a rollout neither complete nor timed
 * out, sync again when the Progressing condition's lastUpdateTime + progressDeadlineSeconds
 * passes. Returns the delay in ms, or -1 when no check is due. Upstream requeues rate-limited
 * (within ms) when under a second remains; we wait for the deadline itself instead of spinning.
 */
export function requeueStuckDeployment(
  env: DeploymentEnv,
  d: Deployment,
  status: DeploymentStatus,
  nowMs: number,
): number {
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return -1;
  if (deploymentComplete(d, status) || current.reason === TIMED_OUT) return -1;
  const from = current.lastUpdateTime ? Date.parse(current.lastUpdateTime) : 0;
  const after = from + d.spec!.progressDeadlineSeconds! * 1000 - nowMs;
  if (after < 1000) {
    // The deadline check is strict (deadline < now): come back just after it.
    env.requeueAfter(Math.max(after, 0) + 50);
    return 0;
  }
  // Upstream adds a second against clock skew between the timer and the condition's timestamp.
  env.requeueAfter(after + 1000);
  return after;
}
