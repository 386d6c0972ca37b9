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
