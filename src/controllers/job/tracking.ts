/**
 * Counting finished pods with finalizers (upstream's `trackJobStatusAndRemoveFinalizers` and
 * friends). A finished pod's UID goes first into `status.uncountedTerminatedPods`; once that is
 * written, the pod's `batch.kubernetes.io/job-tracking` finalizer is removed; once removed, the
 * UID moves into `succeeded`/`failed` (or the index into `completedIndexes`). So each pod is
 * counted exactly once, even if it is deleted meanwhile. Then the Job may finish.
 */
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../machinery/errors.js';
import {
  formatIntervals,
  getCompletionIndex,
  intervalsHas,
  intervalsTotal,
  UNKNOWN_COMPLETION_INDEX,
  withOrderedIndexes,
} from './indexed.js';
import {
  ensureJobConditionStatus,
  findCondition,
  hasJobTrackingFinalizer,
  isIndexedJob,
  isPodFailed,
  MAX_UNCOUNTED_PODS,
  newCondition,
} from './job-util.js';
import { REMOVE_TRACKING_FINALIZER_PATCH } from './manage-job.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import { eventTarget, type JobEnv, type SyncJobCtx } from './sync-context.js';

const uncounted = (job: Job) => (job.status!.uncountedTerminatedPods ??= {});

/**
 * Upstream's `cleanUncountedPodsWithoutFinalizers`: UIDs whose pod no longer holds the
 * finalizer leave the uncounted lists and join the counters. Returns whether anything moved.
 */
export function cleanUncountedPodsWithoutFinalizers(job: Job, withFinalizer: ReadonlySet<string>): boolean {
  const u = uncounted(job);
  const status = job.status!;
  let updated = false;
  const keepS = (u.succeeded ?? []).filter((uid) => withFinalizer.has(uid));
  if (keepS.length !== (u.succeeded ?? []).length) {
    updated = true;
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded!.length - keepS.length);
    u.succeeded = keepS;
  }
  const keepF = (u.failed ?? []).filter((uid) => withFinalizer.has(uid));
  if (keepF.length !== (u.failed ?? []).length) {
    updated = true;
    status.failed = (status.failed ?? 0) + (u.failed!.length - keepF.length);
    u.failed = keepF;
  }
  return updated;
}

/** Upstream's `canRemoveFinalizer` (without backoffLimitPerIndex's delayed deletion). */
function canRemoveFinalizer(jc: SyncJobCtx, pod: Pod, considerFailed: boolean): boolean {
  return (
    !!jc.job.metadata?.deletionTimestamp ||
    !!jc.finishedCondition ||
    pod.status?.phase === 'Succeeded' ||
    considerFailed
  );
}

async function writeStatus(env: JobEnv, jc: SyncJobCtx): Promise<void> {
  const written = await env.jobs.updateStatus(jc.job, { namespace: jc.job.metadata?.namespace });
  jc.job = {
    ...written,
    status: { ...written.status, uncountedTerminatedPods: written.status?.uncountedTerminatedPods ?? {} },
  };
}

/** Upstream's `removeTrackingFinalizerFromPods`: which removals succeeded (a vanished pod counts). */
async function removeTrackingFinalizers(
  env: JobEnv,
  key: string,
  pods: readonly Pod[],
): Promise<{ ok: boolean[]; error?: unknown }> {
  const ok = pods.map(() => false);
  let error: unknown;
  env.finalizerExpectations.expectFinalizersRemoved(
    key,
    pods.map((p) => p.metadata?.uid ?? ''),
  );
  await Promise.all(
    pods.map(async (pod, i) => {
      try {
        await env.pods.patch(pod.metadata!.name!, 'strategic', REMOVE_TRACKING_FINALIZER_PATCH, {
          namespace: pod.metadata?.namespace,
        });
      } catch (err) {
        env.finalizerExpectations.finalizerRemovalObserved(key, pod.metadata?.uid);
        if (!isNotFound(err)) {
          error ??= err;
          return;
        }
      }
      ok[i] = true;
    }),
  );
  return { ok, error };
}

/**
 * Upstream's `enactJobFinished`: once nothing is uncounted and no pod is terminating, set the
 * final condition (and `completionTime` for Complete). Returns whether the Job finished.
 */
function enactJobFinished(env: JobEnv, jc: SyncJobCtx): boolean {
  const cond = jc.finishedCondition;
  if (!cond) return false;
  const u = jc.job.status?.uncountedTerminatedPods;
  if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false;
  if (jc.terminating > 0) return false;
  ensureJobConditionStatus(jc.job, cond.type, cond.status, cond.reason ?? '', cond.message ?? '', env.now());
  if (cond.type === 'Complete') jc.job.status!.completionTime = findCondition(jc.job, 'Complete')?.lastTransitionTime;
  return true;
}

/** Upstream's `recordJobFinished`: the events of a finished Job. */
function recordJobFinished(env: JobEnv, job: Job, cond: JobCondition): void {
  if (cond.type === 'Complete') {
    const completions = job.spec?.completions;
    if (completions !== undefined && completions !== null && (job.status?.succeeded ?? 0) > completions)
      env.recorder.event(
        eventTarget(job),
        'Warning',
        'TooManySucceededPods',
        'Too many succeeded pods running after completion count reached',
      );
    env.recorder.event(eventTarget(job), 'Normal', 'Completed', 'Job completed');
  } else {
    env.recorder.event(eventTarget(job), 'Warning', cond.reason ?? '', cond.message ?? '');
  }
}

/**
 * Upstream's `trackJobStatusAndRemoveFinalizers`: record newly finished pods as uncounted, write
 * the interim FailureTarget/SuccessCriteriaMet condition, remove finalizers, move what was
 * removed into the counters, and finish the Job when it can. Writes status only when something
 * changed (or `needsFlush`).
 */
export async function trackJobStatusAndRemoveFinalizers(
  env: JobEnv,
  jc: SyncJobCtx,
  needsFlush: boolean,
): Promise<void> {
  const job = jc.job;
  const indexed = isIndexedJob(job);
  const completions = job.spec?.completions ?? 0;
  const u = uncounted(job);
  const pods = indexed
    ? [...jc.pods].sort(
        (a, b) => getCompletionIndex(a.metadata?.annotations) - getCompletionIndex(b.metadata?.annotations),
      )
    : jc.pods;
  const withFinalizer = new Set<string>();
  for (const p of pods) {
    const uid = p.metadata?.uid ?? '';
    if (hasJobTrackingFinalizer(p) && !jc.expectedRmFinalizers.has(uid)) withFinalizer.add(uid);
  }
  if (cleanUncountedPodsWithoutFinalizers(job, withFinalizer)) needsFlush = true;

  const toRemove: Pod[] = [];
  const newSucceededIndexes: number[] = [];
  let reachedMax = false;
  for (const pod of pods) {
    const uid = pod.metadata?.uid ?? '';
    if (!hasJobTrackingFinalizer(pod) || jc.expectedRmFinalizers.has(uid)) continue;
    const considerFailed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(jc, pod, considerFailed)) continue;
    toRemove.push(pod);
    if (pod.status?.phase === 'Succeeded' && !jc.uncountedFailed.has(uid)) {
      if (indexed) {
        const ix = getCompletionIndex(pod.metadata?.annotations);
        if (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && !intervalsHas(jc.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!jc.uncountedSucceeded.has(uid)) {
        needsFlush = true;
        (u.succeeded ??= []).push(uid);
      }
    } else if (considerFailed || (jc.finishedCondition && jc.finishedCondition.type !== 'SuccessCriteriaMet')) {
      // Once the Job has failed, every pod still running counts as failed.
      const ix = getCompletionIndex(pod.metadata?.annotations);
      if (!jc.uncountedFailed.has(uid) && (!indexed || (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions))) {
        if (matchPodFailurePolicy(job.spec?.podFailurePolicy, pod).countFailed) {
          needsFlush = true;
          (u.failed ??= []).push(uid);
        }
      }
    }
    if (newSucceededIndexes.length + (u.succeeded?.length ?? 0) + (u.failed?.length ?? 0) >= MAX_UNCOUNTED_PODS) {
      // Keep status small and let other Jobs have a turn: the writes bring this one back.
      reachedMax = true;
      break;
    }
  }
  if (indexed) {
    jc.succeededIndexes = withOrderedIndexes(
      jc.succeededIndexes,
      [...newSucceededIndexes].sort((a, b) => a - b),
    );
    const text = formatIntervals(jc.succeededIndexes);
    if (text !== (job.status!.completedIndexes ?? '')) needsFlush = true;
    job.status!.succeeded = intervalsTotal(jc.succeededIndexes);
    job.status!.completedIndexes = text;
    if (jc.failedIndexes) {
      const failedText = formatIntervals(jc.failedIndexes);
      if (failedText !== job.status!.failedIndexes) {
        job.status!.failedIndexes = failedText;
        needsFlush = true;
      }
    }
  }
  const now = env.now();
  if (jc.finishedCondition?.type === 'FailureTarget') {
    // Record why before the pods (and their evidence) may go.
    (job.status!.conditions ??= []).push(jc.finishedCondition);
    needsFlush = true;
    jc.finishedCondition = newCondition(
      'Failed',
      'True',
      jc.finishedCondition.reason ?? '',
      jc.finishedCondition.message ?? '',
      now,
    );
  }
  if (jc.finishedCondition?.type === 'SuccessCriteriaMet') {
    if (!findCondition(job, 'SuccessCriteriaMet')) {
      (job.status!.conditions ??= []).push(jc.finishedCondition);
      needsFlush = true;
    }
    jc.finishedCondition = newCondition(
      'Complete',
      'True',
      jc.finishedCondition.reason ?? '',
      jc.finishedCondition.message ?? '',
      now,
    );
  }

  // Upstream's flushUncountedAndRemoveFinalizers.
  if (needsFlush) {
    await writeStatus(env, jc);
    env.backoff.update(jc.newBackoffRecord);
    needsFlush = false;
  }
  let rmError: unknown;
  if (toRemove.length > 0) {
    const r = await removeTrackingFinalizers(env, jc.key, toRemove);
    toRemove.forEach((p, i) => r.ok[i] && withFinalizer.delete(p.metadata?.uid ?? ''));
    rmError = r.error;
  }
  if (cleanUncountedPodsWithoutFinalizers(jc.job, withFinalizer)) needsFlush = true;
  if (rmError) {
    if (needsFlush) await writeStatus(env, jc);
    throw rmError;
  }

  const finished = !reachedMax && enactJobFinished(env, jc);
  if (finished) needsFlush = true;
  if (needsFlush) {
    await writeStatus(env, jc);
    if (finished) recordJobFinished(env, jc.job, jc.finishedCondition!);
  }
}
