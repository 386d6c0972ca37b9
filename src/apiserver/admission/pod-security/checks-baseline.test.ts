import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hostNamespaces_1_0,
  hostPathVolumes_1_0,
  hostPorts_1_0,
  privileged_1_0,
  procMount_1_0,
  windowsHostProcess_1_0,
} from './checks-baseline-host.js';
import { seccompProfileBaseline_1_0, seccompProfileBaseline_1_19, sysctls_1_0 } from './checks-baseline-kernel.js';
import { sysctls_1_27, sysctls_1_32 } from './checks-baseline-kernel.js';
import { appArmorProfile_1_0, capabilitiesBaseline_1_0 } from './checks-baseline-profiles.js';
import { seLinuxOptions_1_0, seLinuxOptions_1_31 } from './checks-baseline-profiles.js';
import type { CheckFn, Json } from './types.js';

const sc = (name: string, securityContext: Json): Json => ({ name, securityContext });

/** [name, check, metadata, spec, reason, detail] — expected strings are upstream's test fixtures. */
// prettier-ignore
const cases: [string, CheckFn, Json, Json, string, string][] = [
  ['host namespaces', hostNamespaces_1_0, {}, { hostNetwork: true, hostIPC: true, hostPID: true },
    'host namespaces', 'hostNetwork=true, hostPID=true, hostIPC=true'],
  ['hostPath volumes', hostPathVolumes_1_0, {}, { volumes: [{ name: 'a', hostPath: {} }, { name: 'b', emptyDir: {} }, { name: 'c', hostPath: { path: '/' } }] },
    'hostPath volumes', 'volumes "a", "c"'],
  ['one hostPort', hostPorts_1_0, {}, { containers: [{ name: 'a', ports: [{ hostPort: 0 }] }, { name: 'b', ports: [{ hostPort: 0 }, { hostPort: 20 }] }] },
    'hostPort', 'container "b" uses hostPort 20'],
  ['many hostPorts', hostPorts_1_0, {}, { containers: [
      { name: 'a', ports: [{ hostPort: 0 }] },
      { name: 'b', ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 20 }] },
      { name: 'c', ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 30 }] }] },
    'hostPort', 'containers "b", "c" use hostPorts 10, 20, 30'],
  ['privileged', privileged_1_0, {}, { initContainers: [sc('i', { privileged: true })], containers: [sc('a', { privileged: false }), sc('b', { privileged: true })] },
    'privileged', 'containers "i", "b" must not set securityContext.privileged=true'],
  ['hostProcess', windowsHostProcess_1_0, {}, { securityContext: { windowsOptions: { hostProcess: true } },
      containers: [sc('a', { windowsOptions: { hostProcess: true } }), sc('b', { windowsOptions: { hostProcess: false } })] },
    'hostProcess', 'pod and container "a" must not set securityContext.windowsOptions.hostProcess=true'],
  ['procMount', procMount_1_0, {}, { containers: [sc('a', {}), sc('b', { procMount: 'Default' }), sc('d', { procMount: 'Unmasked' }), sc('e', { procMount: 'other' })] },
    'procMount', 'containers "d", "e" must not set securityContext.procMount to "Unmasked", "other"'],
  ['capabilities', capabilitiesBaseline_1_0, {}, { containers: [sc('a', { capabilities: { add: ['FOO', 'BAR'] } }), sc('b', { capabilities: { add: ['BAR', 'BAZ'] } }), sc('c', { capabilities: { add: ['CHOWN'] } })] },
    'non-default capabilities', 'containers "a", "b" must not include "BAR", "BAZ", "FOO" in securityContext.capabilities.add'],
  ['seLinux pod and containers', seLinuxOptions_1_31, {}, {
      securityContext: { seLinuxOptions: { type: 'foo', user: 'bar', role: 'baz' } },
      containers: [sc('a', { seLinuxOptions: { type: 'container_t' } }), sc('d', { seLinuxOptions: { type: 'container_engine_t' } }),
        sc('e', { seLinuxOptions: { type: 'bar' } }), sc('f', { seLinuxOptions: { user: 'bar' } }), sc('g', { seLinuxOptions: { role: 'baz' } })] },
    'seLinuxOptions', 'pod and containers "e", "f", "g" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set'],
  ['seLinux bad user only', seLinuxOptions_1_31, {}, { securityContext: { seLinuxOptions: { user: 'bad' } } },
    'seLinuxOptions', 'pod set forbidden securityContext.seLinuxOptions: user may not be set'],
  ['seLinux container_engine_t before 1.31', seLinuxOptions_1_0, {}, { containers: [sc('d', { seLinuxOptions: { type: 'container_engine_t' } })] },
    'seLinuxOptions', 'container "d" set forbidden securityContext.seLinuxOptions: type "container_engine_t"'],
  ['seccomp annotations', seccompProfileBaseline_1_0,
    { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined', 'container.seccomp.security.alpha.kubernetes.io/a': 'docker/default', 'container.seccomp.security.alpha.kubernetes.io/b': '' } },
    { containers: [{ name: 'a' }, { name: 'b' }] },
    'seccompProfile', 'forbidden annotations container.seccomp.security.alpha.kubernetes.io/b="", seccomp.security.alpha.kubernetes.io/pod="unconfined"'],
  ['seccomp fields', seccompProfileBaseline_1_19, {}, { securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [sc('a', {}), sc('b', { seccompProfile: { type: 'RuntimeDefault' } }), sc('c', { seccompProfile: { type: 'Unconfined' } }), sc('d', { seccompProfile: { type: 'Unconfined' } })] },
    'seccompProfile', 'pod and containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"'],
  ['sysctls', sysctls_1_0, {}, { securityContext: { sysctls: [{ name: 'a' }, { name: 'kernel.shm_rmid_forced' }, { name: 'b' }] } },
    'forbidden sysctls', 'a, b'],
  ['sysctl added in 1.27', sysctls_1_0, {}, { securityContext: { sysctls: [{ name: 'net.ipv4.ip_local_reserved_ports', value: '1024-4999' }] } },
    'forbidden sysctls', 'net.ipv4.ip_local_reserved_ports'],
  ['sysctl added in 1.32', sysctls_1_27, {}, { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_rmem' }] } },
    'forbidden sysctls', 'net.ipv4.tcp_rmem'],
  ['appArmor unconfined pod', appArmorProfile_1_0, {}, { securityContext: { appArmorProfile: { type: 'Unconfined' } } },
    'forbidden AppArmor profile', 'pod must not set AppArmor profile type to "Unconfined"'],
  ['appArmor unconfined init container', appArmorProfile_1_0, {}, { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'foo' }], initContainers: [sc('bar', { appArmorProfile: { type: 'Unconfined' } })] },
    'forbidden AppArmor profile', 'container "bar" must not set AppArmor profile type to "Unconfined"'],
  ['appArmor annotations', appArmorProfile_1_0, { annotations: {
      'container.apparmor.security.beta.kubernetes.io/': 'bogus', 'container.apparmor.security.beta.kubernetes.io/a': '',
      'container.apparmor.security.beta.kubernetes.io/b': 'runtime/default', 'container.apparmor.security.beta.kubernetes.io/c': 'localhost/',
      'container.apparmor.security.beta.kubernetes.io/d': 'localhost/foo', 'container.apparmor.security.beta.kubernetes.io/e': 'unconfined',
      'container.apparmor.security.beta.kubernetes.io/f': 'unknown' } }, {},
    'forbidden AppArmor profiles',
    'annotations must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/="bogus"", ' +
      '"container.apparmor.security.beta.kubernetes.io/e="unconfined"", "container.apparmor.security.beta.kubernetes.io/f="unknown""'],
];

for (const [name, check, meta, spec, reason, detail] of cases) {
  test(`baseline check: ${name}`, () => {
    assert.deepEqual(check(meta, spec), { forbiddenReason: reason, forbiddenDetail: detail });
  });
}

test('baseline checks allow a plain pod and allowed values', () => {
  const spec: Json = {
    securityContext: {
      sysctls: [{ name: 'net.ipv4.tcp_wmem' }],
      seccompProfile: { type: 'RuntimeDefault' },
      appArmorProfile: { type: 'Localhost', localhostProfile: 'x' },
      seLinuxOptions: { type: 'container_init_t', level: 's0:c1' },
    },
    containers: [
      sc('a', { capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'] }, procMount: 'Default', privileged: false }),
    ],
    volumes: [{ name: 'v', emptyDir: {} }],
  };
  const meta = { annotations: { 'container.apparmor.security.beta.kubernetes.io/a': 'localhost/p' } };
  const checks = [hostNamespaces_1_0, hostPathVolumes_1_0, hostPorts_1_0, privileged_1_0, procMount_1_0];
  for (const c of [...checks, windowsHostProcess_1_0, capabilitiesBaseline_1_0, seLinuxOptions_1_0, sysctls_1_32]) {
    assert.equal(c(meta, spec), null, c.name);
  }
  assert.equal(seccompProfileBaseline_1_19(meta, spec), null);
  assert.equal(appArmorProfile_1_0(meta, spec), null);
});
