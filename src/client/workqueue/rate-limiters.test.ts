import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './fake-clock.js';
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  defaultItemBasedRateLimiter,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
} from './rate-limiters.js';

test('ItemExponentialFailureRateLimiter: 5ms doubling per failure, per item; forget resets', () => {
  const l = new ItemExponentialFailureRateLimiter<string>();
  assert.deepEqual(
    [1, 2, 3, 4, 5].map(() => l.when('a')),
    [5, 10, 20, 40, 80],
  );
  assert.equal(l.numRequeues('a'), 5);
  assert.equal(l.when('b'), 5, 'each item has its own count');
  l.forget('a');
  assert.equal(l.numRequeues('a'), 0);
  assert.equal(l.when('a'), 5);
  assert.equal(l.numRequeues('b'), 1);
});

test('ItemExponentialFailureRateLimiter: capped at the max, even for huge exponents', () => {
  const l = new ItemExponentialFailureRateLimiter<string>(1, 1000);
  assert.deepEqual(
    Array.from({ length: 12 }, () => l.when('a')),
    [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 1000],
  );
  const d = new ItemExponentialFailureRateLimiter<string>();
  const seq = Array.from({ length: 2000 }, () => d.when('x'));
  assert.equal(seq[17], 5 * 2 ** 17);
  assert.equal(seq[18], 1_000_000, '5ms * 2^18 exceeds the 1000s cap');
  assert.equal(seq[1999], 1_000_000);
  assert.equal(defaultItemBasedRateLimiter<string>().when('x'), 1);
});

test('ItemFastSlowRateLimiter: fast for maxFastAttempts, then slow; forget resets', () => {
  const l = new ItemFastSlowRateLimiter<string>(5, 10_000, 3);
  assert.deepEqual(
    [1, 2, 3, 4, 5].map(() => l.when('a')),
    [5, 5, 5, 10_000, 10_000],
  );
  assert.equal(l.numRequeues('a'), 5);
  l.forget('a');
  assert.equal(l.when('a'), 5);
});

test('BucketRateLimiter: burst is free, then 1/qps apart; refills with time up to burst', () => {
  const clock = new FakeClock();
  const l = new BucketRateLimiter<string>(10, 100, { clock });
  for (let i = 0; i < 100; i++) assert.equal(l.when(`i${i}`), 0);
  assert.equal(l.when('x'), 100);
  assert.equal(l.when('x'), 200);
  assert.equal(l.numRequeues('x'), 0);
  l.forget('x');
  clock.step(1000); // +10 tokens, 2 of them repay the debt
  for (let i = 0; i < 8; i++) assert.equal(l.when('y'), 0);
  assert.equal(l.when('y'), 100);
  clock.step(1_000_000); // refill is capped at the burst
  for (let i = 0; i < 100; i++) assert.equal(l.when('z'), 0);
  assert.equal(l.when('z'), 100);
});

test('BucketRateLimiter: infinite qps never waits; bad arguments throw', () => {
  const l = new BucketRateLimiter(Infinity, 1, { clock: new FakeClock() });
  for (let i = 0; i < 10; i++) assert.equal(l.when(i), 0);
  assert.throws(() => new BucketRateLimiter(0, 1), RangeError);
  assert.throws(() => new BucketRateLimiter(1, 0), RangeError);
});

test('MaxOfRateLimiter: the longest wait, the largest count, forget in all', () => {
  const l = new MaxOfRateLimiter<string>(
    new ItemExponentialFailureRateLimiter<string>(1, 1000),
    new ItemFastSlowRateLimiter<string>(5, 10, 3),
  );
  assert.deepEqual(
    Array.from({ length: 6 }, () => l.when('a')),
    [5, 5, 5, 10, 16, 32],
  );
  assert.equal(l.numRequeues('a'), 6);
  l.forget('a');
  assert.equal(l.numRequeues('a'), 0);
  assert.equal(l.when('a'), 5);
});

test('defaultControllerRateLimiter: per-item 5ms backoff until the 10 qps / 100 burst bucket is spent', () => {
  const clock = new FakeClock();
  const l = defaultControllerRateLimiter<string>({ clock });
  assert.equal(l.when('a'), 5);
  assert.equal(l.when('a'), 10);
  for (let i = 0; i < 98; i++) assert.equal(l.when(`i${i}`), 5);
  assert.equal(l.when('late'), 100, 'the 101st call waits on the bucket');
  assert.equal(l.numRequeues('a'), 2);
  l.forget('a');
  assert.equal(l.numRequeues('a'), 0);
});
