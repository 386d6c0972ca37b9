/**
 * apps/v1 StatefulSets, as upstream's `ValidateStatefulSet` and its update variants check them.
 * Like upstream, only the template's labels and annotations are checked, not its pod spec.
 */
import { fieldErrors, printed } from '../../machinery/field-errors.js';
import { nameIsDNSLabel } from '../../machinery/validation/names.js';
import {
  collisionCount,
  goIntOrString,
  intOrPercentValue,
  meta,
  metaUpdate,
  notMoreThan100Percent,
  restartAlways,
  selectorMatches,
  templateLabelsAndAnnotations,
  validatePositiveIntOrPercent,
} from './apps-shared.js';
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
  optStr,
  semanticEqual,
  shownMap,
  shownSelector,
  str,
  strMap,
} from './util.js';
import { validateLabelSelector } from '../../machinery/label-selector.js';

const RETENTION = ['Retain', 'Delete'];

function statefulSetSpec(ss: Obj, errs: Errs): void {
  const spec = obj(ss.spec, 'spec', errs);
  const pmp = str(spec.podManagementPolicy, 'spec.podManagementPolicy', errs);
  if (pmp === '') errs.push(fieldErrors.required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    errs.push(fieldErrors.invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  }
  const strategy = obj(spec.updateStrategy, 'spec.updateStrategy', errs);
  const type = str(strategy.type, 'spec.updateStrategy.type', errs);
  const ru = optObj(strategy.rollingUpdate, 'spec.updateStrategy.rollingUpdate', errs);
  if (type === '') errs.push(fieldErrors.required('spec.updateStrategy'));
  else if (type === 'OnDelete') {
    if (ru)
      errs.push(
        fieldErrors.invalid('spec.updateStrategy.rollingUpdate', ru, "only allowed for updateStrategy 'RollingUpdate'"),
      );
  } else if (type === 'RollingUpdate') {
    if (ru) {
      const p = 'spec.updateStrategy.rollingUpdate';
      nonNegative(int(ru.partition, `${p}.partition`, errs) ?? 0, `${p}.partition`, errs);
      const mu = intOrStr(ru.maxUnavailable, `${p}.maxUnavailable`, errs);
      if (mu !== undefined) {
        validatePositiveIntOrPercent(mu, `${p}.maxUnavailable`, errs);
        if (intOrPercentValue(mu) === 0)
          errs.push(fieldErrors.invalid(`${p}.maxUnavailable`, printed(goIntOrString(mu)), 'cannot be 0'));
        notMoreThan100Percent(mu, `${p}.maxUnavailable`, errs);
      }
    }
  } else {
    errs.push(fieldErrors.invalid('spec.updateStrategy', strategy, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = optObj(
    spec.persistentVolumeClaimRetentionPolicy,
    'spec.persistentVolumeClaimRetentionPolicy',
    errs,
  );
  if (retention) {
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = str(retention[f], `spec.persistentVolumeClaimRetentionPolicy.${f}`, errs);
      if (!RETENTION.includes(v))
        errs.push(fieldErrors.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, v, RETENTION));
    }
  }
  nonNegative(int(spec.replicas, 'spec.replicas', errs) ?? 0, 'spec.replicas', errs);
  nonNegative(int(spec.minReadySeconds, 'spec.minReadySeconds', errs) ?? 0, 'spec.minReadySeconds', errs);
  const ordinals = optObj(spec.ordinals, 'spec.ordinals', errs);
  if (ordinals) nonNegative(int(ordinals.start, 'spec.ordinals.start', errs) ?? 0, 'spec.ordinals.start', errs);
  const sel = labelSelector(spec.selector, 'spec.selector', errs);
  if (!sel) errs.push(fieldErrors.required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(sel, 'spec.selector'));
    if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
      errs.push(fieldErrors.invalid('spec.selector', shownSelector(sel), 'empty selector is invalid for statefulset'));
    }
  }
  const m = selectorMatches(sel, undefined);
  if (!m.ok) errs.push(fieldErrors.invalid('spec.selector', shownSelector(sel), ''));
  else if (!isObj(spec.template)) errs.push(fieldErrors.required('spec.template'));
  else {
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
    templateLabelsAndAnnotations(spec, errs);
  }
  restartAlways(spec, 'StatefulSet', errs);
  optStr(spec.serviceName, 'spec.serviceName', errs);
}

/** Upstream's `ValidateStatefulSet` (names are DNS labels: they become pod hostnames). */
export function validateStatefulSet(ss: Obj): Errs {
  const errs: Errs = [];
  errs.push(...meta(ss, errs, nameIsDNSLabel));
  statefulSetSpec(ss, errs);
  return errs;
}

const MUTABLE = [
  'replicas',
  'template',
  'updateStrategy',
  'minReadySeconds',
  'ordinals',
  'persistentVolumeClaimRetentionPolicy',
];

/** Upstream's `ValidateStatefulSetUpdate`: only replicas, ordinals, template, strategies and minReadySeconds change. */
export function validateStatefulSetUpdate(ss: Obj, old: Obj): Errs {
  const errs = metaUpdate(ss, old);
  statefulSetSpec(ss, errs);
  const strip = (s: Obj) => Object.fromEntries(Object.entries(s).filter(([k]) => !MUTABLE.includes(k)));
  if (!semanticEqual(strip(obj(ss.spec)), strip(obj(old.spec)))) {
    errs.push(
      fieldErrors.forbidden(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}

/** Upstream's `ValidateStatefulSetStatusUpdate`. */
export function validateStatefulSetStatusUpdate(ss: Obj, old: Obj): Errs {
  const errs: Errs = [];
  const status = obj(ss.status, 'status', errs);
  validateReplicaStatus(status, 'status', errs, [
    'replicas',
    'readyReplicas',
    'currentReplicas',
    'updatedReplicas',
    'availableReplicas',
  ]);
  nonNegative(int(status.observedGeneration, 'status.observedGeneration', errs), 'status.observedGeneration', errs);
  errs.push(...metaUpdate(ss, old));
  collisionCount(ss, old, errs);
  return errs;
}
