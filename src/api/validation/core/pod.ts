/**
 * Pods, pod templates and PodTemplateSpecs, as upstream's `ValidatePodCreate`, `ValidatePodUpdate`,
 * `ValidatePodStatusUpdate`, `ValidatePodTemplate` and `ValidatePodTemplateSpec` check them.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { validateLabels } from '../../../machinery/label-selector.js';
import { validateAnnotations } from '../../../machinery/validation/meta-fields.js';
import { parseIPSloppy } from '../../../machinery/validation/ip.js';
import { isValidIP, nameIsDNSSubdomain } from '../../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../machinery/validation/object-meta.js';
import { type Errs, type Obj, isObj, obj, objList, objectMeta, str, strMap } from '../util.js';
import { qualifiedName } from './rules.js';
import { validateImageWhitespace } from './container-lists.js';
import { type PodSpecOptions, validatePodSpec } from './pod-spec.js';
import { validatePodSpecUpdate } from './pod-update.js';

const MIRROR = 'kubernetes.io/config.mirror';
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';

function validSeccompAnnotation(p: string, path: string, errs: Errs): void {
  if (p === 'runtime/default' || p === 'docker/default' || p === 'unconfined') return;
  if (p.startsWith('localhost/')) {
    const rest = p.slice('localhost/'.length);
    if (rest.startsWith('/')) errs.push(fieldErrors.invalid(path, rest, 'must be a relative path'));
    if (rest.split('/').includes('..')) errs.push(fieldErrors.invalid(path, rest, "must not contain '..'"));
    return;
  }
  errs.push(fieldErrors.invalid(path, p, 'must be a valid seccomp profile'));
}

const containerNames = (spec: Obj) =>
  ['containers', 'initContainers', 'ephemeralContainers'].flatMap((k) => objList(spec[k]).map(([c]) => str(c.name)));

/** Upstream's `ValidatePodSpecificAnnotations`. */
export function validatePodAnnotations(
  annotations: Record<string, string> | undefined,
  spec: Obj,
  path: string,
  errs: Errs,
): void {
  const a = annotations ?? {};
  if (MIRROR in a && !str(spec.nodeName)) {
    errs.push(
      fieldErrors.invalid(`${path}[${MIRROR}]`, a[MIRROR], 'must set spec.nodeName if mirror pod annotation is set'),
    );
  }
  if (DELETION_COST in a) {
    const v = a[DELETION_COST];
    const firstOk = v.length > 0 && (v[0] === '-' || v === '0' || (v[0] >= '1' && v[0] <= '9'));
    const n = /^-?[0-9]+$/.test(v) ? Number(v) : NaN;
    if (!firstOk || !Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) {
      errs.push(fieldErrors.invalid(`${path}[${DELETION_COST}]`, v, 'must be a 32bit integer'));
    }
  }
  if (SECCOMP_POD in a) validSeccompAnnotation(a[SECCOMP_POD], `${path}.${SECCOMP_POD}`, errs);
  for (const [k, v] of Object.entries(a)) {
    if (k.startsWith(SECCOMP_CONTAINER)) validSeccompAnnotation(v, `${path}.${k}`, errs);
  }
  const names = containerNames(spec);
  for (const [k, v] of Object.entries(a)) {
    if (!k.startsWith(APPARMOR_CONTAINER)) continue;
    const container = k.slice(APPARMOR_CONTAINER.length);
    if (!names.includes(container)) errs.push(fieldErrors.invalid(`${path}[${k}]`, container, 'container not found'));
    if (v !== '' && v !== 'runtime/default' && v !== 'unconfined' && !v.startsWith('localhost/')) {
      errs.push(fieldErrors.invalid(`${path}[${k}]`, v, `invalid AppArmor profile name: ${JSON.stringify(v)}`));
    }
  }
}

/** Upstream's `ValidatePodTemplateSpec` (workload templates: labels, annotations, spec). */
export function validatePodTemplateSpec(v: unknown, path: string, errs: Errs): void {
  const t = obj(v, path, errs);
  const meta = obj(t.metadata, `${path}.metadata`, errs);
  const labels = strMap(meta.labels, `${path}.metadata.labels`, errs);
  const annotations = strMap(meta.annotations, `${path}.metadata.annotations`, errs);
  const spec = obj(t.spec);
  errs.push(...validateLabels(labels, `${path}.labels`));
  errs.push(...validateAnnotations(annotations, `${path}.annotations`));
  validatePodAnnotations(annotations, spec, `${path}.annotations`, errs);
  validatePodSpec(t.spec, `${path}.spec`, errs);
  if (objList(spec.ephemeralContainers).length > 0) {
    errs.push(
      fieldErrors.forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'),
    );
  }
}

/** Upstream's `validatePodMetadataAndSpec`. */
function validatePodMetadataAndSpec(pod: Obj, errs: Errs): void {
  const meta = objectMeta(pod.metadata, 'metadata', errs);
  errs.push(...validateObjectMeta(meta, { namespaced: true }));
  const spec = obj(pod.spec);
  validatePodAnnotations(meta.annotations, spec, 'metadata.annotations', errs);
  const opts: PodSpecOptions = { resourceIsPod: true, podName: meta.name ?? '' };
  validatePodSpec(pod.spec, 'spec', errs, opts);
  if (!str(spec.serviceAccountName)) {
    for (const [vol, vi] of objList(spec.volumes)) {
      if (!isObj(vol.projected)) continue;
      for (const [src, si] of objList(vol.projected.sources)) {
        if (isObj(src.serviceAccountToken)) {
          errs.push(
            fieldErrors.forbidden(
              `spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`,
              'must not be specified when serviceAccountName is not set',
            ),
          );
        }
      }
    }
  }
  for (const key of ['containers', 'initContainers']) {
    for (const [c, i] of objList(spec[key])) validateImageWhitespace(c, `spec.${key}[${i}]`, errs);
  }
}

/** Upstream's `ValidatePodCreate`. */
export function validatePod(pod: Obj): Errs {
  const errs: Errs = [];
  validatePodMetadataAndSpec(pod, errs);
  const spec = obj(pod.spec);
  if (objList(spec.ephemeralContainers).length > 0) {
    errs.push(fieldErrors.forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  }
  if (str(spec.nodeName) && objList(spec.schedulingGates).length > 0) {
    errs.push(fieldErrors.forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  return errs;
}

function annotationUpdates(pod: Obj, old: Obj, errs: Errs): void {
  const n = strMap(obj(pod.metadata).annotations) ?? {};
  const o = strMap(obj(old.metadata).annotations) ?? {};
  for (const [k, v] of Object.entries(o)) {
    if (k in n && n[k] === v) continue;
    if (k.startsWith(APPARMOR_CONTAINER)) {
      errs.push(fieldErrors.forbidden(`metadata.annotations[${k}]`, 'may not remove or update AppArmor annotations'));
    }
    if (k === MIRROR)
      errs.push(fieldErrors.forbidden(`metadata.annotations[${k}]`, 'may not remove or update mirror pod annotation'));
  }
  for (const k of Object.keys(n)) {
    if (k in o) continue;
    if (k.startsWith(APPARMOR_CONTAINER))
      errs.push(fieldErrors.forbidden(`metadata.annotations[${k}]`, 'may not add AppArmor annotations'));
    if (k === MIRROR)
      errs.push(fieldErrors.forbidden(`metadata.annotations[${k}]`, 'may not add mirror pod annotation'));
  }
}

/** Upstream's `ValidatePodUpdate`: metadata, the new pod as on create, and only the mutable spec fields changed. */
export function validatePodUpdate(pod: Obj, old: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMetaUpdate(objectMeta(pod.metadata), objectMeta(old.metadata)));
  validatePodMetadataAndSpec(pod, errs);
  annotationUpdates(pod, old, errs);
  validatePodSpecUpdate(obj(pod.spec), obj(old.spec), errs);
  return errs;
}

function sameFamily(a: string, b: string): boolean {
  const v4 = (ip: string) => {
    const bytes = parseIPSloppy(ip);
    return !!bytes && bytes.slice(0, 10).every((x: number) => x === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  };
  return v4(a) === v4(b);
}

function validateIPList(list: [Obj, number][], path: string, errs: Errs): void {
  const ips = list.map(([p]) => str(p.ip));
  let bad = false;
  ips.forEach((ip, i) => {
    for (const m of isValidIP(ip)) {
      bad = true;
      errs.push(fieldErrors.invalid(`${path}[${i}]`, ip, m));
    }
  });
  if (ips.length > 1) {
    if (bad || ips.length > 2 || sameFamily(ips[0], ips[1])) {
      errs.push(
        fieldErrors.invalid(
          path,
          list.map(([p]) => p),
          'may specify no more than one IP for each IP family',
        ),
      );
    }
    const seen = new Set<string>();
    list.forEach(([p], i) => {
      if (seen.has(str(p.ip))) errs.push(fieldErrors.duplicate(`${path}[${i}]`, p));
      seen.add(str(p.ip));
    });
  }
}

const SYSTEM_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized']);

/** Upstream's `ValidatePodStatusUpdate` (the parts a JSON object can break). */
export function validatePodStatusUpdate(pod: Obj, old: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMetaUpdate(objectMeta(pod.metadata), objectMeta(old.metadata)));
  annotationUpdates(pod, old, errs);
  const status = obj(pod.status, 'status', errs);
  const oldStatus = obj(old.status);
  for (const [c, i] of objList(status.conditions, 'status.conditions', errs)) {
    const type = str(c.type);
    if (!SYSTEM_CONDITIONS.has(type)) qualifiedName(type, `metadata.conditions[${i}].Type`, errs);
  }
  if (str(obj(pod.spec).nodeName) !== str(obj(old.spec).nodeName)) {
    errs.push(fieldErrors.forbidden('status.nodeName', 'may not be changed directly'));
  }
  const nominated = str(status.nominatedNodeName, 'status.nominatedNodeName', errs);
  if (nominated && nominated !== str(oldStatus.nominatedNodeName)) {
    for (const m of nameIsDNSSubdomain(nominated, false))
      errs.push(fieldErrors.invalid('status.nominatedNodeName', nominated, m));
  }
  if (str(status.qosClass) !== str(oldStatus.qosClass)) {
    errs.push(fieldErrors.invalid('status.qosClass', str(status.qosClass), 'field is immutable'));
  }
  validateIPList(objList(status.podIPs, 'status.podIPs', errs), 'status.podIPs', errs);
  const hostIPs = objList(status.hostIPs, 'status.hostIPs', errs);
  if (hostIPs.length > 0) {
    if (str(status.hostIP) !== str(hostIPs[0][0].ip)) {
      errs.push(fieldErrors.invalid('status.hostIPs[0].ip', str(hostIPs[0][0].ip), 'must be equal to `hostIP`'));
    }
    validateIPList(hostIPs, 'status.hostIPs', errs);
  }
  return errs;
}

/** Upstream's `ValidatePodBinding` (the `pods/binding` subresource). */
export function validatePodBinding(binding: Obj): Errs {
  const errs: Errs = [];
  const target = obj(binding.target, 'target', errs);
  const kind = str(target.kind, 'target.kind', errs);
  if (kind && kind !== 'Node') errs.push(fieldErrors.notSupported('target.kind', kind, ['Node', '<empty>']));
  if (!str(target.name, 'target.name', errs)) errs.push(fieldErrors.required('target.name'));
  return errs;
}

/** Upstream's `ValidatePodTemplate`. */
export function validatePodTemplate(pt: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(pt.metadata, 'metadata', errs), { namespaced: true }));
  validatePodTemplateSpec(pt.template, 'template', errs);
  return errs;
}

/** Upstream's `ValidatePodTemplateUpdate`. */
export function validatePodTemplateUpdate(pt: Obj, old: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMetaUpdate(objectMeta(pt.metadata, 'metadata', errs), objectMeta(old.metadata)));
  validatePodTemplateSpec(pt.template, 'template', errs);
  return errs;
}
