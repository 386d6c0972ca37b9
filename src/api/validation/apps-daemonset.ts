/**
 * apps/v1 DaemonSets, as upstream's `ValidateDaemonSet` and its update variants check them.
 */
import { fieldErrors, printed } from '../../machinery/field-errors.js';
import { validateLabelSelector } from '../../machinery/label-selector.js';
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
} from './apps-shared.js';
import { validatePodTemplateSpec } from './core/pod.js';
import {
  type Errs,
  type Obj,
  int,
  intOrStr,
  labelSelector,
  nonNegative,
  obj,
  optObj,
  shownMap,
  shownSelector,
  str,
  strMap,
} from './util.js';

function updateStrategy(spec: Obj, errs: Errs): void {
  const strategy = obj(spec.updateStrategy, 'spec.updateStrategy', errs);
  const type = str(strategy.type, 'spec.updateStrategy.type', errs);
  if (type === 'OnDelete') return;
  if (type !== 'RollingUpdate') {
    return void errs.push(fieldErrors.notSupported('spec.updateStrategy', strategy, ['RollingUpdate', 'OnDelete']));
  }
  const ru = optObj(strategy.rollingUpdate, 'spec.updateStrategy.rollingUpdate', errs);
  if (!ru) return void errs.push(fieldErrors.required('spec.updateStrategy.rollingUpdate'));
  const p = 'spec.updateStrategy.rollingUpdate';
  const mu = intOrStr(ru.maxUnavailable, `${p}.maxUnavailable`, errs);
  const ms = intOrStr(ru.maxSurge, `${p}.maxSurge`, errs);
  validatePositiveIntOrPercent(mu, `${p}.maxUnavailable`, errs);
  validatePositiveIntOrPercent(ms, `${p}.maxSurge`, errs);
  notMoreThan100Percent(mu, `${p}.maxUnavailable`, errs);
  notMoreThan100Percent(ms, `${p}.maxSurge`, errs);
  const hasUnavailable = intOrPercentValue(mu) !== 0;
  const hasSurge = intOrPercentValue(ms) !== 0;
  if (hasUnavailable && hasSurge) {
    errs.push(
      fieldErrors.invalid(
        `${p}.maxSurge`,
        printed(goIntOrString(ms)),
        'may not be set when maxUnavailable is non-zero',
      ),
    );
  } else if (!hasUnavailable && !hasSurge) {
    errs.push(fieldErrors.required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  }
}

function daemonSetSpec(ds: Obj, errs: Errs): void {
  const spec = obj(ds.spec, 'spec', errs);
  const sel = labelSelector(spec.selector, 'spec.selector', errs);
  errs.push(...validateLabelSelector(sel, 'spec.selector'));
  const labels = strMap(obj(obj(spec.template).metadata).labels);
  const r = selectorMatches(sel, labels);
  if (r.ok && !r.matches) {
    errs.push(
      fieldErrors.invalid(
        'spec.template.metadata.labels',
        shownMap(labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  if (sel && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
    errs.push(fieldErrors.invalid('spec.selector', shownSelector(sel), 'empty selector is invalid for daemonset'));
  }
  validatePodTemplateSpec(spec.template, 'spec.template', errs);
  restartAlways(spec, 'DaemonSet', errs);
  nonNegative(int(spec.minReadySeconds, 'spec.minReadySeconds', errs) ?? 0, 'spec.minReadySeconds', errs);
  nonNegative(int(spec.templateGeneration, 'spec.templateGeneration', errs) ?? 0, 'spec.templateGeneration', errs);
  updateStrategy(spec, errs);
  nonNegative(int(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', errs), 'spec.revisionHistoryLimit', errs);
}

/** Upstream's `ValidateDaemonSet`. */
export function validateDaemonSet(ds: Obj): Errs {
  const errs: Errs = [];
  errs.push(...meta(ds, errs));
  daemonSetSpec(ds, errs);
  return errs;
}

/** Upstream's `ValidateDaemonSetUpdate` plus the immutable selector. */
export function validateDaemonSetUpdate(ds: Obj, old: Obj): Errs {
  const errs = metaUpdate(ds, old);
  daemonSetSpec(ds, errs);
  selectorImmutable(ds, old, errs);
  return errs;
}

/** Upstream's `ValidateDaemonSetStatusUpdate`. */
export function validateDaemonSetStatusUpdate(ds: Obj, old: Obj): Errs {
  const errs = metaUpdate(ds, old);
  const status = obj(ds.status, 'status', errs);
  for (const f of [
    'currentNumberScheduled',
    'numberMisscheduled',
    'desiredNumberScheduled',
    'numberReady',
    'observedGeneration',
    'updatedNumberScheduled',
    'numberAvailable',
    'numberUnavailable',
  ]) {
    nonNegative(int(status[f], `status.${f}`, errs) ?? 0, `status.${f}`, errs);
  }
  collisionCount(ds, old, errs);
  return errs;
}
