import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { QueuedPodInfo } from '../../framework/interface.js';
import { PodInfo } from '../../framework/pod-info.js';
import { fakeHandle, makePod } from '../../framework/testing.js';
import { NAME, PrioritySort, factory } from './index.js';

function queued(priority: number | undefined, timestamp = 0): QueuedPodInfo {
  return {
    podInfo: new PodInfo(makePod('p', { priority })),
    initialAttemptTimestamp: timestamp,
    timestamp,
    attempts: 0,
    unschedulablePlugins: new Set(),
    pendingPlugins: new Set(),
    gated: false,
  };
}

const t1 = 1_700_000_000_000;
const t2 = t1 + 1000;

// Ported from upstream's queuesort TestLess.
const cases: { name: string; p1: QueuedPodInfo; p2: QueuedPodInfo; want: boolean }[] = [
  { name: 'p1.priority less than p2.priority', p1: queued(10), p2: queued(100), want: false },
  { name: 'p1.priority greater than p2.priority', p1: queued(100), p2: queued(10), want: true },
  {
    name: 'equal priority. p1 is added to schedulingQ earlier than p2',
    p1: queued(100, t1),
    p2: queued(100, t2),
    want: true,
  },
  {
    name: 'equal priority. p2 is added to schedulingQ earlier than p1',
    p1: queued(100, t2),
    p2: queued(100, t1),
    want: false,
  },
  { name: 'equal priority and timestamp is not less', p1: queued(100, t1), p2: queued(100, t1), want: false },
  { name: 'no priority counts as zero', p1: queued(undefined, t2), p2: queued(-1, t1), want: true },
];

for (const c of cases) {
  test(`PrioritySort.less: ${c.name}`, () => {
    assert.equal(new PrioritySort().less(c.p1, c.p2), c.want);
  });
}

test('PrioritySort factory and name', () => {
  const pl = factory(undefined, fakeHandle([]));
  assert.ok(pl instanceof PrioritySort);
  assert.equal(pl.name, NAME);
  assert.equal(NAME, 'PrioritySort');
});
