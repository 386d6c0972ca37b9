import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { useControlPlane } from '../testing/cluster.js';
import { startTestWebhookServer, type TestWebhookServer } from './webhook/testing.js';
import { quotaStatus } from './quota/index.js';

const api = useControlPlane();
const pod = (name: string, container: Record<string, unknown> = {}, ns = 'default') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns },
  spec: { containers: [{ name: 'c', image: 'busybox', ...container }] },
});
const namespace = (name: string, labels: Record<string, string>) =>
  api.request('POST', '/api/v1/namespaces', { metadata: { name, labels } });

test('PodSecurity: a restricted namespace refuses a privileged pod with upstream message; warn only warns', async () => {
  assert.equal((await namespace('locked', { 'pod-security.kubernetes.io/enforce': 'restricted' })).status, 201);
  const res = await api.request(
    'POST',
    '/api/v1/namespaces/locked/pods',
    pod('priv', { securityContext: { privileged: true } }, 'locked'),
  );
  assert.equal(res.status, 403, res.text);
  assert.equal(
    res.body.message,
    'pods "priv" is forbidden: violates PodSecurity "restricted:latest": privileged (container "c" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  );
  const fine = await api.request(
    'POST',
    '/api/v1/namespaces/locked/pods',
    pod(
      'fine',
      {
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        },
      },
      'locked',
    ),
  );
  assert.equal(fine.status, 201, fine.text);

  await namespace('loose', { 'pod-security.kubernetes.io/warn': 'baseline' });
  const warned = await api.request(
    'POST',
    '/api/v1/namespaces/loose/pods',
    pod('hosty', { securityContext: { privileged: true } }, 'loose'),
  );
  assert.equal(warned.status, 201, warned.text);
  // The header escapes the quotes, as upstream's; kubectl prints `Warning: would violate …`.
  assert.equal(
    String(warned.headers.warning).replace(/\\"/g, '"'),
    '299 - "would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)"',
  );
  const bad = await namespace('typo', { 'pod-security.kubernetes.io/enforce': 'strict' });
  assert.equal(bad.status, 422, bad.text);
});

test('LimitRanger: defaults for containers, and a maximum enforced with upstream words', async () => {
  await namespace('limited', {});
  const lr = await api.request('POST', '/api/v1/namespaces/limited/limitranges', {
    metadata: { name: 'limits' },
    spec: {
      limits: [
        {
          type: 'Container',
          default: { cpu: '500m', memory: '128Mi' },
          defaultRequest: { cpu: '100m', memory: '64Mi' },
          max: { cpu: '1' },
        },
      ],
    },
  });
  assert.equal(lr.status, 201, lr.text);
  await api.request('GET', '/api/v1/namespaces/limited/limitranges');
  const res = await api.request('POST', '/api/v1/namespaces/limited/pods', pod('web', {}, 'limited'));
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.body.spec.containers[0].resources, {
    limits: { cpu: '500m', memory: '128Mi' },
    requests: { cpu: '100m', memory: '64Mi' },
  });
  assert.equal(
    res.body.metadata.annotations['kubernetes.io/limit-ranger'],
    'LimitRanger plugin set: cpu, memory request for container c; cpu, memory limit for container c',
  );
  const big = await api.request(
    'POST',
    '/api/v1/namespaces/limited/pods',
    pod('big', { resources: { limits: { cpu: '2' } } }, 'limited'),
  );
  assert.equal(big.status, 403, big.text);
  assert.equal(big.body.message, 'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
});

test('ResourceQuota: usage is charged on create, and a create past the quota is refused with upstream words', async () => {
  await namespace('quota', {});
  const created = await api.request('POST', '/api/v1/namespaces/quota/resourcequotas', {
    metadata: { name: 'pods' },
    spec: { hard: { pods: '2', 'count/configmaps': '1' } },
  });
  assert.equal(created.status, 201, created.text);
  // The resourcequota controller's part (the controller manager's): the first status.
  const status = quotaStatus(created.body, []);
  const synced = await api.request('PUT', '/api/v1/namespaces/quota/resourcequotas/pods/status', {
    ...created.body,
    status: { hard: status.hard, used: status.used },
  });
  assert.equal(synced.status, 200, synced.text);
  await api.request('GET', '/api/v1/namespaces/quota/resourcequotas');
  for (const name of ['a', 'b']) {
    const res = await api.request('POST', '/api/v1/namespaces/quota/pods', pod(name, {}, 'quota'));
    assert.equal(res.status, 201, res.text);
  }
  const third = await api.request('POST', '/api/v1/namespaces/quota/pods', pod('c', {}, 'quota'));
  assert.equal(third.status, 403, third.text);
  assert.equal(
    third.body.message,
    'pods "c" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2',
  );
  const quota = await api.request('GET', '/api/v1/namespaces/quota/resourcequotas/pods');
  assert.equal(quota.body.status.used.pods, '2');
  // A dry run is checked but not charged.
  const cm = { metadata: { name: 'one' }, data: {} };
  assert.equal((await api.request('POST', '/api/v1/namespaces/quota/configmaps?dryRun=All', cm)).status, 201);
  assert.equal((await api.request('POST', '/api/v1/namespaces/quota/configmaps', cm)).status, 201);
  const two = await api.request('POST', '/api/v1/namespaces/quota/configmaps', { ...cm, metadata: { name: 'two' } });
  assert.equal(two.status, 403, two.text);
});

let webhook: TestWebhookServer;
before(async () => {
  webhook = await startTestWebhookServer(async (review, path) => {
    const obj = review.request.object as { metadata: { name: string; labels?: Record<string, string> } };
    if (path.startsWith('/mutate')) {
      const patch = [{ op: 'add', path: '/metadata/labels', value: { ...obj.metadata.labels, mutated: 'yes' } }];
      return { allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') };
    }
    if (path.startsWith('/slow')) await new Promise((r) => setTimeout(r, 3000));
    if (obj.metadata.name.startsWith('deny')) {
      return { allowed: false, status: { code: 403, message: 'names starting with deny are not welcome' } };
    }
    return { allowed: true, warnings: ['checked by the test webhook'] };
  });
});
after(() => webhook?.close());

const webhookConfig = (kind: 'mutating' | 'validating', path: string, resources: string[], extra = {}) => ({
  metadata: { name: `${kind}-${path.slice(1)}` },
  webhooks: [
    {
      name: `${path.slice(1)}.k8ts.example.com`,
      clientConfig: { url: `${webhook.url}${path}`, caBundle: webhook.caBundle },
      rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources }],
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
      ...extra,
    },
  ],
});

test('webhooks: a mutating one labels, a validating one denies with its message and warns', async () => {
  const base = '/apis/admissionregistration.k8s.io/v1';
  assert.equal(
    (
      await api.request(
        'POST',
        `${base}/mutatingwebhookconfigurations`,
        webhookConfig('mutating', '/mutate', ['configmaps']),
      )
    ).status,
    201,
  );
  assert.equal(
    (
      await api.request(
        'POST',
        `${base}/validatingwebhookconfigurations`,
        webhookConfig('validating', '/validate', ['configmaps']),
      )
    ).status,
    201,
  );
  await api.request('GET', `${base}/validatingwebhookconfigurations`);
  await api.request('GET', `${base}/mutatingwebhookconfigurations`);
  const ok = await api.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'hello' } });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.metadata.labels.mutated, 'yes');
  assert.match(String(ok.headers.warning), /checked by the test webhook/);
  const denied = await api.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'deny-me' } });
  assert.equal(denied.status, 403, denied.text);
  assert.equal(
    denied.body.message,
    'admission webhook "validate.k8ts.example.com" denied the request: names starting with deny are not welcome',
  );
  assert.equal((await api.request('GET', '/api/v1/namespaces/default/configmaps/deny-me')).status, 404);
});

test('a request that takes longer than ?timeout= is answered 504 in upstream words', async () => {
  const base = '/apis/admissionregistration.k8s.io/v1';
  await api.request(
    'POST',
    `${base}/validatingwebhookconfigurations`,
    webhookConfig('validating', '/slow', ['secrets'], { timeoutSeconds: 10 }),
  );
  await api.request('GET', `${base}/validatingwebhookconfigurations`);
  const res = await api.request('POST', '/api/v1/namespaces/default/secrets?timeout=1s', { metadata: { name: 's' } });
  assert.equal(res.status, 504, res.text);
  assert.equal(res.body.reason, 'Timeout');
  assert.equal(
    res.body.message,
    'Timeout: request did not complete within requested timeout - context deadline exceeded',
  );
});
