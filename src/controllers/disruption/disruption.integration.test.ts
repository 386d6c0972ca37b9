/**
 * The disruption controller end to end on a real apiserver, with the eviction subresource spending
 * the budget it computes. Pods are made Running and Ready through the status subresource.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { ApiError } from '../../machinery/errors.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { disruptionController } from './index.js';

const NS = 'default';

describe('disruption controller', { timeout: 30_000 }, () => {
  let h: ControllerHarness;
  const pods = () => h.resource<Pod>(RESOURCES.pods);
  const pdbs = () => h.resource<PodDisruptionBudget>(RESOURCES.poddisruptionbudgets);

  before(async () => {
    h = await startControllers([disruptionController]);
  });
  after(async () => {
    await h.stop();
  });

  async function readyPod(name: string, app: string): Promise<void> {
    await pods().create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: NS, labels: { app } },
        spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] },
      },
      { namespace: NS },
    );
    await pods().patch(
      name,
      'merge',
      { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      { subresource: 'status', namespace: NS },
    );
  }

  const evict = (name: string) =>
    h.client.request({
      method: 'POST',
      path: `/api/v1/namespaces/${NS}/pods/${name}/eviction`,
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: NS } },
    });

  const status = async (name: string) => (await pdbs().get(name, { namespace: NS })).status;

  it('allows 1 disruption for minAvailable 2 over 3 ready pods; the eviction spends it and the next is refused', async () => {
    for (const n of ['db-1', 'db-2', 'db-3']) await readyPod(n, 'db');
    await pdbs().create(
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'db', namespace: NS },
        spec: { minAvailable: 2, selector: { matchLabels: { app: 'db' } } },
      },
      { namespace: NS },
    );
    const st = await eventually(
      async () => {
        const s = await status('db');
        return s?.disruptionsAllowed === 1 && s;
      },
      10_000,
      'disruptionsAllowed 1',
    );
    assert.deepEqual([st.currentHealthy, st.desiredHealthy, st.expectedPods, st.observedGeneration], [3, 2, 3, 1]);
    const cond = st.conditions?.find((c) => c.type === 'DisruptionAllowed');
    assert.deepEqual([cond?.status, cond?.reason], ['True', 'SufficientPods']);

    const res = await evict('db-1');
    assert.equal(res.status, 201);
    const after1 = await eventually(
      async () => {
        const s = await status('db');
        return s?.currentHealthy === 2 && s;
      },
      10_000,
      'currentHealthy 2 after the eviction',
    );
    assert.equal(after1.disruptionsAllowed, 0);
    assert.equal(after1.conditions?.find((c) => c.type === 'DisruptionAllowed')?.reason, 'InsufficientPods');

    await assert.rejects(evict('db-2'), (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.code, 429);
      assert.equal(err.message, "Cannot evict pod as it would violate the pod's disruption budget.");
      return true;
    });
    const p = await pods().get('db-2', { namespace: NS });
    assert.equal(p.metadata?.deletionTimestamp, undefined);
  });

  it('counts a percentage against the owning controller scale, failing safe without one', async () => {
    for (const n of ['cache-1', 'cache-2']) await readyPod(n, 'cache');
    await pdbs().create(
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'cache', namespace: NS },
        spec: { maxUnavailable: '50%', selector: { matchLabels: { app: 'cache' } } },
      },
      { namespace: NS },
    );
    // Unmanaged pods count for nothing: expected 0, so no disruption is allowed.
    const st = await eventually(
      async () => {
        const s = await status('cache');
        return s?.observedGeneration === 1 && s;
      },
      10_000,
      'the cache PDB status',
    );
    assert.deepEqual([st.expectedPods, st.currentHealthy, st.disruptionsAllowed], [0, 2, 0]);
  });
});
