/**
 * Pod volumes, as upstream's `ValidateVolumes` and `validateVolumeSource` check them: unique DNS
 * label names, exactly one source, and each source's own rules (secret, configMap, hostPath,
 * projected, downwardAPI, persistentVolumeClaim, ephemeral, csi, nfs …; the legacy in-tree cloud
 * sources get their required fields checked).
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { isDNS1123Subdomain, nameIsDNSSubdomain } from '../../../machinery/validation/names.js';
import { type Errs, type Obj, arr, isObj, obj, objList, optObj, optStr, str } from '../util.js';
import { validatePullPolicy } from './container.js';
import { dns1123Label } from './rules.js';
import { downwardAPIFile, fileMode, keyToPath, validateProjected } from './projected.js';
import { validatePersistentVolumeClaimTemplate } from './pvc.js';
import { validateLocalDescendingPath, validatePathNoBacksteps } from './paths.js';
import { quantity } from './resources.js';

function secretOrConfigMap(s: Obj, nameField: string, path: string, errs: Errs): void {
  if (!str(s[nameField], `${path}.${nameField}`, errs)) errs.push(fieldErrors.required(`${path}.${nameField}`));
  fileMode(s.defaultMode, `${path}.defaultMode`, errs);
  for (const [kp, i] of objList(s.items, `${path}.items`, errs)) keyToPath(kp, `${path}.items[${i}]`, errs);
}

const HOST_PATH_TYPES = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];

/** Upstream's `validateHostPathVolumeSource`. */
export function validateHostPath(hp: Obj, path: string, errs: Errs): void {
  const p = str(hp.path, `${path}.path`, errs);
  if (!p) return void errs.push(fieldErrors.required(`${path}.path`));
  validatePathNoBacksteps(p, `${path}.path`, errs);
  const type = optStr(hp.type, `${path}.type`, errs);
  if (type !== undefined && !HOST_PATH_TYPES.includes(type)) {
    errs.push(fieldErrors.notSupported(`${path}.type`, type, HOST_PATH_TYPES));
  }
}

/** Sources that only have required string fields to check: source key → [validation path, fields]. */
const SIMPLE: Record<string, [string, string[]]> = {
  gcePersistentDisk: ['persistentDisk', ['pdName']],
  awsElasticBlockStore: ['awsElasticBlockStore', ['volumeID']],
  glusterfs: ['glusterfs', ['endpoints', 'path']],
  rbd: ['rbd', ['image']],
  cinder: ['cinder', ['volumeID']],
  flexVolume: ['flexVolume', ['driver']],
  azureFile: ['azureFile', ['secretName', 'shareName']],
  azureDisk: ['azureDisk', ['diskName', 'diskURI']],
  vsphereVolume: ['vsphereVolume', ['volumePath']],
  photonPersistentDisk: ['photonPersistentDisk', ['pdID']],
  portworxVolume: ['portworxVolume', ['volumeID']],
  scaleIO: ['scaleIO', ['gateway', 'system', 'volumeName']],
  quobyte: ['quobyte', ['registry', 'volume']],
  storageos: ['storageos', ['volumeName']],
};

/** The volume source keys in the order upstream checks them (with the path it names a second one at). */
const SOURCES: [string, string][] = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

function validateSource(key: string, s: Obj, path: string, volName: string, podName: string, errs: Errs): void {
  const p = `${path}.${key}`;
  switch (key) {
    case 'emptyDir': {
      const limit = quantity(s.sizeLimit, `${p}.sizeLimit`, errs);
      if (limit && limit.sign() < 0) {
        errs.push(fieldErrors.forbidden(`${p}.sizeLimit`, 'SizeLimit field must be a valid resource quantity'));
      }
      return;
    }
    case 'hostPath':
      return validateHostPath(s, p, errs);
    case 'gitRepo':
      if (!str(s.repository, `${p}.repository`, errs)) errs.push(fieldErrors.required(`${p}.repository`));
      return validateLocalDescendingPath(str(s.directory, `${p}.directory`, errs), `${p}.directory`, errs);
    case 'secret':
      return secretOrConfigMap(s, 'secretName', p, errs);
    case 'configMap':
      return secretOrConfigMap(s, 'name', p, errs);
    case 'nfs': {
      if (!str(s.server, `${p}.server`, errs)) errs.push(fieldErrors.required(`${p}.server`));
      const np = str(s.path, `${p}.path`, errs);
      if (!np) errs.push(fieldErrors.required(`${p}.path`));
      if (!np.startsWith('/')) errs.push(fieldErrors.invalid(`${p}.path`, np, 'must be an absolute path'));
      return;
    }
    case 'iscsi':
      if (!str(s.targetPortal, `${p}.targetPortal`, errs)) errs.push(fieldErrors.required(`${p}.targetPortal`));
      if (!str(s.iqn, `${p}.iqn`, errs)) errs.push(fieldErrors.required(`${p}.iqn`));
      return;
    case 'flocker':
      if (!str(s.datasetName) && !str(s.datasetUUID)) {
        errs.push(fieldErrors.required(p, 'one of datasetName and datasetUUID is required'));
      }
      return;
    case 'persistentVolumeClaim':
      if (!str(s.claimName, `${p}.claimName`, errs)) errs.push(fieldErrors.required(`${p}.claimName`));
      return;
    case 'cephfs':
      if (arr(s.monitors).length === 0) errs.push(fieldErrors.required(`${path}.cephfs.monitors`));
      return;
    case 'downwardAPI':
      fileMode(s.defaultMode, `${p}.defaultMode`, errs);
      for (const [f] of objList(s.items, `${p}.items`, errs)) downwardAPIFile(f, p, errs);
      return;
    case 'fc':
      if (arr(s.targetWWNs).length === 0 && arr(s.wwids).length === 0) {
        errs.push(fieldErrors.required(`${p}.targetWWNs`, 'must specify either targetWWNs or wwids, but not both'));
      }
      return;
    case 'projected':
      return validateProjected(s, p, errs);
    case 'csi': {
      const driver = str(s.driver, `${p}.driver`, errs);
      validateCSIDriverName(driver, `${p}.driver`, errs);
      const secret = optObj(s.nodePublishSecretRef, `${p}.nodePublishSecretRef`, errs);
      if (secret) {
        const name = str(secret.name, `${p}.nodePublishSecretRef.name`, errs);
        if (!name) errs.push(fieldErrors.required(`${p}.nodePublishSecretRef.name`));
        else for (const m of nameIsDNSSubdomain(name, false)) errs.push(fieldErrors.invalid(`${p}.name`, name, m));
      }
      return;
    }
    case 'ephemeral': {
      if (!isObj(s.volumeClaimTemplate)) errs.push(fieldErrors.required(`${p}.volumeClaimTemplate`));
      else validatePersistentVolumeClaimTemplate(s.volumeClaimTemplate, `${p}.volumeClaimTemplate`, errs);
      if (podName && volName) {
        const pvcName = `${podName}-${volName}`;
        for (const m of nameIsDNSSubdomain(pvcName, false)) {
          errs.push(fieldErrors.invalid(`${p}.name`, volName, `PVC name ${JSON.stringify(pvcName)}: ${m}`));
        }
      }
      return;
    }
    case 'image':
      return validatePullPolicy(str(s.pullPolicy, `${p}.pullPolicy`, errs), `${p}.pullPolicy`, errs);
  }
  const simple = SIMPLE[key];
  if (simple) {
    for (const f of simple[1]) {
      if (!str(s[f], `${path}.${simple[0]}.${f}`, errs)) errs.push(fieldErrors.required(`${path}.${simple[0]}.${f}`));
    }
  }
}

/** Upstream's `ValidateCSIDriverName`. */
export function validateCSIDriverName(name: string, path: string, errs: Errs): void {
  if (!name) errs.push(fieldErrors.required(path));
  if (name.length > 63) errs.push(fieldErrors.tooLong(path, '', 63));
  for (const m of isDNS1123Subdomain(name.toLowerCase())) errs.push(fieldErrors.invalid(path, name, m));
}

/** Upstream's `validateVolumeSource`: exactly one source, each checked. */
export function validateVolumeSource(vol: Obj, path: string, volName: string, podName: string, errs: Errs): void {
  let n = 0;
  for (const [key, forbiddenName] of SOURCES) {
    const s = optObj(vol[key], `${path}.${key}`, errs);
    if (!s) continue;
    if (n > 0) {
      errs.push(fieldErrors.forbidden(`${path}.${forbiddenName}`, 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    validateSource(key, s, path, volName, podName, errs);
  }
  if (n === 0) errs.push(fieldErrors.required(path, 'must specify a volume type'));
}

/**
 * Upstream's `ValidateVolumes`: the valid volumes by name (for mounts to refer to), with the errors
 * of the others appended. `podName` is set only for pods (it names generic ephemeral claims).
 */
export function validateVolumes(v: unknown, podName: string, path: string, errs: Errs): Map<string, Obj> {
  const vols = new Map<string, Obj>();
  const created = new Set<string>();
  const list = objList(v, path, errs);
  if (podName) for (const [vol] of list) if (isObj(vol.ephemeral)) created.add(`${podName}-${str(vol.name)}`);
  for (const [vol, i] of list) {
    const p = `${path}[${i}]`;
    const el: Errs = [];
    const name = str(vol.name, `${p}.name`, errs);
    validateVolumeSource(vol, p, name, podName, el);
    if (!name) el.push(fieldErrors.required(`${p}.name`));
    else dns1123Label(name, `${p}.name`, el);
    if (vols.has(name)) el.push(fieldErrors.duplicate(`${p}.name`, name));
    if (el.length === 0) vols.set(name, vol);
    else errs.push(...el);
    const claim = obj(vol.persistentVolumeClaim);
    if (isObj(vol.persistentVolumeClaim) && created.has(str(claim.claimName))) {
      errs.push(
        fieldErrors.invalid(
          `${p}.persistentVolumeClaim.claimName`,
          str(claim.claimName),
          'must not reference a PVC that gets created for an ephemeral volume',
        ),
      );
    }
  }
  return vols;
}
