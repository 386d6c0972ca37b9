/**
 * What the Job controller's parts share (upstream's `job_controller.go` helpers and
 * `job/util`): label and finalizer names, conditions, and when a pod counts as failed.
 */
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';

/** Upstream's `batch.JobTrackingFinalizer`: a pod is counted before it may go away. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** Upstream's `batch.JobCompletionIndexAnnotation` (also the pod index label). */
export const JOB_COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

/** Upstream's pod-failure backoff: 10 s doubling per failure, at most 10 minutes. */
export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 10 * 60_000;
/** Upstream's `syncJobBatchPeriod`: pod events coalesce for a second. */
export const SYNC_JOB_BATCH_PERIOD_MS = 1_000;
/** Upstream's `MaxUncountedPods` and `MaxPodCreateDeletePerSync`. */
export const MAX_UNCOUNTED_PODS = 500;
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

export function isIndexedJob(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

export function jobSuspended(job: Job): boolean {
  return job.spec?.suspend === true;
}

export function hasJobTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata?.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
}

/** Upstream's `onlyReplaceFailedPods`: `podReplacementPolicy: Failed`, or a pod failure policy. */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy;
}

/**
 * Upstream's `isPodFailed`: phase Failed, or — unless only failed pods are replaced — deleted
 * before succeeding (an orphan that never reached a terminal phase).
 */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

/** Upstream's `FilterTerminatingPods`/`CountTerminatingPods`: deleting, not yet terminal. */
export function isPodTerminating(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !!pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

export function findCondition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type);
}

/** Upstream's `IsJobFinished`: Complete or Failed is True. */
export function isJobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

/** An RFC 3339 timestamp, second precision, as metav1.Time serialises. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Upstream's `newCondition`. */
export function newCondition(type: string, status: string, reason: string, message: string, now: number): JobCondition {
  const t = rfc3339(now);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

/**
 * Upstream's `ensureJobConditionStatus`: sets the condition of `type`, replacing one whose
 * status, reason or message differ; a missing condition is not added as False. Returns whether
 * the list changed.
 */
export function ensureJobConditionStatus(
  job: Job,
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): boolean {
  const list = (job.status!.conditions ??= []);
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i];
    if (c.status !== status || (c.reason ?? '') !== reason || (c.message ?? '') !== message) {
      list[i] = newCondition(type, status, reason, message, now);
      return true;
    }
    return false;
  }
  if (status !== 'False') {
    list.push(newCondition(type, status, reason, message, now));
    return true;
  }
  return false;
}

/** Upstream's controller.ActivePods order: the pods to delete first sort first. */
export function activePodsOrder(a: Pod, b: Pod): number {
  const assigned = (p: Pod) => (p.spec?.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const rank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const ra = rank[a.status?.phase ?? 'Pending'] ?? 0;
  const rb = rank[b.status?.phase ?? 'Pending'] ?? 0;
  if (ra !== rb) return ra - rb;
  const ready = (p: Pod) => (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  const restarts = (p: Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const created = (p: Pod) => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;
  return created(b) - created(a);
}
