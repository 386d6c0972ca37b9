/**
 * Defaults of apps/v1 and batch/v1 workloads, as upstream's `SetDefaults_Deployment`,
 * `SetDefaults_ReplicaSet`, `SetDefaults_StatefulSet`, `SetDefaults_DaemonSet`, `SetDefaults_Job`
 * and `SetDefaults_CronJob` apply them (with 1.32's gates: StatefulSetAutoDeletePVC and
 * JobPodReplacementPolicy on), plus the pod template defaults of each.
 */
import { type Obj, isObj } from '../validation/util.js';
import { defaultPersistentVolumeClaimSpec, defaultPodTemplateSpec } from './pod.js';

const unset = (v: unknown) => v === undefined || v === null;
const spec = (o: Obj): Obj | undefined => {
  if (unset(o.spec)) o.spec = {};
  return isObj(o.spec) ? o.spec : undefined;
};
const sub = (o: Obj, key: string): Obj | undefined => {
  if (unset(o[key])) o[key] = {};
  return isObj(o[key]) ? o[key] : undefined;
};

/** Upstream's `SetDefaults_Deployment`. */
export function defaultDeployment(d: Obj): void {
  const s = spec(d);
  if (!s) return;
  if (unset(s.replicas)) s.replicas = 1;
  const strategy = sub(s, 'strategy');
  if (strategy) {
    if (!strategy.type) strategy.type = 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const ru = sub(strategy, 'rollingUpdate');
      if (ru) {
        if (unset(ru.maxUnavailable)) ru.maxUnavailable = '25%';
        if (unset(ru.maxSurge)) ru.maxSurge = '25%';
      }
    }
  }
  if (unset(s.revisionHistoryLimit)) s.revisionHistoryLimit = 10;
  if (unset(s.progressDeadlineSeconds)) s.progressDeadlineSeconds = 600;
  defaultPodTemplateSpec(s.template);
}

/** Upstream's `SetDefaults_ReplicaSet`. */
export function defaultReplicaSet(rs: Obj): void {
  const s = spec(rs);
  if (!s) return;
  if (unset(s.replicas)) s.replicas = 1;
  defaultPodTemplateSpec(s.template);
}

/** Upstream's `SetDefaults_StatefulSet`, and its volume claim templates' spec defaults. */
export function defaultStatefulSet(ss: Obj): void {
  const s = spec(ss);
  if (!s) return;
  if (!s.podManagementPolicy) s.podManagementPolicy = 'OrderedReady';
  const strategy = sub(s, 'updateStrategy');
  if (strategy) {
    if (!strategy.type) {
      strategy.type = 'RollingUpdate';
      if (unset(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    }
    if (strategy.type === 'RollingUpdate' && isObj(strategy.rollingUpdate) && unset(strategy.rollingUpdate.partition)) {
      strategy.rollingUpdate.partition = 0;
    }
  }
  const retention = sub(s, 'persistentVolumeClaimRetentionPolicy');
  if (retention) {
    if (!retention.whenDeleted) retention.whenDeleted = 'Retain';
    if (!retention.whenScaled) retention.whenScaled = 'Retain';
  }
  if (unset(s.replicas)) s.replicas = 1;
  if (unset(s.revisionHistoryLimit)) s.revisionHistoryLimit = 10;
  defaultPodTemplateSpec(s.template);
  if (Array.isArray(s.volumeClaimTemplates)) {
    for (const t of s.volumeClaimTemplates) {
      if (!isObj(t)) continue;
      const ts = sub(t, 'spec');
      if (ts) defaultPersistentVolumeClaimSpec(ts);
      const status = sub(t, 'status');
      if (status && !status.phase) status.phase = 'Pending';
    }
  }
}

/** Upstream's `SetDefaults_DaemonSet`. */
export function defaultDaemonSet(ds: Obj): void {
  const s = spec(ds);
  if (!s) return;
  const strategy = sub(s, 'updateStrategy');
  if (strategy) {
    if (!strategy.type) strategy.type = 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const ru = sub(strategy, 'rollingUpdate');
      if (ru) {
        if (unset(ru.maxUnavailable)) ru.maxUnavailable = 1;
        if (unset(ru.maxSurge)) ru.maxSurge = 0;
      }
    }
  }
  if (unset(s.revisionHistoryLimit)) s.revisionHistoryLimit = 10;
  defaultPodTemplateSpec(s.template);
}

/** The defaults of a JobSpec (shared by Jobs and CronJob job templates). */
function defaultJobSpec(s: Obj): void {
  if (unset(s.completions) && unset(s.parallelism)) {
    s.completions = 1;
    s.parallelism = 1;
  }
  if (unset(s.parallelism)) s.parallelism = 1;
  if (unset(s.backoffLimit)) s.backoffLimit = unset(s.backoffLimitPerIndex) ? 6 : 2147483647;
  if (unset(s.completionMode)) s.completionMode = 'NonIndexed';
  if (unset(s.suspend)) s.suspend = false;
  if (isObj(s.podFailurePolicy) && Array.isArray(s.podFailurePolicy.rules)) {
    for (const rule of s.podFailurePolicy.rules) {
      if (!isObj(rule) || !Array.isArray(rule.onPodConditions)) continue;
      for (const c of rule.onPodConditions) if (isObj(c) && !c.status) c.status = 'True';
    }
  }
  if (unset(s.podReplacementPolicy))
    s.podReplacementPolicy = isObj(s.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed';
  defaultPodTemplateSpec(s.template);
}

/** Upstream's `SetDefaults_Job`: counts, backoff, mode, suspend, replacement policy, labels from the template. */
export function defaultJob(job: Obj): void {
  const s = spec(job);
  if (!s) return;
  defaultJobSpec(s);
  const labels =
    isObj(s.template) && isObj(s.template.metadata) && isObj(s.template.metadata.labels)
      ? s.template.metadata.labels
      : undefined;
  const meta = sub(job, 'metadata');
  if (labels && meta && (!isObj(meta.labels) || Object.keys(meta.labels).length === 0)) meta.labels = { ...labels };
}

/** Upstream's `SetDefaults_CronJob`; the job template gets only its pod template's defaults (as upstream). */
export function defaultCronJob(cj: Obj): void {
  const s = spec(cj);
  if (!s) return;
  if (!s.concurrencyPolicy) s.concurrencyPolicy = 'Allow';
  if (unset(s.suspend)) s.suspend = false;
  if (unset(s.successfulJobsHistoryLimit)) s.successfulJobsHistoryLimit = 3;
  if (unset(s.failedJobsHistoryLimit)) s.failedJobsHistoryLimit = 1;
  if (isObj(s.jobTemplate) && isObj(s.jobTemplate.spec)) defaultPodTemplateSpec(s.jobTemplate.spec.template);
}

/** The labels upstream's job strategy generates. */
const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';

/**
 * Upstream's job strategy `generateSelector` (PrepareForCreate, unless `spec.manualSelector` is
 * true): labels the pod template with the job's name and uid (legacy `job-name`/`controller-uid`
 * and `batch.kubernetes.io/` ones, keeping any the user set) and selects
 * `batch.kubernetes.io/controller-uid=<uid>`. Call it after `metadata.uid` is assigned and before
 * validation.
 */
export function jobGenerateSelector(job: Obj): void {
  const s = isObj(job.spec) ? job.spec : undefined;
  const meta = isObj(job.metadata) ? job.metadata : {};
  if (!s || s.manualSelector === true) return;
  const template = sub(s, 'template');
  const tmeta = template && sub(template, 'metadata');
  const labels = tmeta && sub(tmeta, 'labels');
  if (!labels) return;
  const name = typeof meta.name === 'string' ? meta.name : '';
  const uid = typeof meta.uid === 'string' ? meta.uid : '';
  for (const key of ['job-name', JOB_NAME]) if (!(key in labels)) labels[key] = name;
  for (const key of ['controller-uid', CONTROLLER_UID]) if (!(key in labels)) labels[key] = uid;
  const selector = sub(s, 'selector');
  const matchLabels = selector && sub(selector, 'matchLabels');
  if (matchLabels && !(CONTROLLER_UID in matchLabels)) matchLabels[CONTROLLER_UID] = uid;
}
