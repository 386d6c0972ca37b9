/**
 * apps/v1 Deployments, ReplicaSets and ControllerRevisions, as upstream's
 * `pkg/apis/apps/validation` checks them, with the selector immutability the apps/v1 strategies add
 * on update (`spec.selector: Invalid value: v1.LabelSelector{…}: field is immutable`).
 */
import { FieldError, fieldErrors, printed } from '../../machinery/field-errors.js';
import {
  collisionCount,
  goIntOrString,
  intOrPercentValue,
  meta,
  metaUpdate,
  notMoreThan100Percent,
  restartAlways,
  selectorImmutable,
  selectorMatches,
  validatePositiveIntOrPercent,
  workloadSelector,
} from './apps-shared.js';
import { validatePodTemplateSpec } from './core/pod.js';
import { validateReplicaStatus } from './core/rc.js';
import {
  type Errs,
  type Obj,
  int,
  intOrStr,
  isObj,
  labelSelector,
  nonNegative,
  obj,
  optObj,
  semanticEqual,
  shownMap,
  shownSelector,
  str,
  strMap,
} from './util.js';

/** Upstream's `ValidatePodTemplateSpecForReplicaSet` (used by Deployments and ReplicaSets). */
function templateForReplicaSet(spec: Obj, sel: ReturnType<typeof labelSelector>, errs: Errs): void {
  const m = selectorMatches(sel, undefined);
  if (!m.ok) return void errs.push(fieldErrors.invalid('spec.selector', shownSelector(sel), 'invalid label selector'));
  if (!isObj(spec.template)) return void errs.push(fieldErrors.required('spec.template'));
  const labels = strMap(obj(spec.template.metadata).labels);
  const r = selectorMatches(sel, labels);
  if (!r.empty && !r.matches) {
    errs.push(
      fieldErrors.invalid(
        'spec.template.metadata.labels',
        shownMap(labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  validatePodTemplateSpec(spec.template, 'spec.template', errs);
  restartAlways(spec, 'ReplicaSet', errs);
}

function deploymentStrategy(spec: Obj, errs: Errs): void {
  const strategy = obj(spec.strategy, 'spec.strategy', errs);
  const type = str(strategy.type, 'spec.strategy.type', errs);
  const ru = optObj(strategy.rollingUpdate, 'spec.strategy.rollingUpdate', errs);
  if (type === 'Recreate') {
    if (ru)
      errs.push(
        fieldErrors.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"),
      );
  } else if (type === 'RollingUpdate') {
    if (!ru)
      return void errs.push(
        fieldErrors.required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'),
      );
    const p = 'spec.strategy.rollingUpdate';
    const mu = intOrStr(ru.maxUnavailable, `${p}.maxUnavailable`, errs);
    const ms = intOrStr(ru.maxSurge, `${p}.maxSurge`, errs);
    validatePositiveIntOrPercent(mu, `${p}.maxUnavailable`, errs);
    validatePositiveIntOrPercent(ms, `${p}.maxSurge`, errs);
    if (intOrPercentValue(mu) === 0 && intOrPercentValue(ms) === 0) {
      errs.push(
        fieldErrors.invalid(`${p}.maxUnavailable`, printed(goIntOrString(mu)), 'may not be 0 when `maxSurge` is 0'),
      );
    }
    notMoreThan100Percent(mu, `${p}.maxUnavailable`, errs);
  } else {
    const shown = `apps.DeploymentStrategy{Type:${JSON.stringify(type)}, RollingUpdate:${ru ? JSON.stringify(ru) : '(*apps.RollingUpdateDeployment)(nil)'}}`;
    errs.push(fieldErrors.notSupported('spec.strategy', printed(shown), ['Recreate', 'RollingUpdate']));
  }
}

function deploymentSpec(d: Obj, errs: Errs): void {
  const spec = obj(d.spec, 'spec', errs);
  nonNegative(int(spec.replicas, 'spec.replicas', errs) ?? 0, 'spec.replicas', errs);
  const sel = workloadSelector(spec, 'deployment', errs);
  templateForReplicaSet(spec, sel, errs);
  deploymentStrategy(spec, errs);
  const minReady = int(spec.minReadySeconds, 'spec.minReadySeconds', errs) ?? 0;
  nonNegative(minReady, 'spec.minReadySeconds', errs);
  nonNegative(int(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', errs), 'spec.revisionHistoryLimit', errs);
  const pds = int(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds', errs);
  if (pds !== undefined) {
    nonNegative(pds, 'spec.progressDeadlineSeconds', errs);
    if (pds <= minReady)
      errs.push(fieldErrors.invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  }
}

/** Upstream's `ValidateDeployment`. */
export function validateDeployment(d: Obj): Errs {
  const errs: Errs = [];
  errs.push(...meta(d, errs));
  deploymentSpec(d, errs);
  return errs;
}

/** Upstream's `ValidateDeploymentUpdate` plus the immutable selector. */
export function validateDeploymentUpdate(d: Obj, old: Obj): Errs {
  const errs = metaUpdate(d, old);
  deploymentSpec(d, errs);
  selectorImmutable(d, old, errs);
  return errs;
}

/** Upstream's `ValidateDeploymentStatusUpdate`. */
export function validateDeploymentStatusUpdate(d: Obj, old: Obj): Errs {
  const errs = metaUpdate(d, old);
  const status = obj(d.status, 'status', errs);
  nonNegative(int(status.observedGeneration, 'status.observedGeneration', errs), 'status.observedGeneration', errs);
  validateReplicaStatus(status, 'status', errs, [
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
  ]);
  collisionCount(d, old, errs);
  return errs;
}

function replicaSetSpec(rs: Obj, errs: Errs): void {
  const spec = obj(rs.spec, 'spec', errs);
  nonNegative(int(spec.replicas, 'spec.replicas', errs) ?? 0, 'spec.replicas', errs);
  nonNegative(int(spec.minReadySeconds, 'spec.minReadySeconds', errs) ?? 0, 'spec.minReadySeconds', errs);
  const sel = workloadSelector(spec, 'deployment', errs);
  templateForReplicaSet(spec, sel, errs);
}

/** Upstream's `ValidateReplicaSet`. */
export function validateReplicaSet(rs: Obj): Errs {
  const errs: Errs = [];
  errs.push(...meta(rs, errs));
  replicaSetSpec(rs, errs);
  return errs;
}

/** Upstream's `ValidateReplicaSetUpdate` plus the immutable selector. */
export function validateReplicaSetUpdate(rs: Obj, old: Obj): Errs {
  const errs = metaUpdate(rs, old);
  replicaSetSpec(rs, errs);
  selectorImmutable(rs, old, errs);
  return errs;
}

/** Upstream's `ValidateReplicaSetStatusUpdate`. */
export function validateReplicaSetStatusUpdate(rs: Obj, old: Obj): Errs {
  const errs = metaUpdate(rs, old);
  validateReplicaStatus(obj(rs.status, 'status', errs), 'status', errs, [
    'replicas',
    'fullyLabeledReplicas',
    'readyReplicas',
    'availableReplicas',
    'observedGeneration',
  ]);
  return errs;
}

/** Upstream's `ValidateControllerRevision`. */
export function validateControllerRevision(cr: Obj): Errs {
  const errs: Errs = [];
  errs.push(...meta(cr, errs));
  if (cr.data === undefined || cr.data === null) errs.push(fieldErrors.required('data', 'data is mandatory'));
  nonNegative(int(cr.revision, 'revision', errs) ?? 0, 'revision', errs);
  return errs;
}

/** Upstream's `ValidateControllerRevisionUpdate`: data immutable. */
export function validateControllerRevisionUpdate(cr: Obj, old: Obj): Errs {
  const errs = [...metaUpdate(cr, old), ...validateControllerRevision(cr)];
  if (!semanticEqual(cr.data, old.data))
    errs.push(new FieldError('FieldValueInvalid', 'data', cr.data ?? null, 'field is immutable'));
  return errs;
}
