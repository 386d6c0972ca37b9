import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { SharedIndexInformer } from '../client/informers/shared-informer.js';
import { FakeClock } from '../client/workqueue/fake-clock.js';
import { ApiError } from '../machinery/errors.js';
import { buildNode } from './node.js';
import { HEARTBEAT_ANNOTATION, ManagedNodes } from './node-state.js';
import { COMPLETE_ANNOTATION } from './pod.js';
import { POD_NODE_INDEX, PodController, podNodeIndex } from './pod-controller.js';
import { FakeKwokApi, silentLog } from './testing.js';

const T0 = Date.UTC(2026, 11, 2, 22, 0, 0);

function setup() {
  const api = new FakeKwokApi();
  const nodes = new ManagedNodes({ manageAll: false, prefix: 'kwok-node-', nodes: 2, firstBlock: '10.244.0.0/24' });
  const noop = { list: async () => ({ metadata: {}, items: [] }), watch: async function* () {} };
  const informer = new SharedIndexInformer<Pod>(noop, { indexers: { [POD_NODE_INDEX]: podNodeIndex } });
  const clock = new FakeClock(T0);
  const ctl = new PodController({ api, nodes, informer, clock, queueClock: clock, workers: 1, log: silentLog });
  for (const name of ['kwok-node-0', 'kwok-node-1']) {
    const n = buildNode(name, { now: T0, internalIP: `10.244.${name.at(-1)}.1` });
    nodes.observe({ ...n, metadata: { ...n.metadata, uid: `uid-${name}` } });
  }
  const add = (p: Pod) => informer.indexer.add(p);
  return { api, nodes, informer, ctl, add, clock };
}

function pod(name: string, node: string, status?: Pod['status'], annotations?: Record<string, string>): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '5', annotations },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'busybox' }] },
    status,
  };
}

test('rebuild reserves the running pods\u2019 addresses, so a restart never hands them out twice', async () => {
  const { api, ctl, add, nodes } = setup();
  add(pod('a', 'kwok-node-1', { phase: 'Running', podIP: '10.244.1.2' }));
  add(pod('b', 'kwok-node-1', { phase: 'Running', podIP: '10.244.1.3' }));
  add(pod('done', 'kwok-node-1', { phase: 'Succeeded', podIP: '10.244.1.4' }));
  add(pod('real', 'elsewhere', { phase: 'Running', podIP: '10.244.1.5' }));
  assert.equal(ctl.rebuild(), 2);
  add(pod('new', 'kwok-node-1', { phase: 'Pending' }));
  await ctl.reconcile('default/new');
  const status = api.podStatuses.get('default/new')!;
  assert.equal(status.phase, 'Running');
  assert.equal(status.podIP, '10.244.1.4', 'the first free address');
  assert.equal(status.hostIP, '10.244.1.1');
  assert.equal(nodes.get('kwok-node-1')!.allocator.used, 3);
});

test('a pod that already shows a free address keeps it', async () => {
  const { api, ctl, add } = setup();
  add(pod('p', 'kwok-node-0', { phase: 'Pending', podIP: '10.244.0.77' }));
  await ctl.reconcile('default/p');
  assert.equal(api.podStatuses.get('default/p')?.podIP, '10.244.0.77');
});

test('completion frees the address; deletion is finished and frees it; stopped nodes are left alone', async () => {
  const { api, ctl, add, nodes, informer } = setup();
  const pool = nodes.get('kwok-node-0')!.allocator;
  add(pod('job', 'kwok-node-0', { phase: 'Pending' }, { [COMPLETE_ANNOTATION]: 'Succeeded' }));
  await ctl.reconcile('default/job');
  assert.equal(pool.used, 1);
  add({
    ...pod('job', 'kwok-node-0', undefined, { [COMPLETE_ANNOTATION]: 'Succeeded' }),
    status: api.podStatuses.get('default/job'),
  });
  await ctl.reconcile('default/job');
  assert.equal(api.podStatuses.get('default/job')?.phase, 'Succeeded');
  assert.equal(pool.used, 0);

  const web = pod('web', 'kwok-node-0', { phase: 'Pending' });
  add(web);
  await ctl.reconcile('default/web');
  assert.equal(pool.used, 1);
  add({
    ...web,
    metadata: { ...web.metadata, deletionTimestamp: '2026-12-02T22:00:05Z', deletionGracePeriodSeconds: 30 },
  });
  await ctl.reconcile('default/web');
  assert.deepEqual(api.deleted, ['default/web']);
  assert.equal(pool.used, 0);

  const stopped = buildNode('kwok-node-1', { now: T0, internalIP: '10.244.1.1' });
  stopped.metadata!.annotations![HEARTBEAT_ANNOTATION] = 'false';
  nodes.observe(stopped);
  add(pod('orphan', 'kwok-node-1', { phase: 'Pending' }));
  await ctl.reconcile('default/orphan');
  assert.equal(api.podStatuses.has('default/orphan'), false);
  assert.equal(informer.indexer.byIndex(POD_NODE_INDEX, 'kwok-node-1').length, 1);
});

test('a pod deleted while being started: NotFound is the end of it; the delete event frees the address', async () => {
  const { api, ctl, add, nodes } = setup();
  const p = pod('gone', 'kwok-node-0', { phase: 'Pending' });
  add(p);
  api.fail.set('patchPodStatus', new ApiError(404, 'NotFound', 'pods "gone" not found'));
  await ctl.reconcile('default/gone');
  ctl.handlers().onDelete!(p);
  assert.equal(nodes.get('kwok-node-0')!.allocator.used, 0);
  api.fail.set('patchPodStatus', new ApiError(409, 'Conflict', 'the object has been modified'));
  add(pod('stale', 'kwok-node-0', { phase: 'Pending' }));
  await assert.rejects(ctl.reconcile('default/stale'), /modified/);
});

test('a completion due later is requeued for then', async () => {
  const { ctl, add } = setup();
  add(
    pod(
      'later',
      'kwok-node-0',
      { phase: 'Running', startTime: '2026-12-02T22:00:00Z', podIP: '10.244.0.2' },
      {
        [COMPLETE_ANNOTATION]: 'Failed',
        'k8ts.io/kwok-complete-after': '30s',
      },
    ),
  );
  assert.deepEqual(await ctl.reconcile('default/later'), { requeueAfterMs: 30_000 });
});

test('a running pod the node lifecycle controller marked not ready is made ready again, keeping its address', async () => {
  const { api, ctl, add, nodes } = setup();
  add(pod('p', 'kwok-node-0', { phase: 'Pending' }));
  await ctl.reconcile('default/p');
  const running = api.podStatuses.get('default/p')!;
  const marked = running.conditions!.map((c) =>
    c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: '2026-12-02T22:01:00Z' } : c,
  );
  add(pod('p', 'kwok-node-0', { ...running, conditions: marked }));
  api.podStatuses.delete('default/p');
  await ctl.reconcile('default/p');
  const written = api.podStatuses.get('default/p')!;
  assert.deepEqual(Object.keys(written), ['conditions'], 'only the conditions are written');
  assert.equal(written.conditions!.find((c) => c.type === 'Ready')?.status, 'True');
  const kept = written.conditions!.find((c) => c.type === 'ContainersReady');
  assert.equal(
    kept?.lastTransitionTime,
    running.conditions!.find((c) => c.type === 'ContainersReady')?.lastTransitionTime,
  );
  assert.equal(nodes.get('kwok-node-0')!.allocator.used, 1);
});
