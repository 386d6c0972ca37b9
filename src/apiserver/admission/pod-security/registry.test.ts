import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateMessage, aggregateReasons, checksFor, evaluatePod, MAX_POLICY_MINOR } from './registry.js';
import type { Json } from './types.js';

const nginx: Json = { containers: [{ name: 'c', image: 'nginx' }] };

test('the newest policy version is 1.32', () => {
  assert.equal(MAX_POLICY_MINOR, 32);
});

test('checks run in upstream order: baseline by ID, then restricted by ID, overridden ones dropped', () => {
  assert.deepEqual(
    checksFor('baseline', 'latest').map((c) => c.id),
    [
      'appArmorProfile',
      'capabilities_baseline',
      'hostNamespaces',
      'hostPathVolumes',
      'hostPorts',
      'privileged',
      'procMount',
      'seLinuxOptions',
      'seccompProfile_baseline',
      'sysctls',
      'windowsHostProcess',
    ],
  );
  assert.deepEqual(
    checksFor('restricted', 'latest').map((c) => c.id),
    [
      'appArmorProfile',
      'hostNamespaces',
      'hostPorts',
      'privileged',
      'procMount',
      'seLinuxOptions',
      'sysctls',
      'windowsHostProcess',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
    ],
  );
  assert.deepEqual(checksFor('privileged', 'latest'), []);
});

test('older versions drop newer checks and keep baseline checks not yet superseded', () => {
  const ids = (v: string) => checksFor('restricted', v).map((c) => c.id);
  assert.ok(!ids('v1.7').includes('allowPrivilegeEscalation'));
  assert.ok(ids('v1.18').includes('seccompProfile_baseline'));
  assert.ok(!ids('v1.18').includes('seccompProfile_restricted'));
  assert.ok(ids('v1.21').includes('capabilities_baseline'));
  assert.ok(!ids('v1.22').includes('capabilities_baseline'));
  assert.ok(!ids('v1.22').includes('runAsUser'));
  assert.ok(ids('v1.23').includes('runAsUser'));
  assert.deepEqual(ids('v1.99'), ids('latest'));
});

test('the restricted message for a plain nginx pod matches upstream', () => {
  const failures = evaluatePod('restricted', 'latest', {}, nginx);
  assert.equal(
    aggregateMessage(failures),
    'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), ' +
      'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), ' +
      'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), ' +
      'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  );
  assert.equal(
    aggregateReasons(failures),
    'allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
  );
  assert.deepEqual(evaluatePod('baseline', 'latest', {}, nginx), []);
});

test('a privileged hostPath pod fails baseline and restricted with the superseding messages', () => {
  const spec: Json = {
    hostNetwork: true,
    containers: [{ name: 'c', securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } } }],
    volumes: [{ name: 'host', hostPath: { path: '/' } }],
  };
  assert.equal(
    aggregateMessage(evaluatePod('baseline', 'v1.32', {}, spec)),
    'non-default capabilities (container "c" must not include "SYS_ADMIN" in securityContext.capabilities.add), ' +
      'host namespaces (hostNetwork=true), hostPath volumes (volume "host"), ' +
      'privileged (container "c" must not set securityContext.privileged=true)',
  );
  assert.deepEqual(
    evaluatePod('restricted', 'latest', {}, spec).map((f) => f.checkId),
    [
      'hostNamespaces',
      'privileged',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ],
  );
});

test('version selection: sysctls and SELinux types follow the policy version', () => {
  const sysctl: Json = { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_keepalive_time' }] } };
  assert.equal(evaluatePod('baseline', 'v1.28', {}, sysctl).length, 1);
  assert.equal(evaluatePod('baseline', 'v1.29', {}, sysctl).length, 0);
  const selinux: Json = { securityContext: { seLinuxOptions: { type: 'container_engine_t' } } };
  assert.equal(evaluatePod('baseline', 'v1.30', {}, selinux).length, 1);
  assert.equal(evaluatePod('baseline', 'latest', {}, selinux).length, 0);
  const annotated: Json = { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } };
  assert.equal(evaluatePod('baseline', 'v1.18', annotated, {})[0].forbiddenReason, 'seccompProfile');
  assert.deepEqual(evaluatePod('baseline', 'v1.19', annotated, {}), []);
});

test('Windows pods skip the Linux-only restricted checks from 1.25', () => {
  const spec: Json = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'c' }] };
  assert.deepEqual(evaluatePod('restricted', 'latest', {}, spec), []);
  assert.deepEqual(
    evaluatePod('restricted', 'v1.24', {}, spec).map((f) => f.checkId),
    ['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted'],
  );
});
