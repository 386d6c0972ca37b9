/**
 * Restricted checks on users and volume types (upstream check_runAsNonRoot.go,
 * check_runAsUser.go, check_restrictedVolumes.go). restrictedVolumes supersedes the baseline
 * hostPathVolumes check at the restricted level. Messages match upstream 1.32.
 */
import { containersPhrase, joinQuote, pluralize, sortedSet } from './format.js';
import { fail, type CheckDefinition, type CheckFailure, type Json } from './types.js';
import { allContainers, arr, containerName, containerSC, podSC } from './visitor.js';

/** The pod, or every container not covered by it, must set runAsNonRoot=true; none may set false. */
export function runAsNonRoot_1_0(_meta: Json, spec: Json): CheckFailure | null {
  const setters: string[] = [];
  let podNonRoot = false;
  const podValue = podSC(spec)?.runAsNonRoot;
  if (podValue !== undefined && podValue !== null) {
    if (!podValue) setters.push('pod');
    else podNonRoot = true;
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of allContainers(spec)) {
    const v = containerSC(c)?.runAsNonRoot;
    if (v !== undefined && v !== null) {
      if (!v) explicit.push(containerName(c));
    } else if (!podNonRoot) implicit.push(containerName(c));
  }
  if (explicit.length) setters.push(containersPhrase(explicit));
  if (setters.length) {
    return fail('runAsNonRoot != true', `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`);
  }
  if (implicit.length) {
    return fail(
      'runAsNonRoot != true',
      `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`,
    );
  }
  return null;
}

/** Neither the pod nor any container may set runAsUser=0. */
export function runAsUser_1_23(_meta: Json, spec: Json): CheckFailure | null {
  const setters: string[] = [];
  if (podSC(spec)?.runAsUser === 0) setters.push('pod');
  const bad = allContainers(spec)
    .filter((c) => containerSC(c)?.runAsUser === 0)
    .map(containerName);
  if (bad.length) setters.push(containersPhrase(bad));
  return setters.length ? fail('runAsUser=0', `${setters.join(' and ')} must not set runAsUser=0`) : null;
}

// prettier-ignore
const ALLOWED_VOLUME_SOURCES = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
];

/** The restricted volume sources, in the order upstream tests them. */
// prettier-ignore
const RESTRICTED_VOLUME_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd',
  'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk',
  'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];

const isSet = (v: Json, key: string): boolean => v[key] !== undefined && v[key] !== null;

/** Volumes may only use configMap, csi, downwardAPI, emptyDir, ephemeral, PVC, projected, secret. */
export function restrictedVolumes_1_0(_meta: Json, spec: Json): CheckFailure | null {
  const bad: string[] = [];
  const types: string[] = [];
  for (const raw of arr(spec, 'volumes')) {
    const v = (raw && typeof raw === 'object' ? raw : {}) as Json;
    if (ALLOWED_VOLUME_SOURCES.some((k) => isSet(v, k))) continue;
    bad.push(containerName(v));
    types.push(RESTRICTED_VOLUME_SOURCES.find((k) => isSet(v, k)) ?? 'unknown');
  }
  if (!bad.length) return null;
  const list = sortedSet(types);
  return fail(
    'restricted volume types',
    `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ` +
      `${pluralize('restricted volume type', 'restricted volume types', list.length)} ${joinQuote(list)}`,
  );
}

export const POD_RESTRICTED_CHECKS: readonly CheckDefinition[] = [
  { id: 'runAsNonRoot', level: 'restricted', versions: [{ minVersion: 0, check: runAsNonRoot_1_0 }] },
  { id: 'runAsUser', level: 'restricted', versions: [{ minVersion: 23, check: runAsUser_1_23 }] },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    versions: [{ minVersion: 0, check: restrictedVolumes_1_0, overrides: ['hostPathVolumes'] }],
  },
];
