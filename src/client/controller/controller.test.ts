import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../workqueue/fake-clock.js';
import { ItemExponentialFailureRateLimiter } from '../workqueue/rate-limiters.js';
import { Controller, splitKey } from './controller.js';

/** Lets pending promise callbacks (a worker's next step) run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

function setup(
  reconcile: (key: string) => Promise<{ requeueAfterMs?: number } | void>,
  before?: (c: Controller) => void,
) {
  const clock = new FakeClock();
  const calls: string[] = [];
  const errors: string[] = [];
  const c = new Controller({
    name: 'test',
    clock,
    rateLimiter: new ItemExponentialFailureRateLimiter<string>(5, 1000),
    reconcile: async (key) => {
      calls.push(key);
      return reconcile(key);
    },
    onError: (key, err) => errors.push(`${key}: ${(err as Error).message}`),
  });
  before?.(c);
  const ac = new AbortController();
  const running = c.run(2, ac.signal);
  return { c, clock, calls, errors, stop: async () => (ac.abort(), await running) };
}

test('keys added before a worker takes them collapse into one reconcile; success forgets', async () => {
  const { c, calls, stop } = setup(
    async () => undefined,
    (c) => {
      c.enqueue({ metadata: { namespace: 'default', name: 'web' } });
      c.enqueue({ metadata: { namespace: 'default', name: 'web' } });
      c.queue.add('kube-system/dns');
    },
  );
  await settle();
  assert.deepEqual(calls.sort(), ['default/web', 'kube-system/dns']);
  assert.equal(c.queue.numRequeues('default/web'), 0);
  await stop();
});

test('a throw retries with per-item backoff (5 ms doubling); then success forgets', async () => {
  let failures = 2;
  const { c, clock, calls, errors, stop } = setup(async () => {
    if (failures-- > 0) throw new Error('conflict');
  });
  c.queue.add('ns/a');
  await settle();
  assert.deepEqual(calls, ['ns/a']);
  assert.equal(c.queue.numRequeues('ns/a'), 1);
  clock.step(4);
  await settle();
  assert.equal(calls.length, 1, 'not before 5 ms');
  clock.step(1);
  await settle();
  assert.equal(calls.length, 2);
  clock.step(10);
  await settle();
  assert.equal(calls.length, 3);
  assert.deepEqual(errors, ['ns/a: conflict', 'ns/a: conflict']);
  assert.equal(c.queue.numRequeues('ns/a'), 0, 'forgotten after success');
  await stop();
});

test('requeueAfterMs brings a key back after that delay without counting a failure', async () => {
  const { c, clock, calls, stop } = setup(async () => ({ requeueAfterMs: 1000 }));
  c.queue.add('ns/a');
  await settle();
  clock.step(999);
  await settle();
  assert.equal(calls.length, 1);
  clock.step(1);
  await settle();
  assert.equal(calls.length, 2);
  assert.equal(c.queue.numRequeues('ns/a'), 0);
  await stop();
});

test('one key is never reconciled by two workers at once', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const { c, calls, stop } = setup(async () => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await gate;
    inFlight--;
  });
  c.queue.add('ns/a');
  await settle();
  c.queue.add('ns/a'); // while it is being reconciled
  await settle();
  assert.equal(calls.length, 1);
  release();
  await settle();
  await settle();
  assert.equal(calls.length, 2, 'the re-add comes back once the first is done');
  assert.equal(maxInFlight, 1);
  await stop();
});

test('splitKey', () => {
  assert.deepEqual(splitKey('default/web'), { namespace: 'default', name: 'web' });
  assert.deepEqual(splitKey('node-1'), { namespace: '', name: 'node-1' });
});
