/**
 * Baseline checks about host access and privilege (upstream check_hostNamespaces.go,
 * check_hostPathVolumes.go, check_hostPorts.go, check_privileged.go, check_windowsHostProcess.go,
 * check_procMount.go). Messages match upstream 1.32 character for character.
 */
import { containersPhrase, joinQuote, pluralize, sortedSet } from './format.js';
import { fail, type CheckDefinition, type CheckFailure, type Json } from './types.js';
import { allContainers, arr, containerName, containerSC, obj, podSC } from './visitor.js';

/** spec.hostNetwork / hostPID / hostIPC must not be true. */
export function hostNamespaces_1_0(_meta: Json, spec: Json): CheckFailure | null {
  const set: string[] = [];
  if (spec?.hostNetwork === true) set.push('hostNetwork=true');
  if (spec?.hostPID === true) set.push('hostPID=true');
  if (spec?.hostIPC === true) set.push('hostIPC=true');
  return set.length ? fail('host namespaces', set.join(', ')) : null;
}

/** spec.volumes[*].hostPath must be unset. */
export function hostPathVolumes_1_0(_meta: Json, spec: Json): CheckFailure | null {
  const names = arr(spec, 'volumes')
    .filter((v): v is Json => !!v && typeof v === 'object' && obj(v as Json, 'hostPath') !== undefined)
    .map((v) => containerName(v));
  if (!names.length) return null;
  return fail('hostPath volumes', `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`);
}

/** containers[*].ports[*].hostPort must be unset or 0. */
export function hostPorts_1_0(_meta: Json, spec: Json): CheckFailure | null {
  const bad: string[] = [];
  const ports: string[] = [];
  for (const c of allContainers(spec)) {
    let valid = true;
    for (const p of arr(c, 'ports')) {
      const hostPort = Number((p as Json | null)?.hostPort ?? 0);
      if (hostPort !== 0) {
        valid = false;
        ports.push(String(Math.trunc(hostPort)));
      }
    }
    if (!valid) bad.push(containerName(c));
  }
  if (!bad.length) return null;
  const list = sortedSet(ports);
  return fail(
    'hostPort',
    `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', list.length)} ${list.join(', ')}`,
  );
}

/** containers[*].securityContext.privileged must not be true. */
export function privileged_1_0(_meta: Json, spec: Json): CheckFailure | null {
  const bad = allContainers(spec)
    .filter((c) => containerSC(c)?.privileged === true)
    .map(containerName);
  return bad.length
    ? fail('privileged', `${containersPhrase(bad)} must not set securityContext.privileged=true`)
    : null;
}

/** securityContext.windowsOptions.hostProcess must not be true (pod or containers). */
export function windowsHostProcess_1_0(_meta: Json, spec: Json): CheckFailure | null {
  const hostProcess = (sc: Json | undefined): boolean => obj(sc, 'windowsOptions')?.hostProcess === true;
  const bad = allContainers(spec)
    .filter((c) => hostProcess(containerSC(c)))
    .map(containerName);
  const setters: string[] = [];
  if (hostProcess(podSC(spec))) setters.push('pod');
  if (bad.length) setters.push(containersPhrase(bad));
  if (!setters.length) return null;
  return fail('hostProcess', `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`);
}

/** containers[*].securityContext.procMount must be unset or `Default`. */
export function procMount_1_0(_meta: Json, spec: Json): CheckFailure | null {
  const bad: string[] = [];
  const types: string[] = [];
  for (const c of allContainers(spec)) {
    const pm = containerSC(c)?.procMount;
    if (pm === undefined || pm === null) continue;
    if (pm !== 'Default') {
      bad.push(containerName(c));
      types.push(String(pm));
    }
  }
  if (!bad.length) return null;
  return fail(
    'procMount',
    `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`,
  );
}

export const HOST_CHECKS: readonly CheckDefinition[] = [
  { id: 'hostNamespaces', level: 'baseline', versions: [{ minVersion: 0, check: hostNamespaces_1_0 }] },
  { id: 'hostPathVolumes', level: 'baseline', versions: [{ minVersion: 0, check: hostPathVolumes_1_0 }] },
  { id: 'hostPorts', level: 'baseline', versions: [{ minVersion: 0, check: hostPorts_1_0 }] },
  { id: 'privileged', level: 'baseline', versions: [{ minVersion: 0, check: privileged_1_0 }] },
  { id: 'windowsHostProcess', level: 'baseline', versions: [{ minVersion: 0, check: windowsHostProcess_1_0 }] },
  { id: 'procMount', level: 'baseline', versions: [{ minVersion: 0, check: procMount_1_0 }] },
];
