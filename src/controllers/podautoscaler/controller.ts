/**
 * `horizontal-pod-autoscaler-controller` (upstream's `pkg/controller/podautoscaler`): every sync
 * period (15 s) each autoscaling/v2 HPA is reconciled against its target's `/scale` subresource.
 * Metrics come from a {@link MetricsSource}; this cluster has no metrics APIs yet, so by default
 * every metric fails as upstream fails without metrics-server, while the replica bounds
 * (min/maxReplicas) and `replicas: 0` (scaling disabled) are still enforced.
 */
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Controller, splitKey } from '../../client/controller/controller.js';
import {
  RESOURCES,
  clientOf,
  informerOf,
  workersOf,
  type ControllerContext,
  type ControllerDescriptor,
} from '../context.js';
import { reconcileAutoscaler, HorizontalState, type HorizontalDeps } from './horizontal.js';
import { unavailableMetricsSource, type MetricsSource } from './metrics.js';
import { defaultReplicaCalcConfig, type ReplicaCalcConfig } from './replica-calculator.js';
import { getScale, resolveScaleTarget, updateScale } from './scale-target.js';

/** The controller's flags (upstream's names, times in ms). */
export interface HorizontalTuning {
  /** `--horizontal-pod-autoscaler-sync-period` (15 s). */
  syncPeriodMs: number;
  /** `--horizontal-pod-autoscaler-downscale-stabilization` (5 min). */
  downscaleStabilizationWindowMs: number;
  /** Tolerance and readiness periods of the replica calculation. */
  calc: ReplicaCalcConfig;
  /** Where metrics come from (default: none available). */
  metrics: MetricsSource;
}

export function defaultHorizontalTuning(): HorizontalTuning {
  return {
    syncPeriodMs: 15_000,
    downscaleStabilizationWindowMs: 300_000,
    calc: defaultReplicaCalcConfig(),
    metrics: unavailableMetricsSource,
  };
}

const NAME = 'horizontal-pod-autoscaler-controller';

function init(ctx: ControllerContext, tuning: HorizontalTuning): (signal: AbortSignal) => Promise<void> {
  const log = ctx.log.child({ controller: NAME });
  const hpas = informerOf<HorizontalPodAutoscaler>(ctx, RESOURCES.horizontalpodautoscalers);
  const pods = informerOf<Pod>(ctx, RESOURCES.pods);
  const hpaClient = clientOf<HorizontalPodAutoscaler>(ctx, RESOURCES.horizontalpodautoscalers);
  const recorder = ctx.recorder('horizontal-pod-autoscaler');
  const state = new HorizontalState();
  const deps: HorizontalDeps = {
    async getScale(hpa) {
      const ns = hpa.metadata?.namespace ?? '';
      const ref = await resolveScaleTarget(ctx.client, hpa.spec!.scaleTargetRef);
      const scale = await getScale(ctx.client, ref, ns, hpa.spec!.scaleTargetRef.name);
      return { scale, write: (s) => updateScale(ctx.client, ref, ns, s) };
    },
    updateStatus: (hpa) => hpaClient.updateStatus(hpa),
    event: (hpa, type, reason, message) => recorder.event(hpa, type, reason, message),
    pods: (ns, selector) => pods.lister.listInNamespace(ns, selector),
    metrics: tuning.metrics,
    cfg: tuning.calc,
    downscaleStabilizationWindowMs: tuning.downscaleStabilizationWindowMs,
    now: ctx.now,
  };
  const controller = new Controller({
    name: 'horizontalpodautoscaler',
    metricsProvider: ctx.metricsProvider,
    clock: ctx.clock,
    async reconcile(key) {
      const { namespace, name } = splitKey(key);
      const hpa = hpas.lister.get(namespace, name);
      if (!hpa) {
        state.forget(key);
        return;
      }
      try {
        await reconcileAutoscaler(hpa, state, deps);
      } catch (err) {
        // Upstream requeues every HPA after the sync period whatever happened, never sooner.
        log.info({ hpa: key, err: (err as Error).message }, 'horizontal pod autoscaler sync failed');
      }
      return { requeueAfterMs: tuning.syncPeriodMs };
    },
  });
  hpas.addEventHandler({
    onAdd: (h) => controller.enqueue(h),
    // Status writes (ours) do not change the generation; only spec changes warrant an early pass.
    onUpdate: (o, n) => {
      if (o.metadata?.generation !== n.metadata?.generation) controller.enqueue(n);
    },
    onDelete: (h) => controller.enqueue(h),
  });
  return (signal) => controller.run(workersOf(ctx, 'horizontalpodautoscaler', 5), signal);
}

/** The HPA controller with `overrides` over upstream's flags. */
export function newHorizontalPodAutoscalerController(overrides: Partial<HorizontalTuning> = {}): ControllerDescriptor {
  const tuning = { ...defaultHorizontalTuning(), ...overrides };
  return { name: NAME, aliases: ['horizontalpodautoscaling'], init: (ctx) => init(ctx, tuning) };
}

/** `horizontal-pod-autoscaler-controller` with upstream's flags and no metrics APIs. */
export const horizontalPodAutoscalerController: ControllerDescriptor = newHorizontalPodAutoscalerController();
