/**
 * A deployment's status from its ReplicaSets (upstream's `calculateStatus`), and the comparison
 * that decides whether it needs writing.
 */
import type { Deployment, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { MINIMUM_REPLICAS_AVAILABLE, MINIMUM_REPLICAS_UNAVAILABLE, newCondition, setCondition } from './conditions.js';
import { maxUnavailable } from './fenceposts.js';
import { canonicalJSON } from './hash.js';
import {
  actualReplicaCount,
  availableReplicaCount,
  desiredOf,
  readyReplicaCount,
  replicaCount,
} from './replica-sets.js';

const COUNTS = [
  'observedGeneration',
  'replicas',
  'updatedReplicas',
  'readyReplicas',
  'availableReplicas',
  'unavailableReplicas',
] as const;

/** The status as Go serializes it: zero counts omitted (`omitempty`); collisionCount kept when set. */
export function compactStatus(s: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = { ...s };
  for (const k of COUNTS) if (!out[k]) delete out[k];
  if (out.collisionCount === undefined || out.collisionCount === null) delete out.collisionCount;
  if (!out.conditions?.length) delete out.conditions;
  return out;
}

/** Whether two statuses serialize the same (upstream's `reflect.DeepEqual` on the status). */
export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  return canonicalJSON(compactStatus(a ?? {})) === canonicalJSON(compactStatus(b ?? {}));
}

/**
 * Upstream's `calculateStatus`: counts summed over the ReplicaSets (updated ones from the new
 * ReplicaSet), the spec's generation observed, conditions carried over, and Available set from
 * whether at least replicas − maxUnavailable pods are available.
 */
export function calculateStatus(
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  nowMs: number,
): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const unavailable = Math.max(0, replicaCount(allRSs) - available);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
    collisionCount: d.status?.collisionCount,
    conditions: (d.status?.conditions ?? []).map((c) => ({ ...c })),
  };
  if (available >= desiredOf(d) - maxUnavailable(d)) {
    const msg = 'Deployment has minimum availability.';
    setCondition(status, newCondition('Available', 'True', MINIMUM_REPLICAS_AVAILABLE, msg, nowMs));
  } else {
    const msg = 'Deployment does not have minimum availability.';
    setCondition(status, newCondition('Available', 'False', MINIMUM_REPLICAS_UNAVAILABLE, msg, nowMs));
  }
  return compactStatus(status);
}
