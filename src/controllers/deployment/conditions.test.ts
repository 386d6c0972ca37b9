/** Upstream's deployment_util_test.go condition tables. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  removeCondition,
  setCondition,
} from './conditions.js';
import { newDeployment, setMeta } from './fake-env.js';

describe('conditions', () => {
  it('setCondition keeps lastTransitionTime when the status stays and skips same status+reason', () => {
    const s = {
      conditions: [
        { type: 'Progressing', status: 'True', reason: 'A', lastTransitionTime: 't0', lastUpdateTime: 't0' },
      ],
    };
    setCondition(s, {
      type: 'Progressing',
      status: 'True',
      reason: 'A',
      lastTransitionTime: 't1',
      lastUpdateTime: 't1',
    });
    assert.equal(s.conditions[0].lastUpdateTime, 't0');
    setCondition(s, {
      type: 'Progressing',
      status: 'True',
      reason: 'B',
      lastTransitionTime: 't2',
      lastUpdateTime: 't2',
    });
    assert.equal(s.conditions[0].reason, 'B');
    assert.equal(s.conditions[0].lastTransitionTime, 't0');
    removeCondition(s, 'Progressing');
    assert.equal(s.conditions, undefined);
  });

  it('deploymentComplete', () => {
    const dep = (desired: number, current: number, updated: number, available: number, mu: number, ms: number) => {
      const d = newDeployment('foo', desired, { maxSurge: ms, maxUnavailable: mu });
      setMeta(d, 'generation', 0);
      d.status = { replicas: current, updatedReplicas: updated, availableReplicas: available };
      return d;
    };
    const cases: [Deployment, boolean][] = [
      [dep(5, 5, 5, 4, 1, 0), false],
      [dep(5, 5, 5, 3, 1, 0), false],
      [dep(5, 5, 5, 5, 0, 0), true],
      [dep(5, 5, 4, 5, 0, 0), false],
      [dep(1, 2, 1, 1, 0, 1), false],
      [dep(1, 1, 1, 0, 1, 1), false],
    ];
    for (const [d, want] of cases) assert.equal(deploymentComplete(d, d.status!), want);
  });

  it('deploymentProgressing', () => {
    const st = (replicas: number, updatedReplicas: number, readyReplicas: number, availableReplicas: number) => ({
      replicas,
      updatedReplicas,
      readyReplicas,
      availableReplicas,
    });
    const cases: [number[], number[], boolean][] = [
      [[10, 4, 4, 4], [10, 6, 4, 4], true],
      [[10, 4, 4, 4], [10, 4, 4, 4], false],
      [[10, 4, 6, 6], [8, 4, 6, 6], true],
      [[10, 7, 3, 3], [10, 6, 3, 3], false],
      [[10, 4, 7, 7], [8, 8, 5, 5], true],
      [[10, 10, 9, 8], [10, 10, 10, 8], true],
      [[10, 10, 10, 9], [10, 10, 10, 10], true],
    ];
    for (const [old, cur, want] of cases) {
      const d: Deployment = { status: st(...(old as [number, number, number, number])) } as Deployment;
      assert.equal(deploymentProgressing(d, st(...(cur as [number, number, number, number]))), want);
    }
  });

  it('deploymentTimedOut', () => {
    const at = (min: number, sec: number) => Date.UTC(2016, 0, 1, 0, min, sec);
    const dep = (pds: number | undefined, fromMs: number, reason = '') =>
      ({
        spec: { progressDeadlineSeconds: pds },
        status: {
          conditions: [{ type: 'Progressing', status: 'True', reason, lastUpdateTime: new Date(fromMs).toISOString() }],
        },
      }) as Deployment;
    const cases: [Deployment, number, boolean][] = [
      [dep(undefined, at(1, 9)), at(1, 20), false],
      [dep(2147483647, at(1, 9)), at(1, 20), false],
      [dep(10, at(1, 9)), at(1, 20), true],
      [dep(10, at(1, 11)), at(1, 20), false],
      [dep(10, at(1, 9), 'NewReplicaSetAvailable'), at(1, 20), false],
      [dep(10, at(1, 19), 'ProgressDeadlineExceeded'), at(1, 20), true],
    ];
    for (const [d, now, want] of cases) assert.equal(deploymentTimedOut(d, d.status!, now), want);
  });
});
