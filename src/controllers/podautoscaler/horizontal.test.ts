/** The conditions, events and status of one reconcile pass, against fakes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import { getCondition } from './conditions.js';
import { HorizontalState, reconcileAutoscaler, type HorizontalDeps } from './horizontal.js';
import { unavailableMetricsSource, type MetricsSource } from './metrics.js';
import { defaultReplicaCalcConfig } from './replica-calculator.js';

const NOW = Date.parse('2024-06-01T12:00:00Z');

function hpa(over: Partial<HorizontalPodAutoscaler['spec']> = {}): HorizontalPodAutoscaler {
  return {
    metadata: { name: 'web', namespace: 'ns', generation: 2 },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
      ],
      ...over,
    },
  };
}

function harness(replicas: number | Error, metrics: MetricsSource = unavailableMetricsSource) {
  const events: string[] = [];
  const statuses: HorizontalPodAutoscaler[] = [];
  const writes: number[] = [];
  const d: HorizontalDeps = {
    async getScale() {
      if (replicas instanceof Error) throw replicas;
      const scale: Scale = {
        metadata: { name: 'web', namespace: 'ns' },
        spec: { replicas },
        status: { replicas, selector: 'app=web' },
      };
      return { scale, write: async (s: Scale) => writes.push(s.spec!.replicas!) };
    },
    updateStatus: async (h) => statuses.push(h),
    event: (_h, type, reason, message) => events.push(`${type} ${reason} ${message}`),
    pods: () => [],
    metrics,
    cfg: defaultReplicaCalcConfig(),
    downscaleStabilizationWindowMs: 300_000,
    now: () => NOW,
  };
  return { d, events, statuses, writes };
}

const status = (h: { statuses: HorizontalPodAutoscaler[] }) => h.statuses.at(-1)!.status!;

describe('reconcileAutoscaler', () => {
  it('without a metrics API: AbleToScale True, ScalingActive False FailedGetResourceMetric', async () => {
    const h = harness(2);
    await assert.rejects(
      reconcileAutoscaler(hpa(), new HorizontalState(), h.d),
      /failed to compute desired number of replicas/,
    );
    const conds = status(h).conditions;
    assert.deepEqual(
      { ...getCondition(conds, 'AbleToScale') },
      {
        type: 'AbleToScale',
        status: 'True',
        lastTransitionTime: '2024-06-01T12:00:00Z',
        reason: 'SucceededGetScale',
        message: "the HPA controller was able to get the target's current scale",
      },
    );
    const active = getCondition(conds, 'ScalingActive');
    assert.equal(active?.reason, 'FailedGetResourceMetric');
    assert.equal(
      active?.message,
      'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
    );
    assert.equal(status(h).currentReplicas, 2);
    assert.equal(status(h).desiredReplicas, 0);
    assert.deepEqual(status(h).currentMetrics, [{ type: '' }]);
    assert.deepEqual(
      h.events.map((e) => e.split(' ').slice(0, 2).join(' ')),
      ['Warning FailedGetResourceMetric', 'Warning FailedComputeMetricsReplicas'],
    );
    assert.match(
      h.events[1],
      /invalid metrics \(1 invalid out of 1\), first error is: failed to get cpu resource metric value: failed to get cpu utilization/,
    );
    assert.deepEqual(h.writes, []);
  });

  it('below minReplicas: rescales to the bound', async () => {
    const h = harness(1);
    await reconcileAutoscaler(hpa({ minReplicas: 3 }), new HorizontalState(), h.d);
    assert.deepEqual(h.writes, [3]);
    assert.deepEqual(h.events, [
      'Normal SuccessfulRescale New size: 3; reason: Current number of replicas below Spec.MinReplicas',
    ]);
    const s = status(h);
    assert.equal(s.currentReplicas, 1);
    assert.equal(s.desiredReplicas, 3);
    assert.equal(s.lastScaleTime, '2024-06-01T12:00:00Z');
    assert.equal(s.observedGeneration, 2);
    assert.equal(
      getCondition(s.conditions, 'AbleToScale')?.message,
      'the HPA controller was able to update the target scale to 3',
    );
  });

  it('above maxReplicas: rescales to the bound', async () => {
    const h = harness(12);
    await reconcileAutoscaler(hpa(), new HorizontalState(), h.d);
    assert.deepEqual(h.writes, [10]);
    assert.deepEqual(h.events, [
      'Normal SuccessfulRescale New size: 10; reason: Current number of replicas above Spec.MaxReplicas',
    ]);
  });

  it('a target at zero replicas disables scaling', async () => {
    const h = harness(0);
    await reconcileAutoscaler(hpa(), new HorizontalState(), h.d);
    const active = getCondition(status(h).conditions, 'ScalingActive');
    assert.equal(active?.reason, 'ScalingDisabled');
    assert.equal(active?.message, 'scaling is disabled since the replica count of the target is zero');
    assert.deepEqual(h.writes, []);
  });

  it('a missing target: AbleToScale False FailedGetScale', async () => {
    const h = harness(new Error('deployments.apps "web" not found'));
    await assert.rejects(
      reconcileAutoscaler(hpa(), new HorizontalState(), h.d),
      /failed to query scale subresource for Deployment\/ns\/web/,
    );
    const able = getCondition(status(h).conditions, 'AbleToScale');
    assert.equal(able?.status, 'False');
    assert.equal(
      able?.message,
      'the HPA controller was unable to get the target\'s current scale: deployments.apps "web" not found',
    );
    assert.deepEqual(h.events, ['Warning FailedGetScale deployments.apps "web" not found']);
  });

  it('with metrics: scales to the computed count and says so', async () => {
    const metrics: MetricsSource = {
      ...unavailableMetricsSource,
      getResourceMetric: async () => ({
        metrics: new Map([
          ['p0', { value: 900, timestamp: NOW, windowMs: 60_000 }],
          ['p1', { value: 900, timestamp: NOW, windowMs: 60_000 }],
        ]),
        timestamp: NOW,
      }),
    };
    const h = harness(2, metrics);
    const pod = (name: string) => ({
      metadata: { name, namespace: 'ns' },
      spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '1' } } }] },
      status: {
        phase: 'Running',
        startTime: '2024-01-01T00:00:00Z',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }],
      },
    });
    h.d.pods = () => [pod('p0'), pod('p1')];
    await reconcileAutoscaler(hpa(), new HorizontalState(), h.d);
    // 90% against 50%: ceil(1.8 × 2) = 4.
    assert.deepEqual(h.writes, [4]);
    assert.deepEqual(h.events, [
      'Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target',
    ]);
    const s = status(h);
    assert.equal(getCondition(s.conditions, 'ScalingActive')?.reason, 'ValidMetricFound');
    assert.equal(getCondition(s.conditions, 'ScalingLimited')?.reason, 'DesiredWithinRange');
    assert.deepEqual(s.currentMetrics, [
      { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 90, averageValue: '900m' } } },
    ]);
  });
});
