import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startControlPlane, useControlPlane } from '../testing/cluster.js';
import { testClient } from '../testing/http.js';

const api = useControlPlane();

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/** The upstream documentation's example CRD, with a status and a scale subresource. */
const crontabs = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'crontabs.stable.example.com' },
  spec: {
    group: 'stable.example.com',
    scope: 'Namespaced',
    names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'], categories: ['all'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  cronSpec: { type: 'string' },
                  image: { type: 'string' },
                  replicas: { type: 'integer' },
                },
              },
              status: { type: 'object', properties: { replicas: { type: 'integer' } } },
            },
          },
        },
        subresources: {
          status: {},
          scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
        },
        additionalPrinterColumns: [
          { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
          { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      },
    ],
    ...extra,
  },
});

const CT = '/apis/stable.example.com/v1/namespaces/default/crontabs';
const tab = (
  name: string,
  spec: Record<string, unknown> = { cronSpec: '* * * * */5', image: 'my-cron', replicas: 1 },
) => ({
  apiVersion: 'stable.example.com/v1',
  kind: 'CronTab',
  metadata: { name },
  spec,
});

async function until<T>(what: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a created CRD is established and served within a second, in discovery and OpenAPI', async () => {
  const started = Date.now();
  const created = await api.request('POST', CRDS, crontabs());
  assert.equal(created.status, 201);
  await until(async () => ((await api.request('GET', CT)).status === 200 ? true : undefined), 1000);
  assert.ok(Date.now() - started < 1000);
  const crd = (await api.request('GET', `${CRDS}/crontabs.stable.example.com`)).body;
  const cond = Object.fromEntries(crd.status.conditions.map((c: { type: string }) => [c.type, c]));
  assert.equal(cond.NamesAccepted.status, 'True');
  assert.equal(cond.NamesAccepted.reason, 'NoConflicts');
  assert.equal(cond.Established.status, 'True');
  assert.equal(cond.Established.reason, 'InitialNamesAccepted');
  assert.deepEqual(crd.status.storedVersions, ['v1']);
  assert.equal(crd.status.acceptedNames.kind, 'CronTab');

  const list = (await api.request('GET', '/apis/stable.example.com/v1')).body;
  const res = list.resources.find((r: { name: string }) => r.name === 'crontabs');
  assert.deepEqual(res.shortNames, ['ct']);
  assert.deepEqual(res.categories, ['all']);
  assert.ok(list.resources.some((r: { name: string }) => r.name === 'crontabs/scale'));
  const groups = (await api.request('GET', '/apis')).body.groups.map((g: { name: string }) => g.name);
  assert.ok(groups.includes('stable.example.com'));
  const v3 = (await api.request('GET', '/openapi/v3/apis/stable.example.com/v1')).body;
  const def = v3.components.schemas['com.example.stable.v1.CronTab'];
  assert.deepEqual(def['x-kubernetes-group-version-kind'], [
    { group: 'stable.example.com', kind: 'CronTab', version: 'v1' },
  ]);
  assert.equal(def.properties.spec.properties.replicas.type, 'integer');
  const index = (await api.request('GET', '/openapi/v3')).body;
  assert.ok(index.paths['apis/stable.example.com/v1']);
});

test('custom resources: create, get, list, update, generation, status, scale, table, delete', async () => {
  const made = await api.request('POST', CT, tab('one'));
  assert.equal(made.status, 201);
  assert.equal(made.body.metadata.generation, 1);
  assert.equal(made.body.metadata.namespace, 'default');
  const got = (await api.request('GET', `${CT}/one`)).body;
  const upd = await api.request('PUT', `${CT}/one`, {
    ...got,
    spec: { ...got.spec, replicas: 3 },
    status: { replicas: 9 },
  });
  assert.equal(upd.status, 200);
  assert.equal(upd.body.metadata.generation, 2);
  assert.equal(upd.body.status, undefined, 'status changes only through the status subresource');
  const st = await api.request('PUT', `${CT}/one/status`, { ...upd.body, status: { replicas: 2 } });
  assert.equal(st.status, 200);
  assert.equal(st.body.status.replicas, 2);
  assert.equal(st.body.metadata.generation, 2);
  const scale = (await api.request('GET', `${CT}/one/scale`)).body;
  assert.deepEqual([scale.kind, scale.spec.replicas, scale.status.replicas], ['Scale', 3, 2]);
  const scaled = await api.request(
    'PATCH',
    `${CT}/one/scale`,
    { spec: { replicas: 5 } },
    {
      'Content-Type': 'application/merge-patch+json',
    },
  );
  assert.equal(scaled.status, 200);
  assert.equal((await api.request('GET', `${CT}/one`)).body.spec.replicas, 5);

  const table = (await api.request('GET', CT, undefined, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' }))
    .body;
  assert.deepEqual(
    table.columnDefinitions.map((c: { name: string }) => c.name),
    ['Name', 'Spec', 'Replicas', 'Age'],
  );
  assert.deepEqual(table.rows[0].cells.slice(0, 3), ['one', '* * * * */5', 5]);
  assert.match(table.rows[0].cells[3], /^\d+s$/);

  const smp = await api.request(
    'PATCH',
    `${CT}/one`,
    { spec: { image: 'x' } },
    {
      'Content-Type': 'application/strategic-merge-patch+json',
    },
  );
  assert.equal(smp.status, 415);
  assert.equal(
    smp.body.message,
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
  );
  const del = await api.request('DELETE', `${CT}/one`);
  assert.equal(del.status, 200);
  assert.equal((await api.request('GET', `${CT}/one`)).status, 404);
});

test('deleting a CRD deletes its objects, then the CRD, and stops serving it', async () => {
  await api.request('POST', CRDS, {
    ...crontabs(),
    metadata: { name: 'widgets.stable.example.com' },
    spec: { ...crontabs().spec, names: { plural: 'widgets', singular: 'widget', kind: 'Widget' } },
  });
  const W = '/apis/stable.example.com/v1/namespaces/default/widgets';
  await until(async () => ((await api.request('GET', W)).status === 200 ? true : undefined));
  for (const n of ['a', 'b']) {
    assert.equal((await api.request('POST', W, { ...tab(n), kind: 'Widget' })).status, 201);
  }
  const del = await api.request('DELETE', `${CRDS}/widgets.stable.example.com`);
  assert.equal(del.status, 200);
  assert.ok(del.body.metadata.finalizers.includes('customresourcecleanup.apiextensions.k8s.io'));
  await until(async () =>
    (await api.request('GET', `${CRDS}/widgets.stable.example.com`)).status === 404 ? true : undefined,
  );
  await until(async () => ((await api.request('GET', W)).status === 404 ? true : undefined));
  // Recreated, the CRD starts empty: its objects went with it.
  await api.request('POST', CRDS, {
    ...crontabs(),
    metadata: { name: 'widgets.stable.example.com' },
    spec: { ...crontabs().spec, names: { plural: 'widgets', singular: 'widget', kind: 'Widget' } },
  });
  const items = await until(async () => {
    const r = await api.request('GET', W);
    return r.status === 200 ? r.body.items : undefined;
  });
  assert.deepEqual(items, []);
});

test('a CRD whose names another CRD of the group holds is not established', async () => {
  const clash = await api.request('POST', CRDS, {
    ...crontabs(),
    metadata: { name: 'crontabz.stable.example.com' },
    spec: { ...crontabs().spec, names: { plural: 'crontabz', singular: 'crontabz', kind: 'CronTab' } },
  });
  assert.equal(clash.status, 201);
  const crd = await until(async () => {
    const c = (await api.request('GET', `${CRDS}/crontabz.stable.example.com`)).body;
    return c.status?.conditions?.length ? c : undefined;
  });
  const cond = Object.fromEntries(crd.status.conditions.map((c: { type: string }) => [c.type, c]));
  assert.equal(cond.NamesAccepted.status, 'False');
  assert.equal(cond.NamesAccepted.reason, 'ListKindConflict', 'the last conflict found names it, as upstream');
  assert.equal(cond.NamesAccepted.message, '"CronTabList" is already in use');
  assert.equal(cond.Established.status, 'False');
  assert.equal((await api.request('GET', '/apis/stable.example.com/v1/namespaces/default/crontabz')).status, 404);
});

test('custom resources are watched, and served again at once after an apiserver restart', async () => {
  const cp = await startControlPlane();
  try {
    let client = testClient(cp.url, cp.apiserver.caCert);
    await client.request('POST', CRDS, crontabs());
    await until(async () => ((await client.request('GET', CT)).status === 200 ? true : undefined));
    const w = await client.watch(`${CT}?watch=1`);
    await client.request('POST', CT, tab('watched'));
    await until(async () => (w.events.length ? true : undefined));
    const ev = w.events[0];
    assert.deepEqual([ev.type, ev.object.kind, ev.object.metadata.name], ['ADDED', 'CronTab', 'watched']);
    w.close();
    await cp.restartApiserver();
    client = testClient(cp.url, cp.apiserver.caCert);
    const got = await client.request('GET', `${CT}/watched`);
    assert.equal(got.status, 200, 'served as soon as the restarted apiserver answers');
    assert.equal(got.body.spec.cronSpec, '* * * * */5');
  } finally {
    await cp.stop();
  }
});

test('several versions with None conversion share one store in the storage version', async () => {
  const spec = crontabs().spec;
  const v1 = spec.versions[0];
  const created = await api.request('POST', CRDS, {
    ...crontabs(),
    metadata: { name: 'gadgets.stable.example.com' },
    spec: {
      ...spec,
      names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
      versions: [
        { ...v1, name: 'v1beta1', storage: false },
        { ...v1, name: 'v1', storage: true },
        { ...v1, name: 'v1alpha1', served: false, storage: false },
      ],
    },
  });
  assert.equal(created.status, 201);
  const G = (v: string) => `/apis/stable.example.com/${v}/namespaces/default/gadgets`;
  await until(async () => ((await api.request('GET', G('v1'))).status === 200 ? true : undefined));
  const group = (await api.request('GET', '/apis/stable.example.com')).body;
  assert.equal(group.preferredVersion.version, 'v1');
  assert.deepEqual(
    group.versions.map((v: { version: string }) => v.version),
    ['v1', 'v1beta1'],
  );
  assert.equal((await api.request('GET', G('v1alpha1'))).status, 404, 'a version not served is not there');
  const made = await api.request('POST', G('v1beta1'), {
    ...tab('old'),
    apiVersion: 'stable.example.com/v1beta1',
    kind: 'Gadget',
  });
  assert.equal(made.status, 201);
  assert.equal(made.body.apiVersion, 'stable.example.com/v1beta1');
  const asV1 = (await api.request('GET', `${G('v1')}/old`)).body;
  assert.equal(asV1.apiVersion, 'stable.example.com/v1');
  assert.equal(asV1.spec.image, 'my-cron');
  const mismatch = await api.request('POST', G('v1'), {
    ...tab('x'),
    apiVersion: 'stable.example.com/v1beta1',
    kind: 'Gadget',
  });
  assert.equal(mismatch.status, 400);
  const proto = await api.request('POST', G('v1'), Buffer.from('k8s\0'), {
    'Content-Type': 'application/vnd.kubernetes.protobuf',
  });
  assert.equal(proto.status, 415);
  assert.equal(
    proto.body.message,
    'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
  );
});

test('a terminating CRD still serves reads and deletes, refuses creates, and waits for its objects finalizers', async () => {
  const spec = crontabs().spec;
  await api.request('POST', CRDS, {
    ...crontabs(),
    metadata: { name: 'gizmos.stable.example.com' },
    spec: { ...spec, names: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo' } },
  });
  const G = '/apis/stable.example.com/v1/namespaces/default/gizmos';
  await until(async () => ((await api.request('GET', G)).status === 200 ? true : undefined));
  const held = { ...tab('held'), kind: 'Gizmo', metadata: { name: 'held', finalizers: ['example.com/hold'] } };
  assert.equal((await api.request('POST', G, held)).status, 201);
  assert.equal((await api.request('DELETE', `${CRDS}/gizmos.stable.example.com`)).status, 200);
  const crd = await until(async () => {
    const c = (await api.request('GET', `${CRDS}/gizmos.stable.example.com`)).body;
    return (await api.request('GET', `${G}/held`)).body.metadata?.deletionTimestamp ? c : undefined;
  });
  assert.ok(crd.metadata.deletionTimestamp);
  assert.equal(crd.status.conditions.find((c: { type: string }) => c.type === 'Terminating').status, 'True');
  const refused = await api.request('POST', G, { ...tab('late'), kind: 'Gizmo' });
  assert.equal(refused.status, 405);
  assert.equal(refused.body.message, 'create not allowed while custom resource definition is terminating');
  // The object's own finalizer gone, the object goes, then the CRD.
  const obj = (await api.request('GET', `${G}/held`)).body;
  await api.request('PUT', `${G}/held`, { ...obj, metadata: { ...obj.metadata, finalizers: [] } });
  await until(async () =>
    (await api.request('GET', `${CRDS}/gizmos.stable.example.com`)).status === 404 ? true : undefined,
  );
});
