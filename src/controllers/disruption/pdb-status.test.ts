/**
 * PDB arithmetic, after upstream's disruption_test.go scenarios (TestMinAvailable*,
 * TestMaxUnavailable*, TestReplicaSet, TestMultipleControllers, TestUpdateDisruptedPods…).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { Lister } from '../../client/informers/lister.js';
import { Indexer } from '../../client/informers/store.js';
import type { RestClient } from '../../client/rest/client.js';
import { getExpectedScale, podControllerFinders } from './finders.js';
import { STALE_POD_DISRUPTION_TIMEOUT_MS, staleDisruptionCondition } from './stale-pod-disruption.js';
import {
  buildDisruptedPodMap,
  conditionsAreUpToDate,
  countHealthyPods,
  DELETION_TIMEOUT_MS,
  expectedPodCount,
  failSafeStatus,
  nextPdbStatus,
} from './pdb-status.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');

function pod(name: string, ready = true, owner?: { kind: string; apiVersion: string; name: string; uid: string }): Pod {
  return {
    metadata: {
      name,
      namespace: 'ns',
      labels: { app: 'x' },
      ...(owner ? { ownerReferences: [{ ...owner, controller: true }] } : {}),
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

const pdb = (
  spec: Partial<PodDisruptionBudget['spec']>,
  status?: PodDisruptionBudget['status'],
): PodDisruptionBudget => ({
  metadata: { name: 'b', namespace: 'ns', generation: 1 },
  spec: { selector: { matchLabels: { app: 'x' } }, ...spec },
  status,
});

function lister<T extends { metadata?: { name?: string; namespace?: string } }>(...objs: T[]): Lister<T> {
  const idx = new Indexer<T>();
  for (const o of objs) idx.add(o);
  return new Lister(idx);
}

const rs = (name: string, replicas: number, owner?: string): ReplicaSet => ({
  metadata: {
    name,
    namespace: 'ns',
    uid: `${name}-uid`,
    ...(owner
      ? {
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: 'Deployment', name: owner, uid: `${owner}-uid`, controller: true },
          ],
        }
      : {}),
  },
  spec: { replicas, selector: {} },
});
const finders = podControllerFinders({
  rcs: lister<ReplicationController>({
    metadata: { name: 'rc', namespace: 'ns', uid: 'rc-uid' },
    spec: { replicas: 4 },
  }),
  rss: lister(rs('bare', 3), rs('owned', 2, 'dep')),
  deployments: lister<Deployment>({
    metadata: { name: 'dep', namespace: 'ns', uid: 'dep-uid' },
    spec: { replicas: 5, selector: {}, template: {} },
  }),
  statefulsets: lister<StatefulSet>({
    metadata: { name: 'ss', namespace: 'ns', uid: 'ss-uid' },
    spec: { replicas: 6, selector: {}, template: {}, serviceName: '' },
  }),
  client: {
    request: async () => ({ status: 200, headers: {}, body: { resources: [] } }),
  } as unknown as RestClient,
});
const owner = (kind: string, name: string, apiVersion = 'apps/v1') => ({ kind, apiVersion, name, uid: `${name}-uid` });

describe('getExpectedScale', () => {
  it('sums each controller once, through the Deployment above a ReplicaSet', async () => {
    const pods = [
      pod('a', true, owner('ReplicaSet', 'bare')),
      pod('b', true, owner('ReplicaSet', 'bare')),
      pod('c', true, owner('ReplicaSet', 'owned')),
      pod('d', true, owner('ReplicationController', 'rc', 'v1')),
      pod('e', true, owner('StatefulSet', 'ss')),
      pod('f'),
    ];
    assert.deepEqual(await getExpectedScale(finders, pods), { expectedCount: 3 + 5 + 4 + 6, unmanagedPods: ['f'] });
  });
  it('fails for a controller nobody knows', async () => {
    await assert.rejects(getExpectedScale(finders, [pod('z', true, owner('ReplicaSet', 'ghost'))]), {
      message: 'no matches for kind "ReplicaSet" in version "apps/v1"',
    });
  });
});

describe('expectedPodCount', () => {
  const three = [pod('a'), pod('b'), pod('c')];
  const scale = (n: number) => async () => ({ expectedCount: n, unmanagedPods: [] });
  const cases: { name: string; spec: Partial<PodDisruptionBudget['spec']>; scale: number; want: [number, number] }[] = [
    { name: 'minAvailable integer: the pods selected', spec: { minAvailable: 2 }, scale: 10, want: [3, 2] },
    {
      name: 'minAvailable percentage of the scale, rounded up',
      spec: { minAvailable: '34%' },
      scale: 10,
      want: [10, 4],
    },
    { name: 'minAvailable 100%', spec: { minAvailable: '100%' }, scale: 3, want: [3, 3] },
    { name: 'maxUnavailable integer', spec: { maxUnavailable: 1 }, scale: 3, want: [3, 2] },
    { name: 'maxUnavailable percentage rounded up', spec: { maxUnavailable: '25%' }, scale: 10, want: [10, 7] },
    { name: 'maxUnavailable above the scale: not below 0', spec: { maxUnavailable: 5 }, scale: 3, want: [3, 0] },
    { name: 'neither', spec: {}, scale: 3, want: [0, 0] },
  ];
  for (const tc of cases)
    it(tc.name, async () => {
      const got = await expectedPodCount(pdb(tc.spec), three, scale(tc.scale));
      assert.deepEqual([got.expectedCount, got.desiredHealthy], tc.want);
    });
});

describe('nextPdbStatus', () => {
  const status = (p: PodDisruptionBudget, pods: Pod[], desiredHealthy: number, expectedCount = pods.length) => {
    const { disruptedPods } = buildDisruptedPodMap(pods, p, NOW);
    const currentHealthy = countHealthyPods(pods, disruptedPods, NOW);
    return nextPdbStatus(p, { currentHealthy, desiredHealthy, expectedCount, disruptedPods }, NOW);
  };

  it('minAvailable 2 over 3 ready pods allows 1 disruption, True/SufficientPods', () => {
    const st = status(pdb({ minAvailable: 2 }), [pod('a'), pod('b'), pod('c')], 2)!;
    assert.deepEqual(
      { ...st, conditions: undefined },
      {
        currentHealthy: 3,
        desiredHealthy: 2,
        expectedPods: 3,
        disruptionsAllowed: 1,
        observedGeneration: 1,
        conditions: undefined,
      },
    );
    assert.deepEqual(st.conditions, [
      {
        type: 'DisruptionAllowed',
        status: 'True',
        reason: 'SufficientPods',
        message: '',
        observedGeneration: 1,
        lastTransitionTime: '2026-01-01T00:10:00Z',
      },
    ]);
  });

  it('allows nothing below the budget, or with no pods expected', () => {
    const st = status(pdb({ minAvailable: 2 }), [pod('a'), pod('b', false), pod('c')], 2)!;
    assert.equal(st.disruptionsAllowed, 0);
    assert.equal(st.conditions![0].reason, 'InsufficientPods');
    assert.equal(status(pdb({ minAvailable: 0 }), [], 0)!.disruptionsAllowed, 0);
  });

  it('is undefined when the status is already right', () => {
    const p = pdb({ minAvailable: 2 });
    const pods = [pod('a'), pod('b'), pod('c')];
    const st = status(p, pods, 2)!;
    const settled = { ...p, status: st };
    assert.equal(conditionsAreUpToDate(settled), true);
    assert.equal(status(settled, pods, 2), undefined);
    assert.notEqual(status({ ...settled, metadata: { ...settled.metadata, generation: 2 } }, pods, 2), undefined);
  });

  it('does not count recently evicted pods as healthy, and forgets them after the timeout or once deleting', () => {
    const evictedAt = new Date(NOW - 30_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const p = pdb(
      { minAvailable: 2 },
      {
        disruptionsAllowed: 0,
        currentHealthy: 3,
        desiredHealthy: 2,
        expectedPods: 3,
        disruptedPods: { a: evictedAt, gone: evictedAt },
      },
    );
    const pods = [pod('a'), pod('b'), pod('c')];
    const m = buildDisruptedPodMap(pods, p, NOW);
    assert.deepEqual(m.disruptedPods, { a: evictedAt });
    assert.equal(m.recheckAtMs, Date.parse(evictedAt) + DELETION_TIMEOUT_MS);
    const st = status(p, pods, 2)!;
    assert.deepEqual([st.currentHealthy, st.disruptionsAllowed, st.disruptedPods], [2, 0, { a: evictedAt }]);
    const late = buildDisruptedPodMap(pods, p, Date.parse(evictedAt) + DELETION_TIMEOUT_MS + 1);
    assert.deepEqual([late.disruptedPods, late.expired.map((x) => x.metadata?.name)], [{}, ['a']]);
    const deleting: Pod = { ...pod('a'), metadata: { ...pod('a').metadata, deletionTimestamp: evictedAt } };
    assert.deepEqual(buildDisruptedPodMap([deleting], p, NOW).disruptedPods, {});
    assert.equal(countHealthyPods([deleting], {}, NOW), 0);
  });

  it('fails safe: no disruptions, False/SyncFailed with the error', () => {
    const st = failSafeStatus(
      pdb(
        { maxUnavailable: '10%' },
        { disruptionsAllowed: 3, currentHealthy: 5, desiredHealthy: 2, expectedPods: 5, observedGeneration: 1 },
      ),
      'found no controllers for pod "x"',
      NOW,
    );
    assert.equal(st.disruptionsAllowed, 0);
    assert.deepEqual(
      st.conditions?.map((c) => [c.type, c.status, c.reason, c.message]),
      [['DisruptionAllowed', 'False', 'SyncFailed', 'found no controllers for pod "x"']],
    );
  });
});

describe('staleDisruptionCondition', () => {
  const withCond = (cond: Record<string, string>, extra: Partial<Pod> = {}): Pod => ({
    metadata: { name: 'p' },
    status: { phase: 'Running', conditions: [{ type: 'DisruptionTarget', ...cond } as never] },
    ...extra,
  });
  it('waits 2 minutes after a True DisruptionTarget on a pod that is not going away', () => {
    const since = new Date(NOW - 30_000).toISOString();
    assert.deepEqual(staleDisruptionCondition(withCond({ status: 'True', lastTransitionTime: since }), NOW), {
      has: true,
      cleanAfterMs: STALE_POD_DISRUPTION_TIMEOUT_MS - 30_000,
    });
    const old = new Date(NOW - 10 * 60_000).toISOString();
    assert.deepEqual(staleDisruptionCondition(withCond({ status: 'True', lastTransitionTime: old }), NOW), {
      has: true,
      cleanAfterMs: 0,
    });
  });
  it("ignores False, the kubelet's, deleting and terminal pods", () => {
    const none = { has: false, cleanAfterMs: 0 };
    assert.deepEqual(staleDisruptionCondition(withCond({ status: 'False' }), NOW), none);
    assert.deepEqual(staleDisruptionCondition(withCond({ status: 'True', reason: 'TerminationByKubelet' }), NOW), none);
    assert.deepEqual(
      staleDisruptionCondition(withCond({ status: 'True' }, { metadata: { name: 'p', deletionTimestamp: 'x' } }), NOW),
      none,
    );
    assert.deepEqual(
      staleDisruptionCondition(
        {
          ...withCond({ status: 'True' }),
          status: { phase: 'Failed', conditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        },
        NOW,
      ),
      none,
    );
  });
});
