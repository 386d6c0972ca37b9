/**
 * storage.k8s.io/v1: StorageClasses, CSIDrivers, CSINodes and VolumeAttachments, as upstream's
 * `pkg/apis/storage/validation` checks them.
 */
import { FieldError, fieldErrors } from '../../machinery/field-errors.js';
import { validateLabelName } from '../../machinery/label-selector.js';
import { nameIsDNSSubdomain } from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import { qualifiedName } from './core/rules.js';
import { validateCSIDriverName } from './core/volumes.js';
import { validatePersistentVolume } from './core/volumes-pv.js';
import {
  type Errs,
  type Obj,
  bool,
  int,
  jsonEqual,
  obj,
  objList,
  objectMeta,
  optObj,
  optStr,
  semanticEqual,
  str,
  strList,
  strMap,
} from './util.js';

const meta = (o: Obj, errs: Errs) =>
  validateObjectMeta(objectMeta(o.metadata, 'metadata', errs), { namespaced: false });
const metaUpdate = (o: Obj, old: Obj) => validateObjectMetaUpdate(objectMeta(o.metadata), objectMeta(old.metadata));

function topologies(v: unknown, errs: Errs): void {
  const seen: string[] = [];
  for (const [term, i] of objList(v, 'allowedTopologies', errs)) {
    const p = `allowedTopologies[${i}]`;
    const keys = new Set<string>();
    const canon: [string, string[]][] = [];
    for (const [req, j] of objList(term.matchLabelExpressions, `${p}.matchLabelExpressions`, errs)) {
      const rp = `${p}.matchLabelExpressions[${j}]`;
      const values = strList(req.values, `${rp}.values`, errs);
      if (values.length === 0) errs.push(fieldErrors.required(`${rp}.values`));
      const vs = new Set<string>();
      values.forEach((val, k) => {
        if (vs.has(val)) errs.push(fieldErrors.duplicate(`${rp}.values[${k}]`, val));
        vs.add(val);
      });
      const key = str(req.key, `${rp}.key`, errs);
      errs.push(...validateLabelName(key, `${rp}.key`));
      if (keys.has(key)) errs.push(fieldErrors.duplicate(`${rp}.key`, key));
      keys.add(key);
      canon.push([key, [...vs].sort()]);
    }
    const c = JSON.stringify(canon.sort());
    if (seen.includes(c)) errs.push(fieldErrors.duplicate(p, term));
    seen.push(c);
  }
}

/** Upstream's `ValidateStorageClass`. */
export function validateStorageClass(sc: Obj): Errs {
  const errs: Errs = [];
  errs.push(...meta(sc, errs));
  const provisioner = str(sc.provisioner, 'provisioner', errs);
  if (!provisioner) errs.push(fieldErrors.required('provisioner'));
  else qualifiedName(provisioner.toLowerCase(), 'provisioner', errs);
  const params = strMap(sc.parameters, 'parameters', errs) ?? {};
  const keys = Object.keys(params);
  if (keys.length > 512) errs.push(fieldErrors.tooLong('parameters', '', 512));
  else {
    let total = 0;
    for (const k of keys) {
      if (k.length < 1) errs.push(fieldErrors.invalid('parameters', k, 'field can not be empty.'));
      total += Buffer.byteLength(k) + Buffer.byteLength(params[k]);
    }
    if (total > 256 * 1024) errs.push(fieldErrors.tooLong('parameters', '', 256 * 1024));
  }
  const reclaim = str(sc.reclaimPolicy, 'reclaimPolicy', errs);
  if (reclaim && reclaim !== 'Delete' && reclaim !== 'Retain')
    errs.push(fieldErrors.notSupported('reclaimPolicy', reclaim, ['Delete', 'Retain']));
  const mode = optStr(sc.volumeBindingMode, 'volumeBindingMode', errs);
  if (mode === undefined) errs.push(fieldErrors.required('volumeBindingMode'));
  else if (mode !== 'Immediate' && mode !== 'WaitForFirstConsumer') {
    errs.push(fieldErrors.notSupported('volumeBindingMode', mode, ['Immediate', 'WaitForFirstConsumer']));
  }
  topologies(sc.allowedTopologies, errs);
  return errs;
}

/** Upstream's `ValidateStorageClassUpdate`: parameters, provisioner, reclaim policy and binding mode are fixed. */
export function validateStorageClassUpdate(sc: Obj, old: Obj): Errs {
  const errs = metaUpdate(sc, old);
  if (!jsonEqual(sc.parameters, old.parameters))
    errs.push(fieldErrors.forbidden('parameters', 'updates to parameters are forbidden.'));
  if (str(sc.provisioner) !== str(old.provisioner))
    errs.push(fieldErrors.forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (str(sc.reclaimPolicy) !== str(old.reclaimPolicy))
    errs.push(fieldErrors.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (str(sc.volumeBindingMode) !== str(old.volumeBindingMode)) {
    errs.push(fieldErrors.invalid('volumeBindingMode', sc.volumeBindingMode ?? null, 'field is immutable'));
  }
  return errs;
}

const FS_GROUP_POLICIES = ['File', 'None', 'ReadWriteOnceWithFSType'];

function csiDriverSpec(spec: Obj, errs: Errs): void {
  const required: [string, string][] = [
    ['attachRequired', 'attachedRequired'],
    ['podInfoOnMount', 'podInfoOnMount'],
    ['storageCapacity', 'storageCapacity'],
  ];
  for (const [f, path] of required)
    if (bool(spec[f], `spec.${f}`, errs) === undefined) errs.push(fieldErrors.required(`spec.${path}`));
  const fsg = optStr(spec.fsGroupPolicy, 'spec.fsGroupPolicy', errs);
  if (fsg === undefined) errs.push(fieldErrors.required('spec.fsGroupPolicy'));
  else if (!FS_GROUP_POLICIES.includes(fsg))
    errs.push(fieldErrors.notSupported('spec.fsGroupPolicy', fsg, FS_GROUP_POLICIES));
  const audiences = new Set<string>();
  for (const [t, i] of objList(spec.tokenRequests, 'spec.tokenRequests', errs)) {
    const p = `spec.tokenRequests[${i}]`;
    const audience = str(t.audience, `${p}.audience`, errs);
    if (audiences.has(audience)) errs.push(fieldErrors.duplicate(`${p}.audience`, audience));
    audiences.add(audience);
    const exp = int(t.expirationSeconds, `${p}.expirationSeconds`, errs);
    if (exp !== undefined) {
      if (exp < 600)
        errs.push(
          fieldErrors.invalid(`${p}.expirationSeconds`, exp, 'may not specify a duration less than 10 minutes'),
        );
      if (exp > 2 ** 32)
        errs.push(
          fieldErrors.invalid(`${p}.expirationSeconds`, exp, 'may not specify a duration larger than 2^32 seconds'),
        );
    }
  }
  strList(spec.volumeLifecycleModes, 'spec.volumeLifecycleModes', errs).forEach((m) => {
    if (m !== 'Persistent' && m !== 'Ephemeral')
      errs.push(fieldErrors.notSupported('spec.volumeLifecycleModes', m, ['Ephemeral', 'Persistent']));
  });
}

/** Upstream's `ValidateCSIDriver` (the name is a CSI driver name, reported at `name`). */
export function validateCSIDriver(d: Obj): Errs {
  const errs: Errs = [];
  const m = objectMeta(d.metadata, 'metadata', errs);
  validateCSIDriverName(m.name ?? '', 'name', errs);
  csiDriverSpec(obj(d.spec, 'spec', errs), errs);
  return errs;
}

/** Upstream's `ValidateCSIDriverUpdate`: most of the spec is immutable. */
export function validateCSIDriverUpdate(d: Obj, old: Obj): Errs {
  const errs = [...validateCSIDriver(d), ...metaUpdate(d, old)];
  const spec = obj(d.spec);
  const oldSpec = obj(old.spec);
  for (const f of ['attachRequired', 'fsGroupPolicy', 'podInfoOnMount', 'volumeLifecycleModes']) {
    if (!semanticEqual(spec[f], oldSpec[f]))
      errs.push(fieldErrors.invalid(`spec.${f}`, spec[f] ?? null, 'field is immutable'));
  }
  return errs;
}

/** Upstream's `ValidateCSINode`. */
export function validateCSINode(n: Obj): Errs {
  const errs: Errs = [];
  errs.push(...meta(n, errs));
  const names = new Set<string>();
  for (const [d, i] of objList(obj(n.spec, 'spec', errs).drivers, 'spec.drivers', errs)) {
    const p = `spec.drivers[${i}]`;
    const name = str(d.name, `${p}.name`, errs);
    validateCSIDriverName(name, `${p}.name`, errs);
    if (names.has(name)) errs.push(fieldErrors.duplicate(`${p}.name`, name));
    names.add(name);
    const nodeID = str(d.nodeID, `${p}.nodeID`, errs);
    if (!nodeID) errs.push(fieldErrors.required(`${p}.nodeID`, 'nodeID of the driver must be defined'));
    else if (nodeID.length > 192)
      errs.push(fieldErrors.invalid(`${p}.nodeID`, nodeID, 'must be 192 characters or less'));
    const keys = new Set<string>();
    strList(d.topologyKeys, `${p}.topologyKeys`, errs).forEach((k, j) => {
      if (!k) errs.push(fieldErrors.required(`${p}.topologyKeys`, k));
      if (keys.has(k)) errs.push(fieldErrors.duplicate(`${p}.topologyKeys`, k));
      keys.add(k);
      qualifiedName(k, `${p}.topologyKeys[${j}]`, errs);
    });
    const count = int(obj(d.allocatable).count, `${p}.allocatable.count`, errs);
    if (count !== undefined && count < 0)
      errs.push(fieldErrors.invalid(`${p}.allocatable.count`, count, 'must be greater than or equal to 0'));
  }
  return errs;
}

/** Upstream's `ValidateCSINodeUpdate`. */
export function validateCSINodeUpdate(n: Obj, old: Obj): Errs {
  return [...validateCSINode(n), ...metaUpdate(n, old)];
}

/** Upstream's `ValidateVolumeAttachment`. */
export function validateVolumeAttachment(va: Obj): Errs {
  const errs: Errs = [];
  errs.push(...meta(va, errs));
  const spec = obj(va.spec, 'spec', errs);
  const attacher = str(spec.attacher, 'spec.attacher', errs);
  if (!attacher) errs.push(fieldErrors.required('spec.attacher'));
  else validateCSIDriverName(attacher, 'spec.attacher', errs);
  const source = obj(spec.source, 'spec.source', errs);
  const pvName = optStr(source.persistentVolumeName, 'spec.source.persistentVolumeName', errs);
  const inline = optObj(source.inlineVolumeSpec, 'spec.source.inlineVolumeSpec', errs);
  const both = 'must specify exactly one of inlineVolumeSpec and persistentVolumeName';
  if (!inline && pvName === undefined) errs.push(fieldErrors.required('spec.source', both));
  else if (inline && pvName !== undefined) errs.push(fieldErrors.forbidden('spec.source', both));
  else if (pvName !== undefined) {
    if (!pvName)
      errs.push(
        fieldErrors.required('spec.source.persistentVolumeName', 'must specify non empty persistentVolumeName'),
      );
  } else if (inline) {
    const inner = validatePersistentVolume({ metadata: { name: 'inline' }, spec: inline }).filter(
      (e) => !e.field.startsWith('metadata'),
    );
    errs.push(
      ...inner.map(
        (e) => new FieldError(e.type, e.field.replace(/^spec/, 'spec.source.inlineVolumeSpec'), e.badValue, e.detail),
      ),
    );
  }
  const nodeName = str(spec.nodeName, 'spec.nodeName', errs);
  for (const m of nameIsDNSSubdomain(nodeName, false)) errs.push(fieldErrors.invalid('spec.nodeName', nodeName, m));
  return errs;
}

/** Upstream's `ValidateVolumeAttachmentUpdate`: the spec is immutable. */
export function validateVolumeAttachmentUpdate(va: Obj, old: Obj): Errs {
  const errs = [...validateVolumeAttachment(va), ...metaUpdate(va, old)];
  if (!semanticEqual(va.spec, old.spec)) errs.push(fieldErrors.invalid('spec', va.spec, 'field is immutable'));
  return errs;
}
