/**
 * PersistentVolumes and PersistentVolumeClaims, as upstream's `ValidatePersistentVolume`,
 * `ValidatePersistentVolumeClaim` and their update variants check them.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../machinery/validation/object-meta.js';
import { type Errs, type Obj, isObj, obj, objectMeta, optObj, optStr, semanticEqual, str, strList } from '../util.js';
import { specDiff } from './pod-update.js';
import { VOLUME_MODES, validateAccessModes, validateClassName, validatePersistentVolumeClaimSpec } from './pvc.js';
import { quantity, resourceList, validatePositiveQuantity } from './resources.js';
import { validateNodeSelector } from './scheduling.js';
import { validateCSIDriverName, validateHostPath, validateVolumeSource } from './volumes.js';

/** The volume sources a PersistentVolume may use. */
const PV_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'flocker',
  'nfs',
  'rbd',
  'quobyte',
  'cephfs',
  'iscsi',
  'cinder',
  'fc',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'scaleIO',
  'local',
  'storageos',
  'csi',
];
const RECLAIM = ['Delete', 'Recycle', 'Retain'];

function pvSource(spec: Obj, nodeAffinity: boolean, errs: Errs): void {
  const present = PV_SOURCES.filter((k) => isObj(spec[k]));
  if (present.length === 0) return void errs.push(fieldErrors.required('spec', 'must specify a volume type'));
  present
    .slice(1)
    .forEach((k) => errs.push(fieldErrors.forbidden(`spec.${k}`, 'may not specify more than 1 volume type')));
  const key = present[0];
  const s = spec[key] as Obj;
  switch (key) {
    case 'hostPath':
      return validateHostPath(s, 'spec.hostPath', errs);
    case 'local': {
      const p = str(s.path, 'spec.local.path', errs);
      if (!p) errs.push(fieldErrors.required('spec.local.path'));
      else if (p.split('/').includes('..'))
        errs.push(fieldErrors.invalid('spec.local.path', p, "must not contain '..'"));
      if (!nodeAffinity) errs.push(fieldErrors.required('spec.nodeAffinity', 'Local volume requires node affinity'));
      return;
    }
    case 'csi':
      validateCSIDriverName(str(s.driver, 'spec.csi.driver', errs), 'spec.csi.driver', errs);
      if (!str(s.volumeHandle, 'spec.csi.volumeHandle', errs)) errs.push(fieldErrors.required('spec.csi.volumeHandle'));
      return;
    default:
      // The pod volume rules cover the remaining sources' required fields.
      validateVolumeSource({ [key]: s }, 'spec', '', '', errs);
  }
}

/** Upstream's `ValidatePersistentVolume`. */
export function validatePersistentVolume(pv: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(pv.metadata, 'metadata', errs), { namespaced: false }));
  const spec = obj(pv.spec, 'spec', errs);
  const modes = strList(spec.accessModes, 'spec.accessModes', errs);
  if (modes.length === 0) errs.push(fieldErrors.required('spec.accessModes'));
  validateAccessModes(modes, 'spec.accessModes', errs);
  const capacity = obj(spec.capacity, 'spec.capacity', errs);
  if (Object.keys(capacity).length === 0) errs.push(fieldErrors.required('spec.capacity'));
  if (!('storage' in capacity) || Object.keys(capacity).length > 1) {
    errs.push(fieldErrors.notSupported('spec.capacity', capacity, ['storage']));
  }
  for (const [k, q] of resourceList(capacity, 'spec.capacity', errs)) {
    if (q.value() < 0n)
      errs.push(fieldErrors.invalid(`spec.capacity[${k}]`, Number(q.value()), 'must be a valid resource quantity'));
    validatePositiveQuantity(q, `spec.capacity[${k}]`, errs);
  }
  const reclaim = str(spec.persistentVolumeReclaimPolicy, 'spec.persistentVolumeReclaimPolicy', errs);
  if (reclaim && !RECLAIM.includes(reclaim))
    errs.push(fieldErrors.notSupported('spec.persistentVolumeReclaimPolicy', reclaim, RECLAIM));
  const affinity = optObj(spec.nodeAffinity, 'spec.nodeAffinity', errs);
  if (affinity) {
    const required = optObj(affinity.required, 'spec.nodeAffinity.required', errs);
    if (required) validateNodeSelector(required, false, 'spec.nodeAffinity.required', errs);
    else errs.push(fieldErrors.required('spec.nodeAffinity.required', 'must specify required node constraints'));
  }
  pvSource(spec, !!affinity, errs);
  if (
    isObj(spec.hostPath) &&
    str(spec.hostPath.path).replace(/\/+$/, '') === '' &&
    str(spec.hostPath.path) &&
    reclaim === 'Recycle'
  ) {
    errs.push(
      fieldErrors.forbidden('spec.persistentVolumeReclaimPolicy', "may not be 'recycle' for a hostPath mount of '/'"),
    );
  }
  const scn = str(spec.storageClassName, 'spec.storageClassName', errs);
  if (scn) validateClassName(scn, 'spec.storageClassName', errs);
  const mode = optStr(spec.volumeMode, 'spec.volumeMode', errs);
  if (mode !== undefined && !VOLUME_MODES.includes(mode))
    errs.push(fieldErrors.notSupported('spec.volumeMode', mode, VOLUME_MODES));
  return errs;
}

/** The fields of a PV spec that are not its source. */
const PV_SPEC_OTHER = new Set([
  'accessModes',
  'capacity',
  'claimRef',
  'persistentVolumeReclaimPolicy',
  'storageClassName',
  'mountOptions',
  'volumeMode',
  'nodeAffinity',
  'volumeAttributesClassName',
]);

/** Upstream's `ValidatePersistentVolumeUpdate`: the source is immutable, so are volumeMode and node affinity. */
export function validatePersistentVolumeUpdate(pv: Obj, old: Obj): Errs {
  const errs = validatePersistentVolume(pv);
  const spec = obj(pv.spec);
  const oldSpec = obj(old.spec);
  const source = (s: Obj) => Object.fromEntries(Object.entries(s).filter(([k]) => !PV_SPEC_OTHER.has(k)));
  const n = source(spec);
  const o = source(oldSpec);
  if (isObj(o.csi) && isObj(n.csi) && o.csi.controllerExpandSecretRef === undefined) {
    n.csi = { ...n.csi };
    delete n.csi.controllerExpandSecretRef;
  }
  if (!semanticEqual(n, o)) {
    errs.push(
      fieldErrors.forbidden(
        'spec.persistentvolumesource',
        `spec.persistentvolumesource is immutable after creation\n${specDiff(o, n, 'core.PersistentVolumeSource')}`,
      ),
    );
  }
  if (str(spec.volumeMode) !== str(oldSpec.volumeMode))
    errs.push(fieldErrors.invalid('volumeMode', spec.volumeMode ?? null, 'field is immutable'));
  if (isObj(oldSpec.nodeAffinity) && !semanticEqual(spec.nodeAffinity, oldSpec.nodeAffinity)) {
    errs.push(
      fieldErrors.invalid(
        'nodeAffinity',
        spec.nodeAffinity ?? null,
        'field is immutable, except for updating from beta label to GA',
      ),
    );
  }
  return errs;
}

/** Upstream's `ValidatePersistentVolumeClaim`. */
export function validatePersistentVolumeClaim(pvc: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(pvc.metadata, 'metadata', errs), { namespaced: true }));
  validatePersistentVolumeClaimSpec(pvc.spec, 'spec', errs);
  return errs;
}

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

/**
 * Upstream's `ValidatePersistentVolumeClaimUpdate`: the spec is immutable except volumeName (once),
 * the storage class (set once where it was nil) and, for bound claims, the storage request, which
 * may not go below status.capacity.
 */
export function validatePersistentVolumeClaimUpdate(pvc: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(pvc.metadata), objectMeta(old.metadata));
  errs.push(...validatePersistentVolumeClaim(pvc));
  const spec: Obj = structuredClone(obj(pvc.spec));
  const oldSpec: Obj = structuredClone(obj(old.spec));
  if (!str(oldSpec.volumeName)) oldSpec.volumeName = spec.volumeName;
  const oldAnn = obj(obj(old.metadata).annotations);
  const newAnn = obj(obj(pvc.metadata).annotations);
  if (str(newAnn[BETA_CLASS]) !== str(oldAnn[BETA_CLASS])) {
    errs.push(fieldErrors.invalid(`metadata.annotations.${BETA_CLASS}`, str(newAnn[BETA_CLASS]), 'field is immutable'));
  }
  const scn = optStr(spec.storageClassName);
  const oldScn = optStr(oldSpec.storageClassName);
  if (scn !== undefined && oldScn === undefined && (!(BETA_CLASS in oldAnn) || scn === oldAnn[BETA_CLASS])) {
    oldSpec.storageClassName = scn;
  }
  const bound = str(obj(pvc.status).phase) === 'Bound';
  const requests = (s: Obj) => obj(obj(s.resources).requests);
  if (bound && isObj(obj(spec.resources).requests)) {
    spec.resources = { ...spec.resources, requests: { ...requests(spec), storage: requests(oldSpec).storage } };
    if (requests(oldSpec).storage === undefined) delete spec.resources.requests.storage;
  }
  if (bound && spec.volumeAttributesClassName !== undefined)
    spec.volumeAttributesClassName = oldSpec.volumeAttributesClassName;
  if (!semanticEqual(spec, oldSpec)) {
    errs.push(
      fieldErrors.forbidden(
        'spec',
        `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${specDiff(oldSpec, spec, 'core.PersistentVolumeClaimSpec')}`,
      ),
    );
  }
  const ignore: Errs = [];
  const newSize = quantity(requests(obj(pvc.spec)).storage, '', ignore);
  const oldSize = quantity(requests(obj(old.spec)).storage, '', ignore);
  const statusSize = quantity(obj(obj(old.status).capacity).storage, '', ignore);
  if (newSize && oldSize && newSize.cmp(oldSize) < 0 && statusSize && newSize.cmp(statusSize) <= 0) {
    errs.push(fieldErrors.forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
  if (str(obj(pvc.spec).volumeMode) !== str(obj(old.spec).volumeMode)) {
    errs.push(fieldErrors.invalid('volumeMode', obj(pvc.spec).volumeMode ?? null, 'field is immutable'));
  }
  return errs;
}
