import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DelayingQueue } from './delaying-queue.js';
import { FakeClock } from './fake-clock.js';
import { isSettled } from './test-helpers.js';

function setup() {
  const clock = new FakeClock();
  return { clock, q: new DelayingQueue<string>({ clock }) };
}

test('DelayingQueue: addAfter adds once the delay has passed on the clock', async () => {
  const { clock, q } = setup();
  const waiter = q.get();
  q.addAfter('a', 50);
  assert.equal(q.len(), 0);
  clock.step(49);
  assert.equal(await isSettled(waiter), false);
  clock.step(1);
  assert.deepEqual(await waiter, { item: 'a', shutdown: false });
  assert.equal(clock.hasWaiters(), false);
});

test('DelayingQueue: a delay of zero or less adds now', () => {
  const { q } = setup();
  q.addAfter('a', 0);
  q.addAfter('b', -5);
  assert.equal(q.len(), 2);
});

test('DelayingQueue: for a duplicate the earliest ready time wins', async () => {
  const { clock, q } = setup();
  q.addAfter('a', 100);
  q.addAfter('a', 50);
  q.addAfter('a', 70);
  clock.step(50);
  assert.equal(q.len(), 1);
  const r = await q.get();
  q.done(r.item as string);
  clock.step(100);
  assert.equal(q.len(), 0, 'the later entries were collapsed, not kept');
});

test('DelayingQueue: items become ready in ready-time order, ties in add order', async () => {
  const { clock, q } = setup();
  q.addAfter('b', 30);
  q.addAfter('a', 10);
  q.addAfter('c', 20);
  q.addAfter('d', 20);
  clock.step(25);
  assert.equal(q.len(), 3);
  clock.step(5);
  const got: string[] = [];
  while (q.len() > 0) got.push((await q.get()).item as string);
  assert.deepEqual(got, ['a', 'c', 'd', 'b']);
});

test('DelayingQueue: ready items go through the normal dedupe and dirty rules', async () => {
  const { clock, q } = setup();
  q.add('a');
  q.addAfter('a', 10);
  clock.step(10);
  assert.equal(q.len(), 1, 'collapsed into the waiting a');
  await q.get();
  q.addAfter('a', 10);
  clock.step(10);
  assert.equal(q.len(), 0, 'in flight: marked dirty');
  q.done('a');
  assert.equal(q.len(), 1);
});

test('DelayingQueue: a later, earlier addAfter re-arms the timer', () => {
  const { clock, q } = setup();
  q.addAfter('slow', 1000);
  q.addAfter('fast', 10);
  assert.deepEqual(clock.pendingTimers(), [10]);
  clock.step(10);
  assert.equal(q.len(), 1);
  assert.deepEqual(clock.pendingTimers(), [1000]);
});

test('DelayingQueue: shutDown drops waiting items, cancels the timer, ignores addAfter', async () => {
  const { clock, q } = setup();
  q.addAfter('a', 10);
  q.shutDown();
  assert.equal(clock.hasWaiters(), false);
  q.addAfter('b', 0);
  q.addAfter('c', 10);
  clock.step(100);
  assert.equal(q.len(), 0);
  assert.equal((await q.get()).shutdown, true);
});

test('DelayingQueue: shutDownWithDrain also stops the waiting items', async () => {
  const { clock, q } = setup();
  q.addAfter('a', 10);
  assert.equal(await isSettled(q.shutDownWithDrain()), true);
  clock.step(10);
  assert.equal(q.len(), 0);
});
