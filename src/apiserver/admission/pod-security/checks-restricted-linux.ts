/**
 * Restricted checks that became Linux-only in 1.25 (upstream check_allowPrivilegeEscalation.go,
 * check_capabilities_restricted.go, check_seccompProfile_restricted.go): from policy version
 * 1.25 on, a pod with `spec.os.name: windows` passes them. Each restricted revision supersedes
 * its baseline counterpart at the restricted level, as upstream's OverrideCheckIDs do.
 */
import { validSeccomp } from './checks-baseline-kernel.js';
import { containersPhrase, joinQuote, sortedSet } from './format.js';
import { fail, type CheckDefinition, type CheckFailure, type CheckFn, type Json } from './types.js';
import { allContainers, arr, containerName, containerSC, isWindowsPod, obj, podSC, str } from './visitor.js';

/** Wraps a check so that explicitly-Windows pods pass it (the 1.25 revisions). */
function exemptWindows(check: CheckFn): CheckFn {
  return (meta, spec) => (isWindowsPod(spec) ? null : check(meta, spec));
}

/** Every container must set securityContext.allowPrivilegeEscalation=false. */
export function allowPrivilegeEscalation_1_8(_meta: Json, spec: Json): CheckFailure | null {
  const bad = allContainers(spec)
    .filter((c) => containerSC(c)?.allowPrivilegeEscalation !== false)
    .map(containerName);
  if (!bad.length) return null;
  return fail(
    'allowPrivilegeEscalation != false',
    `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
  );
}

/** Every container must drop ALL capabilities and may add only NET_BIND_SERVICE. */
export function capabilitiesRestricted_1_22(_meta: Json, spec: Json): CheckFailure | null {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbidden: string[] = [];
  for (const c of allContainers(spec)) {
    const capabilities = obj(containerSC(c), 'capabilities');
    if (!capabilities) {
      missingDropAll.push(containerName(c));
      continue;
    }
    if (!arr(capabilities, 'drop').some((cap) => cap === 'ALL')) missingDropAll.push(containerName(c));
    const extra = arr(capabilities, 'add')
      .map(String)
      .filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (extra.length) {
      addingForbidden.push(containerName(c));
      forbidden.push(...extra);
    }
  }
  const details: string[] = [];
  if (missingDropAll.length) {
    details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length) {
    details.push(
      `${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`,
    );
  }
  return details.length ? fail('unrestricted capabilities', details.join('; ')) : null;
}

/** The pod or every container must set seccompProfile.type to RuntimeDefault or Localhost. */
export function seccompProfileRestricted_1_19(_meta: Json, spec: Json): CheckFailure | null {
  const setters: string[] = [];
  const values: string[] = [];
  let podSet = false;
  const podProfile = obj(podSC(spec), 'seccompProfile');
  if (podProfile) {
    if (validSeccomp(str(podProfile, 'type'))) podSet = true;
    else {
      setters.push('pod');
      values.push(str(podProfile, 'type'));
    }
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of allContainers(spec)) {
    const p = obj(containerSC(c), 'seccompProfile');
    if (p) {
      if (!validSeccomp(str(p, 'type'))) {
        explicit.push(containerName(c));
        values.push(str(p, 'type'));
      }
    } else if (!podSet) implicit.push(containerName(c));
  }
  if (explicit.length) setters.push(containersPhrase(explicit));
  if (setters.length) {
    return fail(
      'seccompProfile',
      `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`,
    );
  }
  if (implicit.length) {
    return fail(
      'seccompProfile',
      `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    );
  }
  return null;
}

export const allowPrivilegeEscalation_1_25 = exemptWindows(allowPrivilegeEscalation_1_8);
export const capabilitiesRestricted_1_25 = exemptWindows(capabilitiesRestricted_1_22);
export const seccompProfileRestricted_1_25 = exemptWindows(seccompProfileRestricted_1_19);

const CAPS = ['capabilities_baseline'];
const SECCOMP = ['seccompProfile_baseline'];

export const LINUX_RESTRICTED_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    versions: [
      { minVersion: 8, check: allowPrivilegeEscalation_1_8 },
      { minVersion: 25, check: allowPrivilegeEscalation_1_25 },
    ],
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    versions: [
      { minVersion: 22, check: capabilitiesRestricted_1_22, overrides: CAPS },
      { minVersion: 25, check: capabilitiesRestricted_1_25, overrides: CAPS },
    ],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [
      { minVersion: 19, check: seccompProfileRestricted_1_19, overrides: SECCOMP },
      { minVersion: 25, check: seccompProfileRestricted_1_25, overrides: SECCOMP },
    ],
  },
];
