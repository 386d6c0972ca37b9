/**
 * autoscaling HorizontalPodAutoscalers, v2 and v1 shapes, as upstream's
 * `ValidateHorizontalPodAutoscaler` checks them (v1 objects are read through their v2 meaning:
 * targetCPUUtilizationPercentage is a cpu Utilization target).
 */
import { fieldErrors } from '../../machinery/field-errors.js';
import { validatePathSegmentName } from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import { quantity, validateContainerResourceName } from './core/resources.js';
import { type Errs, type Obj, int, obj, objList, objectMeta, optObj, optStr, str } from './util.js';

const SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_FIELDS: Record<string, string> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  External: 'external',
  ContainerResource: 'containerResource',
};

function crossVersionRef(ref: Obj, path: string, errs: Errs): void {
  for (const f of ['kind', 'name']) {
    const v = str(ref[f], `${path}.${f}`, errs);
    if (!v) errs.push(fieldErrors.required(`${path}.${f}`));
    else for (const m of validatePathSegmentName(v, false)) errs.push(fieldErrors.invalid(`${path}.${f}`, v, m));
  }
}

function metricTarget(t: Obj, path: string, errs: Errs): void {
  const type = str(t.type, `${path}.type`, errs);
  if (!type) errs.push(fieldErrors.required(`${path}.type`, 'must specify a metric target type'));
  if (!['Utilization', 'Value', 'AverageValue'].includes(type)) {
    errs.push(fieldErrors.invalid(`${path}.type`, type, 'must be either Utilization, Value, or AverageValue'));
  }
  for (const f of ['value', 'averageValue']) {
    const q = quantity(t[f], `${path}.${f}`, errs);
    if (q && q.sign() !== 1) errs.push(fieldErrors.invalid(`${path}.${f}`, q.toString(), 'must be positive'));
  }
  const u = int(t.averageUtilization, `${path}.averageUtilization`, errs);
  if (u !== undefined && u < 1)
    errs.push(fieldErrors.invalid(`${path}.averageUtilization`, u, 'must be greater than 0'));
}

function resourceSource(src: Obj, path: string, errs: Errs, container: boolean): void {
  const name = str(src.name, `${path}.name`, errs);
  if (!name) errs.push(fieldErrors.required(`${path}.name`, 'must specify a resource name'));
  else validateContainerResourceName(name, `${path}.name`, errs);
  if (container && !str(src.container, `${path}.container`, errs))
    errs.push(fieldErrors.required(`${path}.container`, 'must specify a container'));
  const target = obj(src.target, `${path}.target`, errs);
  metricTarget(target, `${path}.target`, errs);
  const hasU = target.averageUtilization !== undefined && target.averageUtilization !== null;
  const hasV = target.averageValue !== undefined && target.averageValue !== null;
  if (!hasU && !hasV)
    errs.push(
      fieldErrors.required(
        `${path}.target.averageUtilization`,
        'must set either a target raw value or a target utilization',
      ),
    );
  if (hasU && hasV)
    errs.push(
      fieldErrors.forbidden(
        `${path}.target.averageValue`,
        'may not set both a target raw value and a target utilization',
      ),
    );
}

function metricIdentifier(m: Obj, path: string, errs: Errs): void {
  if (!str(m.name, `${path}.name`, errs)) errs.push(fieldErrors.required(`${path}.name`, 'must specify a metric name'));
}

function metricSpec(m: Obj, path: string, errs: Errs): void {
  const type = str(m.type, `${path}.type`, errs);
  if (!type) errs.push(fieldErrors.required(`${path}.type`, 'must specify a metric source type'));
  if (!SOURCE_TYPES.includes(type)) errs.push(fieldErrors.notSupported(`${path}.type`, type, SOURCE_TYPES));
  const present = Object.values(SOURCE_FIELDS).filter((f) => optObj(m[f], `${path}.${f}`, errs));
  if (present.length >= 1) {
    const f = present[0];
    const src = obj(m[f]);
    const p = `${path}.${f}`;
    if (f === 'resource' || f === 'containerResource') resourceSource(src, p, errs, f === 'containerResource');
    else {
      metricIdentifier(obj(src.metric, `${p}.metric`, errs), `${p}.metric`, errs);
      metricTarget(obj(src.target, `${p}.target`, errs), `${p}.target`, errs);
      if (f === 'object')
        crossVersionRef(obj(src.describedObject, `${p}.describedObject`, errs), `${p}.describedObject`, errs);
    }
  }
  const expected = SOURCE_FIELDS[type];
  if (expected) {
    if (!present.includes(expected))
      errs.push(fieldErrors.required(`${path}.${expected}`, 'must populate information for the given metric source'));
  } else errs.push(fieldErrors.notSupported(`${path}.type`, type, SOURCE_TYPES));
  if (present.length !== 1) {
    for (const f of present)
      if (f !== expected)
        errs.push(fieldErrors.forbidden(`${path}.${f}`, 'must populate the given metric source only'));
  }
}

function scalingRules(r: Obj | undefined, path: string, errs: Errs): void {
  if (!r) return;
  const window = int(r.stabilizationWindowSeconds, `${path}.stabilizationWindowSeconds`, errs);
  if (window !== undefined) {
    if (window < 0)
      errs.push(
        fieldErrors.invalid(`${path}.stabilizationWindowSeconds`, window, 'must be greater than or equal to zero'),
      );
    if (window > 3600)
      errs.push(
        fieldErrors.invalid(`${path}.stabilizationWindowSeconds`, window, 'must be less than or equal to 3600'),
      );
  }
  const select = optStr(r.selectPolicy, `${path}.selectPolicy`, errs);
  if (select !== undefined && !['Disabled', 'Max', 'Min'].includes(select)) {
    errs.push(fieldErrors.notSupported(`${path}.selectPolicy`, select, ['Disabled', 'Max', 'Min']));
  }
  const policies = objList(r.policies, `${path}.policies`, errs);
  if (policies.length === 0) errs.push(fieldErrors.required(`${path}.policies`, 'must specify at least one Policy'));
  for (const [p, i] of policies) {
    const pp = `${path}.policies[${i}]`;
    const type = str(p.type, `${pp}.type`, errs);
    if (type !== 'Pods' && type !== 'Percent')
      errs.push(fieldErrors.notSupported(`${pp}.type`, type, ['Percent', 'Pods']));
    const value = int(p.value, `${pp}.value`, errs) ?? 0;
    if (value <= 0) errs.push(fieldErrors.invalid(`${pp}.value`, value, 'must be greater than zero'));
    const period = int(p.periodSeconds, `${pp}.periodSeconds`, errs) ?? 0;
    if (period <= 0) errs.push(fieldErrors.invalid(`${pp}.periodSeconds`, period, 'must be greater than zero'));
    if (period > 1800)
      errs.push(fieldErrors.invalid(`${pp}.periodSeconds`, period, 'must be less than or equal to 1800'));
  }
}

function hpaSpec(hpa: Obj, errs: Errs): void {
  const spec = obj(hpa.spec, 'spec', errs);
  const min = int(spec.minReplicas, 'spec.minReplicas', errs);
  const max = int(spec.maxReplicas, 'spec.maxReplicas', errs) ?? 0;
  if (min !== undefined && min < 1)
    errs.push(fieldErrors.invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(fieldErrors.invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min)
    errs.push(fieldErrors.invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  crossVersionRef(obj(spec.scaleTargetRef, 'spec.scaleTargetRef', errs), 'spec.scaleTargetRef', errs);
  if (str(hpa.apiVersion) === 'autoscaling/v1') {
    const cpu = int(spec.targetCPUUtilizationPercentage, 'spec.targetCPUUtilizationPercentage', errs);
    if (cpu !== undefined && cpu < 1) {
      errs.push(
        fieldErrors.invalid('spec.metrics[0].resource.target.averageUtilization', cpu, 'must be greater than 0'),
      );
    }
    return;
  }
  for (const [m, i] of objList(spec.metrics, 'spec.metrics', errs)) metricSpec(m, `spec.metrics[${i}]`, errs);
  const behavior = optObj(spec.behavior, 'spec.behavior', errs);
  if (behavior) {
    scalingRules(optObj(behavior.scaleUp, 'spec.behavior.scaleUp', errs), 'spec.behavior.scaleUp', errs);
    scalingRules(optObj(behavior.scaleDown, 'spec.behavior.scaleDown', errs), 'spec.behavior.scaleDown', errs);
  }
}

/** Upstream's `ValidateHorizontalPodAutoscaler`. */
export function validateHorizontalPodAutoscaler(hpa: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(hpa.metadata, 'metadata', errs), { namespaced: true }));
  hpaSpec(hpa, errs);
  return errs;
}

/** Upstream's `ValidateHorizontalPodAutoscalerUpdate`. */
export function validateHorizontalPodAutoscalerUpdate(hpa: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(hpa.metadata), objectMeta(old.metadata));
  hpaSpec(hpa, errs);
  return errs;
}

/** Upstream's `ValidateHorizontalPodAutoscalerStatusUpdate`: replica counts non-negative. */
export function validateHorizontalPodAutoscalerStatusUpdate(hpa: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(hpa.metadata), objectMeta(old.metadata));
  const status = obj(hpa.status, 'status', errs);
  for (const f of ['currentReplicas', 'desiredReplicas']) {
    const v = int(status[f], `status.${f}`, errs);
    if (v !== undefined && v < 0)
      errs.push(fieldErrors.invalid(`status.${f}`, v, 'must be greater than or equal to 0'));
  }
  return errs;
}
