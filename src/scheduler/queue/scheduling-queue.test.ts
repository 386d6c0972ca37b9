import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../client/workqueue/fake-clock.js';
import type { ClusterEvent, QueuedPodInfo } from '../framework/interface.js';
import { Status } from '../framework/status.js';
import { makePod } from '../framework/testing.js';
import { SchedulingQueue } from './scheduling-queue.js';

const NODE_ADD: ClusterEvent = { resource: 'Node', actionType: 1, label: 'NodeAdd' };

function newQueue(clock = new FakeClock(), worth = (_q: QueuedPodInfo, _e: ClusterEvent) => true) {
  return new SchedulingQueue({
    less: (a, b) =>
      (a.podInfo.pod.spec?.priority ?? 0) > (b.podInfo.pod.spec?.priority ?? 0) ||
      ((a.podInfo.pod.spec?.priority ?? 0) === (b.podInfo.pod.spec?.priority ?? 0) && a.timestamp < b.timestamp),
    preEnqueue: (pod: Pod) =>
      pod.spec?.schedulingGates?.length ? Status.unresolvable('gated').withPlugin('SchedulingGates') : undefined,
    isWorthRequeuing: worth,
    clock,
  });
}

test('activeQ pops by priority, then arrival', async () => {
  const clock = new FakeClock();
  const q = newQueue(clock);
  q.add(makePod('low', { priority: 1 }));
  clock.step(1);
  q.add(makePod('high', { priority: 10 }));
  clock.step(1);
  q.add(makePod('low2', { priority: 1 }));
  const order = [];
  for (let i = 0; i < 3; i++) order.push((await q.pop())!.podInfo.pod.metadata?.name);
  assert.deepEqual(order, ['high', 'low', 'low2']);
});

test('gated pods wait until an update removes their gates', async () => {
  const q = newQueue();
  const gated = makePod('g', { spec: { schedulingGates: [{ name: 'example.com/wait' }] } });
  q.add(gated);
  assert.deepEqual(q.counts(), { active: 0, backoff: 0, unschedulable: 0, gated: 1 });
  q.moveAllToActiveOrBackoffQueue(NODE_ADD);
  assert.equal(q.counts().gated, 1, 'events do not move gated pods');
  q.update(gated, { ...gated, spec: { ...gated.spec!, schedulingGates: [] } });
  assert.equal(q.counts().active, 1);
  assert.equal((await q.pop())!.podInfo.pod.metadata?.name, 'g');
});

test('an unschedulable pod returns on a relevant event, through backoff (1 s doubling to 10 s)', async () => {
  const clock = new FakeClock();
  let relevant = false;
  const q = newQueue(clock, () => relevant);
  q.add(makePod('p'));
  const qpi = (await q.pop())!;
  qpi.unschedulablePlugins = new Set(['NodeResourcesFit']);
  const cycle = q.cycle;
  q.addUnschedulableIfNotPresent(qpi, cycle);
  assert.equal(q.counts().unschedulable, 1);
  q.moveAllToActiveOrBackoffQueue(NODE_ADD);
  assert.equal(q.counts().unschedulable, 1, 'hint said QueueSkip');
  relevant = true;
  q.moveAllToActiveOrBackoffQueue(NODE_ADD);
  assert.equal(q.counts().backoff, 1, 'first failure: backing off 1 s');
  clock.step(999);
  q.flushBackoffQCompleted();
  assert.equal(q.counts().backoff, 1);
  clock.step(1);
  q.flushBackoffQCompleted();
  assert.equal(q.counts().active, 1);
  // Attempts 2..5 back off 2, 4, 8, then 10 s (capped).
  const expected = [2000, 4000, 8000, 10_000];
  for (const ms of expected) {
    const again = (await q.pop())!;
    again.unschedulablePlugins = new Set();
    q.addUnschedulableIfNotPresent(again, q.cycle);
    clock.step(ms - 1);
    q.flushBackoffQCompleted();
    assert.equal(q.counts().backoff, 1, `still backing off before ${ms} ms`);
    clock.step(1);
    q.flushBackoffQCompleted();
    assert.equal(q.counts().active, 1, `out of backoff after ${ms} ms`);
  }
});

test('a failure racing a move request goes to backoffQ, not among the unschedulable', async () => {
  const q = newQueue(new FakeClock(), () => true);
  q.add(makePod('p'));
  const qpi = (await q.pop())!;
  const cycle = q.cycle;
  q.moveAllToActiveOrBackoffQueue(NODE_ADD); // a node came while p was being scheduled
  qpi.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulableIfNotPresent(qpi, cycle);
  assert.deepEqual(q.counts(), { active: 0, backoff: 1, unschedulable: 0, gated: 0 });
});

test('unschedulable pods are retried after five minutes without events', async () => {
  const clock = new FakeClock();
  const q = newQueue(clock, () => false);
  q.add(makePod('p'));
  const qpi = (await q.pop())!;
  qpi.unschedulablePlugins = new Set(['X']);
  q.addUnschedulableIfNotPresent(qpi, q.cycle);
  clock.step(5 * 60_000 - 1);
  q.flushUnschedulableLeftover();
  assert.equal(q.counts().unschedulable, 1);
  clock.step(1);
  q.flushUnschedulableLeftover();
  assert.equal(q.counts().active, 1);
});

test('delete removes a pod from every queue and pop waits for work; close ends pop', async () => {
  const q = newQueue();
  const p = makePod('p');
  q.add(p);
  q.delete(p);
  assert.equal(q.counts().active, 0);
  const popped = q.pop();
  q.add(makePod('later'));
  assert.equal((await popped)!.podInfo.pod.metadata?.name, 'later');
  const pending = q.pop();
  q.close();
  assert.equal(await pending, undefined);
});

test('the nominator tracks nominated pods per node', () => {
  const q = newQueue();
  const p = { ...makePod('p'), status: { nominatedNodeName: 'n1' } };
  q.add(p);
  assert.equal(q.nominator.forNode('n1').length, 1);
  q.delete(p);
  assert.equal(q.nominator.forNode('n1').length, 0);
});
