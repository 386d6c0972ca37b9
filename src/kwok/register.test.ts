import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../client/workqueue/fake-clock.js';
import { isManagedNode } from './node-state.js';
import { buildNode } from './node.js';
import { registerNodes } from './register.js';
import { FakeKwokApi, flush, silentLog } from './testing.js';

const T0 = Date.UTC(2026, 11, 2, 22, 0, 0);

test('creates the nodes with bounded concurrency, adopting kwok nodes and skipping others', async () => {
  const api = new FakeKwokApi();
  api.nodes.set('n-1', buildNode('n-1', { now: T0, internalIP: '10.0.0.1' }));
  api.nodes.set('n-2', { metadata: { name: 'n-2' } });
  let inFlight = 0;
  let peak = 0;
  const after: string[] = [];
  const result = await registerNodes({
    count: 20,
    concurrency: 4,
    build: (i) => buildNode(`n-${i}`, { now: T0, internalIP: '10.0.0.1' }),
    api,
    existing: (name) => (name === 'n-3' ? buildNode('n-3', { now: T0, internalIP: '10.0.0.1' }) : undefined),
    adopt: (n) => isManagedNode(n, false),
    afterRegister: async (n: Node) => {
      peak = Math.max(peak, ++inFlight);
      await flush(1);
      inFlight--;
      after.push(n.metadata!.name!);
    },
    clock: new FakeClock(0),
    log: silentLog,
    signal: new AbortController().signal,
  });
  assert.deepEqual(result, { registered: 19, skipped: ['n-2'] });
  assert.equal(peak, 4);
  assert.equal(after.length, 19);
  assert.ok(after.includes('n-1'), 'adopted');
  assert.ok(after.includes('n-3'), 'adopted from the cache');
  assert.equal(api.callsOf('createNode').length, 19, 'none for a node the cache knows');
});

test('a failed registration is retried with backoff until it succeeds', async () => {
  const api = new FakeKwokApi();
  api.fail.set('createNode', new Error('connection refused'));
  const clock = new FakeClock(0);
  const done = registerNodes({
    count: 1,
    concurrency: 1,
    build: (i) => buildNode(`n-${i}`, { now: T0, internalIP: '10.0.0.1' }),
    api,
    adopt: () => true,
    afterRegister: async () => undefined,
    clock,
    log: silentLog,
    signal: new AbortController().signal,
  });
  await flush();
  assert.equal(api.callsOf('createNode').length, 1);
  clock.step(500);
  assert.deepEqual(await done, { registered: 1, skipped: [] });
  assert.equal(api.callsOf('createNode').length, 2);
});
