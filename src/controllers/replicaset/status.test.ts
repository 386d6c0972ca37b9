import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../client/workqueue/fake-clock.js';
import { ControllerExpectations } from '../common/index.js';
import { calculateStatus, nextAvailableInMs, REPLICA_FAILURE, rfc3339, statusUnchanged } from './status.js';
import { UIDTrackingExpectations } from './uid-expectations.js';

const now = Date.parse('2026-06-15T12:00:00Z');

function rs(replicas: number, extra: Partial<ReplicaSet['spec']> = {}, status?: ReplicaSet['status']): ReplicaSet {
  return {
    metadata: { name: 'rs', namespace: 'ns', generation: 2 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web', tier: 'fe' } } },
      ...extra,
    },
    status,
  };
}

function pod(labels: Record<string, string>, readySince?: number): Pod {
  return {
    metadata: { name: 'p', namespace: 'ns', labels },
    status: {
      phase: 'Running',
      conditions:
        readySince === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: rfc3339(readySince) }],
    },
  };
}

const fe = { app: 'web', tier: 'fe' };
const failure = {
  type: REPLICA_FAILURE,
  status: 'True',
  reason: 'FailedCreate',
  message: 'old',
  lastTransitionTime: rfc3339(now - 60_000),
};

describe('calculateStatus (upstream TestCalculateStatus cases)', () => {
  const cases: {
    name: string;
    rs: ReplicaSet;
    pods: Pod[];
    err?: Error;
    want: Record<string, unknown>;
  }[] = [
    { name: 'no pods', rs: rs(1), pods: [], want: { replicas: 0 } },
    {
      name: '1 fully labelled pod',
      rs: rs(1),
      pods: [pod(fe)],
      want: { replicas: 1, fullyLabeledReplicas: 1 },
    },
    {
      name: '1 not fully labelled pod',
      rs: rs(1),
      pods: [pod({ app: 'web' })],
      want: { replicas: 1 },
    },
    {
      name: '2 fully labelled pods, one ready',
      rs: rs(2),
      pods: [pod(fe, now - 5000), pod(fe)],
      want: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 1 },
    },
    {
      name: 'ready but not yet available with minReadySeconds',
      rs: rs(2, { minReadySeconds: 10 }),
      pods: [pod(fe, now - 5000), pod(fe, now - 20_000)],
      want: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1 },
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      assert.deepEqual(calculateStatus(c.rs, c.pods, c.err, now), c.want);
    });

  it('sets ReplicaFailure FailedCreate when creating failed', () => {
    const s = calculateStatus(rs(2), [pod(fe)], new Error('pods "x" is forbidden: quota'), now);
    assert.deepEqual(s.conditions, [
      {
        type: REPLICA_FAILURE,
        status: 'True',
        lastTransitionTime: '2026-06-15T12:00:00Z',
        reason: 'FailedCreate',
        message: 'pods "x" is forbidden: quota',
      },
    ]);
  });

  it('sets FailedDelete when deleting failed', () => {
    const s = calculateStatus(rs(0), [pod(fe)], new Error('boom'), now);
    assert.equal(s.conditions?.[0]?.reason, 'FailedDelete');
  });

  it('keeps an existing ReplicaFailure condition as it is while failing', () => {
    const s = calculateStatus(rs(2, {}, { replicas: 1, conditions: [failure] }), [pod(fe)], new Error('new'), now);
    assert.deepEqual(s.conditions, [failure]);
  });

  it('removes ReplicaFailure once a sync succeeds', () => {
    const s = calculateStatus(rs(1, {}, { replicas: 1, conditions: [failure] }), [pod(fe)], undefined, now);
    assert.equal(s.conditions, undefined);
  });
});

describe('statusUnchanged', () => {
  it('is unchanged only when counts, conditions and observedGeneration agree', () => {
    const r = rs(1, {}, { replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 2 });
    assert.equal(statusUnchanged(r, calculateStatus(r, [pod(fe)], undefined, now)), true);
    assert.equal(statusUnchanged(r, calculateStatus(r, [pod(fe, now)], undefined, now)), false);
    const stale = rs(1, {}, { replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 1 });
    assert.equal(statusUnchanged(stale, calculateStatus(stale, [pod(fe)], undefined, now)), false);
  });
});

describe('nextAvailableInMs', () => {
  it('is the time until the first ready pod becomes available (the first ms past its minReadySeconds)', () => {
    const r = rs(3, { minReadySeconds: 10 });
    assert.equal(nextAvailableInMs(r, [pod(fe, now - 4000), pod(fe, now - 7000), pod(fe)], now), 3001);
    assert.equal(nextAvailableInMs(r, [pod(fe, now - 40_000)], now), undefined);
    assert.equal(nextAvailableInMs(rs(1), [pod(fe, now)], now), undefined);
  });
});

describe('UIDTrackingExpectations', () => {
  it('counts only the deletions it expected, each once', () => {
    const e = new UIDTrackingExpectations(new ControllerExpectations(new FakeClock()));
    e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
    e.deletionObserved('ns/rs', 'ns/other');
    e.deletionObserved('ns/rs', 'ns/a');
    e.deletionObserved('ns/rs', 'ns/a');
    assert.equal(e.satisfied('ns/rs'), false);
    e.deletionObserved('ns/rs', 'ns/b');
    assert.equal(e.satisfied('ns/rs'), true);
  });

  it('lowers creations after a failed slow start and forgets deleted owners', () => {
    const e = new UIDTrackingExpectations(new ControllerExpectations(new FakeClock()));
    e.expectCreations('ns/rs', 4);
    e.creationObserved('ns/rs');
    e.lowerCreations('ns/rs', 3);
    assert.equal(e.satisfied('ns/rs'), true);
    e.expectCreations('ns/rs', 1);
    e.delete('ns/rs');
    assert.equal(e.satisfied('ns/rs'), true);
  });
});
