import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useControlPlane } from './testing/cluster.js';

const api = useControlPlane();

const pod = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});
const PODS = '/api/v1/namespaces/default/pods';

test('pods/binding sets the node once; a second binding is a Conflict', async () => {
  await api.request('POST', PODS, pod('bound'));
  const binding = {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: 'bound' },
    target: { kind: 'Node', name: 'node-1' },
  };
  const first = await api.request('POST', `${PODS}/bound/binding`, binding);
  assert.equal(first.status, 201);
  assert.equal(first.body.status, 'Success');
  const got = await api.request('GET', `${PODS}/bound`);
  assert.equal(got.body.spec.nodeName, 'node-1');
  assert.equal(got.body.status.conditions.find((c: { type: string }) => c.type === 'PodScheduled').status, 'True');
  const again = await api.request('POST', `${PODS}/bound/binding`, {
    ...binding,
    target: { kind: 'Node', name: 'node-2' },
  });
  assert.equal(again.status, 409);
  assert.equal(
    again.body.message,
    'Operation cannot be fulfilled on pods/binding "bound": pod bound is already assigned to node "node-1"',
  );
});

test('the bindings resource binds the pod it names', async () => {
  await api.request('POST', PODS, pod('via-bindings'));
  const r = await api.request('POST', '/api/v1/namespaces/default/bindings', {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: 'via-bindings' },
    target: { kind: 'Node', name: 'node-9' },
  });
  assert.equal(r.status, 201);
  assert.equal((await api.request('GET', `${PODS}/via-bindings`)).body.spec.nodeName, 'node-9');
});

test('a status write changes only the status; a spec write keeps the status', async () => {
  const created = await api.request('POST', PODS, pod('stat'));
  const withStatus = {
    ...created.body,
    spec: { ...created.body.spec, activeDeadlineSeconds: 5 },
    status: { phase: 'Running' },
  };
  const st = await api.request('PUT', `${PODS}/stat/status`, withStatus);
  assert.equal(st.status, 200);
  assert.equal(st.body.status.phase, 'Running');
  assert.equal(st.body.spec.activeDeadlineSeconds, undefined);
  const main = await api.request('PUT', `${PODS}/stat`, { ...st.body, status: { phase: 'Failed' } });
  assert.equal(main.body.status.phase, 'Running');
});

test('a pod gets its QoS class at creation; a status write keeps it and may not change it', async () => {
  const created = await api.request('POST', PODS, pod('qos'));
  assert.equal(created.body.status.qosClass, 'BestEffort');
  const st = await api.request('PUT', `${PODS}/qos/status`, { ...created.body, status: { phase: 'Running' } });
  assert.equal(st.status, 200);
  assert.equal(st.body.status.qosClass, 'BestEffort');
  const changed = await api.request('PUT', `${PODS}/qos/status`, {
    ...st.body,
    status: { ...st.body.status, qosClass: 'Guaranteed' },
  });
  assert.equal(changed.status, 422);
  assert.equal(
    changed.body.message,
    'Pod "qos" is invalid: status.qosClass: Invalid value: "Guaranteed": field is immutable',
  );
});

test('scale reads and writes replicas as an autoscaling/v1 Scale', async () => {
  const deploy = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'sc' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'sc' } },
      template: { metadata: { labels: { app: 'sc' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
    },
  };
  assert.equal((await api.request('POST', '/apis/apps/v1/namespaces/default/deployments', deploy)).status, 201);
  const scale = await api.request('GET', '/apis/apps/v1/namespaces/default/deployments/sc/scale');
  assert.equal(scale.body.kind, 'Scale');
  assert.equal(scale.body.apiVersion, 'autoscaling/v1');
  assert.equal(scale.body.spec.replicas, 1);
  assert.equal(scale.body.status.selector, 'app=sc');
  const patched = await api.request(
    'PATCH',
    '/apis/apps/v1/namespaces/default/deployments/sc/scale',
    { spec: { replicas: 4 } },
    {
      'Content-Type': 'application/merge-patch+json',
    },
  );
  assert.equal(patched.status, 200);
  assert.equal(patched.body.spec.replicas, 4);
  const d = await api.request('GET', '/apis/apps/v1/namespaces/default/deployments/sc');
  assert.equal(d.body.spec.replicas, 4);
  assert.equal(d.body.metadata.generation, 2);
});

test('an eviction that would break a PodDisruptionBudget is refused with 429; one that would not deletes the pod', async () => {
  const created = await api.request('POST', PODS, pod('guarded', { app: 'guarded' }));
  await api.request('PUT', `${PODS}/guarded/status`, { ...created.body, status: { phase: 'Running' } });
  const pdb = await api.request('POST', '/apis/policy/v1/namespaces/default/poddisruptionbudgets', {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'guard' },
    spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } },
  });
  assert.equal(pdb.status, 201);
  await api.request('PUT', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard/status', {
    ...pdb.body,
    status: { observedGeneration: 1, disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 },
  });
  const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'guarded' } };
  const refused = await api.request('POST', `${PODS}/guarded/eviction`, eviction);
  assert.equal(refused.status, 429);
  assert.equal(refused.body.message, "Cannot evict pod as it would violate the pod's disruption budget.");
  assert.equal(
    refused.body.details.causes[0].message,
    'The disruption budget guard needs 1 healthy pods and has 1 currently',
  );
  assert.equal((await api.request('GET', `${PODS}/guarded`)).status, 200);

  const cur = await api.request('GET', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard');
  await api.request('PUT', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard/status', {
    ...cur.body,
    status: { ...cur.body.status, disruptionsAllowed: 1, currentHealthy: 2 },
  });
  const ok = await api.request('POST', `${PODS}/guarded/eviction`, eviction);
  assert.equal(ok.status, 201);
  assert.equal((await api.request('GET', `${PODS}/guarded`)).status, 404);
  const after = await api.request('GET', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard');
  assert.equal(after.body.status.disruptionsAllowed, 0);
  assert.ok(after.body.status.disruptedPods.guarded);
});

test('a namespace being deleted is Terminating and refuses new objects until finalized', async () => {
  await api.request('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'doomed' },
  });
  const del = await api.request('DELETE', '/api/v1/namespaces/doomed');
  assert.equal(del.status, 200); // still there, Terminating: upstream answers 200 with the namespace
  const ns = await api.request('GET', '/api/v1/namespaces/doomed');
  assert.equal(ns.body.status.phase, 'Terminating');
  const refused = await api.request('POST', '/api/v1/namespaces/doomed/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x' },
  });
  assert.equal(refused.status, 403);
  assert.equal(
    refused.body.message,
    'configmaps "x" is forbidden: unable to create new content in namespace doomed because it is being terminated',
  );
  const fin = await api.request('PUT', '/api/v1/namespaces/doomed/finalize', { ...ns.body, spec: { finalizers: [] } });
  assert.equal(fin.status, 200);
  assert.equal((await api.request('GET', '/api/v1/namespaces/doomed')).status, 404);
});
