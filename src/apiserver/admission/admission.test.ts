import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useControlPlane } from '../testing/cluster.js';

const api = useControlPlane();

const PODS = '/api/v1/namespaces/default/pods';
const pod = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
});

test('a pod gets priority 0, PreemptLowerPriority and five minutes on not-ready and unreachable nodes', async () => {
  const res = await api.request('POST', PODS, pod('plain'));
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.spec.priority, 0);
  assert.equal(res.body.spec.preemptionPolicy, 'PreemptLowerPriority');
  assert.deepEqual(res.body.spec.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
  // A replace that leaves out what admission set keeps it.
  const replaced = await api.request('PUT', `${PODS}/plain`, {
    ...res.body,
    spec: { ...res.body.spec, priority: undefined, preemptionPolicy: undefined },
  });
  assert.equal(replaced.status, 200, replaced.text);
  assert.equal(replaced.body.spec.priority, 0);
});

test('a toleration of its own for not-ready is kept, and only unreachable is added', async () => {
  const own = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 };
  const res = await api.request('POST', PODS, pod('own', { tolerations: [own] }));
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(
    res.body.spec.tolerations.map((t: { key: string; tolerationSeconds: number }) => `${t.key}=${t.tolerationSeconds}`),
    ['node.kubernetes.io/not-ready=10', 'node.kubernetes.io/unreachable=300'],
  );
});

test('priority comes from the PriorityClass; a missing class or a priority of its own is Forbidden', async () => {
  const critical = await api.request('POST', PODS, pod('critical', { priorityClassName: 'system-node-critical' }));
  assert.equal(critical.status, 201, critical.text);
  assert.equal(critical.body.spec.priority, 2000001000);

  const missing = await api.request('POST', PODS, pod('missing', { priorityClassName: 'nope' }));
  assert.equal(missing.status, 403);
  assert.equal(missing.body.reason, 'Forbidden');
  assert.equal(missing.body.message, 'pods "missing" is forbidden: no PriorityClass with name nope was found');

  const own = await api.request('POST', PODS, pod('own-priority', { priority: 5 }));
  assert.equal(own.status, 403);
  assert.equal(
    own.body.message,
    'pods "own-priority" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
  );
  assert.equal((await api.request('GET', `${PODS}/missing`)).status, 404);
});

test('a global default PriorityClass applies to pods that name none', async () => {
  const pc = await api.request('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'everyone' },
    value: 1000,
    globalDefault: true,
  });
  assert.equal(pc.status, 201, pc.text);
  // Admission reads the classes from the watch cache, as upstream's from its informer; a
  // consistent list returns once the cache has the new class.
  await api.request('GET', '/apis/scheduling.k8s.io/v1/priorityclasses');
  const res = await api.request('POST', PODS, pod('defaulted'));
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.spec.priorityClassName, 'everyone');
  assert.equal(res.body.spec.priority, 1000);
});
