/**
 * One pass of upstream's `reconcileAutoscaler` over an autoscaling/v2 HPA: read the target's
 * Scale (AbleToScale), enforce min/maxReplicas, otherwise ask the metrics for a count and
 * normalize it (stabilization, rate limits), write the Scale when the count changes
 * (`SuccessfulRescale`), and write the status when it differs. The API is reached through
 * {@link HorizontalDeps} so the pass runs in unit tests without a cluster.
 */
import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import type {
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerStatus,
  MetricStatus,
} from 'kubernetes-types/autoscaling/v2.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Selector } from '../../machinery/label-requirement.js';
import {
  generateHPAScaleDownRules,
  generateHPAScaleUpRules,
  normalizeDesiredReplicas,
  normalizeDesiredReplicasWithBehaviors,
  storeScaleEvent,
  type ConditionChange,
  type TimestampedRecommendation,
  type TimestampedScaleEvent,
} from './behavior.js';
import { computeReplicasForMetrics } from './compute-metrics.js';
import { setCondition } from './conditions.js';
import type { MetricsSource } from './metrics.js';
import type { ReplicaCalcConfig } from './replica-calculator.js';

/** What a pass reads and writes. */
export interface HorizontalDeps {
  /** The target's Scale and an opaque handle to write it back; throws as the scale client does. */
  getScale(hpa: HorizontalPodAutoscaler): Promise<{ scale: Scale; write(scale: Scale): Promise<unknown> }>;
  updateStatus(hpa: HorizontalPodAutoscaler): Promise<unknown>;
  event(hpa: HorizontalPodAutoscaler, type: 'Normal' | 'Warning', reason: string, message: string): void;
  pods(namespace: string, selector: Selector): Pod[];
  metrics: MetricsSource;
  cfg: ReplicaCalcConfig;
  /** `--horizontal-pod-autoscaler-downscale-stabilization` (5 min). */
  downscaleStabilizationWindowMs: number;
  /** Wall time (ms). */
  now(): number;
}

/** The controller's memory per HPA key, as upstream keeps it in maps. */
export class HorizontalState {
  readonly recommendations = new Map<string, TimestampedRecommendation[]>();
  readonly scaleUpEvents = new Map<string, TimestampedScaleEvent[]>();
  readonly scaleDownEvents = new Map<string, TimestampedScaleEvent[]>();
  readonly selectors = new Map<string, Selector>();

  /** Forgets a deleted HPA. */
  forget(key: string): void {
    this.recommendations.delete(key);
    this.scaleUpEvents.delete(key);
    this.scaleDownEvents.delete(key);
    this.selectors.delete(key);
  }

  private list<T>(m: Map<string, T[]>, key: string): T[] {
    let l = m.get(key);
    if (!l) m.set(key, (l = []));
    return l;
  }

  recs(key: string): TimestampedRecommendation[] {
    return this.list(this.recommendations, key);
  }
  ups(key: string): TimestampedScaleEvent[] {
    return this.list(this.scaleUpEvents, key);
  }
  downs(key: string): TimestampedScaleEvent[] {
    return this.list(this.scaleDownEvents, key);
  }
}

const keyOf = (hpa: HorizontalPodAutoscaler) => `${hpa.metadata?.namespace ?? ''}/${hpa.metadata?.name ?? ''}`;

/** JSON equality of two statuses (upstream's semantic DeepEqual; ours are plain JSON). */
function sameStatus(
  a: HorizontalPodAutoscalerStatus | undefined,
  b: HorizontalPodAutoscalerStatus | undefined,
): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
}

function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Reconciles `shared` (not modified). Throws what upstream's `reconcileAutoscaler` returns as
 * an error, after having written the status and events it writes on that path.
 */
export async function reconcileAutoscaler(
  shared: HorizontalPodAutoscaler,
  state: HorizontalState,
  d: HorizontalDeps,
): Promise<void> {
  const hpa: HorizontalPodAutoscaler = structuredClone(shared);
  hpa.apiVersion ??= 'autoscaling/v2';
  hpa.kind ??= 'HorizontalPodAutoscaler';
  const original = structuredClone(shared.status);
  const key = keyOf(hpa);
  const spec = hpa.spec!;
  const ref = spec.scaleTargetRef;
  const reference = `${ref.kind}/${hpa.metadata?.namespace ?? ''}/${ref.name}`;
  hpa.status ??= { desiredReplicas: 0 };
  const set = (c: ConditionChange) => {
    hpa.status!.conditions = setCondition(hpa.status!.conditions, c, d.now());
  };
  const writeStatus = async () => {
    if (sameStatus(original, hpa.status)) return;
    try {
      await d.updateStatus(hpa);
    } catch (err) {
      d.event(hpa, 'Warning', 'FailedUpdateStatus', (err as Error).message);
      throw new Error(`failed to update status for ${hpa.metadata?.name}: ${(err as Error).message}`);
    }
  };
  const setStatus = (current: number, desired: number, metrics: MetricStatus[] | undefined, rescale: boolean) => {
    hpa.status = {
      currentReplicas: current,
      desiredReplicas: desired,
      ...(hpa.status?.lastScaleTime ? { lastScaleTime: hpa.status.lastScaleTime } : {}),
      ...(metrics && metrics.length > 0 ? { currentMetrics: metrics } : {}),
      ...(hpa.status?.conditions ? { conditions: hpa.status.conditions } : {}),
      // Upstream's status carries observedGeneration in the API but its controller never sets
      // it; k8ts records the generation it acted on so clients can tell the status is current.
      ...(hpa.metadata?.generation !== undefined ? { observedGeneration: hpa.metadata.generation } : {}),
    };
    if (rescale) hpa.status.lastScaleTime = rfc3339(d.now());
  };

  let target: Awaited<ReturnType<HorizontalDeps['getScale']>>;
  try {
    target = await d.getScale(hpa);
  } catch (err) {
    const msg = (err as Error).message;
    d.event(hpa, 'Warning', 'FailedGetScale', msg);
    set({
      type: 'AbleToScale',
      status: 'False',
      reason: 'FailedGetScale',
      message: `the HPA controller was unable to get the target's current scale: ${msg}`,
    });
    try {
      await writeStatus();
    } catch {
      // Reported by the event; the scale error is the one to return.
    }
    throw new Error(`failed to query scale subresource for ${reference}: ${msg}`);
  }
  const scale = target.scale;
  set({
    type: 'AbleToScale',
    status: 'True',
    reason: 'SucceededGetScale',
    message: "the HPA controller was able to get the target's current scale",
  });
  const currentReplicas = scale.spec?.replicas ?? 0;
  const recs = state.recs(key);
  if (recs.length === 0) recs.push({ recommendation: currentReplicas, timestamp: d.now() });

  const minReplicas = spec.minReplicas ?? 1;
  let desiredReplicas = 0;
  let rescaleReason = '';
  let rescale = true;
  let statuses: MetricStatus[] | undefined;
  let retErr: Error | undefined;

  if (currentReplicas === 0 && minReplicas !== 0) {
    rescale = false;
    set({
      type: 'ScalingActive',
      status: 'False',
      reason: 'ScalingDisabled',
      message: 'scaling is disabled since the replica count of the target is zero',
    });
  } else if (currentReplicas > spec.maxReplicas) {
    rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
    desiredReplicas = spec.maxReplicas;
  } else if (currentReplicas < minReplicas) {
    rescaleReason = 'Current number of replicas below Spec.MinReplicas';
    desiredReplicas = minReplicas;
  } else {
    const out = await computeReplicasForMetrics(
      hpa,
      {
        specReplicas: currentReplicas,
        statusReplicas: scale.status?.replicas ?? 0,
        selector: scale.status?.selector ?? '',
      },
      {
        metrics: d.metrics,
        pods: d.pods,
        cfg: d.cfg,
        now: d.now,
        warn: (reason, message) => d.event(hpa, 'Warning', reason, message),
        setCondition: set,
        rememberSelector: (k, s) => state.selectors.set(k, s),
        otherHpasSelecting: (k, pods) =>
          [...state.selectors]
            .filter(([other, s]) => other !== k && pods.some((p) => s.matches(p.metadata?.labels)))
            .map(([o]) => o),
      },
    );
    statuses = out.statuses;
    if (out.error && out.replicas === -1) {
      setStatus(currentReplicas, hpa.status.desiredReplicas, statuses, false);
      try {
        await writeStatus();
      } catch {
        // Upstream only logs this one.
      }
      d.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', out.error.message);
      throw new Error(
        `failed to compute desired number of replicas based on listed metrics for ${reference}: ${out.error.message}`,
      );
    }
    retErr = out.error;
    let rescaleMetric = '';
    if (out.replicas > desiredReplicas) {
      desiredReplicas = out.replicas;
      rescaleMetric = out.metric;
    }
    if (desiredReplicas > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
    if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
    const now = d.now();
    const normalized = spec.behavior
      ? normalizeDesiredReplicasWithBehaviors(
          recs,
          state.ups(key),
          state.downs(key),
          {
            scaleUpBehavior: generateHPAScaleUpRules(spec.behavior.scaleUp),
            scaleDownBehavior: {
              ...generateHPAScaleDownRules(spec.behavior.scaleDown),
              stabilizationWindowSeconds:
                spec.behavior.scaleDown?.stabilizationWindowSeconds ??
                Math.trunc(d.downscaleStabilizationWindowMs / 1000),
            },
            minReplicas,
            maxReplicas: spec.maxReplicas,
            currentReplicas,
            desiredReplicas,
          },
          now,
        )
      : normalizeDesiredReplicas(
          recs,
          currentReplicas,
          desiredReplicas,
          minReplicas,
          spec.maxReplicas,
          d.downscaleStabilizationWindowMs,
          now,
        );
    for (const c of normalized.conditions) set(c);
    desiredReplicas = normalized.replicas;
    rescale = desiredReplicas !== currentReplicas;
  }

  if (rescale) {
    try {
      await target.write({ ...scale, spec: { ...scale.spec, replicas: desiredReplicas } });
    } catch (err) {
      const msg = (err as Error).message;
      d.event(hpa, 'Warning', 'FailedRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}; error: ${msg}`);
      set({
        type: 'AbleToScale',
        status: 'False',
        reason: 'FailedUpdateScale',
        message: `the HPA controller was unable to update the target scale: ${msg}`,
      });
      setStatus(currentReplicas, hpa.status.desiredReplicas, statuses, false);
      try {
        await writeStatus();
      } catch {
        // Upstream only logs this one.
      }
      throw new Error(`failed to rescale ${reference}: ${msg}`);
    }
    set({
      type: 'AbleToScale',
      status: 'True',
      reason: 'SucceededRescale',
      message: `the HPA controller was able to update the target scale to ${desiredReplicas}`,
    });
    d.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}`);
    storeScaleEvent(spec.behavior, state.ups(key), state.downs(key), currentReplicas, desiredReplicas, d.now());
  } else {
    desiredReplicas = currentReplicas;
  }
  setStatus(currentReplicas, desiredReplicas, statuses, rescale);
  await writeStatus();
  if (retErr) throw retErr;
}
