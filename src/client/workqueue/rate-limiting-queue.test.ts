import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './fake-clock.js';
import { ItemExponentialFailureRateLimiter } from './rate-limiters.js';
import { RateLimitingQueue, TypedRateLimitingQueue } from './rate-limiting-queue.js';

test('RateLimitingQueue: addRateLimited requeues after the limiter delay; forget resets it', async () => {
  const clock = new FakeClock();
  const q = new RateLimitingQueue<string>(new ItemExponentialFailureRateLimiter<string>(5, 1000), { clock });
  q.addRateLimited('a');
  assert.equal(q.numRequeues('a'), 1);
  clock.step(4);
  assert.equal(q.len(), 0);
  clock.step(1);
  assert.equal(q.len(), 1);
  const r = await q.get();
  q.addRateLimited('a'); // failed: back off 10ms (marked dirty when it lands, while still in flight)
  q.done(r.item as string);
  clock.step(9);
  assert.equal(q.len(), 0);
  clock.step(1);
  assert.equal(q.len(), 1);
  assert.equal(q.numRequeues('a'), 2);
  q.forget('a');
  assert.equal(q.numRequeues('a'), 0);
  q.addRateLimited('a');
  assert.deepEqual(clock.pendingTimers(), [clock.now() + 5]);
});

test('RateLimitingQueue: is exported under its upstream name too, and shuts down like the others', async () => {
  assert.equal(TypedRateLimitingQueue, RateLimitingQueue);
  const clock = new FakeClock();
  const q = new TypedRateLimitingQueue<string>(new ItemExponentialFailureRateLimiter<string>(), { clock });
  q.addRateLimited('a');
  q.shutDown();
  clock.step(10);
  assert.equal((await q.get()).shutdown, true);
});
