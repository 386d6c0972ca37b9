/**
 * Security contexts, pod and container, as upstream's `ValidateSecurityContext` and
 * `validatePodSpecSecurityContext` check them: user and group ids, proc mount, seccomp and AppArmor
 * profiles, sysctls, fsGroup change policy. Privileged containers are allowed (as kubeadm's
 * `--allow-privileged=true`).
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { inclusiveRangeError } from '../../../machinery/validation/messages.js';
import { isDNS1123Subdomain } from '../../../machinery/validation/names.js';
import { validateLocalDescendingPath } from './paths.js';
import { type Errs, type Obj, arr, bool, int, objList, optObj, optStr, str, strList } from '../util.js';

const MAX_ID = 2147483647;

function validId(v: unknown, path: string, errs: Errs): void {
  const id = int(v, path, errs);
  if (id !== undefined && (id < 0 || id > MAX_ID))
    errs.push(fieldErrors.invalid(path, id, inclusiveRangeError(0, MAX_ID)));
}

const SECCOMP_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];

function validateSeccompProfile(v: unknown, path: string, errs: Errs): void {
  const sp = optObj(v, path, errs);
  if (!sp) return;
  const type = str(sp.type, `${path}.type`, errs);
  if (type === '') errs.push(fieldErrors.required(`${path}.type`, 'type is required when seccompProfile is set'));
  else if (!SECCOMP_TYPES.includes(type)) errs.push(fieldErrors.notSupported(`${path}.type`, type, SECCOMP_TYPES));
  const local = optStr(sp.localhostProfile, `${path}.localhostProfile`, errs);
  if (type === 'Localhost') {
    if (local === undefined) {
      errs.push(fieldErrors.required(`${path}.localhostProfile`, 'must be set when seccomp type is Localhost'));
    } else validateLocalDescendingPath(local, `${path}.localhostProfile`, errs);
  } else if (local !== undefined) {
    errs.push(fieldErrors.invalid(`${path}.localhostProfile`, sp, 'can only be set when seccomp type is Localhost'));
  }
}

function validateAppArmorProfile(v: unknown, path: string, errs: Errs): void {
  const p = optObj(v, path, errs);
  if (!p) return;
  const type = str(p.type, `${path}.type`, errs);
  const local = optStr(p.localhostProfile, `${path}.localhostProfile`, errs);
  switch (type) {
    case 'Localhost':
      if (local === undefined) {
        errs.push(fieldErrors.required(`${path}.localhostProfile`, 'must be set when AppArmor type is Localhost'));
      } else if (local.trim() !== local) {
        errs.push(fieldErrors.invalid(`${path}.localhostProfile`, local, 'must not be padded with whitespace'));
      } else if (local === '') {
        errs.push(fieldErrors.required(`${path}.localhostProfile`, 'must be set when AppArmor type is Localhost'));
      }
      if (local !== undefined && Buffer.byteLength(local) > 4095) {
        errs.push(fieldErrors.tooLong(`${path}.localhostProfile`, '', 4095));
      }
      break;
    case 'RuntimeDefault':
    case 'Unconfined':
      if (local !== undefined) {
        errs.push(
          fieldErrors.invalid(`${path}.localhostProfile`, local, 'can only be set when AppArmor type is Localhost'),
        );
      }
      break;
    case '':
      errs.push(fieldErrors.required(`${path}.type`, 'type is required when appArmorProfile is set'));
      break;
    default:
      errs.push(fieldErrors.notSupported(`${path}.type`, type, SECCOMP_TYPES));
  }
}

function validateWindowsOptions(v: unknown, path: string, errs: Errs): void {
  const w = optObj(v, path, errs);
  if (!w) return;
  const gmsaName = optStr(w.gmsaCredentialSpecName, `${path}.gmsaCredentialSpecName`, errs);
  if (gmsaName !== undefined) {
    for (const m of isDNS1123Subdomain(gmsaName))
      errs.push(fieldErrors.invalid(`${path}.gmsaCredentialSpecName`, gmsaName, m));
  }
  const gmsa = optStr(w.gmsaCredentialSpec, `${path}.gmsaCredentialSpec`, errs);
  if (gmsa === '') {
    errs.push(fieldErrors.invalid(`${path}.gmsaCredentialSpec`, gmsa, 'gmsaCredentialSpec cannot be an empty string'));
  } else if (gmsa !== undefined && Buffer.byteLength(gmsa) > 64 * 1024) {
    errs.push(fieldErrors.invalid(`${path}.gmsaCredentialSpec`, gmsa, 'gmsaCredentialSpec size must be under 64 KiB'));
  }
  const user = optStr(w.runAsUserName, `${path}.runAsUserName`, errs);
  if (user === '')
    errs.push(fieldErrors.invalid(`${path}.runAsUserName`, user, 'runAsUserName cannot be an empty string'));
  bool(w.hostProcess, `${path}.hostProcess`, errs);
}

/** Upstream's `ValidateSecurityContext` for one container. */
export function validateSecurityContext(v: unknown, path: string, hostUsers: boolean, errs: Errs): void {
  const sc = optObj(v, path, errs);
  if (!sc) return;
  const privileged = bool(sc.privileged, `${path}.privileged`, errs);
  validId(sc.runAsUser, `${path}.runAsUser`, errs);
  validId(sc.runAsGroup, `${path}.runAsGroup`, errs);
  const procMount = optStr(sc.procMount, `${path}.procMount`, errs);
  if (procMount !== undefined) {
    if (procMount !== 'Default' && procMount !== 'Unmasked') {
      errs.push(fieldErrors.notSupported(`${path}.procMount`, procMount, ['Default', 'Unmasked']));
    }
    if (hostUsers && procMount === 'Unmasked') {
      errs.push(fieldErrors.invalid(`${path}.procMount`, procMount, '`hostUsers` must be false to use `Unmasked`'));
    }
  }
  validateSeccompProfile(sc.seccompProfile, `${path}.seccompProfile`, errs);
  if (bool(sc.allowPrivilegeEscalation, `${path}.allowPrivilegeEscalation`, errs) === false) {
    if (privileged === true) {
      errs.push(
        fieldErrors.invalid(path, sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'),
      );
    }
    const caps = optObj(sc.capabilities);
    if (caps && strList(caps.add).includes('CAP_SYS_ADMIN')) {
      errs.push(
        fieldErrors.invalid(
          path,
          sc,
          'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
        ),
      );
    }
  }
  validateWindowsOptions(sc.windowsOptions, `${path}.windowsOptions`, errs);
  validateAppArmorProfile(sc.appArmorProfile, `${path}.appArmorProfile`, errs);
}

const SYSCTL_FMT = '([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SYSCTL_RE = new RegExp(`^${SYSCTL_FMT}$`);

/** The namespace a sysctl belongs to (upstream's `GetNamespace`), as far as host sharing matters. */
function sysctlNamespace(name: string): 'net' | 'ipc' | '' {
  const n = name.replace(/\//g, '.');
  if (n.startsWith('net.')) return 'net';
  if (/^kernel\.(shm|msg|sem)/.test(n) || n.startsWith('fs.mqueue.')) return 'ipc';
  return '';
}

/** Upstream's `validatePodSpecSecurityContext`. The host namespaces come from the pod spec (v1 keeps them there). */
export function validatePodSecurityContext(v: unknown, spec: Obj, path: string, errs: Errs): void {
  const sc = optObj(v, path, errs);
  if (!sc) return;
  validId(sc.fsGroup, `${path}.fsGroup`, errs);
  validId(sc.runAsUser, `${path}.runAsUser`, errs);
  validId(sc.runAsGroup, `${path}.runAsGroup`, errs);
  arr(sc.supplementalGroups, `${path}.supplementalGroups`, errs).forEach((g, i) =>
    validId(g, `${path}.supplementalGroups[${i}]`, errs),
  );
  const share = bool(spec.shareProcessNamespace);
  if (share === true && spec.hostPID === true) {
    errs.push(
      fieldErrors.invalid(
        `${path}.shareProcessNamespace`,
        share,
        'ShareProcessNamespace and HostPID cannot both be enabled',
      ),
    );
  }
  const names = new Set<string>();
  for (const [s, i] of objList(sc.sysctls, `${path}.sysctls`, errs)) {
    const p = `${path}.sysctls[${i}].name`;
    const name = str(s.name, p, errs);
    if (!name) errs.push(fieldErrors.required(p));
    else if (Buffer.byteLength(name) > 253 || !SYSCTL_RE.test(name)) {
      errs.push(fieldErrors.invalid(p, name, `must have at most 253 characters and match regex ^${SYSCTL_FMT}$`));
    } else if (names.has(name)) errs.push(fieldErrors.duplicate(p, name));
    const ns = sysctlNamespace(name);
    if (spec.hostNetwork === true && ns === 'net') {
      errs.push(fieldErrors.invalid(p, name, "may not be specified when 'hostNetwork' is true"));
    } else if (spec.hostIPC === true && ns === 'ipc') {
      errs.push(fieldErrors.invalid(p, name, "may not be specified when 'hostIPC' is true"));
    }
    names.add(name);
  }
  const fsgcp = optStr(sc.fsGroupChangePolicy, `${path}.fsGroupChangePolicy`, errs);
  if (fsgcp !== undefined && fsgcp !== 'Always' && fsgcp !== 'OnRootMismatch') {
    errs.push(fieldErrors.notSupported(`${path}.fsGroupChangePolicy`, fsgcp, ['Always', 'OnRootMismatch']));
  }
  validateSeccompProfile(sc.seccompProfile, `${path}.seccompProfile`, errs);
  validateWindowsOptions(sc.windowsOptions, `${path}.windowsOptions`, errs);
  validateAppArmorProfile(sc.appArmorProfile, `${path}.appArmorProfile`, errs);
  const sgp = optStr(sc.supplementalGroupsPolicy, `${path}.supplementalGroupsPolicy`, errs);
  if (sgp !== undefined && sgp !== 'Merge' && sgp !== 'Strict') {
    errs.push(fieldErrors.notSupported(`${path}.supplementalGroupsPolicy`, sgp, ['Merge', 'Strict']));
  }
}
