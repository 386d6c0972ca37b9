/**
 * Running the right number of pods (upstream's `manageJob`, `deleteJobPods`, `deleteActivePods`
 * and `activePodsForRemoval`): as many active pods as parallelism allows and completions still
 * need, none while suspended, replacements only after the failure backoff, created in slow-start
 * batches with the tracking finalizer and — for Indexed Jobs — one pod per missing index.
 */
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../machinery/errors.js';
import {
  isPodReady,
  newControllerRef,
  podFromTemplate,
  slowStartBatch,
  SLOW_START_INITIAL_BATCH_SIZE,
} from '../common/index.js';
import { remainingBackoff } from './backoff.js';
import {
  addCompletionIndexEnvVariables,
  duplicatedIndexPodsForRemoval,
  firstPendingIndexes,
  indexesOf,
  mergeIntervals,
  podGenerateNameWithIndex,
  templateForIndex,
  UNKNOWN_COMPLETION_INDEX,
  withOrderedIndexes,
} from './indexed.js';
import {
  activePodsOrder,
  DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
  hasJobTrackingFinalizer,
  isIndexedJob,
  isPodTerminating,
  JOB_TRACKING_FINALIZER,
  jobSuspended,
  MAX_JOB_POD_FAILURE_BACKOFF_MS,
  MAX_POD_CREATE_DELETE_PER_SYNC,
  onlyReplaceFailedPods,
  SYNC_JOB_BATCH_PERIOD_MS,
} from './job-util.js';
import { addIndexFailureCountAnnotation, hasBackoffLimitPerIndex, remainingTimePerIndex } from './per-index.js';
import { eventTarget, type JobEnv, type SyncJobCtx } from './sync-context.js';

/** The strategic merge patch that drops the tracking finalizer (upstream's `removeTrackingFinalizerPatch`). */
export const REMOVE_TRACKING_FINALIZER_PATCH = {
  metadata: { '$deleteFromPrimitiveList/finalizers': [JOB_TRACKING_FINALIZER] },
};

interface Deleted {
  /** Pods deleted (or already gone). */
  deleted: number;
  deletedReady: number;
  error?: unknown;
}

/**
 * Upstream's `deleteJobPods`: drop each pod's finalizer, then delete it; a failure lowers the
 * deletions expected.
 */
export async function deleteJobPods(env: JobEnv, job: Job, key: string, pods: readonly Pod[]): Promise<Deleted> {
  const r: Deleted = { deleted: 0, deletedReady: 0 };
  await Promise.all(
    pods.map(async (pod) => {
      try {
        if (hasJobTrackingFinalizer(pod))
          await env.pods.patch(pod.metadata!.name!, 'strategic', REMOVE_TRACKING_FINALIZER_PATCH, {
            namespace: pod.metadata?.namespace,
          });
        await env.podControl.delete(job.metadata!.namespace!, pod.metadata!.name!, eventTarget(job));
        r.deleted++;
      } catch (err) {
        env.expectations.deletionObserved(key);
        if (isNotFound(err)) r.deleted++;
        else r.error ??= err;
      }
      if (isPodReady(pod)) r.deletedReady++;
    }),
  );
  return r;
}

/** Upstream's `deleteActivePods`: delete, keeping finalizers (the tracking removes them). */
export async function deleteActivePods(env: JobEnv, job: Job, pods: readonly Pod[]): Promise<Deleted> {
  const r: Deleted = { deleted: 0, deletedReady: 0 };
  await Promise.all(
    pods.map(async (pod) => {
      try {
        await env.podControl.delete(job.metadata!.namespace!, pod.metadata!.name!, eventTarget(job));
        r.deleted++;
      } catch (err) {
        if (isNotFound(err)) r.deleted++;
        else r.error ??= err;
      }
      if (isPodReady(pod)) r.deletedReady++;
    }),
  );
  return r;
}

/** Upstream's `activePodsForRemoval`: duplicated or bad indexes first, then the least advanced pods. */
export function activePodsForRemoval(job: Job, pods: readonly Pod[], rmAtLeast: number): Pod[] {
  let rm: Pod[] = [];
  let left: Pod[] = [...pods];
  if (isIndexedJob(job)) ({ rm, left } = duplicatedIndexPodsForRemoval(pods, job.spec?.completions ?? 0));
  if (rm.length < rmAtLeast) rm = rm.concat(left.sort(activePodsOrder).slice(0, rmAtLeast - rm.length));
  return rm;
}

/**
 * Upstream's `manageJob`: returns the active count after the pods it created or deleted (it
 * adjusts `jc.terminating` and `jc.ready` for deletions). Throws nothing: the first API error
 * comes back in `error`.
 */
export async function manageJob(env: JobEnv, jc: SyncJobCtx): Promise<{ active: number; error?: unknown }> {
  const job = jc.job;
  const key = jc.key;
  const active = jc.activePods.length;
  const parallelism = job.spec?.parallelism ?? 1;

  if (jobSuspended(job)) {
    const toDelete = activePodsForRemoval(job, jc.activePods, active);
    env.expectations.expectDeletions(key, toDelete.length);
    const r = await deleteJobPods(env, job, key, toDelete);
    jc.terminating += r.deleted;
    jc.ready -= r.deletedReady;
    return { active: active - r.deleted, error: r.error };
  }

  let wantActive: number;
  const completions = job.spec?.completions;
  if (completions === undefined || completions === null) {
    // Without completions any success finishes the Job: leave what runs, start nothing new.
    wantActive = jc.succeeded > 0 ? active : parallelism;
  } else {
    wantActive = Math.max(0, Math.min(completions - jc.succeeded, parallelism));
  }

  const rmAtLeast = Math.max(0, active - wantActive);
  const toDelete = activePodsForRemoval(job, jc.activePods, rmAtLeast).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length > 0) {
    // One sync either deletes or creates; deletion first.
    env.expectations.expectDeletions(key, toDelete.length);
    const r = await deleteJobPods(env, job, key, toDelete);
    jc.terminating += r.deleted;
    jc.ready -= r.deletedReady;
    return { active: active - r.deleted, error: r.error };
  }

  const terminating = onlyReplaceFailedPods(job) ? jc.terminating : 0;
  let diff = wantActive - terminating - active;
  if (diff <= 0) return { active };
  const perIndex = hasBackoffLimitPerIndex(job);
  // Per-index Jobs back off per index, below; the others as a whole.
  const wait = perIndex
    ? 0
    : remainingBackoff(
        env.now(),
        DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
        MAX_JOB_POD_FAILURE_BACKOFF_MS,
        jc.newBackoffRecord.failuresAfterLastSuccess,
        jc.newBackoffRecord.lastFailureTime,
      );
  if (wait > 0) {
    env.enqueueAfter(key, Math.max(wait, SYNC_JOB_BATCH_PERIOD_MS));
    return { active: 0 };
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);

  let indexes: number[] = [];
  if (isIndexedJob(job)) {
    let nonPending = withOrderedIndexes(jc.succeededIndexes, indexesOf(jc.activePods));
    if (onlyReplaceFailedPods(job))
      nonPending = withOrderedIndexes(nonPending, indexesOf(jc.pods.filter(isPodTerminating)));
    if (jc.failedIndexes) nonPending = mergeIntervals(nonPending, jc.failedIndexes);
    indexes = firstPendingIndexes(nonPending, diff, completions ?? 0);
    if (perIndex) {
      // Upstream's getPodCreationInfoForIndependentIndexes: only indexes past their backoff.
      const now = env.now();
      const waits = indexes.map((ix) => remainingTimePerIndex(now, jc.delayedDeletion.get(ix)));
      const ready = indexes.filter((_, i) => waits[i] === 0);
      if (indexes.length > 0 && ready.length === 0) {
        env.enqueueAfter(key, Math.max(Math.min(...waits), SYNC_JOB_BATCH_PERIOD_MS));
        return { active: 0 };
      }
      indexes = ready;
    }
    diff = indexes.length;
  }
  if (diff === 0) return { active };

  env.expectations.expectCreations(key, diff);
  const template = structuredClone(job.spec!.template);
  if (isIndexedJob(job)) addCompletionIndexEnvVariables(template);
  template.metadata ??= {};
  const fins = template.metadata.finalizers ?? [];
  if (!fins.includes(JOB_TRACKING_FINALIZER)) template.metadata.finalizers = [...fins, JOB_TRACKING_FINALIZER];
  const ref = newControllerRef(job, 'batch/v1', 'Job');

  let failed = 0;
  const result = await slowStartBatch(diff, SLOW_START_INITIAL_BATCH_SIZE, async (i) => {
    const ix = indexes.length > 0 ? indexes[i] : UNKNOWN_COMPLETION_INDEX;
    const t = ix === UNKNOWN_COMPLETION_INDEX ? template : templateForIndex(template, job.metadata!.name!, ix);
    if (ix !== UNKNOWN_COMPLETION_INDEX && perIndex) addIndexFailureCountAnnotation(t, job, jc.delayedDeletion.get(ix));
    const pod = podFromTemplate(t, job, ref);
    if (ix !== UNKNOWN_COMPLETION_INDEX) pod.metadata!.generateName = podGenerateNameWithIndex(job.metadata!.name!, ix);
    try {
      await env.podControl.create(pod, eventTarget(job));
    } catch (err) {
      // The informer will never see this pod.
      env.expectations.creationObserved(key);
      failed++;
      throw err;
    }
  });
  const skipped = diff - result.successes - failed;
  if (skipped > 0) env.expectations.lowerCreations(key, skipped);
  return { active: active + result.successes, error: namespaceTerminating(result.error) ? undefined : result.error };
}

function namespaceTerminating(err: unknown): boolean {
  const causes = (err as { details?: { causes?: { reason?: string }[] } } | undefined)?.details?.causes ?? [];
  return causes.some((c) => c.reason === 'NamespaceTerminating');
}
