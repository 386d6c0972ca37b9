import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap, Namespace, Pod, ResourceQuota } from 'kubernetes-types/core/v1.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { resourceQuotaController } from './index.js';

describe('resourcequota controller', () => {
  let h: ControllerHarness;
  before(async () => {
    h = await startControllers([resourceQuotaController]);
    await h.resource<Namespace>(RESOURCES.namespaces).create({ metadata: { name: 'q' } });
  });
  after(() => h.stop());

  it('fills status.hard, counts usage, and gives back what a delete frees', async () => {
    const quotas = h.resource<ResourceQuota>(RESOURCES.resourcequotas);
    const pods = h.resource<Pod>(RESOURCES.pods);
    const cms = h.resource<ConfigMap>(RESOURCES.configmaps);
    await quotas.create({
      metadata: { name: 'compute', namespace: 'q' },
      spec: { hard: { pods: '2', 'requests.cpu': '1', 'count/configmaps': '5' } },
    });
    const synced = await eventually(async () => {
      const q = await quotas.get('compute', { namespace: 'q' });
      return q.status?.hard ? q : undefined;
    });
    assert.deepEqual(synced.status?.hard, { pods: '2', 'requests.cpu': '1', 'count/configmaps': '5' });
    // The namespace holds kube-root-ca.crt only when its publisher runs; here it holds nothing.
    assert.deepEqual(synced.status?.used, { pods: '0', 'requests.cpu': '0', 'count/configmaps': '0' });
    const spec = (cpu: string) => ({ containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu } } }] });
    await pods.create({ metadata: { name: 'a', namespace: 'q' }, spec: spec('300m') }, { namespace: 'q' });
    await pods.create({ metadata: { name: 'b', namespace: 'q' }, spec: spec('500m') }, { namespace: 'q' });
    await cms.create({ metadata: { name: 'c1', namespace: 'q' } }, { namespace: 'q' });
    await eventually(
      async () => {
        const q = await quotas.get('compute', { namespace: 'q' });
        return (
          q.status?.used?.pods === '2' &&
          q.status.used['requests.cpu'] === '800m' &&
          q.status.used['count/configmaps'] === '1'
        );
      },
      10_000,
      'usage counted',
    );
    // A third pod is over the quota: admission refuses it with upstream's message.
    await assert.rejects(
      pods.create({ metadata: { name: 'c', namespace: 'q' }, spec: spec('100m') }, { namespace: 'q' }),
      /exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2/,
    );
    await pods.delete('a', { namespace: 'q', gracePeriodSeconds: 0 });
    await eventually(
      async () => (await quotas.get('compute', { namespace: 'q' })).status?.used?.pods === '1',
      10_000,
      'freed',
    );
    await pods.create({ metadata: { name: 'c', namespace: 'q' }, spec: spec('100m') }, { namespace: 'q' });
  });
});
