/**
 * How far a rollout may go (upstream's deployment util): maxSurge and maxUnavailable resolved
 * against the desired replicas, the new ReplicaSet's next size, saturation, and the proportions
 * a scaling event spreads over the active ReplicaSets.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { getScaledValueFromIntOrPercent, type IntOrString } from '../../machinery/intstr.js';
import { getDesiredReplicasAnnotation, getMaxReplicasAnnotation } from './annotations.js';
import { desiredOf, replicaCount, replicasOf } from './replica-sets.js';

/** True for the RollingUpdate strategy (the default). */
export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/**
 * Upstream's `ResolveFenceposts`: [surge rounded up, unavailable rounded down] of `desired`; an
 * absent value counts as 0, and when both come to 0 unavailable is 1 (surge may be blocked by
 * quota). Throws on a malformed value.
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): [number, number] {
  const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

/** The fenceposts of `d`, [0, 0] when malformed (validation keeps that from happening). */
function fenceposts(d: Deployment): [number, number] {
  const ru = d.spec?.strategy?.rollingUpdate;
  try {
    return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, desiredOf(d));
  } catch {
    return [0, 0];
  }
}

/** Upstream's `MaxUnavailable`: 0 for Recreate or 0 replicas, never above the replicas. */
export function maxUnavailable(d: Deployment): number {
  const desired = desiredOf(d);
  if (!isRollingUpdate(d) || desired === 0) return 0;
  return Math.min(fenceposts(d)[1], desired);
}

/** Upstream's `MinAvailable`. */
export function minAvailable(d: Deployment): number {
  return isRollingUpdate(d) ? desiredOf(d) - maxUnavailable(d) : 0;
}

/** Upstream's `MaxSurge`: 0 for Recreate. */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
}

/**
 * Upstream's `NewRSNewReplicas`: for RollingUpdate, the new ReplicaSet's size after growing into
 * the room maxSurge leaves (never past the desired replicas); for Recreate, the desired replicas.
 */
export function newRSNewReplicas(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
  const desired = desiredOf(d);
  if (!isRollingUpdate(d)) return desired;
  const surge = getScaledValueFromIntOrPercent(d.spec?.strategy?.rollingUpdate?.maxSurge ?? 0, desired, true);
  const current = replicaCount(allRSs);
  const maxTotal = desired + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  const up = Math.min(maxTotal - current, desired - replicasOf(newRS));
  return replicasOf(newRS) + up;
}

/**
 * Upstream's `IsSaturated`: the ReplicaSet has, wants (per its annotation) and has available
 * exactly the deployment's replicas.
 */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = getDesiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  const want = desiredOf(d);
  return replicasOf(rs) === want && desired === want && (rs.status?.availableReplicas ?? 0) === want;
}

/** Go's `integer.RoundToInt32`: half away from zero. */
function roundToInt32(a: number): number {
  return a < 0 ? Math.trunc(a - 0.5) : Math.trunc(a + 0.5);
}

/**
 * Upstream's `getReplicaSetFraction`: the change a ReplicaSet's share of the new total implies,
 * from its max-replicas annotation (else the deployment's current replicas).
 */
export function getReplicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const desired = desiredOf(d);
  if (desired === 0) return -replicasOf(rs);
  const deploymentReplicas = desired + maxSurge(d);
  const annotated = getMaxReplicasAnnotation(rs) ?? d.status?.replicas ?? 0;
  const newSize = (replicasOf(rs) * deploymentReplicas) / annotated;
  // Go's int32(±Inf) is no number either; a ReplicaSet without a base keeps its size.
  if (!Number.isFinite(newSize)) return 0;
  return roundToInt32(newSize) - replicasOf(rs);
}

/**
 * Upstream's `GetProportion`: how many replicas to add to (or remove from, when negative) `rs`,
 * bounded by what is left of `toAdd` once `added` are placed.
 */
export function getProportion(rs: ReplicaSet | undefined, d: Deployment, toAdd: number, added: number): number {
  if (!rs || replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = getReplicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}
