/**
 * The Job controller (upstream's `pkg/controller/job/job_controller.go`): runs each Job's pods
 * to completion and keeps its status. Pod events reach the Job's key after a one-second batch
 * window; Job events at once. Pods that lose their Job keep no tracking finalizer: a second
 * queue removes it from orphans.
 */
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { Controller, splitKey } from '../../client/controller/controller.js';
import { metaNamespaceKey } from '../../client/informers/store.js';
import { isNotFound } from '../../machinery/errors.js';
import { selectorFromLabelSelector } from '../../machinery/label-selector.js';
import {
  claimObjects,
  ControllerExpectations,
  getControllerOf,
  newControllerRef,
  PodControl,
} from '../common/index.js';
import {
  clientOf,
  informerOf,
  RESOURCES,
  workersOf,
  type ControllerContext,
  type ControllerDescriptor,
} from '../context.js';
import { BackoffStore } from './backoff.js';
import {
  hasJobTrackingFinalizer,
  isJobFinished,
  JOB_TRACKING_FINALIZER,
  SYNC_JOB_BATCH_PERIOD_MS,
} from './job-util.js';
import { REMOVE_TRACKING_FINALIZER_PATCH } from './manage-job.js';
import { FinalizerExpectations, type JobEnv } from './sync-context.js';
import { syncJob } from './sync-job.js';

/** Upstream's `batch.JobControllerName`, the `spec.managedBy` value this controller owns. */
const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';

/** `job-controller` (alias `job`), `--concurrent-job-syncs` workers (5). */
export const jobController: ControllerDescriptor = {
  name: 'job-controller',
  aliases: ['job'],
  init: initJobController,
};

function initJobController(ctx: ControllerContext) {
  const jobs = informerOf<Job>(ctx, RESOURCES.jobs);
  const podsInformer = informerOf<Pod>(ctx, RESOURCES.pods);
  const jobClient = clientOf<Job>(ctx, RESOURCES.jobs);
  const podClient = clientOf<Pod>(ctx, RESOURCES.pods);
  const recorder = ctx.recorder('job-controller');
  const expectations = new ControllerExpectations(ctx.clock);
  const finalizerExpectations = new FinalizerExpectations();
  const log = ctx.log.child({ controller: 'job-controller' });

  const controller = new Controller({
    name: 'job',
    reconcile,
    clock: ctx.clock,
    metricsProvider: ctx.metricsProvider,
    onError: (key, err) => log.warn({ key, err }, 'syncing job'),
  });
  const orphans = new Controller({
    name: 'job_orphan_pod',
    reconcile: syncOrphanPod,
    clock: ctx.clock,
    metricsProvider: ctx.metricsProvider,
    onError: (key, err) => log.warn({ key, err }, 'Error syncing orphan pod'),
  });
  const env: JobEnv = {
    jobs: jobClient,
    pods: podClient,
    podControl: new PodControl(podClient, recorder),
    recorder,
    expectations,
    finalizerExpectations,
    backoff: new BackoffStore(),
    now: () => ctx.now(),
    enqueueAfter: (key, ms) => controller.queue.addAfter(key, ms),
  };

  const batched = (job: Job) => controller.queue.addAfter(metaNamespaceKey(job), SYNC_JOB_BATCH_PERIOD_MS);
  const resolve = (namespace: string | undefined, ref: OwnerReference): Job | undefined => {
    if (ref.kind !== 'Job') return undefined;
    const job = jobs.lister.get(namespace, ref.name);
    return job?.metadata?.uid === ref.uid ? job : undefined;
  };
  /** Jobs whose selector matches an orphan (upstream's `GetPodJobs`). */
  const podJobs = (pod: Pod): Job[] =>
    jobs.lister.listInNamespace(pod.metadata?.namespace ?? '').filter((j) => {
      try {
        const sel = selectorFromLabelSelector(j.spec?.selector);
        return !sel.empty() && sel.matches(pod.metadata?.labels ?? {});
      } catch {
        return false;
      }
    });

  function onPodDeleted(pod: Pod, final: boolean): void {
    const ref = getControllerOf(pod);
    const withFinalizer = hasJobTrackingFinalizer(pod);
    if (!ref) {
      if (withFinalizer) orphans.enqueue(pod);
      return;
    }
    const job = resolve(pod.metadata?.namespace, ref);
    if (!job || isJobFinished(job)) {
      if (withFinalizer) orphans.enqueue(pod);
      return;
    }
    const key = metaNamespaceKey(job);
    expectations.deletionObserved(key);
    if (final || !withFinalizer) finalizerExpectations.finalizerRemovalObserved(key, pod.metadata?.uid);
    batched(job);
  }

  podsInformer.addEventHandler({
    onAdd: (pod) => {
      if (pod.metadata?.deletionTimestamp) return onPodDeleted(pod, false);
      const ref = getControllerOf(pod);
      if (ref) {
        const job = resolve(pod.metadata?.namespace, ref);
        if (!job) return;
        expectations.creationObserved(metaNamespaceKey(job));
        return batched(job);
      }
      if (hasJobTrackingFinalizer(pod)) orphans.enqueue(pod);
      for (const job of podJobs(pod)) batched(job);
    },
    onUpdate: (oldPod, curPod) => {
      if (oldPod.metadata?.resourceVersion === curPod.metadata?.resourceVersion) return;
      if (curPod.metadata?.deletionTimestamp) return onPodDeleted(curPod, false);
      const removed = !hasJobTrackingFinalizer(curPod);
      const curRef = getControllerOf(curPod);
      const oldRef = getControllerOf(oldPod);
      const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
      for (const ref of refChanged && oldRef ? [oldRef, curRef] : [curRef]) {
        if (!ref) continue;
        const job = resolve(curPod.metadata?.namespace, ref);
        if (!job) continue;
        if (removed) finalizerExpectations.finalizerRemovalObserved(metaNamespaceKey(job), curPod.metadata?.uid);
        batched(job);
      }
      if (curRef) return;
      if (hasJobTrackingFinalizer(curPod)) orphans.enqueue(curPod);
      const labelsChanged = JSON.stringify(curPod.metadata?.labels) !== JSON.stringify(oldPod.metadata?.labels);
      if (labelsChanged || refChanged) for (const job of podJobs(curPod)) batched(job);
    },
    onDelete: (pod) => onPodDeleted(pod, true),
  });

  /** Upstream's `cleanupPodFinalizers`: a finished or deleted Job's pods lose the finalizer. */
  const cleanupPodFinalizers = (job: Job) => {
    for (const pod of podsInformer.lister.listInNamespace(job.metadata?.namespace ?? '')) {
      if (hasJobTrackingFinalizer(pod) && getControllerOf(pod)?.uid === job.metadata?.uid) orphans.enqueue(pod);
    }
  };
  jobs.addEventHandler({
    onAdd: (job) => controller.enqueue(job),
    onUpdate: (oldJob, curJob) => {
      if (curJob.metadata?.generation === oldJob.metadata?.generation) batched(curJob);
      else controller.enqueue(curJob);
      if (isJobFinished(curJob)) cleanupPodFinalizers(curJob);
      const ads = curJob.spec?.activeDeadlineSeconds;
      const started = curJob.status?.startTime;
      if (started && ads !== undefined && ads !== null && oldJob.spec?.activeDeadlineSeconds !== ads) {
        controller.queue.addAfter(metaNamespaceKey(curJob), ads * 1000 - (ctx.now() - Date.parse(started)));
      }
    },
    onDelete: (job) => {
      controller.enqueue(job);
      cleanupPodFinalizers(job);
    },
  });

  /** Upstream's `getPodsForJob`: claim the namespace's pods, adopted ones getting the finalizer. */
  async function podsForJob(job: Job): Promise<Pod[]> {
    const selector = selectorFromLabelSelector(job.spec?.selector);
    const all = podsInformer.lister.listInNamespace(job.metadata?.namespace ?? '');
    const ref = newControllerRef(job, 'batch/v1', 'Job');
    const claimed = await claimObjects(all, {
      owner: job,
      ref,
      selector,
      client: podClient,
      recheckOwner: async () => {
        try {
          return await jobClient.get(job.metadata!.name!, { namespace: job.metadata?.namespace });
        } catch (err) {
          if (isNotFound(err)) return undefined;
          throw err;
        }
      },
    });
    const out: Pod[] = [];
    for (const p of claimed) {
      if (all.includes(p) || hasJobTrackingFinalizer(p)) {
        out.push(p);
        continue;
      }
      // Adopted: it must be counted before it may go, as if we had made it.
      const patched = await podClient
        .patch(
          p.metadata!.name!,
          'strategic',
          { metadata: { finalizers: [JOB_TRACKING_FINALIZER] } },
          {
            namespace: p.metadata?.namespace,
          },
        )
        .catch((err: unknown) => {
          if (isNotFound(err)) return undefined;
          throw err;
        });
      if (patched) out.push(patched);
    }
    return out;
  }

  async function reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    if (!namespace || !name) throw new Error(`invalid job key "${key}": either namespace or name is missing`);
    const cached = jobs.lister.get(namespace, name);
    if (!cached) {
      expectations.delete(key);
      finalizerExpectations.delete(key);
      env.backoff.remove(key);
      return;
    }
    // A Job another controller manages (spec.managedBy) is left alone.
    if (cached.spec?.managedBy && cached.spec.managedBy !== JOB_CONTROLLER_NAME) return;
    if (isJobFinished(cached)) {
      env.backoff.remove(key);
      return;
    }
    // Read expectations before the pods, so a pod arriving in between defers to the next sync.
    const satisfied = expectations.satisfied(key);
    const pods = await podsForJob(cached);
    await syncJob(env, key, structuredClone(cached), pods, satisfied);
  }

  /** Upstream's `syncOrphanPod`: drop the finalizer of a pod no unfinished Job controls. */
  async function syncOrphanPod(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = podsInformer.lister.get(namespace, name);
    if (!pod) return;
    const ref = getControllerOf(pod);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return;
      const job = resolve(namespace, ref);
      if (job?.spec?.managedBy && job.spec.managedBy !== JOB_CONTROLLER_NAME) return;
      if (job && !isJobFinished(job)) return;
    }
    if (!hasJobTrackingFinalizer(pod)) return;
    try {
      await podClient.patch(name, 'strategic', REMOVE_TRACKING_FINALIZER_PATCH, { namespace });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  return async (signal: AbortSignal) => {
    await Promise.all([controller.run(workersOf(ctx, 'job', 5), signal), orphans.run(1, signal)]);
  };
}
