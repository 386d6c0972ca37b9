import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../client/workqueue/fake-clock.js';
import { NodeController } from './node-controller.js';
import { HEARTBEAT_ANNOTATION, ManagedNodes } from './node-state.js';
import { buildNode } from './node.js';
import { FakeKwokApi, flush, silentLog } from './testing.js';

const T0 = Date.UTC(2026, 11, 2, 22, 0, 0);
const PERIOD = 1000;

async function setup(names = ['kwok-node-0', 'kwok-node-1'], leaseWorkers = names.length) {
  const api = new FakeKwokApi();
  const clock = new FakeClock(T0);
  const cache = new Map<string, Node>();
  const nodes = new ManagedNodes({
    manageAll: false,
    prefix: 'kwok-node-',
    nodes: names.length,
    firstBlock: '10.244.0.0/24',
  });
  const ctl = new NodeController({
    api,
    nodes,
    getNode: (name) => cache.get(name),
    clock,
    queueClock: clock,
    leaseRenewIntervalMs: PERIOD,
    nodeStatusReportFrequencyMs: 60_000,
    workers: 2,
    leaseWorkers,
    log: silentLog,
  });
  /** The informer seeing `node` (added or updated). */
  const see = (node: Node) => {
    cache.set(node.metadata!.name!, node);
    return ctl.observe(node);
  };
  for (const name of names) {
    const node = await api.createNode(buildNode(name, { now: T0, internalIP: '10.0.0.1' }));
    see(node);
    await ctl.heartbeatNow(node);
  }
  const stopping = new AbortController();
  const running = ctl.run(stopping.signal);
  /** Moves time on period by period, letting the workers write in between. */
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += PERIOD / 10) {
      clock.step(PERIOD / 10);
      await flush();
    }
  };
  const stop = async () => {
    stopping.abort();
    await running;
  };
  return { api, clock, ctl, see, advance, stop, cache, nodes };
}

test('registration creates each Lease; the ticker renews each once per period', async () => {
  const { api, advance, stop } = await setup();
  assert.deepEqual(api.callsOf('createLease'), ['kwok-node-0', 'kwok-node-1']);
  assert.deepEqual(api.callsOf('patchNodeStatus'), [], 'a new node already carries a fresh status');
  // As a kubelet's: the first renewal one whole period after the Lease was created, not sooner.
  await advance(PERIOD - PERIOD / 10);
  assert.deepEqual(api.callsOf('updateLease'), []);
  await advance(2 * PERIOD + PERIOD / 10);
  assert.deepEqual(api.callsOf('updateLease').sort(), [
    ...Array(3).fill('kwok-node-0'),
    ...Array(3).fill('kwok-node-1'),
  ]);
  assert.equal(api.leases.get('kwok-node-0')?.spec?.renewTime, '2026-12-02T22:00:03.000000Z');
  await stop();
});

test('a renewal left unanswered holds back no other node’s', async () => {
  const names = ['kwok-node-0', 'kwok-node-1', 'kwok-node-2'];
  const { api, advance, stop } = await setup(names);
  const renew = api.updateLease.bind(api);
  let stuck = 0;
  api.updateLease = (lease) =>
    lease.metadata?.name === 'kwok-node-0' ? (stuck++, new Promise(() => {})) : renew(lease);
  await advance(3 * PERIOD);
  assert.equal(stuck, 1, 'node 0 waits on its one renewal');
  assert.deepEqual(api.callsOf('updateLease').sort(), [
    ...Array(3).fill('kwok-node-1'),
    ...Array(3).fill('kwok-node-2'),
  ]);
  void stop(); // one worker waits on node 0's renewal forever: not awaited
});

test('k8ts.io/kwok-heartbeat=false stops the lease and status; removing it resumes both at once', async () => {
  const { api, see, advance, stop, cache, clock } = await setup();
  const original = cache.get('kwok-node-1')!;
  see({
    ...original,
    metadata: {
      ...original.metadata,
      annotations: { ...original.metadata?.annotations, [HEARTBEAT_ANNOTATION]: 'false' },
    },
  });
  api.calls.length = 0;
  await advance(3 * PERIOD);
  assert.deepEqual(new Set(api.callsOf('updateLease')), new Set(['kwok-node-0']));
  const stoppedAt = api.leases.get('kwok-node-1')?.spec?.renewTime;

  // Meanwhile the node lifecycle controller marked it Unknown.
  const unknown = structuredClone(original);
  for (const c of unknown.status!.conditions!) Object.assign(c, { status: 'Unknown', reason: 'NodeStatusUnknown' });
  api.calls.length = 0;
  see(unknown); // no annotation: the kubelet is back
  await flush();
  assert.deepEqual(api.callsOf('updateLease'), ['kwok-node-1'], 'renewed without waiting for its tick');
  assert.deepEqual(api.callsOf('patchNodeStatus'), ['kwok-node-1']);
  const ready = api.nodes.get('kwok-node-1')!.status!.conditions!.find((c) => c.type === 'Ready')!;
  assert.equal(ready.status, 'True');
  assert.equal(
    ready.lastTransitionTime,
    new Date(Math.floor(clock.now() / 1000) * 1000).toISOString().replace('.000', ''),
  );
  assert.notEqual(api.leases.get('kwok-node-1')?.spec?.renewTime, stoppedAt);
  await stop();
});

test('an unchanged status is posted again at the report frequency, once', async () => {
  const { api, advance, stop } = await setup(['kwok-node-0']);
  await advance(59 * PERIOD);
  assert.deepEqual(api.callsOf('patchNodeStatus'), []);
  await advance(2 * PERIOD);
  assert.deepEqual(api.callsOf('patchNodeStatus'), ['kwok-node-0']);
  await advance(5 * PERIOD);
  assert.deepEqual(api.callsOf('patchNodeStatus'), ['kwok-node-0'], 'the cache is stale, but it was just posted');
  await stop();
});

test('a Lease written by someone else is re-read and renewed; a deleted node stops heartbeating', async () => {
  const { api, advance, stop, ctl } = await setup(['kwok-node-0']);
  const lease = api.leases.get('kwok-node-0')!;
  api.leases.set('kwok-node-0', { ...lease, metadata: { ...lease.metadata, resourceVersion: '999' } });
  api.calls.length = 0;
  await advance(PERIOD);
  assert.deepEqual(
    api.calls.map((c) => c.method),
    ['updateLease', 'getLease', 'updateLease'],
  );
  ctl.forget('kwok-node-0');
  api.calls.length = 0;
  await advance(2 * PERIOD);
  assert.deepEqual(api.calls, []);
  await stop();
});

test('a node that is not kwok\u2019s is not managed', async () => {
  const { api, see, advance, stop } = await setup([]);
  see({ metadata: { name: 'real', uid: 'r' } });
  await advance(2 * PERIOD);
  assert.deepEqual(api.calls, []);
  await stop();
});

test('registration and the ticker asking together make one Lease, not a conflict', async () => {
  const { api, ctl, cache, stop } = await setup([]);
  const node = await api.createNode(buildNode('kwok-node-0', { now: T0, internalIP: '10.0.0.1' }));
  cache.set('kwok-node-0', node);
  await Promise.all([ctl.heartbeatNow(node), ctl.heartbeatNow(node, true)]);
  assert.deepEqual(api.callsOf('createLease'), ['kwok-node-0']);
  assert.deepEqual(api.callsOf('updateLease'), []);
  // An adopted node's Lease is read first, then renewed.
  api.calls.length = 0;
  await ctl.heartbeatNow(node, true);
  assert.deepEqual(
    api.calls.map((c) => c.method),
    ['getLease', 'updateLease'],
  );
  await stop();
});
