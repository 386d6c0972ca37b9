/**
 * What the apps/v1 validators share: int-or-percent fields, workload selectors, the restart policy
 * rule, the immutable selector of the apps/v1 strategies, collision counts.
 */
import { fieldErrors, printed } from '../../machinery/field-errors.js';
import { selectorFromLabelSelector, validateLabelSelector, validateLabels } from '../../machinery/label-selector.js';
import { validateAnnotations } from '../../machinery/validation/meta-fields.js';
import { isValidPercent, type NameValidator } from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import { validatePodAnnotations } from './core/pod.js';
import {
  type Errs,
  type Obj,
  int,
  labelSelector,
  nonNegative,
  obj,
  objectMeta,
  semanticEqual,
  shownSelector,
  strMap,
} from './util.js';

/** Go's `%#v` of an intstr.IntOrString. */
export function goIntOrString(v: number | string | undefined): string {
  if (typeof v === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`;
  return `intstr.IntOrString{Type:0, IntVal:${v ?? 0}, StrVal:""}`;
}

export const percentValue = (v: number | string | undefined): number | undefined =>
  typeof v === 'string' && isValidPercent(v).length === 0 ? Number(v.slice(0, -1)) : undefined;
export const intOrPercentValue = (v: number | string | undefined) =>
  percentValue(v) ?? (typeof v === 'number' ? v : /^[+-]?\d+$/.test(v ?? '') ? Number(v) : 0);

/** Upstream's `ValidatePositiveIntOrPercent`. */
export function validatePositiveIntOrPercent(v: number | string | undefined, path: string, errs: Errs): void {
  if (typeof v === 'string') {
    for (const m of isValidPercent(v)) errs.push(fieldErrors.invalid(path, printed(goIntOrString(v)), m));
  } else nonNegative(v ?? 0, path, errs);
}

/** Upstream's `IsNotMoreThan100Percent`. */
export function notMoreThan100Percent(v: number | string | undefined, path: string, errs: Errs): void {
  const p = percentValue(v);
  if (p !== undefined && p > 100)
    errs.push(fieldErrors.invalid(path, printed(goIntOrString(v)), 'must not be greater than 100%'));
}

/**
 * The selector rules all workloads share: required, valid, not empty (`empty selector is invalid
 * for <kind>`). Returns the checked selector, if any.
 */
export function workloadSelector(spec: Obj, kind: string, errs: Errs) {
  const sel = labelSelector(spec.selector, 'spec.selector', errs);
  if (!sel) errs.push(fieldErrors.required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(sel, 'spec.selector'));
    if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
      errs.push(fieldErrors.invalid('spec.selector', shownSelector(sel), `empty selector is invalid for ${kind}`));
    }
  }
  return sel;
}

export const selectorMatches = (sel: ReturnType<typeof labelSelector>, labels: Record<string, string> | undefined) => {
  try {
    const s = selectorFromLabelSelector(sel);
    return { ok: true, empty: s.empty(), matches: s.matches(labels) };
  } catch {
    return { ok: false, empty: false, matches: false };
  }
};

/** The template must restart Always and may not set activeDeadlineSeconds. */
export function restartAlways(spec: Obj, kind: string, errs: Errs): void {
  const tspec = obj(obj(spec.template).spec);
  const restart = typeof tspec.restartPolicy === 'string' ? tspec.restartPolicy : '';
  if (restart !== 'Always')
    errs.push(fieldErrors.notSupported('spec.template.spec.restartPolicy', restart, ['Always']));
  if (tspec.activeDeadlineSeconds !== undefined && tspec.activeDeadlineSeconds !== null) {
    errs.push(
      fieldErrors.forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        `activeDeadlineSeconds in ${kind} is not Supported`,
      ),
    );
  }
}

/** ObjectMeta of a namespaced workload. */
export const meta = (o: Obj, errs: Errs, nameValidator?: NameValidator) =>
  validateObjectMeta(objectMeta(o.metadata, 'metadata', errs), { namespaced: true, nameValidator });

/** ObjectMeta on update. */
export const metaUpdate = (o: Obj, old: Obj) =>
  validateObjectMetaUpdate(objectMeta(o.metadata), objectMeta(old.metadata));

/** The apps/v1 strategies' rule: the selector may not change. */
export function selectorImmutable(o: Obj, old: Obj, errs: Errs): void {
  const n = obj(o.spec).selector;
  if (!semanticEqual(n, obj(old.spec).selector)) {
    errs.push(fieldErrors.invalid('spec.selector', shownSelector(labelSelector(n)), 'field is immutable'));
  }
}

/** status.collisionCount: non-negative, never decremented. */
export function collisionCount(o: Obj, old: Obj, errs: Errs): void {
  const n = int(obj(o.status).collisionCount);
  const prev = int(obj(old.status).collisionCount);
  nonNegative(n, 'status.collisionCount', errs);
  if (prev !== undefined && (n === undefined || n < prev))
    errs.push(fieldErrors.invalid('status.collisionCount', n ?? 0, 'cannot be decremented'));
}

/** Upstream's StatefulSet template checks: labels and annotations only (the pod spec is not validated). */
export function templateLabelsAndAnnotations(spec: Obj, errs: Errs): void {
  const t = obj(spec.template);
  const m = obj(t.metadata);
  const labels = strMap(m.labels);
  const annotations = strMap(m.annotations);
  errs.push(...validateLabels(labels, 'spec.template.labels'));
  errs.push(...validateAnnotations(annotations, 'spec.template.annotations'));
  validatePodAnnotations(annotations, obj(t.spec), 'spec.template.annotations', errs);
}
