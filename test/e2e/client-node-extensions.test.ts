/**
 * @kubernetes/client-node 1.1 against `k8ts etcd` + `k8ts apiserver` on the API's extension
 * points: a CustomResourceDefinition created through the typed API, its objects through
 * CustomObjectsApi, and an informer on them that sees creates, updates and deletes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startCluster, type E2ECluster } from './support/cluster.js';

let c: E2ECluster;
let kc: k8s.KubeConfig;

before(async () => {
  c = await startCluster();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(c.kubeconfig);
});
after(() => c?.stop());

const until = async (cond: () => boolean | Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

const GROUP = 'example.com';

test('a CRD through ApiextensionsV1Api, its objects through CustomObjectsApi, and an informer on them', async () => {
  const ext = kc.makeApiClient(k8s.ApiextensionsV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  await ext.createCustomResourceDefinition({
    body: {
      metadata: { name: `otofus.${GROUP}` },
      spec: {
        group: GROUP,
        scope: 'Namespaced',
        names: { plural: 'otofus', singular: 'otofu', kind: 'Otofu' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: { type: 'object', properties: { flavor: { type: 'string' } } } },
              },
            },
          },
        ],
      },
    },
  });
  await until(async () => {
    const crd = await ext.readCustomResourceDefinition({ name: `otofus.${GROUP}` });
    return !!crd.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True');
  });
  const path = `/apis/${GROUP}/v1/namespaces/default/otofus`;
  const list = () =>
    custom.listNamespacedCustomObject({ group: GROUP, version: 'v1', namespace: 'default', plural: 'otofus' });
  await until(async () =>
    list().then(
      () => true,
      () => false,
    ),
  );

  type Otofu = k8s.KubernetesObject & { spec?: { flavor?: string } };
  const informer = k8s.makeInformer<Otofu>(kc, path, list as () => Promise<k8s.KubernetesListObject<Otofu>>);
  const seen: string[] = [];
  informer.on('add', (o) => seen.push(`add ${o.metadata?.name} ${o.spec?.flavor}`));
  informer.on('update', (o) => seen.push(`update ${o.metadata?.name} ${o.spec?.flavor}`));
  informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`));
  await informer.start();

  const body = { apiVersion: `${GROUP}/v1`, kind: 'Otofu', metadata: { name: 'silken' }, spec: { flavor: 'plain' } };
  const made = await custom.createNamespacedCustomObject({
    group: GROUP,
    version: 'v1',
    namespace: 'default',
    plural: 'otofus',
    body,
  });
  assert.equal(made.metadata.name, 'silken');
  await custom.patchNamespacedCustomObject(
    {
      group: GROUP,
      version: 'v1',
      namespace: 'default',
      plural: 'otofus',
      name: 'silken',
      body: { spec: { flavor: 'smoked' } },
    },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
  await custom.deleteNamespacedCustomObject({
    group: GROUP,
    version: 'v1',
    namespace: 'default',
    plural: 'otofus',
    name: 'silken',
  });
  await until(() => seen.length >= 3);
  assert.deepEqual(seen, ['add silken plain', 'update silken smoked', 'delete silken']);
  await informer.stop();
});

test('server-side apply through KubernetesObjectApi: create, update, conflict, force, field removal', async () => {
  const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const cm = (data: Record<string, string>): k8s.V1ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'applied', namespace: 'default' },
    data,
  });
  const applyAs = (data: Record<string, string>, force = false) =>
    objects.patch(cm(data), undefined, undefined, 'ts-client', force, k8s.PatchStrategy.ServerSideApply);

  const created = await applyAs({ a: '1', b: '1' });
  assert.deepEqual(created.data, { a: '1', b: '1' });
  const entry = created.metadata?.managedFields?.[0];
  assert.equal(entry?.manager, 'ts-client');
  assert.equal(entry?.operation, 'Apply');
  assert.deepEqual(entry?.fieldsV1, { 'f:data': { 'f:a': {}, 'f:b': {} } });

  await core.patchNamespacedConfigMap(
    { name: 'applied', namespace: 'default', body: { data: { a: '2' } }, fieldManager: 'other' },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
  await assert.rejects(applyAs({ a: '3', b: '1' }), (err: k8s.ApiException<string>) => {
    assert.equal(err.code, 409);
    const status = JSON.parse(err.body);
    assert.equal(status.message, 'Apply failed with 1 conflict: conflict with "other" using v1: .data.a');
    assert.equal(status.details.causes[0].reason, 'FieldManagerConflict');
    return true;
  });
  const forced = await applyAs({ a: '3', b: '1' }, true);
  assert.equal(forced.data?.a, '3');
  const dropped = await applyAs({ a: '3' });
  assert.deepEqual(dropped.data, { a: '3' });
});
