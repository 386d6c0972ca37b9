import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { deletionCost, getPodsToDelete, lessForDeletion, POD_DELETION_COST, sortForDeletion } from './ranking.js';

// Upstream's TestSortingActivePodsWithRanks (pkg/controller/controller_utils_test.go), with the
// PodDeletionCost and LogarithmicScaleDown gates on as in 1.32.
const now = Date.parse('2026-06-15T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const then1Month = Date.parse('2026-05-15T12:00:00Z');
const then2Hours = now - 2 * 3600_000;
const then5Hours = now - 5 * 3600_000;
const then8Hours = now - 8 * 3600_000;
const zero = 0;

function pod(
  name: string,
  nodeName: string,
  phase: string,
  ready: boolean,
  restarts: number,
  readySince: number,
  created: number,
  annotations?: Record<string, string>,
): Pod {
  return {
    metadata: { name, annotations, creationTimestamp: created ? iso(created) : undefined },
    spec: { nodeName: nodeName || undefined, containers: [] },
    status: {
      phase,
      conditions: ready
        ? [{ type: 'Ready', status: 'True', lastTransitionTime: readySince ? iso(readySince) : undefined }]
        : undefined,
      containerStatuses: ready
        ? [{ name: 'c', image: 'i', imageID: '', ready: true, restartCount: restarts }]
        : undefined,
    },
  };
}

const unscheduledPod = pod('unscheduled', '', 'Pending', false, 0, zero, zero);
const scheduledPendingPod = pod('pending', 'node', 'Pending', false, 0, zero, zero);
const unknownPhasePod = pod('unknown-phase', 'node', 'Unknown', false, 0, zero, zero);
const runningNotReadyPod = pod('not-ready', 'node', 'Running', false, 0, zero, zero);
const runningReadyNoLastTransitionTimePod = pod(
  'ready-no-last-transition-time',
  'node',
  'Running',
  true,
  0,
  zero,
  zero,
);
const runningReadyNow = pod('ready-now', 'node', 'Running', true, 0, now, now);
const runningReadyThen = pod('ready-then', 'node', 'Running', true, 0, then1Month, then1Month);
const runningReadyNowHighRestarts = pod('ready-high-restarts', 'node', 'Running', true, 9001, now, now);
const runningReadyNowCreatedThen = pod('ready-now-created-then', 'node', 'Running', true, 0, now, then1Month);
const lowPodDeletionCost = pod('low-deletion-cost', 'node', 'Running', true, 0, now, then1Month, {
  [POD_DELETION_COST]: '10',
});
const highPodDeletionCost = pod('high-deletion-cost', 'node', 'Running', true, 0, now, then1Month, {
  [POD_DELETION_COST]: '100',
});
const unscheduled5Hours = pod('unscheduled-5-hours', '', 'Pending', false, 0, then5Hours, then5Hours);
const unscheduled8Hours = pod('unscheduled-10-hours', '', 'Pending', false, 0, then8Hours, then8Hours);
const ready2Hours = pod('ready-2-hours', '', 'Running', true, 0, then2Hours, then1Month);
const ready5Hours = pod('ready-5-hours', '', 'Running', true, 0, then5Hours, then1Month);
const ready10Hours = pod('ready-10-hours', '', 'Running', true, 0, then8Hours, then1Month);

describe('lessForDeletion (upstream ActivePodsWithRanks.Less)', () => {
  const equal: [Pod, Pod?][] = [
    [unscheduledPod],
    [scheduledPendingPod],
    [unknownPhasePod],
    [runningNotReadyPod],
    [runningReadyNowCreatedThen],
    [runningReadyNow],
    [runningReadyThen],
    [runningReadyNowHighRestarts],
    [unscheduled5Hours, unscheduled8Hours],
    [ready5Hours, ready10Hours],
  ];
  for (const [p1, p2 = p1] of equal) {
    it(`ranks ${p1.metadata?.name} equal to ${p2.metadata?.name}`, () => {
      assert.equal(lessForDeletion({ pod: p1, rank: 1 }, { pod: p2, rank: 1 }, now), false);
      assert.equal(lessForDeletion({ pod: p2, rank: 1 }, { pod: p1, rank: 1 }, now), false);
    });
  }

  const unequal: [Pod, number, Pod, number][] = [
    [unscheduledPod, 1, scheduledPendingPod, 2],
    [unscheduledPod, 2, scheduledPendingPod, 1],
    [scheduledPendingPod, 1, unknownPhasePod, 2],
    [unknownPhasePod, 1, runningNotReadyPod, 2],
    [runningNotReadyPod, 1, runningReadyNoLastTransitionTimePod, 1],
    [runningReadyNoLastTransitionTimePod, 1, runningReadyNow, 1],
    [runningReadyNow, 2, runningReadyNoLastTransitionTimePod, 1],
    [runningReadyNow, 1, runningReadyThen, 1],
    [runningReadyNow, 2, runningReadyThen, 1],
    [runningReadyNowHighRestarts, 1, runningReadyNow, 1],
    [runningReadyNow, 2, runningReadyNowHighRestarts, 1],
    [runningReadyNow, 1, runningReadyNowCreatedThen, 1],
    [runningReadyNowCreatedThen, 2, runningReadyNow, 1],
    [lowPodDeletionCost, 2, highPodDeletionCost, 1],
    [ready2Hours, 1, ready5Hours, 1],
  ];
  for (const [lesser, lr, greater, gr] of unequal) {
    it(`deletes ${lesser.metadata?.name} (rank ${lr}) before ${greater.metadata?.name} (rank ${gr})`, () => {
      const a = { pod: lesser, rank: lr };
      const b = { pod: greater, rank: gr };
      assert.equal(lessForDeletion(a, b, now), true);
      assert.equal(lessForDeletion(b, a, now), false);
    });
  }

  it('compares times without scaling when now is zero', () => {
    assert.equal(lessForDeletion({ pod: ready5Hours, rank: 1 }, { pod: ready10Hours, rank: 1 }, 0), true);
  });

  it('breaks logarithmic ties by uid', () => {
    const a = { ...ready5Hours, metadata: { ...ready5Hours.metadata, uid: 'a' } };
    const b = { ...ready10Hours, metadata: { ...ready10Hours.metadata, uid: 'b' } };
    assert.equal(lessForDeletion({ pod: a, rank: 1 }, { pod: b, rank: 1 }, now), true);
    assert.equal(lessForDeletion({ pod: b, rank: 1 }, { pod: a, rank: 1 }, now), false);
  });
});

describe('deletionCost', () => {
  const cases: [string | undefined, number][] = [
    [undefined, 0],
    ['10', 10],
    ['-5', -5],
    ['0', 0],
    ['+10', 0],
    ['008', 0],
    ['abc', 0],
    ['2147483647', 2147483647],
    ['2147483648', 0],
    ['-2147483648', -2147483648],
  ];
  for (const [v, want] of cases)
    it(`reads ${JSON.stringify(v)} as ${want}`, () => {
      assert.equal(deletionCost(v === undefined ? undefined : { [POD_DELETION_COST]: v }), want);
    });
});

describe('getPodsToDelete', () => {
  it('prefers unscheduled, then pending, then not-ready pods', () => {
    const pods = [runningReadyThen, runningNotReadyPod, scheduledPendingPod, unscheduledPod];
    const names = getPodsToDelete(pods, pods, 3, now).map((p) => p.metadata?.name);
    assert.deepEqual(names, ['unscheduled', 'pending', 'not-ready']);
  });

  it('prefers pods doubled up on a node with related pods', () => {
    const a = pod('a', 'node-1', 'Running', true, 0, then1Month, then1Month);
    const b = pod('b', 'node-2', 'Running', true, 0, then1Month, then1Month);
    const other = pod('other', 'node-2', 'Running', true, 0, then1Month, then1Month);
    assert.deepEqual(
      getPodsToDelete([a, b], [a, b, other], 1, now).map((p) => p.metadata?.name),
      ['b'],
    );
  });

  it('returns every pod unsorted when all go', () => {
    const pods = [runningReadyThen, unscheduledPod];
    assert.deepEqual(getPodsToDelete(pods, pods, 2, now), pods);
  });

  it('sorts a mixed list as upstream', () => {
    const sorted = sortForDeletion(
      [runningReadyThen, runningReadyNow, unknownPhasePod, runningNotReadyPod, unscheduledPod].map((p) => ({
        pod: p,
        rank: 1,
      })),
      now,
    ).map((r) => r.pod.metadata?.name);
    assert.deepEqual(sorted, ['unscheduled', 'unknown-phase', 'not-ready', 'ready-now', 'ready-then']);
  });
});
