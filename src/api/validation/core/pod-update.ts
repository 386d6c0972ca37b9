/**
 * What a pod update may change, as upstream's `ValidatePodUpdate` decides it: container images,
 * activeDeadlineSeconds (down only), tolerations (additions only), scheduling gates (removals only),
 * a negative terminationGracePeriodSeconds set to 1, and for gated pods nodeSelector additions.
 * Anything else is refused with upstream's message followed by a diff of the spec.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { type Errs, type Obj, int, isObj, objList, semanticEqual, str, strMap } from '../util.js';
import { validateTolerations } from './scheduling.js';

const UPDATABLE = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** The text upstream puts before the spec diff when a pod update changes a field it may not. */
export const POD_UPDATE_FORBIDDEN = `pod updates may not change fields other than ${UPDATABLE.join(',')}`;

/** Upstream's `ValidateContainerUpdates`: true when the lists differ in length (stop checking). */
function containerUpdates(list: unknown, old: unknown, path: string, errs: Errs): boolean {
  const n = Array.isArray(list) ? list : [];
  const o = Array.isArray(old) ? old : [];
  if (n.length !== o.length) {
    errs.push(fieldErrors.forbidden(path, 'pod updates may not add or remove containers'));
    return true;
  }
  for (const [c, i] of objList(n)) {
    const image = str(c.image);
    if (!image) errs.push(fieldErrors.required(`${path}[${i}].image`));
    if (image.trim().length !== image.length) {
      errs.push(fieldErrors.invalid(`${path}[${i}].image`, image, 'must not have leading or trailing whitespace'));
    }
  }
  return false;
}

const tolerationKey = (t: Obj) => JSON.stringify([str(t.key), str(t.operator), str(t.value), str(t.effect)]);

function onlyAddedTolerations(n: unknown, o: unknown, path: string, errs: Errs): void {
  const added = objList(n).map(([t]) => tolerationKey(t));
  for (const [t] of objList(o)) {
    if (!added.includes(tolerationKey(t))) {
      return void errs.push(
        fieldErrors.forbidden(path, 'existing toleration can not be modified except its tolerationSeconds'),
      );
    }
  }
  validateTolerations(n, path, errs);
}

function onlyDeletedGates(n: unknown, o: unknown, path: string, errs: Errs): void {
  const old = new Set(objList(o).map(([g]) => str(g.name)));
  const added = new Map<string, number>();
  for (const [g, i] of objList(n)) added.set(str(g.name), i);
  for (const [name, i] of added) {
    if (!old.has(name)) {
      errs.push(
        fieldErrors.forbidden(
          `${path}[${i}].name`,
          `only deletion is allowed, but found new scheduling gate '${name}'`,
        ),
      );
    }
  }
}

const goName = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);

function diffLines(old: unknown, n: unknown, path: string, out: string[]): void {
  if (semanticEqual(old, n)) return;
  if (isObj(old) && isObj(n)) {
    for (const k of new Set([...Object.keys(old), ...Object.keys(n)])) {
      diffLines(old[k], n[k], path ? `${path}.${goName(k)}` : goName(k), out);
    }
    return;
  }
  if (Array.isArray(old) && Array.isArray(n) && old.length === n.length) {
    old.forEach((v, i) => diffLines(v, n[i], `${path}[${i}]`, out));
    return;
  }
  out.push(`- \t${path}: ${old === undefined ? 'nil' : JSON.stringify(old)},`);
  out.push(`+ \t${path}: ${n === undefined ? 'nil' : JSON.stringify(n)},`);
}

/**
 * A short diff of two specs in the shape of go-cmp's (`  core.PodSpec{`, `- \tField: old`,
 * `+ \tField: new`, `  }`), one pair of lines per differing field, named by its Go path.
 */
export function specDiff(old: Obj, n: Obj, type = 'core.PodSpec'): string {
  const lines = [`  ${type}{`];
  diffLines(old, n, '', lines);
  lines.push('  }');
  return lines.join('\n');
}

/** The spec part of upstream's `ValidatePodUpdate`. */
export function validatePodSpecUpdate(spec: Obj, old: Obj, errs: Errs): void {
  if (containerUpdates(spec.containers, old.containers, 'spec.containers', errs)) return;
  if (containerUpdates(spec.initContainers, old.initContainers, 'spec.initContainers', errs)) return;
  const ads = int(spec.activeDeadlineSeconds);
  const oldAds = int(old.activeDeadlineSeconds);
  if (ads !== undefined) {
    if (ads < 0 || ads > 2147483647) {
      return void errs.push(
        fieldErrors.invalid('spec.activeDeadlineSeconds', ads, 'must be between 0 and 2147483647, inclusive'),
      );
    }
    if (oldAds !== undefined && oldAds < ads) {
      return void errs.push(
        fieldErrors.invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value'),
      );
    }
  } else if (oldAds !== undefined) {
    errs.push(
      fieldErrors.invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'),
    );
  }
  onlyAddedTolerations(spec.tolerations, old.tolerations, 'spec.tolerations', errs);
  if (objList(spec.schedulingGates).length > 0) {
    onlyDeletedGates(spec.schedulingGates, old.schedulingGates, 'spec.schedulingGates', errs);
  }
  if (semanticEqual(spec, old)) return;

  const munged: Obj = structuredClone(spec);
  for (const key of ['containers', 'initContainers']) {
    const olds = Array.isArray(old[key]) ? old[key] : [];
    if (Array.isArray(munged[key])) {
      munged[key] = munged[key].map((c: unknown, i: number) =>
        isObj(c) && isObj(olds[i]) ? { ...c, image: olds[i].image } : c,
      );
    }
  }
  const restore = (k: string) => {
    if (old[k] === undefined) delete munged[k];
    else munged[k] = old[k];
  };
  restore('activeDeadlineSeconds');
  restore('schedulingGates');
  restore('tolerations');
  const oldGrace = int(old.terminationGracePeriodSeconds);
  if (oldGrace !== undefined && oldGrace < 0 && int(munged.terminationGracePeriodSeconds) === 1) {
    restore('terminationGracePeriodSeconds');
  }
  if (objList(old.schedulingGates).length > 0 && !semanticEqual(munged.nodeSelector, old.nodeSelector)) {
    const n = strMap(munged.nodeSelector) ?? {};
    const o = strMap(old.nodeSelector) ?? {};
    if (Object.entries(o).some(([k, v]) => n[k] !== v)) {
      errs.push(
        fieldErrors.invalid(
          'spec.nodeSelector',
          n,
          'only additions to spec.nodeSelector are allowed (no mutations or deletions)',
        ),
      );
    }
    restore('nodeSelector');
  }
  if (!semanticEqual(munged, old)) {
    errs.push(fieldErrors.forbidden('spec', `${POD_UPDATE_FORBIDDEN}\n${specDiff(old, munged)}`));
  }
}
