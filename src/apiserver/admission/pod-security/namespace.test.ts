import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admitPodSecurity } from './admission.js';
import { policyFromLabels } from './labels.js';
import { exemptNamespaceWarning, namespaceWarnings } from './namespace.js';
import { toStatus } from './status.js';
import type { Json } from './types.js';

const ns = (name: string, labels: Record<string, string> = {}): Json => ({ metadata: { name, labels } });
const policy = (labels: Record<string, string>) => policyFromLabels(labels).policy;
const enforce = (level: string, version?: string): Record<string, string> => ({
  'pod-security.kubernetes.io/enforce': level,
  ...(version ? { 'pod-security.kubernetes.io/enforce-version': version } : {}),
});
const podNamed = (name: string, spec: Json, owner?: string): Json => ({
  metadata: { name, ...(owner ? { ownerReferences: [{ uid: owner, controller: true }] } : {}) },
  spec,
});
const plain = { containers: [{ name: 'c' }] };
const hostNet = { hostNetwork: true, containers: [{ name: 'c' }] };

test('namespace create with invalid labels is refused as Invalid with upstream text', () => {
  const r = admitPodSecurity({
    operation: 'CREATE',
    resource: 'namespaces',
    object: ns('x', { 'pod-security.kubernetes.io/enforce': 'foo' }),
  });
  assert.equal(r.allowed, false);
  assert.equal(r.reason, 'Invalid');
  const status = toStatus(r, { group: '', resource: 'namespaces', name: 'x' })!;
  assert.equal(status.code, 422);
  assert.equal(
    status.message,
    'Namespace "x" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "foo": must be one of privileged, baseline, restricted',
  );
  assert.deepEqual(status.details.causes, [
    {
      reason: 'FieldValueInvalid',
      message: 'Invalid value: "foo": must be one of privileged, baseline, restricted',
      field: 'metadata.labels[pod-security.kubernetes.io/enforce]',
    },
  ]);
  const ok = admitPodSecurity({
    operation: 'CREATE',
    resource: 'namespaces',
    object: ns('x', enforce('baseline', 'v1.30')),
  });
  assert.deepEqual(ok, { allowed: true, warnings: [], auditAnnotations: {} });
});

test('namespace update may keep existing invalid labels but not introduce new ones', () => {
  const bad = ns('x', enforce('foo'));
  const keep = admitPodSecurity({ operation: 'UPDATE', resource: 'namespaces', object: bad, oldObject: bad });
  assert.equal(keep.allowed, true);
  const change = admitPodSecurity({ operation: 'UPDATE', resource: 'namespaces', object: bad, oldObject: ns('x') });
  assert.equal(change.allowed, false);
  const v = admitPodSecurity({
    operation: 'UPDATE',
    resource: 'namespaces',
    object: ns('x', enforce('baseline', 'v1.x')),
    oldObject: bad,
  });
  assert.equal(
    v.message,
    'metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "v1.x": must be "latest" or "v1.x"',
  );
});

test('tightening enforce warns about existing pods, grouped and sorted as upstream', () => {
  const pods = [
    podNamed('web-b', hostNet, 'rs1'),
    podNamed('web-a', hostNet, 'rs1'),
    podNamed('solo', hostNet),
    podNamed('fine', plain),
    podNamed('priv', { containers: [{ name: 'c', securityContext: { privileged: true } }] }),
  ];
  const r = admitPodSecurity({
    operation: 'UPDATE',
    resource: 'namespaces',
    object: ns('team', enforce('baseline')),
    oldObject: ns('team'),
    namespacePods: pods,
  });
  assert.equal(r.allowed, true);
  assert.deepEqual(r.warnings, [
    'existing pods in namespace "team" violate the new PodSecurity enforce level "baseline:latest"',
    'priv: privileged',
    'solo (and 2 other pods): host namespaces',
  ]);
  const two = namespaceWarnings(policy(enforce('restricted')), policy({}), 'team', [
    podNamed('b', hostNet),
    podNamed('a', hostNet),
  ]);
  assert.deepEqual(two.slice(1), [
    'a (and 1 other pod): host namespaces, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
  ]);
  const capped = namespaceWarnings(policy(enforce('baseline')), policy({}), 'team', pods, { maxPods: 2 });
  assert.equal(capped[0], 'new PodSecurity enforce level only checked against the first 2 of 5 existing pods');
});

test('no pod check when enforce is unchanged, relaxed, privileged, or all pods comply', () => {
  const pods = [podNamed('p', hostNet)];
  const check = (from: Record<string, string>, to: Record<string, string>) =>
    namespaceWarnings(policy(to), policy(from), 'n', pods);
  assert.deepEqual(check(enforce('baseline'), enforce('baseline')), []);
  assert.deepEqual(check(enforce('restricted'), enforce('baseline')), []);
  assert.deepEqual(check(enforce('restricted'), enforce('privileged', 'v1.20')), []);
  assert.equal(check(enforce('restricted', 'v1.30'), enforce('baseline')).length, 2);
  assert.deepEqual(namespaceWarnings(policy(enforce('baseline')), policy({}), 'n', [podNamed('ok', plain)]), []);
  const exemptRc = [podNamed('k', { ...hostNet, runtimeClassName: 'kata' })];
  assert.deepEqual(
    namespaceWarnings(policy(enforce('baseline')), policy({}), 'n', exemptRc, { exemptRuntimeClasses: ['kata'] }),
    [],
  );
});

test('exempt namespaces that set a policy get the exempt warning instead of a pod check', () => {
  const labels = { ...enforce('baseline'), 'pod-security.kubernetes.io/warn': 'restricted' };
  const r = admitPodSecurity({
    operation: 'CREATE',
    resource: 'namespaces',
    object: ns('kube-system', labels),
    exempt: { namespaces: ['kube-system'] },
  });
  assert.deepEqual(r.warnings, [
    'namespace "kube-system" is exempt from Pod Security, and the policy (enforce=baseline:latest, warn=restricted:latest) will be ignored',
  ]);
  assert.equal(exemptNamespaceWarning('x', policy({}), {}), '');
  const u = admitPodSecurity({
    operation: 'UPDATE',
    resource: 'namespaces',
    object: ns('kube-system', enforce('restricted')),
    oldObject: ns('kube-system'),
    exempt: { namespaces: ['kube-system'] },
    namespacePods: [podNamed('p', hostNet)],
  });
  assert.deepEqual(u.warnings, [
    'namespace "kube-system" is exempt from Pod Security, and the policy (enforce=restricted:latest) will be ignored',
  ]);
});

test('namespace subresources and deletes are not judged', () => {
  const bad = ns('x', enforce('foo'));
  assert.equal(
    admitPodSecurity({
      operation: 'UPDATE',
      resource: 'namespaces',
      subresource: 'status',
      object: bad,
      oldObject: ns('x'),
    }).allowed,
    true,
  );
  assert.equal(admitPodSecurity({ operation: 'DELETE', resource: 'namespaces', object: bad }).allowed, true);
});
