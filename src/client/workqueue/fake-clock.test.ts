import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './fake-clock.js';

test('FakeClock: time moves only when stepped', () => {
  const clock = new FakeClock(100);
  assert.equal(clock.now(), 100);
  clock.step(50);
  assert.equal(clock.now(), 150);
  clock.setTime(200);
  assert.equal(clock.now(), 200);
  assert.throws(() => clock.setTime(199), RangeError);
  assert.throws(() => clock.step(-1), RangeError);
});

test('FakeClock: timers fire in due order, at their due time, when passed', () => {
  const clock = new FakeClock();
  const fired: string[] = [];
  clock.setTimer(() => fired.push(`b@${clock.now()}`), 20);
  clock.setTimer(() => fired.push(`a@${clock.now()}`), 10);
  clock.setTimer(() => fired.push(`c@${clock.now()}`), 20);
  assert.deepEqual(clock.pendingTimers(), [10, 20, 20]);
  clock.step(9);
  assert.deepEqual(fired, []);
  clock.step(100);
  assert.deepEqual(fired, ['a@10', 'b@20', 'c@20']);
  assert.equal(clock.now(), 109);
  assert.equal(clock.hasWaiters(), false);
});

test('FakeClock: cancelled timers never fire; timers set while firing fire if due', () => {
  const clock = new FakeClock();
  const fired: number[] = [];
  const t = clock.setTimer(() => fired.push(-1), 5);
  t.cancel();
  t.cancel();
  clock.setTimer(() => {
    fired.push(clock.now());
    clock.setTimer(() => fired.push(clock.now()), 5);
  }, 5);
  clock.step(10);
  assert.deepEqual(fired, [5, 10]);
  clock.setTimer(() => fired.push(clock.now()), 0);
  assert.deepEqual(fired, [5, 10], 'a zero timer does not run synchronously');
  clock.step(0);
  assert.deepEqual(fired, [5, 10, 10]);
});
