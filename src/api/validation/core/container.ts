/**
 * One container, as upstream's `validateContainerCommon` checks it for regular, init and ephemeral
 * containers alike: name, image, termination message policy, ports, env and envFrom, volume mounts
 * and devices, pull policy, resources, resize policy and security context.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { isValidPortName, isValidPortNum } from '../../../machinery/validation/names.js';
import { type Errs, type Obj, bool, int, obj, objList, optStr, str } from '../util.js';
import { validateEnv, validateEnvFrom } from './env.js';
import { validateLocalDescendingPath } from './paths.js';
import { validateContainerResources } from './resources.js';
import { dns1123Label } from './rules.js';
import { validateSecurityContext } from './security.js';

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
        errs.push(
          fieldErrors.invalid(`${p}.subPathExpr`, subPathExpr, 'subPathExpr and subPath are mutually exclusive'),
        );
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
