import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './clock.js';
import { TokenBucket } from './token-bucket.js';
import { rateLimiterFor } from './client.js';

test('the bucket starts full: burst requests go at once, then one every 1/qps', async () => {
  const clock = new FakeClock(1_000);
  const b = new TokenBucket(5, 10, clock);
  for (let i = 0; i < 10; i++) await b.wait();
  assert.deepEqual(clock.sleeps, []);
  await b.wait();
  await b.wait();
  assert.deepEqual(clock.sleeps, [200, 200]);
});

test('tokens refill with time, never above burst', () => {
  const clock = new FakeClock();
  const b = new TokenBucket(2, 3, clock);
  assert.ok(b.tryAccept() && b.tryAccept() && b.tryAccept());
  assert.equal(b.tryAccept(), false);
  clock.advance(499);
  assert.equal(b.tryAccept(), false);
  clock.advance(1);
  assert.equal(b.tryAccept(), true);
  clock.advance(60_000);
  assert.equal(b.available(), 3);
});

test('reservations queue up: each waits for its own token', () => {
  const clock = new FakeClock();
  const b = new TokenBucket(10, 1, clock);
  assert.equal(b.reserve(), 0);
  assert.equal(b.reserve(), 100);
  assert.equal(b.reserve(), 200);
  b.cancel();
  assert.equal(b.reserve(), 200);
});

test('an aborted wait gives its token back', async () => {
  const clock = new FakeClock();
  const b = new TokenBucket(1, 1, clock);
  await b.wait();
  const ctrl = new AbortController();
  ctrl.abort();
  await assert.rejects(b.wait(ctrl.signal), { name: 'AbortError' });
  assert.equal(b.available(), 0);
});

test('client-go defaults: qps 5, burst 10; qps < 0 disables; bad values are refused', () => {
  const b = rateLimiterFor({ server: 'https://x' })!;
  assert.equal(b.qps, 5);
  assert.equal(b.burst, 10);
  assert.equal(rateLimiterFor({ server: 'https://x', qps: -1 }), undefined);
  assert.equal(rateLimiterFor({ server: 'https://x', qps: 50, burst: 100 })!.burst, 100);
  assert.throws(() => new TokenBucket(0, 1), /qps must be positive/);
  assert.throws(() => new TokenBucket(1, 0), /burst must be at least 1/);
});
