import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useControlPlane } from '../testing/cluster.js';

const api = useControlPlane();
const CM = '/api/v1/namespaces/default/configmaps';
const APPLY = { 'Content-Type': 'application/apply-patch+yaml' };

const applyCM = (name: string, data: Record<string, string>, query = 'fieldManager=alice') =>
  api.request(
    'PATCH',
    `${CM}/${name}?${query}`,
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data },
    APPLY,
  );

type Entry = { manager: string; operation: string; apiVersion: string; fieldsV1: object; time?: string };
const entries = (obj: { metadata: { managedFields?: Entry[] } }) =>
  (obj.metadata.managedFields ?? []).map((e) => [e.manager, e.operation, e.fieldsV1]);

test('an apply creates the object (201) and records an Apply entry', async () => {
  const r = await applyCM('created', { a: '1' });
  assert.equal(r.status, 201);
  assert.deepEqual(r.body.data, { a: '1' });
  assert.deepEqual(entries(r.body), [['alice', 'Apply', { 'f:data': { 'f:a': {} } }]]);
  const e = r.body.metadata.managedFields[0];
  assert.equal(e.apiVersion, 'v1');
  assert.equal(e.fieldsType, 'FieldsV1');
  assert.match(e.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const yaml = await api.request(
    'PATCH',
    `${CM}/from-yaml?fieldManager=alice`,
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n',
    APPLY,
  );
  assert.equal(yaml.status, 201);
  assert.deepEqual(yaml.body.data, { k: 'v' });
});

test('an apply body is read as JSON when it is JSON, and as YAML when it only looks like it', async () => {
  // A YAML flow mapping starts as JSON does but is not JSON: the YAML parser reads it.
  const flow = await api.request(
    'PATCH',
    `${CM}/flow?fieldManager=alice`,
    '{apiVersion: v1, kind: ConfigMap, metadata: {name: flow}, data: {k: v}} # a comment',
    APPLY,
  );
  assert.equal(flow.status, 201);
  assert.deepEqual(flow.body.data, { k: 'v' });
  const json = await api.request(
    'PATCH',
    `${CM}/flow?fieldManager=alice`,
    ' {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"flow"},"data":{"k":"w","n":"1"}}',
    APPLY,
  );
  assert.equal(json.status, 200);
  assert.deepEqual(json.body.data, { k: 'w', n: '1' });
  const broken = await api.request('PATCH', `${CM}/flow?fieldManager=alice`, '{"apiVersion": [}', APPLY);
  assert.equal(broken.status, 400);
  assert.match(broken.body.message, /^error converting YAML to JSON: /);
});

test('apply requests need a fieldManager and an object; force is for apply alone', async () => {
  const noManager = await applyCM('bad', { a: '1' }, '');
  assert.equal(noManager.status, 422);
  assert.equal(
    noManager.body.message,
    'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
  );
  const force = await api.request(
    'PATCH',
    `${CM}/created?force=true`,
    { data: { a: '2' } },
    {
      'Content-Type': 'application/merge-patch+json',
    },
  );
  assert.equal(force.status, 422);
  assert.equal(
    force.body.message,
    'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
  );
  const list = await api.request('PATCH', `${CM}/bad?fieldManager=alice`, '- a\n- b\n', APPLY);
  assert.equal(list.status, 400);
  const wrongKind = await api.request(
    'PATCH',
    `${CM}/bad?fieldManager=alice`,
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bad' } },
    APPLY,
  );
  assert.equal(wrongKind.status, 400);
  assert.equal(wrongKind.body.message, 'invalid object type: /v1, Kind=Secret');
  assert.equal((await api.request('GET', `${CM}/bad`)).status, 404, 'nothing stored');
});

test('creates and updates record Update entries by fieldManager or User-Agent', async () => {
  const made = await api.request('POST', `${CM}?fieldManager=maker`, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'tracked', labels: { x: 'y' } },
    data: { a: '1' },
  });
  assert.deepEqual(entries(made.body), [
    ['maker', 'Update', { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } } }],
  ]);
  const put = await api.request(
    'PUT',
    `${CM}/tracked`,
    { ...made.body, data: { a: '1', b: '2' } },
    { 'User-Agent': 'editor/1.0 (linux/amd64)' },
  );
  // Upstream sorts them by time, then by manager; the two may fall in different seconds.
  assert.deepEqual(entries(put.body).sort(), [
    ['editor', 'Update', { 'f:data': { 'f:b': {} } }],
    ['maker', 'Update', { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } } }],
  ]);
});

test('a conflict with another manager is a 409 naming each field; force takes the field over', async () => {
  await applyCM('shared', { a: '1', b: '1' });
  const other = await api.request(
    'PATCH',
    `${CM}/shared?fieldManager=bob`,
    { data: { a: '2' } },
    {
      'Content-Type': 'application/merge-patch+json',
    },
  );
  assert.equal(other.status, 200);
  const conflict = await applyCM('shared', { a: '3', b: '1' });
  assert.equal(conflict.status, 409);
  assert.equal(conflict.body.reason, 'Conflict');
  assert.equal(conflict.body.message, 'Apply failed with 1 conflict: conflict with "bob" using v1: .data.a');
  assert.deepEqual(conflict.body.details.causes, [
    { reason: 'FieldManagerConflict', message: 'conflict with "bob" using v1', field: '.data.a' },
  ]);
  assert.equal((await api.request('GET', `${CM}/shared`)).body.data.a, '2', 'nothing changed');
  // The same value is no conflict: the field becomes shared.
  assert.equal((await applyCM('shared', { a: '2', b: '1' })).status, 200);
  const forced = await applyCM('shared', { a: '4', b: '1' }, 'fieldManager=alice&force=true');
  assert.equal(forced.status, 200);
  assert.equal(forced.body.data.a, '4');
  const bob = forced.body.metadata.managedFields.find((e: Entry) => e.manager === 'bob');
  assert.equal(bob, undefined, 'bob owned only .data.a and lost it');
});

test('a field dropped from the applied configuration is removed, unless another manager owns it', async () => {
  await applyCM('drop', { a: '1', b: '2', c: '3' });
  await api.request(
    'PATCH',
    `${CM}/drop?fieldManager=bob`,
    { data: { c: '30' } },
    {
      'Content-Type': 'application/merge-patch+json',
    },
  );
  const r = await applyCM('drop', { a: '1' });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.data, { a: '1', c: '30' });
});

test('status apply owns status fields, recorded with subresource status', async () => {
  const dep = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    },
  };
  const D = '/apis/apps/v1/namespaces/default/deployments';
  const made = await api.request('PATCH', `${D}/web?fieldManager=alice`, dep, APPLY);
  assert.equal(made.status, 201);
  assert.equal(made.body.spec.replicas, 1, 'defaults apply after the merge');
  assert.deepEqual(made.body.metadata.managedFields[0].fieldsV1, {
    'f:spec': {
      'f:selector': {},
      'f:template': {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
      },
    },
  });
  const status = await api.request(
    'PATCH',
    `${D}/web/status?fieldManager=ctrl`,
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, status: { replicas: 3 } },
    APPLY,
  );
  assert.equal(status.status, 200);
  assert.equal(status.body.status.replicas, 3);
  const ctrl = status.body.metadata.managedFields.find((e: Entry & { subresource?: string }) => e.manager === 'ctrl');
  assert.equal(ctrl.subresource, 'status');
  assert.deepEqual(ctrl.fieldsV1, { 'f:status': { 'f:replicas': {} } });
});

test('a create records what upstream records: no "." on the structs a new object already has', async () => {
  const made = await api.request('POST', '/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx', labels: { app: 'nginx' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'nginx' } },
      strategy: {},
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] },
      },
    },
  });
  assert.equal(made.status, 201);
  // As kube-apiserver 1.32 records `kubectl create deployment nginx --image=nginx`.
  assert.deepEqual(made.body.metadata.managedFields[0].fieldsV1, {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': {
      'f:progressDeadlineSeconds': {},
      'f:replicas': {},
      'f:revisionHistoryLimit': {},
      'f:selector': {},
      'f:strategy': {
        'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} },
        'f:type': {},
      },
      'f:template': {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:containers': {
            'k:{"name":"nginx"}': {
              '.': {},
              'f:image': {},
              'f:imagePullPolicy': {},
              'f:name': {},
              'f:resources': {},
              'f:terminationMessagePath': {},
              'f:terminationMessagePolicy': {},
            },
          },
          'f:dnsPolicy': {},
          'f:restartPolicy': {},
          'f:schedulerName': {},
          'f:securityContext': {},
          'f:terminationGracePeriodSeconds': {},
        },
      },
    },
  });
});
