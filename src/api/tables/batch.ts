/**
 * Tables for batch/v1 jobs and cronjobs: a Job's STATUS from its conditions, COMPLETIONS as
 * `succeeded/completions`, DURATION from start to completion (or to now).
 */
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn, printer, wide } from './columns.js';
import { DOC } from './descriptions.js';
import { humanDuration } from './duration.js';
import { boolPtr, conditionStatus, containerCells, formatLabelSelector, since, timeOf } from './format.js';

/** printJob's STATUS: Complete, Failed, Terminating, Suspended, FailureTarget, else Running. */
function jobStatus(job: Job): string {
  const is = (type: string) => conditionStatus(job.status?.conditions, type) === 'True';
  if (is('Complete')) return 'Complete';
  if (is('Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (is('Suspended')) return 'Suspended';
  if (is('FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined && job.spec.completions !== null) {
    return `${succeeded}/${job.spec.completions}`;
  }
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Job, now: Date): string {
  const start = timeOf(job.status?.startTime);
  if (start === undefined) return '';
  const end = timeOf(job.status?.completionTime) ?? now.getTime();
  return humanDuration(end - start);
}

/** batch/v1 jobs. */
export const jobPrinter = printer<Job>(
  [
    nameColumn,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', DOC['job.succeeded']),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn,
    wide(containersColumn),
    wide(imagesColumn),
    wide(column('Selector', 'string', DOC['job.selector'])),
  ],
  (job, now) => [
    job.metadata?.name ?? '',
    jobStatus(job),
    completions(job),
    jobDuration(job, now),
    since(job.metadata?.creationTimestamp, now),
    ...containerCells(job.spec?.template?.spec?.containers),
    formatLabelSelector(job.spec?.selector),
  ],
);

/** batch/v1 cronjobs. */
export const cronJobPrinter = printer<CronJob>(
  [
    nameColumn,
    column('Schedule', 'string', DOC['cj.schedule']),
    column('Timezone', 'string', DOC['cj.timeZone']),
    column('Suspend', 'boolean', DOC['cj.suspend']),
    column('Active', 'integer', DOC['cj.active']),
    column('Last Schedule', 'string', DOC['cj.lastScheduleTime']),
    ageColumn,
    wide(containersColumn),
    wide(imagesColumn),
    wide(column('Selector', 'string', DOC['job.selector'])),
  ],
  (cj, now) => {
    const jobSpec = cj.spec?.jobTemplate?.spec;
    return [
      cj.metadata?.name ?? '',
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      boolPtr(cj.spec?.suspend),
      (cj.status?.active ?? []).length,
      cj.status?.lastScheduleTime ? since(cj.status.lastScheduleTime, now) : '<none>',
      since(cj.metadata?.creationTimestamp, now),
      ...containerCells(jobSpec?.template?.spec?.containers),
      formatLabelSelector(jobSpec?.selector),
    ];
  },
);
