import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allowPrivilegeEscalation_1_25,
  allowPrivilegeEscalation_1_8,
  capabilitiesRestricted_1_22,
  capabilitiesRestricted_1_25,
  seccompProfileRestricted_1_19,
  seccompProfileRestricted_1_25,
} from './checks-restricted-linux.js';
import { restrictedVolumes_1_0, runAsNonRoot_1_0, runAsUser_1_23 } from './checks-restricted-pod.js';
import type { CheckFn, Json } from './types.js';

const sc = (name: string, securityContext?: Json): Json => ({ name, securityContext });

// prettier-ignore
const cases: [string, CheckFn, Json, string, string][] = [
  ['allowPrivilegeEscalation one', allowPrivilegeEscalation_1_8, { containers: [sc('nginx')] },
    'allowPrivilegeEscalation != false', 'container "nginx" must set securityContext.allowPrivilegeEscalation=false'],
  ['allowPrivilegeEscalation many', allowPrivilegeEscalation_1_8, {
      containers: [sc('a'), sc('b', {}), sc('c', { allowPrivilegeEscalation: true }), sc('d', { allowPrivilegeEscalation: false })] },
    'allowPrivilegeEscalation != false', 'containers "a", "b", "c" must set securityContext.allowPrivilegeEscalation=false'],
  ['capabilities restricted', capabilitiesRestricted_1_22, { containers: [
      sc('a', { capabilities: { add: ['FOO', 'BAR'] } }), sc('b', { capabilities: { add: ['BAR', 'BAZ'] } }),
      sc('c', { capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'], drop: ['ALL', 'FOO'] } })] },
    'unrestricted capabilities',
    'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; containers "a", "b", "c" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add'],
  ['seccomp unset', seccompProfileRestricted_1_19, { containers: [sc('a'), sc('b', { seccompProfile: { type: 'Localhost' } }), sc('c', {})] },
    'seccompProfile', 'pod or containers "a", "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"'],
  ['seccomp explicit bad wins', seccompProfileRestricted_1_19, { securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [sc('a'), sc('c', { seccompProfile: { type: 'Unconfined' } })] },
    'seccompProfile', 'pod and container "c" must not set securityContext.seccompProfile.type to "Unconfined"'],
  ['runAsNonRoot unset', runAsNonRoot_1_0, { containers: [sc('a')] },
    'runAsNonRoot != true', 'pod or container "a" must set securityContext.runAsNonRoot=true'],
  ['runAsNonRoot pod false', runAsNonRoot_1_0, { securityContext: { runAsNonRoot: false }, containers: [sc('a')] },
    'runAsNonRoot != true', 'pod must not set securityContext.runAsNonRoot=false'],
  ['runAsNonRoot containers false', runAsNonRoot_1_0, { securityContext: { runAsNonRoot: true }, containers: [
      sc('a'), sc('b', {}), sc('c', { runAsNonRoot: false }), sc('d', { runAsNonRoot: false }), sc('e', { runAsNonRoot: true })] },
    'runAsNonRoot != true', 'containers "c", "d" must not set securityContext.runAsNonRoot=false'],
  ['runAsNonRoot fallthrough', runAsNonRoot_1_0, { containers: [sc('a'), sc('b', {}), sc('d', { runAsNonRoot: true })] },
    'runAsNonRoot != true', 'pod or containers "a", "b" must set securityContext.runAsNonRoot=true'],
  ['runAsUser', runAsUser_1_23, { securityContext: { runAsUser: 0 }, containers: [sc('a', { runAsUser: 0 }), sc('b', { runAsUser: 1000 }), sc('c', { runAsUser: 0 })] },
    'runAsUser=0', 'pod and containers "a", "c" must not set runAsUser=0'],
  ['restricted volumes', restrictedVolumes_1_0, { volumes: [
      { name: 'a1', emptyDir: {} }, { name: 'a2', secret: {} }, { name: 'a3', persistentVolumeClaim: {} }, { name: 'a4', downwardAPI: {} },
      { name: 'a5', configMap: {} }, { name: 'a6', projected: {} }, { name: 'a7', csi: {} }, { name: 'a8', ephemeral: {} },
      ...['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder',
        'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume',
        'scaleIO', 'storageos'].map((k, i) => ({ name: `b${i + 1}`, [k]: {} })),
      { name: 'c1' }] },
    'restricted volume types',
    'volumes "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18", "b19", "b20", "b21", "c1"' +
      ' use restricted volume types "awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "fc", "flexVolume", "flocker", "gcePersistentDisk", "gitRepo", "glusterfs", ' +
      '"hostPath", "iscsi", "nfs", "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos", "unknown", "vsphereVolume"'],
  ['one restricted volume (image is unknown in 1.32)', restrictedVolumes_1_0, { volumes: [{ name: 'img', image: { reference: 'x' } }] },
    'restricted volume types', 'volume "img" uses restricted volume type "unknown"'],
];

for (const [name, check, spec, reason, detail] of cases) {
  test(`restricted check: ${name}`, () => {
    assert.deepEqual(check({}, spec), { forbiddenReason: reason, forbiddenDetail: detail });
  });
}

test('restricted checks allow a compliant pod', () => {
  const spec: Json = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, runAsUser: 1000 },
    containers: [
      sc('a', { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }),
    ],
    volumes: [{ name: 'v', configMap: { name: 'c' } }],
  };
  const checks = [allowPrivilegeEscalation_1_8, capabilitiesRestricted_1_22, seccompProfileRestricted_1_19];
  for (const c of [...checks, runAsNonRoot_1_0, runAsUser_1_23, restrictedVolumes_1_0]) assert.equal(c({}, spec), null);
});

test('1.25 revisions exempt explicitly-Windows pods from the Linux-only checks', () => {
  const windows: Json = { os: { name: 'windows' }, containers: [sc('a')] };
  for (const c of [allowPrivilegeEscalation_1_25, capabilitiesRestricted_1_25, seccompProfileRestricted_1_25]) {
    assert.equal(c({}, windows), null);
    assert.notEqual(c({}, { ...windows, os: { name: 'linux' } }), null);
  }
  assert.notEqual(allowPrivilegeEscalation_1_8({}, windows), null);
});
