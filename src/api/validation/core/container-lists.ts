/**
 * The three container lists of a PodSpec, as upstream's `validateContainers`,
 * `validateInitContainers` and `validateEphemeralContainers` check them on top of each container's
 * common rules.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { type Errs, type Obj, int, isObj, objList, optStr, str } from '../util.js';
import { type ContainerContext, validateContainerCommon } from './container.js';
import { validateLifecycle, validateProbes } from './probes.js';

const NOT_FOR_INIT = 'may not be set for init containers without restartPolicy=Always';

/** Upstream's `AccumulateUniqueHostPorts` over a set of containers checked together. */
function hostPortConflicts(containers: [Obj, number][], path: string, errs: Errs): void {
  const seen = new Set<string>();
  for (const [c, ci] of containers) {
    for (const [port, pi] of objList(c.ports)) {
      const hp = int(port.hostPort) ?? 0;
      if (hp === 0) continue;
      const key = `${str(port.protocol)}/${str(port.hostIP)}/${hp}`;
      if (seen.has(key)) errs.push(fieldErrors.duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      else seen.add(key);
    }
  }
}

/** Upstream's `validateContainers`: required, unique names, probes and hooks, host ports. */
export function validateContainers(
  spec: Obj,
  ctx: ContainerContext,
  grace: number | undefined,
  path: string,
  errs: Errs,
) {
  const list = objList(spec.containers, path, errs);
  if (list.length === 0) return void errs.push(fieldErrors.required(path));
  const names = new Set<string>();
  for (const [c, i] of list) {
    const p = `${path}[${i}]`;
    validateContainerCommon(c, ctx, p, errs);
    const name = str(c.name);
    if (names.has(name)) errs.push(fieldErrors.duplicate(`${p}.name`, name));
    else names.add(name);
    validateLifecycle(c.lifecycle, grace, `${p}.lifecycle`, errs);
    validateProbes(c, grace, p, errs);
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      errs.push(fieldErrors.forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
    }
  }
  hostPortConflicts(list, path, errs);
}

/** Upstream's `validateInitContainers`: sidecars (restartPolicy Always) may have probes and hooks. */
export function validateInitContainers(
  spec: Obj,
  ctx: ContainerContext,
  grace: number | undefined,
  path: string,
  errs: Errs,
) {
  const names = new Set(objList(spec.containers).map(([c]) => str(c.name)));
  for (const [c, i] of objList(spec.initContainers, path, errs)) {
    const p = `${path}[${i}]`;
    validateContainerCommon(c, ctx, p, errs);
    const restartPolicy = optStr(c.restartPolicy, `${p}.restartPolicy`, errs);
    if (restartPolicy !== undefined && restartPolicy !== 'Always') {
      errs.push(fieldErrors.notSupported(`${p}.restartPolicy`, restartPolicy, ['Always']));
    }
    const name = str(c.name);
    if (names.has(name)) errs.push(fieldErrors.duplicate(`${p}.name`, name));
    else if (name) names.add(name);
    // Upstream checks each init container alone, so its errors always name index 0.
    hostPortConflicts([[c, 0]], path, errs);
    if (restartPolicy === 'Always') {
      validateLifecycle(c.lifecycle, grace, `${p}.lifecycle`, errs);
      validateProbes(c, grace, p, errs);
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[f] !== undefined && c[f] !== null) errs.push(fieldErrors.forbidden(`${p}.${f}`, NOT_FOR_INIT));
      }
    }
  }
}

/** Container fields an ephemeral container may not set, in upstream's field order. */
const EPHEMERAL_FORBIDDEN = [
  'ports',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
];

const isZero = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (isObj(v) && Object.values(v).every(isZero));

/** Upstream's `validateEphemeralContainers`: unique names, a real target, no ports, probes or resources. */
export function validateEphemeralContainers(spec: Obj, ctx: ContainerContext, path: string, errs: Errs) {
  const list = objList(spec.ephemeralContainers, path, errs);
  if (list.length === 0) return;
  const others = new Set<string>();
  for (const key of ['containers', 'initContainers']) for (const [c] of objList(spec[key])) others.add(str(c.name));
  const all = new Set(others);
  for (const [c, i] of list) {
    const p = `${path}[${i}]`;
    validateContainerCommon(c, ctx, p, errs);
    validateImageWhitespace(c, p, errs);
    const name = str(c.name);
    if (all.has(name)) errs.push(fieldErrors.duplicate(`${p}.name`, name));
    else all.add(name);
    const target = str(c.targetContainerName, `${p}.targetContainerName`, errs);
    if (target && !others.has(target)) errs.push(fieldErrors.notFound(`${p}.targetContainerName`, target));
    for (const f of EPHEMERAL_FORBIDDEN) {
      if (!isZero(c[f])) errs.push(fieldErrors.forbidden(`${p}.${f}`, 'cannot be set for an Ephemeral Container'));
    }
    for (const [vm, j] of objList(c.volumeMounts)) {
      for (const f of ['subPath', 'subPathExpr']) {
        if (str(vm[f])) {
          errs.push(fieldErrors.forbidden(`${p}.volumeMounts[${j}].${f}`, 'cannot be set for an Ephemeral Container'));
        }
      }
    }
  }
}

/** Upstream's `validateContainerOnlyForPod`: no whitespace around the image (pods only). */
export function validateImageWhitespace(c: Obj, path: string, errs: Errs): void {
  const image = str(c.image);
  if (image.length !== image.trim().length) {
    errs.push(fieldErrors.invalid(`${path}.image`, image, 'must not have leading or trailing whitespace'));
  }
}
