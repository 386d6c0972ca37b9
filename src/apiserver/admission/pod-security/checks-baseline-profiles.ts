/**
 * Baseline checks about AppArmor, capabilities and SELinux (upstream check_appArmorProfile.go,
 * check_capabilities_baseline.go, check_seLinuxOptions.go), with their 1.32 revisions. Messages
 * match upstream character for character.
 */
import { compareStrings, containersPhrase, goQuote, joinQuote, pluralize, sortedSet } from './format.js';
import { fail, type CheckDefinition, type CheckFailure, type Json } from './types.js';
import { allContainers, arr, containerName, containerSC, obj, podSC, str } from './visitor.js';

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

const allowedAppArmorAnnotation = (v: string): boolean =>
  v === '' || v === 'runtime/default' || v.startsWith('localhost/');
const allowedAppArmorType = (t: string): boolean => t === 'RuntimeDefault' || t === 'Localhost';

/** appArmorProfile.type must be RuntimeDefault/Localhost; beta annotations runtime/default, localhost/*. */
export function appArmorProfile_1_0(meta: Json, spec: Json): CheckFailure | null {
  const setters: string[] = [];
  const values: string[] = [];
  const profile = obj(podSC(spec), 'appArmorProfile');
  if (profile && !allowedAppArmorType(str(profile, 'type'))) {
    setters.push('pod');
    values.push(str(profile, 'type'));
  }
  const bad: string[] = [];
  for (const c of allContainers(spec)) {
    const p = obj(containerSC(c), 'appArmorProfile');
    if (p && !allowedAppArmorType(str(p, 'type'))) {
      bad.push(containerName(c));
      values.push(str(p, 'type'));
    }
  }
  if (bad.length) setters.push(containersPhrase(bad));
  const annotations = Object.entries(obj(meta, 'annotations') ?? {})
    .filter(([k, v]) => k.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAppArmorAnnotation(String(v ?? '')))
    .map(([k, v]) => `${k}=${goQuote(String(v ?? ''))}`)
    .sort(compareStrings);
  const list = [...sortedSet(values), ...annotations];
  if (annotations.length) setters.push(pluralize('annotation', 'annotations', annotations.length));
  if (!setters.length) return null;
  return fail(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', list.length),
    `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(list)}`,
  );
}

// prettier-ignore
const DEFAULT_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** capabilities.add may only hold capabilities of the container runtime's default set. */
export function capabilitiesBaseline_1_0(_meta: Json, spec: Json): CheckFailure | null {
  const bad: string[] = [];
  const caps: string[] = [];
  for (const c of allContainers(spec)) {
    const capabilities = obj(containerSC(c), 'capabilities');
    if (!capabilities) continue;
    const extra = arr(capabilities, 'add')
      .map(String)
      .filter((cap) => !DEFAULT_CAPABILITIES.has(cap));
    if (extra.length) {
      bad.push(containerName(c));
      caps.push(...extra);
    }
  }
  if (!bad.length) return null;
  return fail(
    'non-default capabilities',
    `${containersPhrase(bad)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`,
  );
}

const SELINUX_TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, 'container_engine_t'];

function seLinuxOptionsCheck(allowedTypes: readonly string[]) {
  return (_meta: Json, spec: Json): CheckFailure | null => {
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const valid = (opts: Json): boolean => {
      let ok = true;
      if (!allowedTypes.includes(str(opts, 'type'))) {
        ok = false;
        badTypes.push(str(opts, 'type'));
      }
      if (str(opts, 'user').length > 0) {
        ok = false;
        setUser = true;
      }
      if (str(opts, 'role').length > 0) {
        ok = false;
        setRole = true;
      }
      return ok;
    };
    const setters: string[] = [];
    const podOpts = obj(podSC(spec), 'seLinuxOptions');
    if (podOpts && !valid(podOpts)) setters.push('pod');
    const bad = allContainers(spec)
      .filter((c) => {
        const o = obj(containerSC(c), 'seLinuxOptions');
        return o !== undefined && !valid(o);
      })
      .map(containerName);
    if (bad.length) setters.push(containersPhrase(bad));
    if (!setters.length) return null;
    const data: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length) data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
    return fail(
      'seLinuxOptions',
      `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
    );
  };
}
export const seLinuxOptions_1_0 = seLinuxOptionsCheck(SELINUX_TYPES_1_0);
export const seLinuxOptions_1_31 = seLinuxOptionsCheck(SELINUX_TYPES_1_31);

export const PROFILE_CHECKS: readonly CheckDefinition[] = [
  { id: 'appArmorProfile', level: 'baseline', versions: [{ minVersion: 0, check: appArmorProfile_1_0 }] },
  { id: 'capabilities_baseline', level: 'baseline', versions: [{ minVersion: 0, check: capabilitiesBaseline_1_0 }] },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    versions: [
      { minVersion: 0, check: seLinuxOptions_1_0 },
      { minVersion: 31, check: seLinuxOptions_1_31 },
    ],
  },
];
