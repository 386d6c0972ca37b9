import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admitPodSecurity, type PodSecurityInput } from './admission.js';
import { toStatus } from './status.js';
import type { Json } from './types.js';

const RESTRICTED_NGINX =
  'allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), ' +
  'unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), ' +
  'runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), ' +
  'seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

const pod = (spec: Json = { containers: [{ name: 'nginx', image: 'nginx' }] }, metadata: Json = {}): Json => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'ns', ...metadata },
  spec,
});
const labels = (mode: string, level: string, version?: string): Record<string, string> => ({
  [`pod-security.kubernetes.io/${mode}`]: level,
  ...(version ? { [`pod-security.kubernetes.io/${mode}-version`]: version } : {}),
});
const input = (over: Partial<PodSecurityInput>): PodSecurityInput => ({
  operation: 'CREATE',
  resource: 'pods',
  namespace: 'ns',
  object: pod(),
  userName: 'alice',
  ...over,
});

test('enforce refuses a violating pod with upstream message, status and annotations', () => {
  const r = admitPodSecurity(input({ namespaceLabels: labels('enforce', 'restricted') }));
  assert.equal(r.allowed, false);
  assert.equal(r.message, `violates PodSecurity "restricted:latest": ${RESTRICTED_NGINX}`);
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(r.auditAnnotations, { 'pod-security.kubernetes.io/enforce-policy': 'restricted:latest' });
  const status = toStatus(r, { group: '', resource: 'pods', name: 'web' })!;
  assert.equal(status.code, 403);
  assert.equal(status.reason, 'Forbidden');
  assert.equal(
    status.message,
    `pods "web" is forbidden: violates PodSecurity "restricted:latest": ${RESTRICTED_NGINX}`,
  );
});

test('warn and audit let the pod in with a warning and an audit annotation', () => {
  const r = admitPodSecurity(
    input({ namespaceLabels: { ...labels('warn', 'restricted'), ...labels('audit', 'baseline', 'v1.25') } }),
  );
  assert.equal(r.allowed, true);
  assert.deepEqual(r.warnings, [`would violate PodSecurity "restricted:latest": ${RESTRICTED_NGINX}`]);
  assert.deepEqual(r.auditAnnotations, { 'pod-security.kubernetes.io/enforce-policy': 'privileged:latest' });
  const a = admitPodSecurity(input({ namespaceLabels: labels('audit', 'restricted', 'v1.30') }));
  assert.equal(
    a.auditAnnotations['pod-security.kubernetes.io/audit-violations'],
    `would violate PodSecurity "restricted:v1.30": ${RESTRICTED_NGINX}`,
  );
  assert.deepEqual(a.warnings, []);
});

test('no warning is added when enforce already refuses', () => {
  const r = admitPodSecurity(
    input({
      object: pod({ hostPID: true, containers: [{ name: 'nginx' }] }),
      namespaceLabels: { ...labels('enforce', 'baseline'), ...labels('warn', 'restricted') },
    }),
  );
  assert.equal(r.message, 'violates PodSecurity "baseline:latest": host namespaces (hostPID=true)');
  assert.deepEqual(r.warnings, []);
});

test('a fully privileged or unlabelled namespace allows with the privileged enforce-policy annotation', () => {
  const r = admitPodSecurity(input({ namespaceLabels: {} }));
  assert.deepEqual(r, {
    allowed: true,
    warnings: [],
    auditAnnotations: { 'pod-security.kubernetes.io/enforce-policy': 'privileged:latest' },
  });
});

test('invalid labels: enforce falls back to restricted and the error is annotated', () => {
  const r = admitPodSecurity(input({ namespaceLabels: labels('enforce', 'bogus') }));
  assert.equal(r.allowed, false);
  assert.match(r.message!, /^violates PodSecurity "restricted:latest": /);
  assert.equal(
    r.auditAnnotations['pod-security.kubernetes.io/error'],
    'Failed to parse policy: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "bogus": must be one of privileged, baseline, restricted',
  );
});

test('pod controllers are only warned and audited, never refused', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: { template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'nginx' }] } } },
  };
  const nsLabels = { ...labels('enforce', 'restricted'), ...labels('warn', 'restricted') };
  const r = admitPodSecurity(
    input({ resource: 'deployments', group: 'apps', object: deployment, namespaceLabels: nsLabels }),
  );
  assert.equal(r.allowed, true);
  assert.deepEqual(r.warnings, [`would violate PodSecurity "restricted:latest": ${RESTRICTED_NGINX}`]);
  assert.deepEqual(r.auditAnnotations, {});
  const cronjob = {
    spec: { jobTemplate: { spec: { template: { spec: { hostIPC: true, containers: [{ name: 'c' }] } } } } },
  };
  const c = admitPodSecurity(
    input({ resource: 'cronjobs', object: cronjob, namespaceLabels: labels('audit', 'baseline') }),
  );
  assert.equal(
    c.auditAnnotations['pod-security.kubernetes.io/audit-violations'],
    'would violate PodSecurity "baseline:latest": host namespaces (hostIPC=true)',
  );
  assert.deepEqual(
    admitPodSecurity(
      input({ resource: 'deployments', object: deployment, namespaceLabels: labels('enforce', 'restricted') }),
    ),
    {
      allowed: true,
      warnings: [],
      auditAnnotations: {},
    },
  );
  const rc = admitPodSecurity(
    input({ resource: 'replicationcontrollers', object: { spec: {} }, namespaceLabels: nsLabels }),
  );
  assert.deepEqual(rc.warnings, []);
  const scale = admitPodSecurity(
    input({ resource: 'deployments', subresource: 'scale', object: deployment, namespaceLabels: nsLabels }),
  );
  assert.deepEqual(scale.warnings, []);
});

test('updates are re-evaluated only when an image, container count or ephemeral container changes', () => {
  const nsLabels = labels('enforce', 'restricted');
  const old = pod();
  const relabelled = pod(undefined, { labels: { x: 'y' } });
  assert.equal(
    admitPodSecurity(input({ operation: 'UPDATE', object: relabelled, oldObject: old, namespaceLabels: nsLabels }))
      .allowed,
    true,
  );
  const newImage = pod({ containers: [{ name: 'nginx', image: 'nginx:2' }] });
  assert.equal(
    admitPodSecurity(input({ operation: 'UPDATE', object: newImage, oldObject: old, namespaceLabels: nsLabels }))
      .allowed,
    false,
  );
  const debug = pod({
    containers: [{ name: 'nginx', image: 'nginx' }],
    ephemeralContainers: [{ name: 'dbg', image: 'busybox' }],
  });
  const r = admitPodSecurity(
    input({
      operation: 'UPDATE',
      subresource: 'ephemeralcontainers',
      object: debug,
      oldObject: old,
      namespaceLabels: nsLabels,
    }),
  );
  assert.equal(r.allowed, false);
  assert.match(r.message!, /containers "nginx", "dbg" must set securityContext\.allowPrivilegeEscalation=false/);
});

test('ignored pod subresources and other operations are allowed untouched', () => {
  const nsLabels = labels('enforce', 'restricted');
  for (const subresource of ['status', 'binding', 'exec', 'log', 'eviction']) {
    assert.deepEqual(admitPodSecurity(input({ subresource, namespaceLabels: nsLabels })), {
      allowed: true,
      warnings: [],
      auditAnnotations: {},
    });
  }
  assert.equal(admitPodSecurity(input({ operation: 'DELETE', namespaceLabels: nsLabels })).allowed, true);
  assert.equal(admitPodSecurity(input({ resource: 'services', namespaceLabels: nsLabels })).allowed, true);
  assert.equal(
    admitPodSecurity(input({ resource: 'deployments', group: 'extensions', namespaceLabels: nsLabels })).allowed,
    true,
  );
});

test('exempt users, namespaces and runtime classes skip enforcement with the exempt annotation', () => {
  const nsLabels = { ...labels('enforce', 'restricted'), ...labels('warn', 'restricted') };
  const exempt = { usernames: ['admin'], namespaces: ['kube-system'], runtimeClasses: ['kata'] };
  const byUser = admitPodSecurity(input({ userName: 'admin', exempt, namespaceLabels: nsLabels }));
  assert.deepEqual(byUser, {
    allowed: true,
    warnings: [],
    auditAnnotations: { 'pod-security.kubernetes.io/exempt': 'user' },
  });
  const byNs = admitPodSecurity(input({ namespace: 'kube-system', exempt, namespaceLabels: nsLabels }));
  assert.deepEqual(byNs.auditAnnotations, { 'pod-security.kubernetes.io/exempt': 'namespace' });
  const kata = pod({ runtimeClassName: 'kata', containers: [{ name: 'nginx' }] });
  const byRc = admitPodSecurity(input({ object: kata, exempt, namespaceLabels: nsLabels }));
  assert.deepEqual(byRc, {
    allowed: true,
    warnings: [],
    auditAnnotations: { 'pod-security.kubernetes.io/exempt': 'runtimeClass' },
  });
  assert.equal(admitPodSecurity(input({ exempt, namespaceLabels: nsLabels })).allowed, false);
});
