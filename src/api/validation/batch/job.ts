/**
 * batch/v1 Jobs, as upstream's `ValidateJob`, `ValidateJobSpec` and `ValidateJobUpdate` check them
 * (with 1.32's feature gates: pod replacement policy, backoff limit per index, elastic indexed jobs,
 * mutable scheduling directives for suspended jobs that never started).
 */
import { fieldErrors, printed } from '../../../machinery/field-errors.js';
import { selectorFromLabelSelector, validateLabelSelector } from '../../../machinery/label-selector.js';
import { isDNS1123Label } from '../../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../machinery/validation/object-meta.js';
import { qualifiedName } from '../core/rules.js';
import { validatePodTemplateSpec } from '../core/pod.js';
import {
  type Errs,
  type Obj,
  arr,
  bool,
  int,
  invalidNoValue,
  isObj,
  labelSelector,
  nonNegative,
  obj,
  objList,
  objectMeta,
  optObj,
  optStr,
  semanticEqual,
  shownMap,
  shownSelector,
  str,
  strMap,
} from '../util.js';

/** The labels upstream's job strategy puts on pod templates and selects by. */
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const goQuoted = (list: string[]) => `[${list.map((v) => JSON.stringify(v)).join(' ')}]`;

function podFailurePolicy(spec: Obj, p: Obj, path: string, errs: Errs): void {
  const rules = objList(p.rules, `${path}.rules`, errs);
  if (rules.length > 20) errs.push(fieldErrors.tooMany(`${path}.rules`, rules.length, 20));
  const names = new Set<string>();
  for (const key of ['containers', 'initContainers'])
    for (const [c] of objList(obj(obj(spec.template).spec)[key])) names.add(str(c.name));
  for (const [rule, i] of rules) {
    const rp = `${path}.rules[${i}]`;
    const action = str(rule.action, `${rp}.action`, errs);
    if (action === '') errs.push(fieldErrors.required(`${rp}.action`, `valid values: ${goQuoted(ACTIONS)}`));
    else if (action === 'FailIndex') {
      if (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null) {
        errs.push(fieldErrors.invalid(`${rp}.action`, action, 'requires the backoffLimitPerIndex to be set'));
      }
    } else if (!ACTIONS.includes(action)) errs.push(fieldErrors.notSupported(`${rp}.action`, action, ACTIONS));
    const exit = optObj(rule.onExitCodes, `${rp}.onExitCodes`, errs);
    if (exit) {
      const ep = `${rp}.onExitCodes`;
      const op = str(exit.operator, `${ep}.operator`, errs);
      if (op === '') errs.push(fieldErrors.required(`${ep}.operator`, `valid values: ${goQuoted(['In', 'NotIn'])}`));
      else if (op !== 'In' && op !== 'NotIn')
        errs.push(fieldErrors.notSupported(`${ep}.operator`, op, ['In', 'NotIn']));
      const container = optStr(exit.containerName, `${ep}.containerName`, errs);
      if (container !== undefined && !names.has(container)) {
        errs.push(
          fieldErrors.invalid(
            `${ep}.containerName`,
            container,
            'must be one of the container or initContainer names in the pod template',
          ),
        );
      }
      const values = arr(exit.values, `${ep}.values`, errs).map((v, j) => int(v, `${ep}.values[${j}]`, errs) ?? 0);
      const shown = printed(`[]int32{${values.join(', ')}}`);
      if (values.length === 0)
        errs.push(fieldErrors.invalid(`${ep}.values`, printed('[]int32(nil)'), 'at least one value is required'));
      else if (values.length > 255) errs.push(fieldErrors.tooMany(`${ep}.values`, values.length, 255));
      const seen = new Set<number>();
      values.forEach((v, j) => {
        if (op === 'In' && v === 0)
          errs.push(fieldErrors.invalid(`${ep}.values[${j}]`, v, 'must not be 0 for the In operator'));
        if (seen.has(v)) errs.push(fieldErrors.duplicate(`${ep}.values[${j}]`, v));
        seen.add(v);
      });
      if (values.some((v, j) => j > 0 && values[j - 1] > v))
        errs.push(fieldErrors.invalid(`${ep}.values`, shown, 'must be ordered'));
    }
    const conds = objList(rule.onPodConditions, `${rp}.onPodConditions`, errs);
    if (conds.length > 20) errs.push(fieldErrors.tooMany(`${rp}.onPodConditions`, conds.length, 20));
    for (const [c, j] of conds) {
      const cp = `${rp}.onPodConditions[${j}]`;
      qualifiedName(str(c.type, `${cp}.type`, errs), `${cp}.type`, errs);
      const status = str(c.status, `${cp}.status`, errs);
      const STATUSES = ['False', 'True', 'Unknown'];
      if (status === '') errs.push(fieldErrors.required(`${cp}.status`, `valid values: ${goQuoted(STATUSES)}`));
      else if (!STATUSES.includes(status)) errs.push(fieldErrors.notSupported(`${cp}.status`, status, STATUSES));
    }
    if (exit && conds.length > 0)
      errs.push(invalidNoValue(rp, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!exit && conds.length === 0)
      errs.push(invalidNoValue(rp, 'specifying one of OnExitCodes and OnPodConditions is required'));
  }
}

/** Upstream's `validateJobSpec`: what a Job and a CronJob's job template share. */
export function validateJobSpecCommon(spec: Obj, path: string, errs: Errs): void {
  for (const f of [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
    'backoffLimitPerIndex',
  ]) {
    nonNegative(int(spec[f], `${path}.${f}`, errs), `${path}.${f}`, errs);
  }
  const maxFailed = int(spec.maxFailedIndexes, `${path}.maxFailedIndexes`, errs);
  const perIndex = int(spec.backoffLimitPerIndex);
  const mode = optStr(spec.completionMode, `${path}.completionMode`, errs);
  const completions = int(spec.completions);
  const parallelism = int(spec.parallelism);
  if (maxFailed !== undefined) {
    nonNegative(maxFailed, `${path}.maxFailedIndexes`, errs);
    if (perIndex === undefined)
      errs.push(fieldErrors.required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
  }
  const managedBy = optStr(spec.managedBy, `${path}.managedBy`, errs);
  if (managedBy !== undefined) {
    qualifiedName(managedBy, `${path}.managedBy`, errs);
    if (managedBy.length > 63) errs.push(fieldErrors.tooLong(`${path}.managedBy`, managedBy, 63));
  }
  if (perIndex !== undefined && mode !== 'Indexed') {
    errs.push(fieldErrors.forbidden(`${path}.backoffLimitPerIndex`, 'requires indexed completion mode'));
  }
  if (mode !== undefined) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed')
      errs.push(fieldErrors.notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (completions === undefined)
        errs.push(fieldErrors.required(`${path}.completions`, 'when completion mode is Indexed'));
      if (parallelism !== undefined && parallelism > 100000) {
        errs.push(
          fieldErrors.invalid(
            `${path}.parallelism`,
            parallelism,
            'must be less than or equal to 100000 when completion mode is Indexed',
          ),
        );
      }
    }
  }
  const pfp = optObj(spec.podFailurePolicy, `${path}.podFailurePolicy`, errs);
  if (pfp) podFailurePolicy(spec, pfp, `${path}.podFailurePolicy`, errs);
  const prp = optStr(spec.podReplacementPolicy, `${path}.podReplacementPolicy`, errs);
  if (prp !== undefined) {
    if (pfp) {
      if (prp !== 'Failed') errs.push(fieldErrors.notSupported(`${path}.podReplacementPolicy`, prp, ['Failed']));
    } else if (prp !== 'Failed' && prp !== 'TerminatingOrFailed') {
      errs.push(fieldErrors.notSupported(`${path}.podReplacementPolicy`, prp, ['Failed', 'TerminatingOrFailed']));
    }
  }
  validatePodTemplateSpec(spec.template, `${path}.template`, errs);
  const restart = str(obj(obj(spec.template).spec).restartPolicy);
  const rp = `${path}.template.spec.restartPolicy`;
  if (restart === 'Always' || restart === '') errs.push(fieldErrors.required(rp, 'valid values: "OnFailure", "Never"'));
  else if (restart !== 'OnFailure' && restart !== 'Never')
    errs.push(fieldErrors.notSupported(rp, restart, ['OnFailure', 'Never']));
  else if (pfp && restart !== 'Never')
    errs.push(fieldErrors.invalid(rp, restart, 'only "Never" is supported when podFailurePolicy is specified'));
}

function validateJobSpec(spec: Obj, errs: Errs): void {
  validateJobSpecCommon(spec, 'spec', errs);
  const sel = labelSelector(spec.selector, 'spec.selector', errs);
  if (!sel) errs.push(fieldErrors.required('spec.selector'));
  else errs.push(...validateLabelSelector(sel, 'spec.selector'));
  if (!sel) return;
  try {
    const labels = strMap(obj(obj(spec.template).metadata).labels);
    if (!selectorFromLabelSelector(sel).matches(labels)) {
      errs.push(
        fieldErrors.invalid(
          'spec.template.metadata.labels',
          shownMap(labels),
          '`selector` does not match template `labels`',
        ),
      );
    }
  } catch {
    // An unparseable selector was reported above.
  }
}

/** Upstream's `ValidateGeneratedSelector` (with the `batch.kubernetes.io/` labels of 1.27+). */
function generatedSelector(job: Obj, errs: Errs): void {
  const spec = obj(job.spec);
  if (bool(spec.manualSelector) === true || !isObj(spec.selector)) return;
  const meta = obj(job.metadata);
  const uid = str(meta.uid);
  if (!uid) errs.push(fieldErrors.required('metadata.uid'));
  const labels = strMap(obj(obj(spec.template).metadata).labels) ?? {};
  for (const [key, want] of [
    [CONTROLLER_UID_LABEL, uid],
    [JOB_NAME_LABEL, str(meta.name)],
  ]) {
    if (!(key in labels)) errs.push(fieldErrors.required(`spec.template.metadata.labels[${key}]`, `must be '${want}'`));
    else if (labels[key] !== want)
      errs.push(fieldErrors.invalid(`spec.template.metadata.labels[${key}]`, shownMap(labels), `must be '${want}'`));
  }
  try {
    const sel = labelSelector(spec.selector);
    if (!selectorFromLabelSelector(sel).matches({ [CONTROLLER_UID_LABEL]: uid, [JOB_NAME_LABEL]: str(meta.name) })) {
      errs.push(fieldErrors.invalid('spec.selector', shownSelector(sel), '`selector` not auto-generated'));
    }
  } catch {
    // Reported by the selector's own validation.
  }
}

/** Upstream's `ValidateJob`. Call it after `jobGenerateSelector` (the strategy's PrepareForCreate). */
export function validateJob(job: Obj): Errs {
  const errs: Errs = [];
  const meta = objectMeta(job.metadata, 'metadata', errs);
  errs.push(...validateObjectMeta(meta, { namespaced: true }));
  generatedSelector(job, errs);
  const spec = obj(job.spec, 'spec', errs);
  validateJobSpec(spec, errs);
  const completions = int(spec.completions);
  if (str(spec.completionMode) === 'Indexed' && completions !== undefined && completions > 0) {
    const hostname = `${meta.name ?? ''}-${completions - 1}`;
    if (isDNS1123Label(hostname).length > 0) {
      errs.push(
        fieldErrors.invalid(
          'metadata.name',
          meta.name ?? '',
          `will not able to create pod with invalid DNS label: ${hostname}`,
        ),
      );
    }
  }
  return errs;
}

const SCHEDULING_MUTABLE = (t: Obj): Obj => {
  const c: Obj = structuredClone(t);
  const m = obj(c.metadata);
  delete m.labels;
  delete m.annotations;
  const s = obj(c.spec);
  for (const f of ['nodeSelector', 'tolerations', 'schedulingGates']) delete s[f];
  if (isObj(s.affinity)) {
    delete s.affinity.nodeAffinity;
    if (Object.keys(s.affinity).length === 0) delete s.affinity;
  }
  return c;
};

/** Upstream's `ValidateJobUpdate`: completions, selector, template (unless suspended and never started) and more immutable. */
export function validateJobUpdate(job: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(job.metadata), objectMeta(old.metadata));
  const spec = obj(job.spec);
  const oldSpec = obj(old.spec);
  validateJobSpec(spec, errs);
  const immutable = (f: string, shown: unknown = spec[f] ?? null) => {
    if (!semanticEqual(spec[f], oldSpec[f])) errs.push(fieldErrors.invalid(`spec.${f}`, shown, 'field is immutable'));
  };
  if (str(spec.completionMode) !== 'Indexed') immutable('completions');
  else if (
    !semanticEqual(spec.completions, oldSpec.completions) &&
    int(spec.completions) !== undefined &&
    int(spec.completions) !== int(spec.parallelism)
  ) {
    errs.push(
      fieldErrors.invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'),
    );
  }
  immutable('selector', shownSelector(labelSelector(spec.selector)));
  const mutableScheduling = bool(oldSpec.suspend) === true && !obj(old.status).startTime;
  const t = obj(spec.template);
  const ot = obj(oldSpec.template);
  if (!semanticEqual(mutableScheduling ? SCHEDULING_MUTABLE(t) : t, mutableScheduling ? SCHEDULING_MUTABLE(ot) : ot)) {
    errs.push(fieldErrors.invalid('spec.template', t, 'field is immutable'));
  }
  for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy'])
    immutable(f);
  return errs;
}

/** Upstream's `ValidateJobUpdateStatus` (the counters; the finer status transitions are not checked). */
export function validateJobStatusUpdate(job: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(job.metadata), objectMeta(old.metadata));
  const status = obj(job.status, 'status', errs);
  for (const f of ['active', 'succeeded', 'failed', 'ready', 'terminating'])
    nonNegative(int(status[f], `status.${f}`, errs), `status.${f}`, errs);
  return errs;
}
