/**
 * Baseline checks about seccomp and sysctls (upstream check_seccompProfile_baseline.go,
 * check_sysctls.go), with their 1.32 revisions. Messages match upstream character for character.
 */
import { containersPhrase, goQuote, joinQuote, pluralize, sortedSet } from './format.js';
import { fail, type CheckDefinition, type CheckFailure, type Json } from './types.js';
import { allContainers, arr, containerName, containerSC, obj, podSC, str } from './visitor.js';

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const validSeccompAnnotation = (v: string): boolean =>
  v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');

/** Before 1.19: the seccomp alpha annotations may only name runtime/default, docker/default, localhost/*. */
export function seccompProfileBaseline_1_0(meta: Json, spec: Json): CheckFailure | null {
  const annotations = obj(meta, 'annotations') ?? {};
  const forbidden: string[] = [];
  const inspect = (key: string): void => {
    if (!Object.hasOwn(annotations, key)) return;
    const v = String(annotations[key] ?? '');
    if (!validSeccompAnnotation(v)) forbidden.push(`${key}=${goQuote(v)}`);
  };
  inspect(SECCOMP_POD_ANNOTATION);
  for (const c of allContainers(spec)) inspect(SECCOMP_CONTAINER_PREFIX + containerName(c));
  const list = sortedSet(forbidden);
  if (!list.length) return null;
  return fail('seccompProfile', `forbidden ${pluralize('annotation', 'annotations', list.length)} ${list.join(', ')}`);
}

/** Whether a seccompProfile.type is RuntimeDefault or Localhost. */
export const validSeccomp = (t: string): boolean => t === 'Localhost' || t === 'RuntimeDefault';

/** From 1.19: an explicit seccompProfile.type (pod or container) must be RuntimeDefault/Localhost. */
export function seccompProfileBaseline_1_19(_meta: Json, spec: Json): CheckFailure | null {
  const setters: string[] = [];
  const values: string[] = [];
  const podProfile = obj(podSC(spec), 'seccompProfile');
  if (podProfile && !validSeccomp(str(podProfile, 'type'))) {
    setters.push('pod');
    values.push(str(podProfile, 'type'));
  }
  const bad: string[] = [];
  for (const c of allContainers(spec)) {
    const p = obj(containerSC(c), 'seccompProfile');
    if (p && !validSeccomp(str(p, 'type'))) {
      bad.push(containerName(c));
      values.push(str(p, 'type'));
    }
  }
  if (bad.length) setters.push(containersPhrase(bad));
  if (!setters.length) return null;
  return fail(
    'seccompProfile',
    `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`,
  );
}

const SYSCTLS_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [
  ...SYSCTLS_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];

function sysctlsCheck(allowed: readonly string[]) {
  const set = new Set(allowed);
  return (_meta: Json, spec: Json): CheckFailure | null => {
    const names = arr(podSC(spec), 'sysctls').map((s) => str(s as Json, 'name'));
    const forbidden = names.filter((n) => !set.has(n));
    return forbidden.length ? fail('forbidden sysctls', forbidden.join(', ')) : null;
  };
}
export const sysctls_1_0 = sysctlsCheck(SYSCTLS_1_0);
export const sysctls_1_27 = sysctlsCheck(SYSCTLS_1_27);
export const sysctls_1_29 = sysctlsCheck(SYSCTLS_1_29);
export const sysctls_1_32 = sysctlsCheck(SYSCTLS_1_32);

export const KERNEL_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    versions: [
      { minVersion: 0, check: seccompProfileBaseline_1_0 },
      { minVersion: 19, check: seccompProfileBaseline_1_19 },
    ],
  },
  {
    id: 'sysctls',
    level: 'baseline',
    versions: [
      { minVersion: 0, check: sysctls_1_0 },
      { minVersion: 27, check: sysctls_1_27 },
      { minVersion: 29, check: sysctls_1_29 },
      { minVersion: 32, check: sysctls_1_32 },
    ],
  },
];
