/**
 * Deployment conditions (upstream's deployment util): their reasons, how one is set without
 * moving lastTransitionTime when the status stays, and the predicates the progress check uses —
 * complete, progressing, timed out.
 */
import type {
  Deployment,
  DeploymentCondition,
  DeploymentStatus,
  ReplicaSetCondition,
} from 'kubernetes-types/apps/v1.js';
import { desiredOf } from './replica-sets.js';

/** Progressing reasons. */
export const REPLICA_SET_UPDATED = 'ReplicaSetUpdated';
export const FAILED_RS_CREATE = 'ReplicaSetCreateError';
export const NEW_REPLICA_SET_CREATED = 'NewReplicaSetCreated';
export const FOUND_NEW_RS = 'FoundNewReplicaSet';
export const NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';
export const TIMED_OUT = 'ProgressDeadlineExceeded';
export const PAUSED_DEPLOY = 'DeploymentPaused';
export const RESUMED_DEPLOY = 'DeploymentResumed';
/** Available reasons. */
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable';
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable';
/** Rollback event reasons. */
export const ROLLBACK_REVISION_NOT_FOUND = 'DeploymentRollbackRevisionNotFound';
export const ROLLBACK_TEMPLATE_UNCHANGED = 'DeploymentRollbackTemplateUnchanged';
export const ROLLBACK_DONE = 'DeploymentRollback';

/** Go's math.MaxInt32: "no deadline" / "keep every revision". */
const MAX_INT32 = 2147483647;

/** metav1.Time's wire form: RFC 3339 at second precision. */
export function metaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Upstream's `NewDeploymentCondition`, stamped `nowMs`. */
export function newCondition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
  nowMs: number,
): DeploymentCondition {
  const t = metaTime(nowMs);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** Upstream's `GetDeploymentCondition`. */
export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * Upstream's `SetDeploymentCondition`: no change when a condition of the type already has the
 * same status and reason; lastTransitionTime kept when only the reason changes; the condition
 * goes last.
 */
export function setCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const cur = getCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const c = { ...cond };
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== c.type), c];
}

/** Upstream's `RemoveDeploymentCondition`. */
export function removeCondition(status: DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}

/** Upstream's `ReplicaSetToDeploymentCondition` (ReplicaFailure promoted to the deployment). */
export function replicaSetToDeploymentCondition(c: ReplicaSetCondition): DeploymentCondition {
  return {
    type: c.type,
    status: c.status,
    lastTransitionTime: c.lastTransitionTime,
    lastUpdateTime: c.lastTransitionTime,
    reason: c.reason,
    message: c.message,
  };
}

/** Upstream's `HasProgressDeadline`. */
export function hasProgressDeadline(d: Deployment): boolean {
  const p = d.spec?.progressDeadlineSeconds;
  return p !== undefined && p !== null && p !== MAX_INT32;
}

/** Upstream's `HasRevisionHistoryLimit`. */
export function hasRevisionHistoryLimit(d: Deployment): boolean {
  const l = d.spec?.revisionHistoryLimit;
  return l !== undefined && l !== null && l !== MAX_INT32;
}

/** Upstream's `DeploymentComplete`: every desired replica updated and available, no old pods, spec observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const want = desiredOf(d);
  return (
    (s.updatedReplicas ?? 0) === want &&
    (s.replicas ?? 0) === want &&
    (s.availableReplicas ?? 0) === want &&
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/**
 * Upstream's `DeploymentProgressing`: more updated, ready or available pods than the deployment's
 * recorded status, or fewer old ones.
 */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0)
  );
}

/**
 * Upstream's `DeploymentTimedOut`: the Progressing condition (unless it says the rollout
 * finished) was last updated more than progressDeadlineSeconds before `nowMs`, or already says
 * ProgressDeadlineExceeded.
 */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c) return false;
  if (c.reason === NEW_RS_AVAILABLE) return false;
  if (c.reason === TIMED_OUT) return true;
  const from = c.lastUpdateTime ? Date.parse(c.lastUpdateTime) : 0;
  return from + d.spec!.progressDeadlineSeconds! * 1000 < nowMs;
}
