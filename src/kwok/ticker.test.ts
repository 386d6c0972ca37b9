import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../client/workqueue/fake-clock.js';
import { BucketTicker } from './ticker.js';

function ticker(periodMs: number, buckets?: number) {
  const clock = new FakeClock(1_000_000);
  const fired: { at: number; keys: readonly string[] }[] = [];
  const t = new BucketTicker({ periodMs, buckets, clock, onDue: (keys) => fired.push({ at: clock.now(), keys }) });
  return { clock, fired, t };
}

test('the bucket count defaults to one per 100 ms, between 1 and 100', () => {
  assert.equal(ticker(10_000).t.buckets, 100);
  assert.equal(ticker(60_000).t.buckets, 100);
  assert.equal(ticker(500).t.buckets, 5);
  assert.equal(ticker(50).t.buckets, 1);
  assert.equal(ticker(10_000).t.tickMs, 100);
  assert.throws(() => ticker(0), /periodMs must be positive/);
});

test('keys added together spread evenly; each is due once per period', () => {
  const { clock, fired, t } = ticker(1000, 10);
  for (let i = 0; i < 50; i++) t.add(`n${i}`);
  assert.equal(t.size, 50);
  t.start();
  clock.step(1000);
  assert.equal(fired.length, 10);
  assert.deepEqual(
    fired.map((f) => f.keys.length),
    Array(10).fill(5),
  );
  const seen = fired.flatMap((f) => f.keys);
  assert.equal(new Set(seen).size, 50);
  // The next period fires the same buckets at the same offsets.
  const firstRound = fired.map((f) => [...f.keys]);
  fired.length = 0;
  clock.step(1000);
  assert.deepEqual(
    fired.map((f) => [...f.keys]),
    firstRound,
  );
});

test('a key is first due within one period after add', () => {
  const { clock, fired, t } = ticker(1000, 10);
  t.start();
  clock.step(250); // the cursor moved on: the next bucket to fire is bucket 2
  const added = clock.now();
  for (let i = 0; i < 10; i++) t.add(`k${i}`);
  clock.step(1000);
  for (const f of fired) {
    assert.ok(f.at - added > 0 && f.at - added <= 1000, `fired ${f.at - added} ms after add`);
  }
  assert.equal(new Set(fired.flatMap((f) => f.keys)).size, 10);
  assert.equal(fired.length, 10, 'one bucket each');
});

test('pushBack makes a key next due one whole period from now, also when it was already in the ring', () => {
  const { clock, fired, t } = ticker(1000, 10);
  t.add('old');
  t.start();
  clock.step(250);
  const at = clock.now();
  t.pushBack('old');
  t.pushBack('new');
  assert.equal(t.size, 2);
  clock.step(2000);
  const times = (key: string) => fired.filter((f) => f.at > at && f.keys.includes(key)).map((f) => f.at - at);
  // Within (period - tick, period] of the push, then once a period.
  assert.deepEqual(times('new'), [950, 1950]);
  assert.deepEqual(times('old'), [950, 1950]);
});

test('add is idempotent; remove takes a key out', () => {
  const { clock, fired, t } = ticker(100, 2);
  t.add('a');
  t.add('a');
  t.add('b');
  t.remove('b');
  t.remove('missing');
  assert.equal(t.has('a'), true);
  assert.equal(t.has('b'), false);
  t.start();
  clock.step(300);
  assert.deepEqual(
    fired.map((f) => f.keys),
    [['a'], ['a'], ['a']],
  );
});

test('ticks missed while the loop was busy are caught up in order', () => {
  // A clock whose single pending timer the test fires by hand, late.
  let now = 0;
  let pending: (() => void) | undefined;
  const clock = { now: () => now, setTimer: (fn: () => void) => ((pending = fn), { cancel: () => undefined }) };
  const fired: string[][] = [];
  const t = new BucketTicker({ periodMs: 1000, buckets: 4, clock, onDue: (keys) => fired.push([...keys]) });
  for (const k of ['a', 'b', 'c', 'd']) t.add(k);
  t.start();
  now = 2600; // ten ticks (every 250 ms) are due
  pending!();
  assert.equal(fired.length, 10);
  assert.deepEqual(new Set(fired.slice(0, 4).flat()), new Set(['a', 'b', 'c', 'd']));
  assert.deepEqual(fired.slice(4, 8), fired.slice(0, 4));
});

test('stops on abort; a failing callback does not stop the ring', () => {
  const clock = new FakeClock(0);
  let calls = 0;
  const t = new BucketTicker({
    periodMs: 100,
    buckets: 1,
    clock,
    onDue: () => {
      calls++;
      throw new Error('boom');
    },
  });
  t.add('x');
  const ac = new AbortController();
  t.start(ac.signal);
  clock.step(300);
  assert.equal(calls, 3);
  ac.abort();
  clock.step(300);
  assert.equal(calls, 3);
  assert.equal(clock.hasWaiters(), false);
  assert.throws(() => t.start(), /already started/);
});
