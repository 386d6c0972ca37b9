import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { Event } from 'kubernetes-types/core/v1.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { getCondition } from './conditions.js';
import { newHorizontalPodAutoscalerController } from './controller.js';

const deployment = (name: string, replicas: number): Deployment => ({
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
  },
});

const hpa = (name: string, target: string, minReplicas?: number): HorizontalPodAutoscaler => ({
  metadata: { name, namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
    ...(minReplicas !== undefined ? { minReplicas } : {}),
    maxReplicas: 5,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
});

const METRICS_MISSING =
  'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: ' +
  'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';

describe('horizontal-pod-autoscaler-controller', () => {
  let h: ControllerHarness;
  before(async () => {
    h = await startControllers([newHorizontalPodAutoscalerController({ syncPeriodMs: 500 })]);
  });
  after(() => h.stop());

  const hpas = () => h.resource<HorizontalPodAutoscaler>(RESOURCES.horizontalpodautoscalers);
  const deployments = () => h.resource<Deployment>(RESOURCES.deployments);

  it('reports the missing metrics API with upstream conditions and events', async () => {
    await deployments().create(deployment('web', 1));
    await hpas().create(hpa('web', 'web'));
    const got = await eventually(
      async () => {
        const x = await hpas().get('web', { namespace: 'default' });
        return getCondition(x.status?.conditions, 'ScalingActive') ? x : undefined;
      },
      10_000,
      'HPA conditions',
    );
    const able = getCondition(got.status?.conditions, 'AbleToScale');
    assert.equal(able?.status, 'True');
    assert.equal(able?.reason, 'SucceededGetScale');
    assert.equal(able?.message, "the HPA controller was able to get the target's current scale");
    const active = getCondition(got.status?.conditions, 'ScalingActive');
    assert.equal(active?.status, 'False');
    assert.equal(active?.reason, 'FailedGetResourceMetric');
    assert.equal(active?.message, METRICS_MISSING);
    assert.equal(got.status?.currentReplicas, 1);
    const reasons = await eventually(
      async () => {
        const list = await h.resource<Event>(RESOURCES.events).list({ namespace: 'default' });
        const r = new Set(
          list.items
            .filter((e) => e.involvedObject.name === 'web' && e.involvedObject.kind === 'HorizontalPodAutoscaler')
            .map((e) => e.reason),
        );
        return r.has('FailedGetResourceMetric') && r.has('FailedComputeMetricsReplicas') ? r : undefined;
      },
      10_000,
      'HPA warning events',
    );
    assert.ok(reasons.has('FailedGetResourceMetric'));
  });

  it('scales a target below minReplicas up to the bound', async () => {
    await deployments().create(deployment('api', 1));
    await hpas().create(hpa('api', 'api', 3));
    await eventually(
      async () => (await deployments().get('api', { namespace: 'default' })).spec?.replicas === 3,
      10_000,
      'deployment scaled to 3',
    );
    const got = await eventually(
      async () => {
        const x = await hpas().get('api', { namespace: 'default' });
        return x.status?.desiredReplicas === 3 ? x : undefined;
      },
      10_000,
      'HPA status after rescale',
    );
    assert.equal(got.status?.currentReplicas, 1);
    assert.ok(got.status?.lastScaleTime);
    assert.equal(getCondition(got.status?.conditions, 'AbleToScale')?.reason, 'SucceededRescale');
    const events = await h.resource<Event>(RESOURCES.events).list({ namespace: 'default' });
    assert.ok(
      events.items.some(
        (e) =>
          e.reason === 'SuccessfulRescale' &&
          e.message === 'New size: 3; reason: Current number of replicas below Spec.MinReplicas',
      ),
    );
  });

  it('reports a missing target as FailedGetScale', async () => {
    await hpas().create(hpa('ghost', 'nothing-here'));
    const got = await eventually(
      async () => {
        const x = await hpas().get('ghost', { namespace: 'default' });
        return getCondition(x.status?.conditions, 'AbleToScale') ? x : undefined;
      },
      10_000,
      'FailedGetScale',
    );
    const able = getCondition(got.status?.conditions, 'AbleToScale');
    assert.equal(able?.status, 'False');
    assert.equal(able?.reason, 'FailedGetScale');
    assert.match(able?.message ?? '', /^the HPA controller was unable to get the target's current scale: /);
  });

  it('treats a target scaled to zero as disabled', async () => {
    await deployments().create(deployment('off', 0));
    await hpas().create(hpa('off', 'off'));
    const got = await eventually(
      async () => {
        const x = await hpas().get('off', { namespace: 'default' });
        return getCondition(x.status?.conditions, 'ScalingActive') ? x : undefined;
      },
      10_000,
      'ScalingDisabled',
    );
    assert.equal(getCondition(got.status?.conditions, 'ScalingActive')?.reason, 'ScalingDisabled');
    assert.equal((await deployments().get('off', { namespace: 'default' })).spec?.replicas, 0);
  });
});
