/**
 * The CronJob controller (upstream's `pkg/controller/cronjob/cronjob_controllerv2.go`): starts a
 * Job at each schedule time of each CronJob, keeps `status.active`, `lastScheduleTime` and
 * `lastSuccessfulTime`, trims the Job history, and sleeps until the next schedule time.
 */
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import { Controller, splitKey } from '../../client/controller/controller.js';
import { metaNamespaceKey } from '../../client/informers/store.js';
import { isNotFound } from '../../machinery/errors.js';
import { getControllerOf } from '../common/index.js';
import {
  clientOf,
  informerOf,
  RESOURCES,
  workersOf,
  type ControllerContext,
  type ControllerDescriptor,
} from '../context.js';
import { parseStandard } from './cron-schedule.js';
import { cleanupFinishedJobs, syncCronJob, type CronJobSyncDeps } from './cronjob-sync.js';
import { formatSchedule, nextScheduleDelay } from './schedule-times.js';

export interface CronJobControllerOptions {
  /** Wall time for schedules (ms); the context's `now` by default. Tests fake it. */
  now?: () => number;
}

/** Builds the CronJob controller's descriptor, with its time source configurable for tests. */
export function newCronJobController(opts: CronJobControllerOptions = {}): ControllerDescriptor {
  return {
    name: 'cronjob-controller',
    aliases: ['cronjob'],
    init: (ctx) => initCronJobController(ctx, opts),
  };
}

/** `cronjob-controller` (alias `cronjob`), `--concurrent-cron-job-syncs` workers (5). */
export const cronJobController: ControllerDescriptor = newCronJobController();

function initCronJobController(ctx: ControllerContext, opts: CronJobControllerOptions) {
  const now = opts.now ?? (() => ctx.now());
  const cronJobs = informerOf<CronJob>(ctx, RESOURCES.cronjobs);
  const jobInformer = informerOf<Job>(ctx, RESOURCES.jobs);
  const cronJobClient = clientOf<CronJob>(ctx, RESOURCES.cronjobs);
  const recorder = ctx.recorder('cronjob-controller');
  const deps: CronJobSyncDeps = { jobs: clientOf<Job>(ctx, RESOURCES.jobs), recorder, now };

  const controller = new Controller({
    name: 'cronjob',
    reconcile,
    clock: ctx.clock,
    metricsProvider: ctx.metricsProvider,
    onError: (key, err) => ctx.log.warn({ controller: 'cronjob-controller', key, err }, 'error syncing CronJob'),
  });

  /** The key of the CronJob controlling `job`, if it is one we know. */
  const ownerKey = (job: Job): string | undefined => {
    const ref = getControllerOf(job);
    if (!ref || ref.kind !== 'CronJob') return undefined;
    const cj = cronJobs.lister.get(job.metadata?.namespace, ref.name);
    return cj && cj.metadata?.uid === ref.uid ? metaNamespaceKey(cj) : undefined;
  };
  const enqueueOwner = (job: Job) => {
    const key = ownerKey(job);
    if (key) controller.queue.add(key);
  };
  jobInformer.addEventHandler({
    onAdd: enqueueOwner,
    onUpdate: (oldJob, curJob) => {
      if (oldJob.metadata?.resourceVersion === curJob.metadata?.resourceVersion) return;
      const oldKey = ownerKey(oldJob);
      if (oldKey && oldKey !== ownerKey(curJob)) controller.queue.add(oldKey);
      enqueueOwner(curJob);
    },
    onDelete: enqueueOwner,
  });
  cronJobs.addEventHandler({
    onAdd: (cj) => controller.enqueue(cj),
    onUpdate: (oldCJ, curCJ) => {
      if (oldCJ.spec?.schedule !== curCJ.spec?.schedule || oldCJ.spec?.timeZone !== curCJ.spec?.timeZone) {
        // A new schedule: wake at its next time (sooner than the old one, the queue keeps that).
        let delay: number | undefined;
        try {
          delay = nextScheduleDelay(curCJ, now(), parseStandard(formatSchedule(curCJ)));
        } catch {
          recorder.eventf(
            { ...curCJ, apiVersion: 'batch/v1', kind: 'CronJob' },
            'Warning',
            'UnParseableCronJobSchedule',
            'unparseable schedule for cronjob: %s',
            curCJ.spec?.schedule,
          );
          return;
        }
        if (delay !== undefined) controller.queue.addAfter(metaNamespaceKey(curCJ), delay);
        return;
      }
      controller.enqueue(curCJ);
    },
    onDelete: (cj) => controller.enqueue(cj),
  });

  /** Upstream's `getJobsToBeReconciled`: the Jobs whose controller reference names this CronJob. */
  function jobsOf(cj: CronJob): Job[] {
    return jobInformer.lister.listInNamespace(cj.metadata?.namespace ?? '').filter((j) => {
      const ref = getControllerOf(j);
      return ref?.kind === 'CronJob' && ref.name === cj.metadata?.name;
    });
  }

  async function reconcile(key: string) {
    const { namespace, name } = splitKey(key);
    const cached = cronJobs.lister.get(namespace, name);
    if (!cached) return;
    const jobs = jobsOf(cached);
    const cj = structuredClone(cached);
    const cleaned = await cleanupFinishedJobs(deps, cj, jobs);
    const refetch = () => cronJobClient.get(name, { namespace });
    const result = await syncCronJob(deps, cj, jobs, refetch);
    if (result.error) ctx.log.info({ cronjob: key, err: result.error }, 'error reconciling cronjob');
    if (cleaned || result.updateStatus) {
      try {
        await cronJobClient.updateStatus(result.cj, { namespace });
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
    }
    if (result.requeueAfterMs !== undefined) return { requeueAfterMs: Math.max(0, result.requeueAfterMs) };
    if (result.error) throw result.error;
    return;
  }

  return (signal: AbortSignal) => controller.run(workersOf(ctx, 'cron-job', 5), signal);
}
