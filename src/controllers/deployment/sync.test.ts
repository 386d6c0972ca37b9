/** Upstream's sync_test.go tables (TestScale, TestDeploymentController_cleanupDeployment). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { setReplicasAnnotations } from './annotations.js';
import { fakeEnv, newDeployment, rs, rsWithStatus, setMeta, withStatus } from './fake-env.js';
import { maxSurge } from './fenceposts.js';
import { cleanupDeployment, scale } from './sync.js';

const NEW = '2016-05-20T02:00:00Z';
const OLD = '2016-05-20T01:00:00Z';
const OLDER = '2016-05-20T00:00:00Z';

interface ScaleCase {
  name: string;
  deployment: Deployment;
  oldDeployment: Deployment;
  newRS?: ReplicaSet;
  oldRSs: ReplicaSet[];
  expectedNew?: number;
  expectedOld: number[];
  wasntUpdated?: string[];
  desiredReplicasAnnotations?: Record<string, number>;
}

const d = (replicas: number, surge?: number, unavailable?: number) =>
  newDeployment('foo', replicas, { maxSurge: surge, maxUnavailable: unavailable });

describe('scale', () => {
  const updatedTemplate = (replicas: number) => {
    const dep = newDeployment('foo', replicas, { selector: { foo: 'bar' } });
    dep.spec!.template!.metadata!.labels!.another = 'label';
    return dep;
  };
  const cases: ScaleCase[] = [
    {
      name: 'normal scaling event: 10 -> 12',
      deployment: d(12),
      oldDeployment: d(10),
      newRS: rs('foo-v1', 10, undefined, NEW),
      oldRSs: [],
      expectedNew: 12,
      expectedOld: [],
    },
    {
      name: 'normal scaling event: 10 -> 5',
      deployment: d(5),
      oldDeployment: d(10),
      newRS: rs('foo-v1', 10, undefined, NEW),
      oldRSs: [],
      expectedNew: 5,
      expectedOld: [],
    },
    {
      name: 'proportional scaling: 5 -> 10',
      deployment: d(10),
      oldDeployment: d(5),
      newRS: rs('foo-v2', 2, undefined, NEW),
      oldRSs: [rs('foo-v1', 3, undefined, OLD)],
      expectedNew: 4,
      expectedOld: [6],
    },
    {
      name: 'proportional scaling: 5 -> 3',
      deployment: d(3),
      oldDeployment: d(5),
      newRS: rs('foo-v2', 2, undefined, NEW),
      oldRSs: [rs('foo-v1', 3, undefined, OLD)],
      expectedNew: 1,
      expectedOld: [2],
    },
    {
      name: 'proportional scaling: 9 -> 4',
      deployment: d(4),
      oldDeployment: d(9),
      newRS: rs('foo-v2', 8, undefined, NEW),
      oldRSs: [rs('foo-v1', 1, undefined, OLD)],
      expectedNew: 4,
      expectedOld: [0],
    },
    {
      name: 'proportional scaling: 7 -> 10',
      deployment: d(10),
      oldDeployment: d(7),
      newRS: rs('foo-v3', 2, undefined, NEW),
      oldRSs: [rs('foo-v2', 3, undefined, OLD), rs('foo-v1', 2, undefined, OLDER)],
      expectedNew: 3,
      expectedOld: [4, 3],
    },
    {
      name: 'proportional scaling: 13 -> 8',
      deployment: d(8),
      oldDeployment: d(13),
      newRS: rs('foo-v3', 2, undefined, NEW),
      oldRSs: [rs('foo-v2', 8, undefined, OLD), rs('foo-v1', 3, undefined, OLDER)],
      expectedNew: 1,
      expectedOld: [5, 2],
    },
    {
      name: 'leftover distribution: 3 -> 4',
      deployment: d(4),
      oldDeployment: d(3),
      newRS: rs('foo-v3', 1, undefined, NEW),
      oldRSs: [rs('foo-v2', 1, undefined, OLD), rs('foo-v1', 1, undefined, OLDER)],
      expectedNew: 2,
      expectedOld: [1, 1],
    },
    {
      name: 'leftover distribution: 3 -> 2',
      deployment: d(2),
      oldDeployment: d(3),
      newRS: rs('foo-v3', 1, undefined, NEW),
      oldRSs: [rs('foo-v2', 1, undefined, OLD), rs('foo-v1', 1, undefined, OLDER)],
      expectedNew: 1,
      expectedOld: [1, 0],
    },
    {
      name: 'proportional scaling (no new rs): 4 -> 5',
      deployment: d(5),
      oldDeployment: d(4),
      oldRSs: [rs('foo-v2', 2, undefined, OLD), rs('foo-v1', 2, undefined, OLDER)],
      expectedOld: [3, 2],
    },
    {
      name: 'proportional scaling: 6 -> 0',
      deployment: d(0),
      oldDeployment: d(6),
      newRS: rs('foo-v3', 3, undefined, NEW),
      oldRSs: [rs('foo-v2', 2, undefined, OLD), rs('foo-v1', 1, undefined, OLDER)],
      expectedNew: 0,
      expectedOld: [0, 0],
    },
    {
      name: 'proportional scaling: 0 -> 6',
      deployment: d(6),
      oldDeployment: d(6),
      newRS: rs('foo-v3', 0, undefined, NEW),
      oldRSs: [rs('foo-v2', 0, undefined, OLD), rs('foo-v1', 0, undefined, OLDER)],
      expectedNew: 6,
      expectedOld: [0, 0],
      wasntUpdated: ['foo-v2', 'foo-v1'],
    },
    {
      name: 'failed rs update',
      deployment: d(5),
      oldDeployment: d(5),
      newRS: rs('foo-v3', 2, undefined, NEW),
      oldRSs: [rs('foo-v2', 1, undefined, OLD), rs('foo-v1', 1, undefined, OLDER)],
      expectedNew: 2,
      expectedOld: [2, 1],
      wasntUpdated: ['foo-v3', 'foo-v1'],
      desiredReplicasAnnotations: { 'foo-v2': 3 },
    },
    {
      name: 'deployment with surge pods',
      deployment: d(20, 2),
      oldDeployment: d(10, 2),
      newRS: rs('foo-v2', 6, undefined, NEW),
      oldRSs: [rs('foo-v1', 6, undefined, OLD)],
      expectedNew: 11,
      expectedOld: [11],
    },
    {
      name: 'change both surge and size',
      deployment: d(50, 6),
      oldDeployment: d(10, 3),
      newRS: rs('foo-v2', 5, undefined, NEW),
      oldRSs: [rs('foo-v1', 8, undefined, OLD)],
      expectedNew: 22,
      expectedOld: [34],
    },
    {
      name: 'change both size and template',
      deployment: updatedTemplate(14),
      oldDeployment: newDeployment('foo', 10, { selector: { foo: 'bar' } }),
      oldRSs: [rs('foo-v2', 7, undefined, NEW), rs('foo-v1', 3, undefined, OLD)],
      expectedOld: [10, 4],
    },
    {
      name: 'saturated but broken new replica set does not affect old pods',
      deployment: d(2, 1, 1),
      oldDeployment: d(2, 1, 1),
      newRS: withStatus(rs('foo-v2', 2, undefined, NEW), { availableReplicas: 0 }),
      oldRSs: [rs('foo-v1', 1, undefined, OLD)],
      expectedNew: 2,
      expectedOld: [1],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const env = fakeEnv();
      const surge = maxSurge(c.oldDeployment);
      for (const r of [c.newRS, ...c.oldRSs]) {
        if (!r) continue;
        const desired = c.desiredReplicasAnnotations?.[r.metadata!.name!] ?? c.oldDeployment.spec!.replicas!;
        setReplicasAnnotations(r, desired, desired + surge);
      }
      const olds = [...c.oldRSs];
      await scale(env, c.deployment, c.newRS, olds);
      const size = new Map<string, number>();
      for (const r of [c.newRS, ...c.oldRSs]) if (r) size.set(r.metadata!.name!, r.spec!.replicas!);
      for (const u of env.updated)
        if (!c.wasntUpdated?.includes(u.metadata!.name!)) size.set(u.metadata!.name!, u.spec!.replicas!);
      if (c.newRS && c.expectedNew !== undefined) assert.equal(size.get(c.newRS.metadata!.name!), c.expectedNew, 'new');
      c.oldRSs.forEach((r, i) => assert.equal(size.get(r.metadata!.name!), c.expectedOld[i], r.metadata!.name));
    });
  }
});

describe('cleanupDeployment', () => {
  const deleting = rsWithStatus('foo-1', 0, 0);
  setMeta(deleting, 'deletionTimestamp', '2016-05-20T00:00:00Z');
  const cases = [
    {
      old: [rsWithStatus('foo-1', 0, 0), rsWithStatus('foo-2', 0, 0), rsWithStatus('foo-3', 0, 0)],
      limit: 1,
      deletions: 2,
    },
    // only ReplicaSets with spec.replicas = status.replicas = 0 go
    {
      old: [
        rsWithStatus('foo-1', 0, 0),
        rsWithStatus('foo-2', 0, 1),
        rsWithStatus('foo-3', 1, 0),
        rsWithStatus('foo-4', 1, 1),
      ],
      limit: 0,
      deletions: 1,
    },
    { old: [rsWithStatus('foo-1', 0, 0), rsWithStatus('foo-2', 0, 0)], limit: 0, deletions: 2 },
    { old: [rsWithStatus('foo-1', 1, 1), rsWithStatus('foo-2', 1, 1)], limit: 0, deletions: 0 },
    { old: [deleting], limit: 0, deletions: 0 },
    // unlimited revisionHistoryLimit
    {
      old: [rsWithStatus('foo-1', 0, 0), rsWithStatus('foo-2', 0, 0), rsWithStatus('foo-3', 0, 0)],
      limit: 2147483647,
      deletions: 0,
    },
  ];
  for (const [i, c] of cases.entries()) {
    it(`scenario ${i}`, async () => {
      const env = fakeEnv();
      await cleanupDeployment(
        env,
        c.old,
        newDeployment('foo', 1, { revisionHistoryLimit: c.limit, selector: { foo: 'bar' } }),
      );
      assert.equal(env.deleted.length, c.deletions);
    });
  }
});
