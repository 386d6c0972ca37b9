/**
 * `spec.backoffLimitPerIndex` of Indexed Jobs (upstream's JobBackoffLimitPerIndex, beta and on in
 * 1.32): each index retries on its own. A replacement pod carries its index's failure count in
 * `batch.kubernetes.io/job-index-failure-count`; an index whose count reaches the limit, or whose
 * pod matched a FailIndex rule, is failed for good and listed in `status.failedIndexes`. A failed
 * pod keeps its finalizer until its replacement exists, so the count passes on.
 */
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { getFinishedTime, remainingBackoff } from './backoff.js';
import {
  getCompletionIndex,
  indexesOf,
  intervalsHas,
  parseIntervals,
  UNKNOWN_COMPLETION_INDEX,
  withOrderedIndexes,
  type OrderedIntervals,
} from './indexed.js';
import {
  DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
  hasJobTrackingFinalizer,
  isPodFailed,
  MAX_JOB_POD_FAILURE_BACKOFF_MS,
} from './job-util.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

export const JOB_INDEX_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-failure-count';
export const JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-ignored-failure-count';

export function hasBackoffLimitPerIndex(job: Job): boolean {
  return job.spec?.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null;
}

/** Upstream's `parseInt32` of an annotation: 0 when absent, malformed or out of range. */
function annotationCount(pod: Pod, key: string): number {
  const v = pod.metadata?.annotations?.[key];
  if (v === undefined || !/^[+-]?[0-9]+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > 2_147_483_647 ? 0 : n;
}

export const indexFailureCount = (pod: Pod) => annotationCount(pod, JOB_INDEX_FAILURE_COUNT_ANNOTATION);
const absoluteFailureCount = (pod: Pod) =>
  indexFailureCount(pod) + annotationCount(pod, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);

/** Upstream's `isIndexFailed`: a FailIndex match, or a counted failure that used up the limit. */
export function isIndexFailed(job: Job, pod: Pod): boolean {
  if (!isPodFailed(pod, job)) return false;
  const m = matchPodFailurePolicy(job.spec?.podFailurePolicy, pod);
  if (m.action === 'FailIndex') return true;
  return m.countFailed && indexFailureCount(pod) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

/** Upstream's `calculateFailedIndexes`: `status.failedIndexes` plus indexes failed since. */
export function calculateFailedIndexes(job: Job, pods: readonly Pod[]): OrderedIntervals {
  const completions = job.spec?.completions ?? 0;
  const prev = parseIntervals(job.status?.failedIndexes ?? '', completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && hasJobTrackingFinalizer(p) && isIndexFailed(job, p))
      fresh.add(ix);
  }
  return withOrderedIndexes(
    prev,
    [...fresh].sort((a, b) => a - b),
  );
}

/**
 * Upstream's `getPodsWithDelayedDeletionPerIndex`: per index still to retry (not succeeded,
 * failed or active), its latest failed pod still holding the finalizer.
 */
export function podsWithDelayedDeletion(
  job: Job,
  pods: readonly Pod[],
  activePods: readonly Pod[],
  succeeded: OrderedIntervals,
  failed: OrderedIntervals,
  skip: ReadonlySet<string>,
): Map<number, Pod> {
  const completions = job.spec?.completions ?? 0;
  const active = new Set(indexesOf(activePods));
  const out = new Map<number, Pod>();
  for (const p of pods) {
    if (!hasJobTrackingFinalizer(p) || skip.has(p.metadata?.uid ?? '') || !isPodFailed(p, job)) continue;
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix === UNKNOWN_COMPLETION_INDEX || ix >= completions) continue;
    if (intervalsHas(succeeded, ix) || intervalsHas(failed, ix) || active.has(ix)) continue;
    const last = out.get(ix);
    if (!last || (absoluteFailureCount(last) <= absoluteFailureCount(p) && getFinishedTime(p) >= getFinishedTime(last)))
      out.set(ix, p);
  }
  return out;
}

/** Upstream's `addIndexFailureCountAnnotation`: the replaced pod's counts, plus its failure. */
export function addIndexFailureCountAnnotation(template: PodTemplateSpec, job: Job, replaced: Pod | undefined): void {
  let failures = 0;
  let ignored = 0;
  if (replaced) {
    failures = indexFailureCount(replaced);
    ignored = annotationCount(replaced, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);
    if (matchPodFailurePolicy(job.spec?.podFailurePolicy, replaced).countFailed) failures++;
    else ignored++;
  }
  template.metadata ??= {};
  template.metadata.annotations = {
    ...(template.metadata.annotations ?? {}),
    [JOB_INDEX_FAILURE_COUNT_ANNOTATION]: String(failures),
  };
  if (ignored > 0) template.metadata.annotations[JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(ignored);
}

/** Upstream's `getRemainingTimePerIndex`: the index's own backoff from its last failed pod. */
export function remainingTimePerIndex(now: number, lastFailed: Pod | undefined): number {
  if (!lastFailed) return 0;
  return remainingBackoff(
    now,
    DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
    MAX_JOB_POD_FAILURE_BACKOFF_MS,
    absoluteFailureCount(lastFailed) + 1,
    getFinishedTime(lastFailed),
  );
}
