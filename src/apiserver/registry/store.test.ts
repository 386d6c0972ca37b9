import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../../api/resources.js';
import { startInProcess } from '../../etcd/testing/in-process.js';
import { EtcdStorage } from '../storage/etcd.js';
import type { KObject } from '../cacher/types.js';
import { strategyFor } from './strategies/index.js';
import { Store } from './store.js';
import { sameHiddenClass } from '../../machinery/testing/hidden-class.js';

async function podStore(t: { after: (fn: () => Promise<void>) => void }): Promise<Store> {
  const etcd = await startInProcess();
  const storage = new EtcdStorage({ endpoints: [etcd.endpoint] });
  const info = findResource('', 'v1', 'pods')!;
  const store = new Store(info, strategyFor(info), storage, '/registry');
  const ctrl = new AbortController();
  void store.cacher.run(ctrl.signal);
  t.after(async () => {
    ctrl.abort();
    storage.close();
    await etcd.stop();
  });
  await store.cacher.ready;
  return store;
}

const pod = (name: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'default',
    managedFields: [
      {
        manager: 'kube-controller-manager',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-12-05T13:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
      },
    ],
  },
  spec: {
    containers: [{ name: 'app', image: 'nginx', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' }],
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    terminationGracePeriodSeconds: 30,
  },
});

/** A binding through the store's copying path: its tryUpdate changes a copy of the stored pod. */
async function bind(store: Store, name: string): Promise<KObject> {
  const { obj } = await store.update(
    'default',
    name,
    (p) => {
      p!.spec.nodeName = 'node-1';
      p!.status = { ...p!.status, conditions: [{ type: 'PodScheduled', status: 'True' }] };
      return p!;
    },
    { subresource: 'binding', unvalidated: true },
  );
  return obj;
}

test('a binding keeps the stored managedFields and containers, not copies of them', async (t) => {
  const store = await podStore(t);
  const before = await store.create('default', pod('web-1'));
  const after = await bind(store, 'web-1');
  const cached = await store.getCached('default', 'web-1', Number(after.metadata.resourceVersion));
  assert.equal(cached.spec.nodeName, 'node-1');
  assert.ok(cached.metadata.managedFields === before.metadata.managedFields, 'managedFields shared');
  assert.ok(cached.spec.containers === before.spec.containers, 'containers shared');
  assert.equal(before.spec.nodeName, undefined, 'the stored pod is left as it was');
});

test('bound pods share their spec’s hidden class', async (t) => {
  const store = await podStore(t);
  const bound: KObject[] = [];
  // The first few calls warm the inline caches; V8's quirk shows after them.
  for (let i = 0; i < 12; i++) {
    await store.create('default', pod(`web-${i}`));
    bound.push(await bind(store, `web-${i}`));
  }
  const [a, b] = bound.slice(-2);
  assert.ok(sameHiddenClass(a.spec, b.spec), 'spec');
});
