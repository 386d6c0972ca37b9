/** Upstream's deployment_util_test.go: TestResolveFenceposts, TestNewRSNewReplicas, TestMaxUnavailable, proportions. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newDeployment, rs, withStatus } from './fake-env.js';
import {
  getProportion,
  isSaturated,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  resolveFenceposts,
} from './fenceposts.js';

describe('resolveFenceposts', () => {
  const cases = [
    { surge: '0%', unavail: '0%', desired: 0, expect: [0, 1] },
    { surge: '39%', unavail: '39%', desired: 10, expect: [4, 3] },
    { surge: 'oops', unavail: '39%', desired: 10, error: true },
    { surge: '55%', unavail: 'urg', desired: 10, error: true },
    { surge: undefined, unavail: '39%', desired: 10, expect: [0, 3] },
    { surge: '39%', unavail: undefined, desired: 10, expect: [4, 0] },
    { surge: undefined, unavail: undefined, desired: 10, expect: [0, 1] },
  ];
  for (const [i, c] of cases.entries()) {
    it(`case ${i}`, () => {
      if (c.error) assert.throws(() => resolveFenceposts(c.surge, c.unavail, c.desired));
      else assert.deepEqual(resolveFenceposts(c.surge, c.unavail, c.desired), c.expect);
    });
  }
});

describe('maxUnavailable / maxSurge', () => {
  const cases = [
    { name: 'maxUnavailable less than replicas', replicas: 10, surge: 0, unavail: 5, expected: 5 },
    { name: 'maxUnavailable equal replicas', replicas: 10, surge: 0, unavail: 10, expected: 10 },
    { name: 'maxUnavailable greater than replicas', replicas: 5, surge: 0, unavail: 10, expected: 5 },
    { name: 'maxUnavailable with replicas is 0', replicas: 0, surge: 0, unavail: 10, expected: 0 },
    {
      name: 'maxUnavailable with Recreate deployment strategy',
      recreate: true,
      replicas: 10,
      surge: 0,
      unavail: 5,
      expected: 0,
    },
    { name: 'maxUnavailable less than replicas with percents', replicas: 10, surge: 0, unavail: '50%', expected: 5 },
    { name: 'maxUnavailable equal replicas with percents', replicas: 10, surge: 0, unavail: '100%', expected: 10 },
    { name: 'maxUnavailable greater than replicas with percents', replicas: 5, surge: 0, unavail: '100%', expected: 5 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = newDeployment('foo', c.replicas, { maxSurge: c.surge, maxUnavailable: c.unavail });
      if (c.recreate) d.spec!.strategy = { type: 'Recreate' };
      assert.equal(maxUnavailable(d), c.expected);
    });
  }
  it('25% of 3 rounds surge up and unavailable down', () => {
    const d = newDeployment('foo', 3, { maxSurge: '25%', maxUnavailable: '25%' });
    assert.equal(maxSurge(d), 1);
    assert.equal(maxUnavailable(d), 0);
  });
});

describe('newRSNewReplicas', () => {
  const cases = [
    { name: 'can not scale up - to newRSReplicas', type: 'RollingUpdate', dep: 1, newRS: 5, surge: 1, expected: 5 },
    { name: 'scale up - to depReplicas', type: 'RollingUpdate', dep: 6, newRS: 2, surge: 10, expected: 6 },
    { name: 'recreate - to depReplicas', type: 'Recreate', dep: 3, newRS: 1, surge: 1, expected: 3 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = newDeployment('nginx', c.dep, { maxSurge: c.surge, maxUnavailable: 1 });
      d.spec!.strategy!.type = c.type;
      const newRS = rs('new', c.newRS);
      assert.equal(newRSNewReplicas(d, [rs('rs5', 5)], newRS), c.expected);
    });
  }
});

describe('proportions', () => {
  it('getProportion follows the max-replicas annotation and never exceeds what is left', () => {
    const d = newDeployment('foo', 10);
    const r = rs('foo-v1', 3);
    r.metadata!.annotations = { 'deployment.kubernetes.io/max-replicas': '5' };
    assert.equal(getProportion(r, d, 5, 0), 3); // 3 * 10 / 5 = 6 → +3
    assert.equal(getProportion(r, d, 5, 4), 1); // only 1 left to add
    assert.equal(getProportion(r, newDeployment('foo', 0), -3, 0), -3);
    assert.equal(getProportion(rs('zero', 0), d, 5, 0), 0);
  });
  it('isSaturated needs size, annotation and availability', () => {
    const d = newDeployment('foo', 3);
    const r = rs('foo-v1', 3);
    r.metadata!.annotations = { 'deployment.kubernetes.io/desired-replicas': '3' };
    assert.equal(isSaturated(d, r), false);
    withStatus(r, { availableReplicas: 3 });
    assert.equal(isSaturated(d, r), true);
    assert.equal(isSaturated(d, undefined), false);
  });
});
