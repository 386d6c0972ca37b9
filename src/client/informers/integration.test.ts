import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startControlPlane, type TestControlPlane } from '../../apiserver/testing/cluster.js';
import { loadRestConfig } from '../kubeconfig/index.js';
import { RestClient, ResourceClient, type KubeObject, type ResourceRef } from '../rest/index.js';
import { SharedInformerFactory } from './factory.js';
import { until } from './fake-list-watch.js';

const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };

let cp: TestControlPlane;
let informerClient: RestClient;
let writer: RestClient;
let factory: SharedInformerFactory;
const ac = new AbortController();

before(async () => {
  cp = await startControlPlane();
  const config = loadRestConfig({ kubeconfig: cp.kubeconfig });
  informerClient = new RestClient({ ...config, qps: -1 });
  writer = new RestClient({ ...config, qps: -1 });
  factory = new SharedInformerFactory(informerClient, { resyncMs: 0, namespace: 'default' });
});
after(async () => {
  ac.abort();
  await factory?.shutdown();
  informerClient?.close();
  writer?.close();
  await cp?.stop();
});

test('a ConfigMap informer syncs, sees create/update/delete from another client, and lists', async () => {
  const cms = new ResourceClient<KubeObject>(writer, CONFIGMAPS);
  await cms.create({ metadata: { name: 'before', namespace: 'default', labels: { app: 'x' } } });

  const informer = factory.forResource(CONFIGMAPS);
  assert.equal(factory.forResource(CONFIGMAPS), informer);
  const seen: string[] = [];
  informer.addEventHandler({
    onAdd: (o, initial) => seen.push(`add ${o.metadata?.name} ${initial}`),
    onUpdate: (a, b) =>
      seen.push(`update ${b.metadata?.name} ${a.metadata?.resourceVersion !== b.metadata?.resourceVersion}`),
    onDelete: (o) => seen.push(`delete ${o.metadata?.name}`),
  });
  factory.start(ac.signal);
  const synced = await factory.waitForCacheSync(AbortSignal.timeout(10_000));
  assert.deepEqual([...synced], [['/v1/configmaps', true]]);
  assert.ok(seen.includes('add before true'));
  assert.equal(informer.lister.get('default', 'before')?.metadata?.name, 'before');

  await cms.create({ metadata: { name: 'live', namespace: 'default', labels: { app: 'y' } } });
  await until(() => seen.includes('add live false'));
  await cms.patch('live', 'merge', { data: { k: 'v' } }, { namespace: 'default' });
  await until(() => seen.includes('update live true'));
  assert.deepEqual(informer.lister.get('default', 'live')?.data as Record<string, string> | undefined, { k: 'v' });
  assert.deepEqual(
    informer.lister.list('app=y').map((o) => o.metadata?.name),
    ['live'],
  );
  await cms.delete('live', { namespace: 'default' });
  await until(() => seen.includes('delete live'));
  assert.equal(informer.lister.get('default', 'live'), undefined);
  assert.notEqual(informer.reflector.lastSyncResourceVersion(), '');
});
