import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Job, PodFailurePolicy } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { BackoffStore, getFinishedTime, remainingBackoff } from './backoff.js';
import {
  firstPendingIndexes,
  formatIntervals,
  getCompletionIndex,
  intervalsHas,
  intervalsTotal,
  parseIntervals,
  podGenerateNameWithIndex,
  withOrderedIndexes,
  type OrderedIntervals,
} from './indexed.js';
import { activePodsForRemoval } from './manage-job.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import { matchSuccessPolicy } from './success-policy.js';

const iv = (...pairs: [number, number][]): OrderedIntervals => pairs.map(([first, last]) => ({ first, last }));

describe('ordered intervals', () => {
  // Upstream's indexed_job_utils_test.go TestIntervalsHaveIndex / TestString / TestParseIndexesFromString.
  it('formats as upstream', () => {
    assert.equal(formatIntervals([]), '');
    assert.equal(formatIntervals(iv([1, 1])), '1');
    assert.equal(formatIntervals(iv([1, 2])), '1,2');
    assert.equal(formatIntervals(iv([1, 1], [3, 5])), '1,3-5');
    assert.equal(formatIntervals(iv([0, 0], [2, 4], [6, 7], [10, 20])), '0,2-4,6,7,10-20');
  });
  it('parses, merging and clipping to completions', () => {
    assert.deepEqual(parseIntervals('', 10), []);
    assert.deepEqual(parseIntervals('1,3-5', 10), iv([1, 1], [3, 5]));
    assert.deepEqual(parseIntervals('1,2,3-5,7', 10), iv([1, 5], [7, 7]));
    assert.deepEqual(parseIntervals('1-3,8-12', 10), iv([1, 3], [8, 9]));
    assert.deepEqual(parseIntervals('1,12', 10), iv([1, 1]));
    assert.deepEqual(parseIntervals('a,2,x-4', 10), iv([2, 2]));
  });
  it('merges new indexes', () => {
    assert.deepEqual(withOrderedIndexes(iv([1, 3]), [0, 4, 6]), iv([0, 4], [6, 6]));
    assert.deepEqual(withOrderedIndexes([], [2, 3, 5]), iv([2, 3], [5, 5]));
    assert.deepEqual(withOrderedIndexes(iv([0, 0], [5, 9]), [2]), iv([0, 0], [2, 2], [5, 9]));
  });
  it('counts and finds', () => {
    const x = iv([0, 0], [3, 5], [9, 9]);
    assert.equal(intervalsTotal(x), 5);
    assert.deepEqual(
      [0, 1, 3, 5, 6, 9, 10].map((i) => intervalsHas(x, i)),
      [true, false, true, true, false, true, false],
    );
  });
  it('picks the first pending indexes', () => {
    assert.deepEqual(firstPendingIndexes([], 3, 5), [0, 1, 2]);
    assert.deepEqual(firstPendingIndexes(iv([0, 1], [3, 3]), 3, 6), [2, 4, 5]);
    assert.deepEqual(firstPendingIndexes(iv([0, 4]), 3, 5), []);
    assert.deepEqual(firstPendingIndexes(iv([1, 1]), 2, 10), [0, 2]);
    assert.deepEqual(firstPendingIndexes(iv([1, 1]), 0, 10), []);
  });
  it('reads completion indexes', () => {
    const k = 'batch.kubernetes.io/job-completion-index';
    assert.equal(getCompletionIndex({ [k]: '3' }), 3);
    assert.equal(getCompletionIndex({ [k]: '-1' }), -1);
    assert.equal(getCompletionIndex({ [k]: 'x' }), -1);
    assert.equal(getCompletionIndex(undefined), -1);
  });
  it('names indexed pods', () => {
    assert.equal(podGenerateNameWithIndex('pi', 3), 'pi-3-');
    const long = 'a'.repeat(63);
    assert.equal(podGenerateNameWithIndex(long, 12), `${'a'.repeat(54)}-12-`);
  });
});

const pod = (
  over: Partial<Pod['status']> & { name?: string; created?: string; annotations?: Record<string, string> } = {},
): Pod => ({
  metadata: {
    name: over.name ?? 'p',
    namespace: 'ns',
    creationTimestamp: over.created ?? '2024-01-01T00:00:00Z',
    annotations: over.annotations,
  },
  status: { phase: over.phase, conditions: over.conditions, containerStatuses: over.containerStatuses },
});

describe('backoff', () => {
  // Upstream's backoff_utils_test.go TestGetRemainingBackoffTime.
  const cases: [failures: number, sinceLast: number, want: number][] = [
    [0, 0, 0],
    [1, 0, 10_000],
    [1, 4_000, 6_000],
    [1, 20_000, 0],
    [2, 5_000, 15_000],
    [3, 0, 40_000],
    [10, 0, 600_000],
    [10, 300_000, 300_000],
  ];
  for (const [failures, since, want] of cases) {
    it(`${failures} failures, ${since} ms ago → ${want}`, () => {
      assert.equal(remainingBackoff(1_000_000, 10_000, 600_000, failures, 1_000_000 - since), want);
    });
  }

  it('finds pod finish times', () => {
    const terminated = (at: string) => ({
      name: 'c',
      image: 'i',
      imageID: '',
      ready: false,
      restartCount: 0,
      state: { terminated: { exitCode: 1, finishedAt: at } },
    });
    assert.equal(
      getFinishedTime(
        pod({ containerStatuses: [terminated('2024-01-01T00:00:05Z'), terminated('2024-01-01T00:00:09Z')] }),
      ),
      Date.parse('2024-01-01T00:00:09Z'),
    );
    assert.equal(
      getFinishedTime(
        pod({ conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: '2024-01-01T00:00:07Z' }] }),
      ),
      Date.parse('2024-01-01T00:00:07Z'),
    );
    assert.equal(getFinishedTime(pod()), Date.parse('2024-01-01T00:00:00Z'));
  });

  it('resets on success and counts failures after it', () => {
    const store = new BackoffStore();
    const failedAt = (t: string) =>
      pod({ phase: 'Failed', conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: t }] });
    const r1 = store.newRecord('k', [], [failedAt('2024-01-01T00:00:01Z'), failedAt('2024-01-01T00:00:03Z')]);
    assert.equal(r1.failuresAfterLastSuccess, 2);
    assert.equal(r1.lastFailureTime, Date.parse('2024-01-01T00:00:03Z'));
    store.update(r1);
    const ok = pod({
      phase: 'Succeeded',
      conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: '2024-01-01T00:00:05Z' }],
    });
    const r2 = store.newRecord('k', [ok], [failedAt('2024-01-01T00:00:04Z'), failedAt('2024-01-01T00:00:06Z')]);
    assert.equal(r2.failuresAfterLastSuccess, 1);
    assert.equal(r2.lastFailureTime, Date.parse('2024-01-01T00:00:06Z'));
  });
});

describe('matchPodFailurePolicy', () => {
  // After upstream's pod_failure_policy_test.go.
  const failed = (exitCode: number, conditions: { type: string; status: string }[] = []): Pod => ({
    metadata: { name: 'mypod', namespace: 'default' },
    status: {
      phase: 'Failed',
      conditions,
      containerStatuses: [
        { name: 'main', image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode } } },
      ],
    },
  });
  const policy = (rules: PodFailurePolicy['rules']): PodFailurePolicy => ({ rules });

  it('no policy counts', () => assert.deepEqual(matchPodFailurePolicy(undefined, failed(1)), { countFailed: true }));
  it('FailJob on exit code In', () => {
    const r = matchPodFailurePolicy(
      policy([{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1, 2] } }]),
      failed(2),
    );
    assert.equal(r.action, 'FailJob');
    assert.equal(
      r.failJobMessage,
      'Container main for pod default/mypod failed with exit code 2 matching FailJob rule at index 0',
    );
  });
  it('exit code 0 never matches', () => {
    const r = matchPodFailurePolicy(
      policy([{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [1] } }]),
      failed(0),
    );
    assert.deepEqual(r, { countFailed: true });
  });
  it('NotIn and container names', () => {
    const p = policy([
      { action: 'Ignore', onExitCodes: { containerName: 'other', operator: 'NotIn', values: [0] } },
      { action: 'Count', onExitCodes: { containerName: 'main', operator: 'NotIn', values: [3] } },
    ]);
    assert.deepEqual(matchPodFailurePolicy(p, failed(4)), { countFailed: true, action: 'Count' });
    assert.deepEqual(matchPodFailurePolicy(p, failed(3)), { countFailed: true });
  });
  it('Ignore on a pod condition', () => {
    const p = policy([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }]);
    assert.deepEqual(matchPodFailurePolicy(p, failed(137, [{ type: 'DisruptionTarget', status: 'True' }])), {
      countFailed: false,
      action: 'Ignore',
    });
    assert.deepEqual(matchPodFailurePolicy(p, failed(137, [{ type: 'DisruptionTarget', status: 'False' }])), {
      countFailed: true,
    });
  });
  it('FailJob on a pod condition, first matching rule wins', () => {
    const p = policy([
      { action: 'Count', onExitCodes: { operator: 'In', values: [5] } },
      { action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    ]);
    const r = matchPodFailurePolicy(p, failed(1, [{ type: 'DisruptionTarget', status: 'True' }]));
    assert.equal(r.action, 'FailJob');
    assert.equal(r.failJobMessage, 'Pod default/mypod has condition DisruptionTarget matching FailJob rule at index 1');
  });
  it('FailIndex counts', () => {
    const p = policy([{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }]);
    assert.deepEqual(matchPodFailurePolicy(p, failed(42)), { countFailed: true, action: 'FailIndex' });
  });
});

describe('activePodsForRemoval', () => {
  const k = 'batch.kubernetes.io/job-completion-index';
  const job = (indexed: boolean): Job => ({
    spec: { completions: 3, completionMode: indexed ? 'Indexed' : 'NonIndexed', template: {} },
  });
  it('removes pending before running', () => {
    const rm = activePodsForRemoval(
      job(false),
      [pod({ name: 'run', phase: 'Running' }), pod({ name: 'pend', phase: 'Pending' })],
      1,
    );
    assert.deepEqual(
      rm.map((p) => p.metadata?.name),
      ['pend'],
    );
  });
  it('removes duplicated and out-of-range indexes first', () => {
    const pods = [
      pod({ name: 'a0', phase: 'Running', annotations: { [k]: '0' } }),
      pod({ name: 'b0', phase: 'Pending', annotations: { [k]: '0' } }),
      pod({ name: 'c5', phase: 'Running', annotations: { [k]: '5' } }),
      pod({ name: 'd1', phase: 'Running', annotations: { [k]: '1' } }),
    ];
    assert.deepEqual(
      activePodsForRemoval(job(true), pods, 0)
        .map((p) => p.metadata?.name)
        .sort(),
      ['b0', 'c5'],
    );
  });
});

describe('matchSuccessPolicy', () => {
  // After upstream's success_policy_test.go.
  const ok = (
    rules: { succeededIndexes?: string; succeededCount?: number }[],
    succeeded: OrderedIntervals,
    completions = 10,
  ) => matchSuccessPolicy({ rules }, completions, succeeded);
  it('needs a policy and some success', () => {
    assert.equal(matchSuccessPolicy(undefined, 10, iv([0, 9])), undefined);
    assert.equal(ok([{ succeededCount: 1 }], []), undefined);
  });
  it('matches all of succeededIndexes', () => {
    assert.equal(ok([{ succeededIndexes: '0-2' }], iv([0, 1])), undefined);
    assert.equal(ok([{ succeededIndexes: '0-2' }], iv([0, 3])), 'Matched rules at index 0');
  });
  it('matches succeededCount of succeededIndexes', () => {
    assert.equal(
      ok([{ succeededIndexes: '0,2,4', succeededCount: 2 }], iv([2, 2], [4, 5])),
      'Matched rules at index 0',
    );
    assert.equal(ok([{ succeededIndexes: '0,2,4', succeededCount: 2 }], iv([1, 2])), undefined);
  });
  it('matches succeededCount alone, and the first rule met wins', () => {
    assert.equal(ok([{ succeededIndexes: '9' }, { succeededCount: 2 }], iv([0, 1])), 'Matched rules at index 1');
  });
  it('skips rules whose indexes are out of range', () => {
    assert.equal(ok([{ succeededIndexes: '20-30' }], iv([0, 1]), 10), undefined);
  });
});
