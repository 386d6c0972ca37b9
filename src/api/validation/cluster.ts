/**
 * Small cluster-level kinds: scheduling.k8s.io PriorityClasses, node.k8s.io RuntimeClasses,
 * coordination.k8s.io Leases and policy/v1 PodDisruptionBudgets, as upstream's validators check them.
 */
import { fieldErrors } from '../../machinery/field-errors.js';
import { validateLabelSelector, validateLabels } from '../../machinery/label-selector.js';
import { nameIsDNSLabel } from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import { notMoreThan100Percent, validatePositiveIntOrPercent } from './apps-shared.js';
import { validateContainerResources } from './core/resources.js';
import { validateTolerations } from './core/scheduling.js';
import {
  type Errs,
  type Obj,
  bool,
  int,
  intOrStr,
  labelSelector,
  obj,
  objectMeta,
  optObj,
  optStr,
  str,
  strMap,
} from './util.js';

const metaUpdate = (o: Obj, old: Obj) => validateObjectMetaUpdate(objectMeta(o.metadata), objectMeta(old.metadata));

const SYSTEM_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};
const HIGHEST_USER_PRIORITY = 1000000000;

/** Upstream's `ValidatePriorityClass`: `system-` names are reserved, user values at most 1e9. */
export function validatePriorityClass(pc: Obj): Errs {
  const errs: Errs = [];
  const meta = objectMeta(pc.metadata, 'metadata', errs);
  errs.push(...validateObjectMeta(meta, { namespaced: false }));
  const name = meta.name ?? '';
  const value = int(pc.value, 'value', errs) ?? 0;
  const globalDefault = bool(pc.globalDefault, 'globalDefault', errs) ?? false;
  if (name.startsWith('system-')) {
    let why = '';
    if (!(name in SYSTEM_CLASSES)) why = `${name} is not a known system priority class`;
    else if (SYSTEM_CLASSES[name] !== value) why = `value of ${name} PriorityClass must be ${SYSTEM_CLASSES[name]}`;
    else if (globalDefault) why = `globalDefault of ${name} PriorityClass must be false`;
    if (why) {
      errs.push(
        fieldErrors.forbidden(
          'metadata.name',
          `priority class names with 'system-' prefix are reserved for system use only. error: ${why}`,
        ),
      );
    }
  } else if (value > HIGHEST_USER_PRIORITY) {
    errs.push(
      fieldErrors.forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`),
    );
  }
  const preemption = optStr(pc.preemptionPolicy, 'preemptionPolicy', errs);
  if (preemption === '') errs.push(fieldErrors.required('preemptionPolicy'));
  else if (preemption !== undefined && preemption !== 'PreemptLowerPriority' && preemption !== 'Never') {
    errs.push(fieldErrors.notSupported('preemptionPolicy', preemption, ['PreemptLowerPriority', 'Never']));
  }
  return errs;
}

/** Upstream's `ValidatePriorityClassUpdate`: value and preemptionPolicy are immutable. */
export function validatePriorityClassUpdate(pc: Obj, old: Obj): Errs {
  const errs = metaUpdate(pc, old);
  if ((int(pc.value) ?? 0) !== (int(old.value) ?? 0))
    errs.push(fieldErrors.forbidden('value', 'may not be changed in an update.'));
  if (optStr(pc.preemptionPolicy) !== optStr(old.preemptionPolicy)) {
    errs.push(fieldErrors.invalid('preemptionPolicy', pc.preemptionPolicy ?? null, 'field is immutable'));
  }
  return errs;
}

/** Upstream's `ValidateRuntimeClass`: the handler is a DNS label. */
export function validateRuntimeClass(rc: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(rc.metadata, 'metadata', errs), { namespaced: false }));
  const handler = str(rc.handler, 'handler', errs);
  for (const m of nameIsDNSLabel(handler, false)) errs.push(fieldErrors.invalid('handler', handler, m));
  const overhead = optObj(rc.overhead, 'overhead', errs);
  if (overhead) validateContainerResources({ limits: obj(overhead.podFixed) }, new Set(), 'overhead.podFixed', errs);
  const scheduling = optObj(rc.scheduling, 'scheduling', errs);
  if (scheduling) {
    errs.push(
      ...validateLabels(strMap(scheduling.nodeSelector, 'scheduling.nodeSelector', errs), 'scheduling.nodeSelector'),
    );
    validateTolerations(scheduling.tolerations, 'scheduling.tolerations', errs);
  }
  return errs;
}

/** Upstream's `ValidateRuntimeClassUpdate`: the handler is immutable. */
export function validateRuntimeClassUpdate(rc: Obj, old: Obj): Errs {
  const errs = metaUpdate(rc, old);
  if (str(rc.handler) !== str(old.handler))
    errs.push(fieldErrors.invalid('handler', str(rc.handler), 'field is immutable'));
  return errs;
}

/** Upstream's `ValidateLease`. */
export function validateLease(lease: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(lease.metadata, 'metadata', errs), { namespaced: true }));
  const spec = obj(lease.spec, 'spec', errs);
  const duration = int(spec.leaseDurationSeconds, 'spec.leaseDurationSeconds', errs);
  if (duration !== undefined && duration <= 0)
    errs.push(fieldErrors.invalid('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  const transitions = int(spec.leaseTransitions, 'spec.leaseTransitions', errs);
  if (transitions !== undefined && transitions < 0) {
    errs.push(fieldErrors.invalid('spec.leaseTransitions', transitions, 'must be greater than or equal to 0'));
  }
  return errs;
}

/** Upstream's `ValidateLeaseUpdate`. */
export function validateLeaseUpdate(lease: Obj, old: Obj): Errs {
  return [...metaUpdate(lease, old), ...validateLease(lease).filter((e) => !e.field.startsWith('metadata.'))];
}

/** Upstream's `ValidatePodDisruptionBudget`: minAvailable xor maxUnavailable, a valid selector. */
export function validatePodDisruptionBudget(pdb: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(pdb.metadata, 'metadata', errs), { namespaced: true }));
  const spec = obj(pdb.spec, 'spec', errs);
  const min = intOrStr(spec.minAvailable, 'spec.minAvailable', errs);
  const max = intOrStr(spec.maxUnavailable, 'spec.maxUnavailable', errs);
  if (min !== undefined && max !== undefined)
    errs.push(fieldErrors.invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  if (min !== undefined) {
    validatePositiveIntOrPercent(min, 'spec.minAvailable', errs);
    notMoreThan100Percent(min, 'spec.minAvailable', errs);
  }
  if (max !== undefined) {
    validatePositiveIntOrPercent(max, 'spec.maxUnavailable', errs);
    notMoreThan100Percent(max, 'spec.maxUnavailable', errs);
  }
  errs.push(...validateLabelSelector(labelSelector(spec.selector, 'spec.selector', errs), 'spec.selector'));
  const policy = optStr(spec.unhealthyPodEvictionPolicy, 'spec.unhealthyPodEvictionPolicy', errs);
  if (policy !== undefined && policy !== 'AlwaysAllow' && policy !== 'IfHealthyBudget') {
    errs.push(fieldErrors.notSupported('spec.unhealthyPodEvictionPolicy', policy, ['AlwaysAllow', 'IfHealthyBudget']));
  }
  return errs;
}

/** Upstream's PDB update validation (the spec may change since 1.15). */
export function validatePodDisruptionBudgetUpdate(pdb: Obj, old: Obj): Errs {
  return [...metaUpdate(pdb, old), ...validatePodDisruptionBudget(pdb).filter((e) => !e.field.startsWith('metadata.'))];
}

/** Upstream's `ValidatePodDisruptionBudgetStatusUpdate`: counters non-negative. */
export function validatePodDisruptionBudgetStatusUpdate(pdb: Obj, old: Obj): Errs {
  const errs = metaUpdate(pdb, old);
  const status = obj(pdb.status, 'status', errs);
  for (const f of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods', 'observedGeneration']) {
    const v = int(status[f], `status.${f}`, errs);
    if (v !== undefined && v < 0)
      errs.push(fieldErrors.invalid(`status.${f}`, v, 'must be greater than or equal to 0'));
  }
  return errs;
}
