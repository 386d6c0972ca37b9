/**
 * The official JavaScript client, @kubernetes/client-node 1.1, against `k8ts etcd` +
 * `k8ts apiserver` run as processes: typed CRUD, patches, and an informer that keeps its cache
 * right across a kill -9 of the apiserver.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startCluster, type E2ECluster } from './support/cluster.js';

let c: E2ECluster;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
let apps: k8s.AppsV1Api;

before(async () => {
  c = await startCluster();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(c.kubeconfig);
  core = kc.makeApiClient(k8s.CoreV1Api);
  apps = kc.makeApiClient(k8s.AppsV1Api);
});
after(() => c?.stop());

const until = async (cond: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

test('typed CRUD and the errors it throws', async () => {
  const created = await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'typed' }, data: { a: '1' } },
  });
  assert.equal(created.metadata?.name, 'typed');
  assert.ok(created.metadata?.uid);
  const read = await core.readNamespacedConfigMap({ name: 'typed', namespace: 'default' });
  assert.deepEqual(read.data, { a: '1' });
  read.data = { a: '2' };
  const replaced = await core.replaceNamespacedConfigMap({ name: 'typed', namespace: 'default', body: read });
  assert.equal(replaced.data?.a, '2');
  const list = await core.listNamespacedConfigMap({ namespace: 'default' });
  assert.ok(list.items.some((i) => i.metadata?.name === 'typed'));
  await core.deleteNamespacedConfigMap({ name: 'typed', namespace: 'default' });
  await assert.rejects(
    core.readNamespacedConfigMap({ name: 'typed', namespace: 'default' }),
    (err: k8s.ApiException<string>) => {
      assert.equal(err.code, 404);
      assert.equal(JSON.parse(err.body).message, 'configmaps "typed" not found');
      return true;
    },
  );
});

test('merge and strategic merge patches of a Deployment', async () => {
  await apps.createNamespacedDeployment({
    namespace: 'default',
    body: {
      metadata: { name: 'patched' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'patched' } },
        template: { metadata: { labels: { app: 'patched' } }, spec: { containers: [{ name: 'a', image: 'nginx:1' }] } },
      },
    },
  });
  const merged = await apps.patchNamespacedDeployment(
    { name: 'patched', namespace: 'default', body: { spec: { replicas: 3 } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
  assert.equal(merged.spec?.replicas, 3);
  const smp = await apps.patchNamespacedDeployment(
    {
      name: 'patched',
      namespace: 'default',
      body: { spec: { template: { spec: { containers: [{ name: 'b', image: 'busybox' }] } } } },
    },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
  );
  // Containers merge by name: a is kept, b is added.
  assert.deepEqual(smp.spec?.template.spec?.containers.map((x) => x.name).sort(), ['a', 'b']);
});

test('an informer keeps its cache right across a kill -9 of the apiserver', async () => {
  // makeInformer hands back a ListWatch, which is also the informer's object cache.
  const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
    core.listNamespacedConfigMap({ namespace: 'default' }),
  ) as k8s.ListWatch<k8s.V1ConfigMap>;
  const names = () => new Set(informer.list('default').map((o) => o.metadata!.name!));
  let stopped = false;
  // As client-go's reflector does: after an error, start again (unless the test is done).
  informer.on('error', () => setTimeout(() => void (stopped || informer.start().catch(() => {})), 500));
  await informer.start();
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'before-crash' } } });
  await until(() => names().has('before-crash'));

  await c.crashApiserver();
  // Acknowledged before the crash, still there after it.
  const survived = await core.readNamespacedConfigMap({ name: 'before-crash', namespace: 'default' });
  assert.equal(survived.metadata?.name, 'before-crash');

  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'after-crash' } } });
  await core.deleteNamespacedConfigMap({ name: 'before-crash', namespace: 'default' });
  await until(() => names().has('after-crash') && !names().has('before-crash'));
  stopped = true;
  await informer.stop();
});
