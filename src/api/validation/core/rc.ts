/**
 * ReplicationControllers, as upstream's `ValidateReplicationController` and its update variant check
 * them: a non-empty selector matching the template's labels, a template that restarts Always.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { selectorFromSet } from '../../../machinery/labels.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../machinery/validation/object-meta.js';
import { type Errs, type Obj, int, isObj, nonNegative, obj, objectMeta, shownMap, strMap } from '../util.js';
import { validatePodTemplateSpec } from './pod.js';

function validateRCSpec(v: unknown, errs: Errs): void {
  const spec = obj(v, 'spec', errs);
  nonNegative(int(spec.minReadySeconds, 'spec.minReadySeconds', errs), 'spec.minReadySeconds', errs);
  const selector = strMap(spec.selector, 'spec.selector', errs) ?? {};
  if (Object.keys(selector).length === 0) errs.push(fieldErrors.required('spec.selector'));
  nonNegative(int(spec.replicas, 'spec.replicas', errs) ?? 0, 'spec.replicas', errs);
  if (!isObj(spec.template)) return void errs.push(fieldErrors.required('spec.template'));
  const labels = strMap(obj(spec.template.metadata).labels);
  if (Object.keys(selector).length > 0 && !selectorFromSet(selector).matches(labels)) {
    errs.push(
      fieldErrors.invalid(
        'spec.template.metadata.labels',
        shownMap(labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  validatePodTemplateSpec(spec.template, 'spec.template', errs);
  const tspec = obj(spec.template.spec);
  const restart = typeof tspec.restartPolicy === 'string' ? tspec.restartPolicy : '';
  if (restart !== 'Always')
    errs.push(fieldErrors.notSupported('spec.template.spec.restartPolicy', restart, ['Always']));
  if (tspec.activeDeadlineSeconds !== undefined && tspec.activeDeadlineSeconds !== null) {
    errs.push(
      fieldErrors.forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in ReplicationController is not Supported',
      ),
    );
  }
}

/** Upstream's `ValidateReplicationController`. */
export function validateReplicationController(rc: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(rc.metadata, 'metadata', errs), { namespaced: true }));
  validateRCSpec(rc.spec, errs);
  return errs;
}

/** Upstream's `ValidateReplicationControllerUpdate`. */
export function validateReplicationControllerUpdate(rc: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(rc.metadata), objectMeta(old.metadata));
  validateRCSpec(rc.spec, errs);
  return errs;
}

/** Upstream's `ValidateReplicationControllerStatus` (through the status subresource). */
export function validateReplicationControllerStatusUpdate(rc: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(rc.metadata), objectMeta(old.metadata));
  validateReplicaStatus(obj(rc.status), 'status', errs, [
    'replicas',
    'fullyLabeledReplicas',
    'readyReplicas',
    'availableReplicas',
    'observedGeneration',
  ]);
  return errs;
}

/** The replica counts of a controller status: non-negative, none above `replicas`, available ≤ ready. */
export function validateReplicaStatus(status: Obj, path: string, errs: Errs, fields: string[]): void {
  const v: Record<string, number> = {};
  for (const f of fields) {
    v[f] = int(status[f], `${path}.${f}`, errs) ?? 0;
    nonNegative(v[f], `${path}.${f}`, errs);
  }
  for (const f of [
    'fullyLabeledReplicas',
    'readyReplicas',
    'availableReplicas',
    'currentReplicas',
    'updatedReplicas',
  ]) {
    if (f in v && v[f] > (v.replicas ?? 0))
      errs.push(fieldErrors.invalid(`${path}.${f}`, v[f], 'cannot be greater than status.replicas'));
  }
  if ('availableReplicas' in v && 'readyReplicas' in v && v.availableReplicas > v.readyReplicas) {
    errs.push(
      fieldErrors.invalid(`${path}.availableReplicas`, v.availableReplicas, 'cannot be greater than readyReplicas'),
    );
  }
}
