/**
 * One reconcile of a CronJob (upstream's `ControllerV2.sync`, `syncCronJob` and
 * `cleanupFinishedJobs`): prune the active list, record the last success, delete history past
 * the limits, and start the Job of the most recent missed schedule time when concurrency policy,
 * suspension and the starting deadline allow. Returns when to look again.
 */
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { isAlreadyExists, isNotFound, type ApiError } from '../../machinery/errors.js';
import { getControllerOf } from '../common/index.js';
import {
  byJobStartTime,
  deleteFromActiveList,
  finishedCondition,
  inActiveList,
  inActiveListByName,
  isJobFinished,
  isJobSucceeded,
  jobFromTemplate,
  jobNameFor,
  jobReference,
} from './cronjob-jobs.js';
import { parseStandard, type CronSchedule } from './cron-schedule.js';
import { formatSchedule, mostRecentScheduleTime, nextScheduleDelay } from './schedule-times.js';
import { formatRFC3339, isKnownTimeZone } from './time-zone.js';

export interface CronJobSyncDeps {
  jobs: ResourceClient<Job>;
  recorder: EventRecorder;
  now(): number;
}

export interface CronJobSyncResult {
  /** When to sync again (ms), if at all. */
  requeueAfterMs?: number;
  /** Whether `status` changed and must be written. */
  updateStatus: boolean;
  error?: unknown;
}

const withKind = (cj: CronJob): CronJob => ({ ...cj, apiVersion: 'batch/v1', kind: 'CronJob' });

/** Upstream's `deleteJob`: background deletion, then out of the active list, with its events. */
async function deleteJob(d: CronJobSyncDeps, cj: CronJob, job: Job): Promise<boolean> {
  try {
    await d.jobs.delete(job.metadata!.name!, { namespace: job.metadata?.namespace, propagationPolicy: 'Background' });
  } catch (err) {
    if (!isNotFound(err)) {
      d.recorder.eventf(withKind(cj), 'Warning', 'FailedDelete', 'Deleted job: %v', (err as Error).message);
      return false;
    }
  }
  deleteFromActiveList(cj, job.metadata?.uid);
  d.recorder.eventf(withKind(cj), 'Normal', 'SuccessfulDelete', 'Deleted job %v', job.metadata?.name);
  return true;
}

/** Upstream's `removeOldestJobs`: delete the oldest finished Jobs beyond `max`. */
async function removeOldestJobs(d: CronJobSyncDeps, cj: CronJob, jobs: Job[], max: number): Promise<boolean> {
  const n = jobs.length - max;
  if (n <= 0) return false;
  let updated = false;
  for (const job of [...jobs].sort(byJobStartTime).slice(0, n)) if (await deleteJob(d, cj, job)) updated = true;
  return updated;
}

/** Upstream's `cleanupFinishedJobs`: `successfulJobsHistoryLimit` and `failedJobsHistoryLimit`. */
export async function cleanupFinishedJobs(d: CronJobSyncDeps, cj: CronJob, jobs: Job[]): Promise<boolean> {
  const successLimit = cj.spec?.successfulJobsHistoryLimit;
  const failedLimit = cj.spec?.failedJobsHistoryLimit;
  if ((successLimit === undefined || successLimit === null) && (failedLimit === undefined || failedLimit === null))
    return false;
  const succeeded = jobs.filter((j) => finishedCondition(j)?.type === 'Complete');
  const failed = jobs.filter((j) => finishedCondition(j)?.type === 'Failed');
  let updated = false;
  if (successLimit !== undefined && successLimit !== null && (await removeOldestJobs(d, cj, succeeded, successLimit)))
    updated = true;
  if (failedLimit !== undefined && failedLimit !== null && (await removeOldestJobs(d, cj, failed, failedLimit)))
    updated = true;
  return updated;
}

/** Refreshes the active list and `lastSuccessfulTime` from the CronJob's Jobs. */
async function reconcileActive(
  d: CronJobSyncDeps,
  cj: CronJob,
  jobs: Job[],
  refetch: () => Promise<CronJob>,
): Promise<{ cj: CronJob; updated: boolean }> {
  let updated = false;
  const children = new Set<string>();
  for (const j of jobs) {
    const uid = j.metadata?.uid;
    if (uid) children.add(uid);
    const found = inActiveList(cj, uid);
    if (!found && !isJobFinished(j)) {
      const fresh = await refetch();
      if (inActiveList(fresh, uid)) {
        cj = structuredClone(fresh);
        continue;
      }
      d.recorder.eventf(
        withKind(cj),
        'Warning',
        'UnexpectedJob',
        'Saw a job that the controller did not create or forgot: %s',
        j.metadata?.name,
      );
    } else if (found && isJobFinished(j)) {
      deleteFromActiveList(cj, uid);
      d.recorder.eventf(
        withKind(cj),
        'Normal',
        'SawCompletedJob',
        'Saw completed job: %s, condition: %v',
        j.metadata?.name,
        finishedCondition(j)?.type,
      );
      updated = true;
    } else if (isJobSucceeded(j)) {
      const done = j.status?.completionTime;
      const last = cj.status?.lastSuccessfulTime;
      if (done && (!last || Date.parse(done) > Date.parse(last))) {
        cj.status = { ...cj.status, lastSuccessfulTime: done };
        updated = true;
      }
    }
  }
  for (const ref of [...(cj.status?.active ?? [])]) {
    if (ref.uid && children.has(ref.uid)) continue;
    // The lister may lag: ask the API before declaring the Job gone.
    try {
      await d.jobs.get(ref.name ?? '', { namespace: ref.namespace });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      d.recorder.eventf(withKind(cj), 'Normal', 'MissingJob', 'Active job went missing: %v', ref.name);
      deleteFromActiveList(cj, ref.uid);
      updated = true;
    }
  }
  return { cj, updated };
}

/**
 * Upstream's `syncCronJob` on a copy `cj` (mutated: its status is what to write). `refetch`
 * reads the CronJob from the API (for a Job the active list may not show yet).
 */
export async function syncCronJob(
  d: CronJobSyncDeps,
  input: CronJob,
  jobs: Job[],
  refetch: () => Promise<CronJob>,
): Promise<CronJobSyncResult & { cj: CronJob }> {
  const now = d.now();
  const rec = await reconcileActive(d, input, jobs, refetch);
  let cj = rec.cj;
  let updateStatus = rec.updated;
  const done = (r: Omit<CronJobSyncResult, 'updateStatus'> = {}) => ({ ...r, updateStatus, cj });

  if (cj.metadata?.deletionTimestamp) return done();
  const tz = cj.spec?.timeZone;
  if (tz !== undefined && tz !== null && (!isKnownTimeZone(tz) || tz === 'Local')) {
    d.recorder.eventf(
      withKind(cj),
      'Warning',
      'UnknownTimeZone',
      'invalid timeZone: %q: %s',
      tz,
      `unknown time zone ${tz}`,
    );
    return done();
  }
  if (cj.spec?.suspend) return done();

  let sched: CronSchedule;
  try {
    sched = parseStandard(
      formatSchedule(cj, (s) =>
        d.recorder.eventf(
          withKind(cj),
          'Warning',
          'UnsupportedSchedule',
          'CRON_TZ or TZ used in schedule %q is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details',
          s,
        ),
      ),
    );
  } catch (err) {
    // A user error: wait for the spec to change rather than retry.
    d.recorder.eventf(
      withKind(cj),
      'Warning',
      'UnparseableSchedule',
      'unparseable schedule: %q : %s',
      cj.spec?.schedule,
      (err as Error).message,
    );
    return done();
  }

  const recent = mostRecentScheduleTime(cj, now, sched, true);
  if (recent.error) {
    d.recorder.eventf(
      withKind(cj),
      'Warning',
      'InvalidSchedule',
      'invalid schedule: %s : %s',
      cj.spec?.schedule,
      recent.error,
    );
    return done();
  }
  const next = () => nextScheduleDelay(cj, now, sched);
  const scheduled = recent.mostRecentMs;
  if (scheduled === undefined || scheduled > now) return done({ requeueAfterMs: next() });
  if (recent.missed === 'many') {
    d.recorder.eventf(
      withKind(cj),
      'Warning',
      'TooManyMissedTimes',
      'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
    );
  }

  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < now) {
    d.recorder.eventf(
      withKind(cj),
      'Warning',
      'MissSchedule',
      'Missed scheduled time to start a job: %s',
      new Date(scheduled).toUTCString().replace('GMT', '+0000'),
    );
    return done({ requeueAfterMs: next() });
  }
  const lastSchedule = cj.status?.lastScheduleTime ? Date.parse(cj.status.lastScheduleTime) : undefined;
  if (inActiveListByName(cj, jobNameFor(cj, scheduled), cj.metadata?.namespace) || lastSchedule === scheduled)
    return done({ requeueAfterMs: next() });
  if (cj.spec?.concurrencyPolicy === 'Forbid' && (cj.status?.active?.length ?? 0) > 0) {
    d.recorder.eventf(
      withKind(cj),
      'Normal',
      'JobAlreadyActive',
      'Not starting job because prior execution is running and concurrency policy is Forbid',
    );
    return done({ requeueAfterMs: next() });
  }
  if (cj.spec?.concurrencyPolicy === 'Replace') {
    for (const ref of [...(cj.status?.active ?? [])]) {
      let job: Job;
      try {
        job = await d.jobs.get(ref.name ?? '', { namespace: ref.namespace });
      } catch (err) {
        d.recorder.eventf(withKind(cj), 'Warning', 'FailedGet', 'Get job: %v', (err as Error).message);
        return done({ error: err });
      }
      if (!(await deleteJob(d, cj, job)))
        return done({ error: new Error(`could not replace job ${job.metadata?.namespace}/${job.metadata?.name}`) });
      updateStatus = true;
    }
  }

  const req = jobFromTemplate(cj, scheduled);
  let made: Job;
  try {
    made = await d.jobs.create(req, { namespace: cj.metadata?.namespace });
    d.recorder.eventf(withKind(cj), 'Normal', 'SuccessfulCreate', 'Created job %v', made.metadata?.name);
  } catch (err) {
    if (namespaceTerminating(err)) return done({ error: err });
    if (!isAlreadyExists(err)) {
      d.recorder.eventf(withKind(cj), 'Warning', 'FailedCreate', 'Error creating job: %v', (err as Error).message);
      return done({ error: err });
    }
    // Made by us before a lost status write, or by someone else (then theirs to track).
    const existing = await d.jobs.get(req.metadata!.name!, { namespace: cj.metadata?.namespace });
    if (getControllerOf(existing)?.uid !== cj.metadata?.uid) return done();
    if (inActiveList(cj, existing.metadata?.uid)) return done();
    made = existing;
  }
  cj = cj.status ? cj : { ...cj, status: {} };
  cj.status!.active = [...(cj.status!.active ?? []), jobReference(made)];
  cj.status!.lastScheduleTime = formatRFC3339('', scheduled);
  updateStatus = true;
  return done({ requeueAfterMs: next() });
}

function namespaceTerminating(err: unknown): boolean {
  const causes = (err as ApiError | undefined)?.details?.causes ?? [];
  return causes.some((c) => c.reason === 'NamespaceTerminating');
}
