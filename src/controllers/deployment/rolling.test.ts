/** Upstream's rolling_test.go tables, on a recording env. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeEnv, newDeployment, rs, withStatus } from './fake-env.js';
import {
  cleanupUnhealthyReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  scaleDownOldReplicaSetsForRollingUpdate,
} from './rolling.js';

describe('reconcileNewReplicaSet', () => {
  const cases = [
    { replicas: 10, maxSurge: 0, old: 10, new: 0, scaled: false },
    { replicas: 10, maxSurge: 2, old: 10, new: 0, scaled: true, expected: 2 },
    { replicas: 10, maxSurge: 2, old: 5, new: 0, scaled: true, expected: 7 },
    { replicas: 10, maxSurge: 2, old: 10, new: 2, scaled: false },
    { replicas: 10, maxSurge: 2, old: 2, new: 11, scaled: true, expected: 10 }, // scale down
  ];
  for (const [i, c] of cases.entries()) {
    it(`scenario ${i}`, async () => {
      const env = fakeEnv();
      const newRS = rs('foo-v2', c.new);
      const oldRS = rs('foo-v2', c.old);
      const d = newDeployment('foo', c.replicas, { maxSurge: c.maxSurge, maxUnavailable: 0, selector: { foo: 'bar' } });
      const scaled = await reconcileNewReplicaSet(env, [newRS, oldRS], newRS, d);
      assert.equal(scaled, c.scaled);
      if (!c.scaled) return assert.equal(env.updated.length, 0);
      assert.equal(env.updated.length, 1);
      assert.equal(env.updated[0].spec!.replicas, c.expected);
    });
  }
});

describe('reconcileOldReplicaSets', () => {
  const cases = [
    { replicas: 10, maxUnavailable: 0, old: 10, new: 0, readyOld: 10, readyNew: 0, scaled: true, expected: 9 },
    { replicas: 10, maxUnavailable: 2, old: 10, new: 0, readyOld: 10, readyNew: 0, scaled: true, expected: 8 },
    // unhealthy replicas of old ReplicaSets are cleaned up
    { replicas: 10, maxUnavailable: 2, old: 10, new: 0, readyOld: 8, readyNew: 0, scaled: true, expected: 8 },
    // one unhealthy replica cleaned up and one ready one scaled down
    { replicas: 10, maxUnavailable: 2, old: 10, new: 0, readyOld: 9, readyNew: 0, scaled: true, expected: 8 },
    // the new ReplicaSet's unavailable pods keep old ones from scaling down further
    { replicas: 10, maxUnavailable: 2, old: 8, new: 2, readyOld: 8, readyNew: 0, scaled: false },
  ];
  for (const [i, c] of cases.entries()) {
    it(`scenario ${i}`, async () => {
      const env = fakeEnv();
      const newRS = rs('foo-new', c.new, { foo: 'new' });
      withStatus(newRS, { availableReplicas: c.readyNew });
      const oldRS = rs('foo-old', c.old, { foo: 'old' });
      withStatus(oldRS, { availableReplicas: c.readyOld });
      const d = newDeployment('foo', c.replicas, {
        maxSurge: 0,
        maxUnavailable: c.maxUnavailable,
        selector: { foo: 'new' },
      });
      const scaled = await reconcileOldReplicaSets(env, [oldRS, newRS], [oldRS], newRS, d);
      assert.equal(scaled, c.scaled);
      if (c.expected !== undefined) assert.equal(env.updated.at(-1)!.spec!.replicas, c.expected);
    });
  }
});

describe('cleanupUnhealthyReplicas', () => {
  const cases = [
    { old: 10, ready: 8, maxCleanup: 1, expected: 1 },
    { old: 10, ready: 8, maxCleanup: 3, expected: 2 },
    { old: 10, ready: 8, maxCleanup: 0, expected: 0 },
    { old: 10, ready: 10, maxCleanup: 3, expected: 0 },
  ];
  for (const [i, c] of cases.entries()) {
    it(`scenario ${i}`, async () => {
      const oldRS = rs('foo-v2', c.old);
      withStatus(oldRS, { availableReplicas: c.ready });
      const d = newDeployment('foo', 10, { maxSurge: 2, maxUnavailable: 2 });
      const [, count] = await cleanupUnhealthyReplicas(fakeEnv(), [oldRS], d, c.maxCleanup);
      assert.equal(count, c.expected);
    });
  }
});

describe('scaleDownOldReplicaSetsForRollingUpdate', () => {
  const cases = [
    { replicas: 10, maxUnavailable: 0, ready: 10, old: 10, expected: 9 },
    { replicas: 10, maxUnavailable: 2, ready: 10, old: 10, expected: 8 },
    { replicas: 10, maxUnavailable: 2, ready: 8, old: 10 },
    { replicas: 10, maxUnavailable: 2, ready: 10, old: 0 },
    { replicas: 10, maxUnavailable: 2, ready: 1, old: 10 },
  ];
  for (const [i, c] of cases.entries()) {
    it(`scenario ${i}`, async () => {
      const env = fakeEnv();
      const oldRS = rs('foo-v2', c.old);
      withStatus(oldRS, { availableReplicas: c.ready });
      const d = newDeployment('foo', c.replicas, {
        maxSurge: 0,
        maxUnavailable: c.maxUnavailable,
        selector: { foo: 'bar' },
      });
      const scaled = await scaleDownOldReplicaSetsForRollingUpdate(env, [oldRS], [oldRS], d);
      if (c.expected === undefined) return assert.equal(scaled, 0);
      assert.ok(scaled > 0);
      assert.equal(env.updated.length, 1);
      assert.equal(env.updated[0].spec!.replicas, c.expected);
      assert.deepEqual(env.events, [
        `Normal ScalingReplicaSet Scaled down replica set foo-v2 from ${c.old} to ${c.expected}`,
      ]);
    });
  }
});
