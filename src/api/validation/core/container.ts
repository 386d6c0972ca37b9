/**
 * One container, as upstream's `validateContainerCommon` checks it for regular, init and ephemeral
 * containers alike: name, image, termination message policy, ports, env and envFrom, volume mounts
 * and devices, pull policy, resources, resize policy and security context.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import {
  isConfigMapKey,
  isDNS1123Label,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
} from '../../../machinery/validation/names.js';
import { type Errs, type Obj, bool, int, obj, objList, optObj, optStr, str } from '../util.js';
import { validateContainerResources } from './resources.js';
import { validateSecurityContext } from './security.js';
import { validateLocalDescendingPath } from './paths.js';

/** What container checks need to know about the pod. */
export interface ContainerContext {
  /** Volumes by name (those that passed validation). */
  volumes: Map<string, Obj>;
  /** Names in `spec.resourceClaims`. */
  claimNames: Set<string>;
  /** The pod's restartPolicy. */
  restartPolicy: string;
  /** Whether the pod shares the host's user namespace. */
  hostUsers: boolean;
}

/** Upstream's `ValidateDNS1123Label` at a path. */
export function dns1123Label(value: string, path: string, errs: Errs): void {
  for (const m of isDNS1123Label(value)) errs.push(fieldErrors.invalid(path, value, m));
}

/** Upstream's `ValidateQualifiedName` at a path. */
export function qualifiedName(value: string, path: string, errs: Errs): void {
  for (const m of isQualifiedName(value)) errs.push(fieldErrors.invalid(path, value, m));
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** Upstream's `validateContainerPorts`. */
export function validateContainerPorts(v: unknown, path: string, errs: Errs): void {
  const names = new Set<string>();
  for (const [port, i] of objList(v, path, errs)) {
    const p = `${path}[${i}]`;
    const name = str(port.name, `${p}.name`, errs);
    if (name) {
      const msgs = isValidPortName(name);
      for (const m of msgs) errs.push(fieldErrors.invalid(`${p}.name`, name, m));
      if (!msgs.length) {
        if (names.has(name)) errs.push(fieldErrors.duplicate(`${p}.name`, name));
        else names.add(name);
      }
    }
    const cp = int(port.containerPort, `${p}.containerPort`, errs) ?? 0;
    if (cp === 0) errs.push(fieldErrors.required(`${p}.containerPort`));
    else for (const m of isValidPortNum(cp)) errs.push(fieldErrors.invalid(`${p}.containerPort`, cp, m));
    const hp = int(port.hostPort, `${p}.hostPort`, errs) ?? 0;
    if (hp !== 0) for (const m of isValidPortNum(hp)) errs.push(fieldErrors.invalid(`${p}.hostPort`, hp, m));
    const proto = str(port.protocol, `${p}.protocol`, errs);
    if (!proto) errs.push(fieldErrors.required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(proto)) errs.push(fieldErrors.notSupported(`${p}.protocol`, proto, PROTOCOLS));
  }
}

const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
/** The downward API paths a volume file may use. */
export const VOLUME_FIELD_PATHS = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
];
const RESOURCE_FIELD_PATHS = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];

const CONVERTIBLE = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** Upstream's `fieldpath.SplitMaybeSubscriptedPath`: `metadata.labels['a']` → [`metadata.labels`, `a`]. */
function splitSubscript(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

/** Upstream's `ConvertDownwardAPIFieldLabel` for pods: the internal path, or throws upstream's error. */
function convertFieldLabel(version: string, label: string): string {
  if (version !== 'v1') throw new Error(`unsupported pod version: ${version}`);
  const sub = splitSubscript(label);
  if (sub) {
    if (sub[0] === 'metadata.annotations' || sub[0] === 'metadata.labels') return label;
    throw new Error(`field label does not support subscript: ${label}`);
  }
  if (CONVERTIBLE.has(label)) return label;
  if (label === 'spec.host') return 'spec.nodeName';
  throw new Error(`field label not supported: ${label}`);
}

/** Upstream's `validateObjectFieldSelector` (`apiVersion` is defaulted to v1 before). */
export function validateObjectFieldSelector(fs: Obj, allowed: readonly string[], path: string, errs: Errs): void {
  const apiVersion = str(fs.apiVersion, `${path}.apiVersion`, errs);
  if (!apiVersion) return void errs.push(fieldErrors.required(`${path}.apiVersion`));
  const fieldPath = str(fs.fieldPath, `${path}.fieldPath`, errs);
  if (!fieldPath) return void errs.push(fieldErrors.required(`${path}.fieldPath`));
  let internal: string;
  try {
    internal = convertFieldLabel(apiVersion, fieldPath);
  } catch (err) {
    errs.push(fieldErrors.invalid(`${path}.fieldPath`, fieldPath, `error converting fieldPath: ${(err as Error).message}`));
    return;
  }
  const sub = splitSubscript(internal);
  if (sub) {
    if (sub[0] === 'metadata.annotations') qualifiedName(sub[1].toLowerCase(), path, errs);
    else if (sub[0] === 'metadata.labels') qualifiedName(sub[1], path, errs);
    else errs.push(fieldErrors.invalid(path, sub[0], 'does not support subscript'));
  } else if (!allowed.includes(internal)) {
    errs.push(fieldErrors.notSupported(`${path}.fieldPath`, internal, allowed));
  }
}

/** Upstream's `validateContainerResourceFieldSelector`. */
export function validateResourceFieldSelector(fs: Obj, path: string, volume: boolean, errs: Errs): void {
  const containerName = str(fs.containerName, `${path}.containerName`, errs);
  const resource = str(fs.resource, `${path}.resource`, errs);
  if (volume && !containerName) errs.push(fieldErrors.required(`${path}.containerName`));
  else if (!resource) errs.push(fieldErrors.required(`${path}.resource`));
  else if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(requests|limits)\.hugepages-/.test(resource)) {
    errs.push(fieldErrors.notSupported(`${path}.resource`, resource, RESOURCE_FIELD_PATHS));
  }
}

function keySelector(s: Obj, path: string, errs: Errs): void {
  const name = str(s.name, `${path}.name`, errs);
  for (const m of nameIsDNSSubdomain(name, false)) errs.push(fieldErrors.invalid(`${path}.name`, name, m));
  const key = str(s.key, `${path}.key`, errs);
  if (!key) errs.push(fieldErrors.required(`${path}.key`));
  else for (const m of isConfigMapKey(key)) errs.push(fieldErrors.invalid(`${path}.key`, key, m));
}

/** Upstream's `ValidateEnv` (with the relaxed name rule 1.32 enables by default). */
export function validateEnv(v: unknown, path: string, errs: Errs): void {
  for (const [ev, i] of objList(v, path, errs)) {
    const p = `${path}[${i}]`;
    const name = str(ev.name, `${p}.name`, errs);
    if (!name) errs.push(fieldErrors.required(`${p}.name`));
    else for (const m of isRelaxedEnvVarName(name)) errs.push(fieldErrors.invalid(`${p}.name`, name, m));
    const from = optObj(ev.valueFrom, `${p}.valueFrom`, errs);
    if (!from) continue;
    const fp = `${p}.valueFrom`;
    let sources = 0;
    const fieldRef = optObj(from.fieldRef, `${fp}.fieldRef`, errs);
    if (fieldRef) {
      sources++;
      validateObjectFieldSelector(fieldRef, ENV_FIELD_PATHS, `${fp}.fieldRef`, errs);
    }
    const resourceRef = optObj(from.resourceFieldRef, `${fp}.resourceFieldRef`, errs);
    if (resourceRef) {
      sources++;
      validateResourceFieldSelector(resourceRef, `${fp}.resourceFieldRef`, false, errs);
    }
    const cmRef = optObj(from.configMapKeyRef, `${fp}.configMapKeyRef`, errs);
    if (cmRef) {
      sources++;
      keySelector(cmRef, `${fp}.configMapKeyRef`, errs);
    }
    const secretRef = optObj(from.secretKeyRef, `${fp}.secretKeyRef`, errs);
    if (secretRef) {
      sources++;
      keySelector(secretRef, `${fp}.secretKeyRef`, errs);
    }
    if (sources === 0) {
      errs.push(
        fieldErrors.invalid(fp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'),
      );
    } else if (str(ev.value)) {
      errs.push(fieldErrors.invalid(fp, '', 'may not be specified when `value` is not empty'));
    } else if (sources > 1) {
      errs.push(fieldErrors.invalid(fp, '', 'may not have more than one field specified at a time'));
    }
  }
}

function envSourceName(ref: Obj, path: string, errs: Errs): void {
  const name = str(ref.name, `${path}.name`, errs);
  if (!name) errs.push(fieldErrors.required(`${path}.name`));
  else for (const m of nameIsDNSSubdomain(name, true)) errs.push(fieldErrors.invalid(`${path}.name`, name, m));
}

/** Upstream's `ValidateEnvFrom`. */
export function validateEnvFrom(v: unknown, path: string, errs: Errs): void {
  for (const [ev, i] of objList(v, path, errs)) {
    const p = `${path}[${i}]`;
    const prefix = str(ev.prefix, `${p}.prefix`, errs);
    if (prefix) for (const m of isRelaxedEnvVarName(prefix)) errs.push(fieldErrors.invalid(`${p}.prefix`, prefix, m));
    let sources = 0;
    const cm = optObj(ev.configMapRef, `${p}.configMapRef`, errs);
    if (cm) {
      sources++;
      envSourceName(cm, `${p}.configMapRef`, errs);
    }
    const secret = optObj(ev.secretRef, `${p}.secretRef`, errs);
    if (secret) {
      sources++;
      envSourceName(secret, `${p}.secretRef`, errs);
    }
    if (sources === 0) errs.push(fieldErrors.invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(fieldErrors.invalid(path, '', 'may not have more than one field specified at a time'));
  }
}

const PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];
const RRO = ['Disabled', 'Enabled', 'IfPossible'];

/** Upstream's `ValidateVolumeMounts`. */
function validateVolumeMounts(c: Obj, devices: Map<string, string>, ctx: ContainerContext, path: string, errs: Errs) {
  const mountPoints = new Set<string>();
  for (const [mnt, i] of objList(c.volumeMounts, path, errs)) {
    const p = `${path}[${i}]`;
    const name = str(mnt.name, `${p}.name`, errs);
    const mountPath = str(mnt.mountPath, `${p}.mountPath`, errs);
    if (!name) errs.push(fieldErrors.required(`${p}.name`));
    if (!ctx.volumes.has(name)) errs.push(fieldErrors.notFound(`${p}.name`, name));
    if (!mountPath) errs.push(fieldErrors.required(`${p}.mountPath`));
    if (mountPoints.has(mountPath)) errs.push(fieldErrors.invalid(`${p}.mountPath`, mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    if (devices.has(name)) errs.push(fieldErrors.invalid(`${p}.name`, name, 'must not already exist in volumeDevices'));
    if ([...devices.values()].includes(mountPath)) {
      errs.push(fieldErrors.invalid(`${p}.mountPath`, mountPath, 'must not already exist as a path in volumeDevices'));
    }
    const subPath = str(mnt.subPath, `${p}.subPath`, errs);
    const subPathExpr = str(mnt.subPathExpr, `${p}.subPathExpr`, errs);
    if (ctx.volumes.get(name)?.image) {
      if (subPath) errs.push(fieldErrors.invalid(`${p}.subPath`, subPath, 'not allowed in image volume sources'));
      if (subPathExpr) {
        errs.push(fieldErrors.invalid(`${p}.subPathExpr`, subPathExpr, 'not allowed in image volume sources'));
      }
    }
    // Upstream reports these two at the list's path, not the item's.
    if (subPath) validateLocalDescendingPath(subPath, `${path}.subPath`, errs);
    if (subPathExpr) {
      if (subPath) {
        errs.push(fieldErrors.invalid(`${p}.subPathExpr`, subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      }
      validateLocalDescendingPath(subPathExpr, `${path}.subPathExpr`, errs);
    }
    const propagation = optStr(mnt.mountPropagation, `${p}.mountPropagation`, errs);
    if (propagation !== undefined) {
      if (!PROPAGATIONS.includes(propagation)) {
        errs.push(fieldErrors.notSupported(`${path}.mountPropagation`, propagation, PROPAGATIONS));
      }
      if (propagation === 'Bidirectional' && obj(c.securityContext).privileged !== true) {
        errs.push(
          fieldErrors.forbidden(
            `${path}.mountPropagation`,
            'Bidirectional mount propagation is available only to privileged containers',
          ),
        );
      }
    }
    const rro = optStr(mnt.recursiveReadOnly, `${p}.recursiveReadOnly`, errs);
    if (rro === 'Enabled' || rro === 'IfPossible') {
      if (bool(mnt.readOnly) !== true) {
        errs.push(fieldErrors.forbidden(`${path}.recursiveReadOnly`, 'may only be specified when readOnly is true'));
      }
      if (propagation !== undefined && propagation !== 'None') {
        errs.push(
          fieldErrors.forbidden(
            `${path}.recursiveReadOnly`,
            'may only be specified when mountPropagation is None or not specified',
          ),
        );
      }
    } else if (rro !== undefined && rro !== 'Disabled') {
      errs.push(fieldErrors.notSupported(`${path}.recursiveReadOnly`, rro, RRO));
    }
  }
}

/** Upstream's `ValidateVolumeDevices`. */
function validateVolumeDevices(c: Obj, mounts: Map<string, string>, ctx: ContainerContext, path: string, errs: Errs) {
  const paths = new Set<string>();
  const names = new Set<string>();
  for (const [dev, i] of objList(c.volumeDevices, path, errs)) {
    const p = `${path}[${i}]`;
    const name = str(dev.name, `${p}.name`, errs);
    const devPath = str(dev.devicePath, `${p}.devicePath`, errs);
    const vol = ctx.volumes.get(name);
    if (!name) errs.push(fieldErrors.required(`${p}.name`));
    if (names.has(name)) errs.push(fieldErrors.invalid(`${p}.name`, name, 'must be unique'));
    if (vol && !vol.persistentVolumeClaim && !vol.ephemeral) {
      errs.push(
        fieldErrors.invalid(
          `${p}.name`,
          name,
          'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
        ),
      );
    }
    if (!vol) errs.push(fieldErrors.notFound(`${p}.name`, name));
    if (!devPath) errs.push(fieldErrors.required(`${p}.devicePath`));
    if (paths.has(devPath)) errs.push(fieldErrors.invalid(`${p}.devicePath`, devPath, 'must be unique'));
    if (devPath && devPath.split('/').includes('..')) {
      errs.push(fieldErrors.invalid(`${p}.devicePath`, devPath, "can not contain backsteps ('..')"));
    } else paths.add(devPath);
    if (mounts.has(name)) errs.push(fieldErrors.invalid(`${p}.name`, name, 'must not already exist in volumeMounts'));
    if ([...mounts.values()].includes(devPath)) {
      errs.push(fieldErrors.invalid(`${p}.devicePath`, devPath, 'must not already exist as a path in volumeMounts'));
    }
    if (name) names.add(name);
  }
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/** Upstream's `validatePullPolicy`. */
export function validatePullPolicy(policy: string, path: string, errs: Errs): void {
  if (policy === '') errs.push(fieldErrors.required(path));
  else if (!PULL_POLICIES.includes(policy)) errs.push(fieldErrors.notSupported(path, policy, PULL_POLICIES));
}

function validateResizePolicy(v: unknown, restartPolicy: string, path: string, errs: Errs): void {
  const seen = new Set<string>();
  for (const [pol, i] of objList(v, path, errs)) {
    const name = str(pol.resourceName, `${path}[${i}].resourceName`, errs);
    const policy = str(pol.restartPolicy, `${path}[${i}].restartPolicy`, errs);
    if (seen.has(name)) errs.push(fieldErrors.duplicate(`${path}[${i}]`, name));
    seen.add(name);
    if (name === '') errs.push(fieldErrors.required(path));
    else if (name !== 'cpu' && name !== 'memory') errs.push(fieldErrors.notSupported(path, name, ['cpu', 'memory']));
    if (policy === '') errs.push(fieldErrors.required(path));
    else if (policy !== 'NotRequired' && policy !== 'RestartContainer') {
      errs.push(fieldErrors.notSupported(path, policy, ['NotRequired', 'RestartContainer']));
    }
    if (restartPolicy === 'Never' && policy !== 'NotRequired') {
      errs.push(fieldErrors.invalid(path, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  }
}

/** Upstream's `validateContainerCommon`: what every kind of container must satisfy. */
export function validateContainerCommon(c: Obj, ctx: ContainerContext, path: string, errs: Errs): void {
  const name = str(c.name, `${path}.name`, errs);
  if (!name) errs.push(fieldErrors.required(`${path}.name`));
  else dns1123Label(name, `${path}.name`, errs);
  if (!str(c.image, `${path}.image`, errs)) errs.push(fieldErrors.required(`${path}.image`));
  const tmp = str(c.terminationMessagePolicy, `${path}.terminationMessagePolicy`, errs);
  if (tmp === '') errs.push(fieldErrors.required(`${path}.terminationMessagePolicy`));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(fieldErrors.notSupported(`${path}.terminationMessagePolicy`, tmp, ['File', 'FallbackToLogsOnError']));
  }
  const mounts = new Map<string, string>();
  for (const [m] of objList(c.volumeMounts)) mounts.set(str(m.name), str(m.mountPath));
  const devices = new Map<string, string>();
  for (const [d] of objList(c.volumeDevices)) devices.set(str(d.name), str(d.devicePath));
  validateContainerPorts(c.ports, `${path}.ports`, errs);
  validateEnv(c.env, `${path}.env`, errs);
  validateEnvFrom(c.envFrom, `${path}.envFrom`, errs);
  validateVolumeMounts(c, devices, ctx, `${path}.volumeMounts`, errs);
  validateVolumeDevices(c, mounts, ctx, `${path}.volumeDevices`, errs);
  validatePullPolicy(str(c.imagePullPolicy, `${path}.imagePullPolicy`, errs), `${path}.imagePullPolicy`, errs);
  validateContainerResources(c.resources, ctx.claimNames, `${path}.resources`, errs);
  validateResizePolicy(c.resizePolicy, ctx.restartPolicy, `${path}.resizePolicy`, errs);
  validateSecurityContext(c.securityContext, `${path}.securityContext`, ctx.hostUsers, errs);
}
