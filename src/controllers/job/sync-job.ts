/**
 * One Job sync (upstream's `syncJob`): count the Job's pods, decide whether it has failed
 * (pod failure policy, backoff limit, active deadline) or succeeded, run or stop pods through
 * `manageJob`, keep the Suspended condition and `startTime`, and hand the counting and the
 * final condition to the finalizer tracking.
 */
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodActive, isPodReady } from '../common/index.js';
import { calculateSucceededIndexes, getCompletionIndex, intervalsTotal, UNKNOWN_COMPLETION_INDEX } from './indexed.js';
import {
  ensureJobConditionStatus,
  findCondition,
  hasJobTrackingFinalizer,
  isIndexedJob,
  isJobFinished,
  isPodFailed,
  isPodTerminating,
  jobSuspended,
  newCondition,
  rfc3339,
} from './job-util.js';
import { deleteActivePods, manageJob } from './manage-job.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import { eventTarget, type JobEnv, type SyncJobCtx } from './sync-context.js';
import { calculateFailedIndexes, hasBackoffLimitPerIndex, podsWithDelayedDeletion } from './per-index.js';
import { matchSuccessPolicy } from './success-policy.js';
import { trackJobStatusAndRemoveFinalizers } from './tracking.js';

/**
 * Upstream's `getValidPodsWithFilter`: pods still holding the finalizer, not yet uncounted or
 * being un-finalized, with a valid index for Indexed Jobs, that pass `filter`.
 */
function validPods(jc: SyncJobCtx, uncounted: ReadonlySet<string>, filter: (p: Pod) => boolean): Pod[] {
  const completions = jc.job.spec?.completions ?? 0;
  return jc.pods.filter((p) => {
    const uid = p.metadata?.uid ?? '';
    if (!hasJobTrackingFinalizer(p) || uncounted.has(uid) || jc.expectedRmFinalizers.has(uid)) return false;
    if (isIndexedJob(jc.job)) {
      const ix = getCompletionIndex(p.metadata?.annotations);
      if (ix === UNKNOWN_COMPLETION_INDEX || ix >= completions) return false;
    }
    return filter(p);
  });
}

/** Upstream's `pastBackoffLimitOnFailure`: container restarts of running pods under `OnFailure`. */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of p.status?.initContainerStatuses ?? []) restarts += s.restartCount ?? 0;
    for (const s of p.status?.containerStatuses ?? []) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** Upstream's `getFailJobMessage`: the message of the first failed pod matching a FailJob rule. */
function failJobMessage(job: Job, pods: readonly Pod[]): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p).failJobMessage;
    if (m) return m;
  }
  return undefined;
}

/**
 * Syncs the Job `job` (a copy the caller owns) with its claimed `pods`. `satisfied` is whether
 * the expectations were met before the pods were read. Throws on API errors, for a retry.
 */
export async function syncJob(env: JobEnv, key: string, job: Job, pods: Pod[], satisfied: boolean): Promise<void> {
  if (isJobFinished(job)) {
    env.backoff.remove(key);
    return;
  }
  const mode = job.spec?.completionMode;
  if (mode && mode !== 'NonIndexed' && mode !== 'Indexed') {
    env.recorder.event(
      eventTarget(job),
      'Warning',
      'UnknownCompletionMode',
      'Skipped Job sync because completion mode is unknown',
    );
    return;
  }
  job.status ??= {};
  job.status.uncountedTerminatedPods ??= {};
  const now = env.now();
  const activePods = pods.filter(isPodActive);
  const jc: SyncJobCtx = {
    key,
    job,
    pods,
    activePods,
    succeeded: 0,
    failed: 0,
    prevSucceededIndexes: [],
    succeededIndexes: [],
    newBackoffRecord: { key, failuresAfterLastSuccess: 0 },
    expectedRmFinalizers: env.finalizerExpectations.expectedUIDs(key),
    uncountedSucceeded: new Set(job.status.uncountedTerminatedPods.succeeded ?? []),
    uncountedFailed: new Set(job.status.uncountedTerminatedPods.failed ?? []),
    delayedDeletion: new Map(),
    terminating: pods.filter(isPodTerminating).length,
    ready: activePods.filter(isPodReady).length,
  };
  let active = activePods.length;
  const newSucceeded = validPods(jc, jc.uncountedSucceeded, (p) => p.status?.phase === 'Succeeded');
  const newFailed = validPods(jc, jc.uncountedFailed, (p) => isPodFailed(p, job));
  const counted = newFailed.filter((p) => matchPodFailurePolicy(job.spec?.podFailurePolicy, p).countFailed).length;
  jc.succeeded = (job.status.succeeded ?? 0) + newSucceeded.length + jc.uncountedSucceeded.size;
  jc.failed = (job.status.failed ?? 0) + counted + jc.uncountedFailed.size;

  // First start; a suspended Job has not started.
  if (!job.status.startTime && !jobSuspended(job)) job.status.startTime = rfc3339(now);
  jc.newBackoffRecord = env.backoff.newRecord(key, newSucceeded, newFailed);

  const backoffLimit = job.spec?.backoffLimit ?? 6;
  const met = findCondition(job, 'SuccessCriteriaMet');
  if (met?.status === 'True') jc.finishedCondition = met;
  if (!jc.finishedCondition) {
    const target = findCondition(job, 'FailureTarget');
    if (target?.status === 'True')
      jc.finishedCondition = newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now);
    else {
      const msg = failJobMessage(job, pods);
      if (msg) jc.finishedCondition = newCondition('FailureTarget', 'True', 'PodFailurePolicy', msg, now);
    }
  }
  if (!jc.finishedCondition) {
    const deadline = job.spec?.activeDeadlineSeconds;
    const started = job.status.startTime ? Date.parse(job.status.startTime) : now;
    if (jc.failed > backoffLimit || pastBackoffLimitOnFailure(job, pods)) {
      jc.finishedCondition = newCondition(
        'FailureTarget',
        'True',
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
        now,
      );
    } else if (deadline !== undefined && deadline !== null && !jobSuspended(job)) {
      const left = deadline * 1000 - (now - started);
      if (left <= 0)
        jc.finishedCondition = newCondition(
          'FailureTarget',
          'True',
          'DeadlineExceeded',
          'Job was active longer than specified deadline',
          now,
        );
      else env.enqueueAfter(key, left);
    }
  }
  if (isIndexedJob(job)) {
    const s = calculateSucceededIndexes(job, pods, hasJobTrackingFinalizer);
    jc.prevSucceededIndexes = s.prev;
    jc.succeededIndexes = s.all;
    jc.succeeded = intervalsTotal(s.all);
    if (hasBackoffLimitPerIndex(job)) {
      const failed = (jc.failedIndexes = calculateFailedIndexes(job, pods));
      const maxFailed = job.spec?.maxFailedIndexes;
      if (jc.finishedCondition) {
        // Already decided.
      } else if (maxFailed !== undefined && maxFailed !== null && intervalsTotal(failed) > maxFailed) {
        jc.finishedCondition = newCondition(
          'FailureTarget',
          'True',
          'MaxFailedIndexesExceeded',
          'Job has exceeded the specified maximal number of failed indexes',
          now,
        );
      } else if (intervalsTotal(failed) > 0 && intervalsTotal(failed) + jc.succeeded >= (job.spec?.completions ?? 0)) {
        jc.finishedCondition = newCondition('FailureTarget', 'True', 'FailedIndexes', 'Job has failed indexes', now);
      }
      jc.delayedDeletion = podsWithDelayedDeletion(
        job,
        pods,
        activePods,
        jc.succeededIndexes,
        failed,
        jc.expectedRmFinalizers,
      );
    }
    if (!jc.finishedCondition) {
      const msg = matchSuccessPolicy(job.spec?.successPolicy, job.spec?.completions ?? 0, jc.succeededIndexes);
      if (msg) jc.finishedCondition = newCondition('SuccessCriteriaMet', 'True', 'SuccessPolicy', msg, now);
    }
  }

  let manageError: unknown;
  let suspendChanged = false;
  if (jc.finishedCondition) {
    const r = await deleteActivePods(env, job, activePods);
    // Not finished while pods may hide from the cache or keep finalizers.
    if (r.deleted !== active || !satisfied) jc.finishedCondition = undefined;
    active -= r.deleted;
    jc.terminating += r.deleted;
    jc.ready -= r.deletedReady;
    manageError = r.error;
  } else {
    let managed = false;
    if (satisfied && !job.metadata?.deletionTimestamp) {
      const r = await manageJob(env, jc);
      active = r.active;
      manageError = r.error;
      managed = true;
    }
    const completions = job.spec?.completions;
    const complete =
      completions === undefined || completions === null
        ? jc.succeeded > 0 && active === 0
        : jc.succeeded >= completions && active === 0;
    if (complete) {
      jc.finishedCondition = newCondition(
        'SuccessCriteriaMet',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
        now,
      );
    } else if (managed) {
      if (jobSuspended(job)) {
        if (ensureJobConditionStatus(job, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)) {
          suspendChanged = true;
          env.recorder.event(eventTarget(job), 'Normal', 'Suspended', 'Job suspended');
        }
      } else if (ensureJobConditionStatus(job, 'Suspended', 'False', 'JobResumed', 'Job resumed', now)) {
        suspendChanged = true;
        env.recorder.event(eventTarget(job), 'Normal', 'Resumed', 'Job resumed');
        // activeDeadlineSeconds counts continuous activity: restart the clock on resume.
        job.status.startTime = rfc3339(now);
      }
    }
  }

  const needsUpdate =
    suspendChanged ||
    active !== (job.status.active ?? 0) ||
    jc.ready !== job.status.ready ||
    jc.terminating !== job.status.terminating;
  job.status.active = active;
  job.status.ready = jc.ready;
  job.status.terminating = jc.terminating;
  await trackJobStatusAndRemoveFinalizers(env, jc, needsUpdate);
  if (manageError) throw manageError;
}
