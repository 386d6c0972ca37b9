/**
 * The Jobs of a CronJob (upstream's `pkg/controller/cronjob/utils.go` and `job/util`): the Job
 * made for a schedule time, its deterministic name, whether a Job has finished, the active list,
 * and the order the history limits delete in.
 */
import type { CronJob, Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import { newControllerRef } from '../common/index.js';
import { formatRFC3339 } from './time-zone.js';

/** Upstream's `batchv1.CronJobScheduledTimestampAnnotation`. */
export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** Upstream's `getJobName`: `<cronjob>-<scheduled time in minutes since the epoch>`. */
export function jobNameFor(cj: CronJob, scheduledMs: number): string {
  return `${cj.metadata?.name ?? ''}-${Math.floor(scheduledMs / 60_000)}`;
}

/**
 * Upstream's `getJobFromTemplate2`: the job template's labels, annotations and spec, the
 * scheduled-timestamp annotation (RFC 3339 in `spec.timeZone`, UTC without one), the controller
 * reference, and the deterministic name that keeps a schedule time from running twice.
 */
export function jobFromTemplate(cj: CronJob, scheduledMs: number): Job {
  const t = cj.spec?.jobTemplate;
  const annotations = { ...(t?.metadata?.annotations ?? {}) };
  annotations[CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION] = formatRFC3339(cj.spec?.timeZone ?? '', scheduledMs);
  const job: Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cj, scheduledMs),
      namespace: cj.metadata?.namespace,
      labels: { ...(t?.metadata?.labels ?? {}) },
      annotations,
      ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
    },
    spec: structuredClone(t?.spec ?? { template: {} }),
  };
  return job;
}

/** Upstream's `FinishedCondition`: the Complete or Failed condition that is True. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** Upstream's `IsJobFinished`. */
export function isJobFinished(job: Job): boolean {
  return finishedCondition(job) !== undefined;
}

/** Upstream's `IsJobSucceeded`. */
export function isJobSucceeded(job: Job): boolean {
  return finishedCondition(job)?.type === 'Complete';
}

export function inActiveList(cj: CronJob, uid: string | undefined): boolean {
  return (cj.status?.active ?? []).some((r) => r.uid === uid);
}

export function inActiveListByName(cj: CronJob, name: string, namespace: string | undefined): boolean {
  return (cj.status?.active ?? []).some((r) => r.name === name && r.namespace === namespace);
}

export function deleteFromActiveList(cj: CronJob, uid: string | undefined): void {
  if (!cj.status) return;
  cj.status.active = (cj.status.active ?? []).filter((r) => r.uid !== uid);
}

/** The reference the active list keeps (upstream's `ref.GetReference`). */
export function jobReference(job: Job): ObjectReference {
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    namespace: job.metadata?.namespace,
    name: job.metadata?.name,
    uid: job.metadata?.uid,
    resourceVersion: job.metadata?.resourceVersion,
  };
}

/** Upstream's `byJobStartTime`: started before unstarted, earlier first, then by name. */
export function byJobStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (!sa && sb) return 1;
  if (sa && !sb) return -1;
  if (sa && sb && sa !== sb) {
    const d = Date.parse(sa) - Date.parse(sb);
    if (d !== 0) return d;
  }
  const an = a.metadata?.name ?? '';
  const bn = b.metadata?.name ?? '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}
