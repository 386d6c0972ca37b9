/**
 * Upstream's `computeReplicasForMetrics`: validates the target's selector, asks the replica
 * calculator for a proposal per metric of the HPA, keeps the largest, and reports failures as
 * upstream does — a Warning event per failing metric, ScalingActive False with the first failure,
 * and "invalid metrics (n invalid out of m), first error is: …".
 */
import type { HorizontalPodAutoscaler, MetricStatus } from 'kubernetes-types/autoscaling/v2.js';
import type { Selector } from '../../machinery/label-requirement.js';
import { parseSelector } from '../../machinery/labels.js';
import { computeOne, type ComputeDeps, type MetricError, type ScaleView } from './metric-proposals.js';

export type { ComputeDeps, ScaleView } from './metric-proposals.js';

/** The outcome: replicas -1 means nothing can be done; `error` may accompany a usable count. */
export interface MetricsOutcome {
  replicas: number;
  metric: string;
  statuses: MetricStatus[];
  error?: Error;
}

/** Upstream's `validateAndParseSelector`; throws after setting InvalidSelector/AmbiguousSelector. */
function validateSelector(hpa: HorizontalPodAutoscaler, selector: string, d: ComputeDeps): Selector {
  if (selector === '') {
    d.warn('SelectorRequired', 'selector is required');
    d.setCondition({
      type: 'ScalingActive',
      status: 'False',
      reason: 'InvalidSelector',
      message: "the HPA target's scale is missing a selector",
    });
    throw new Error('selector is required');
  }
  let parsed: Selector;
  try {
    parsed = parseSelector(selector);
  } catch (err) {
    const msg = `couldn't convert selector into a corresponding internal selector object: ${(err as Error).message}`;
    d.warn('InvalidSelector', msg);
    d.setCondition({ type: 'ScalingActive', status: 'False', reason: 'InvalidSelector', message: msg });
    throw new Error(msg);
  }
  const key = `${hpa.metadata?.namespace ?? ''}/${hpa.metadata?.name ?? ''}`;
  d.rememberSelector(key, parsed);
  const others = d.otherHpasSelecting(key, d.pods(hpa.metadata?.namespace ?? '', parsed));
  if (others.length > 0) {
    const msg = `pods by selector ${selector} are controlled by multiple HPAs: [${[key, ...others].sort().join(' ')}]`;
    d.warn('AmbiguousSelector', msg);
    d.setCondition({ type: 'ScalingActive', status: 'False', reason: 'AmbiguousSelector', message: msg });
    throw new Error(msg);
  }
  return parsed;
}

/** Upstream's `computeReplicasForMetrics` over the HPA's `spec.metrics`. */
export async function computeReplicasForMetrics(
  hpa: HorizontalPodAutoscaler,
  scale: ScaleView,
  d: ComputeDeps,
): Promise<MetricsOutcome> {
  let selector: Selector;
  try {
    selector = validateSelector(hpa, scale.selector, d);
  } catch (err) {
    return { replicas: -1, metric: '', statuses: [], error: err as Error };
  }
  const specs = hpa.spec?.metrics ?? [];
  const statuses: MetricStatus[] = [];
  let replicas = 0;
  let metric = '';
  let invalid = 0;
  let first: MetricError | undefined;
  for (const spec of specs) {
    try {
      const r = await computeOne(hpa, spec, scale, selector, d);
      statuses.push(r.status);
      if (replicas === 0 || r.replicas > replicas) {
        replicas = r.replicas;
        metric = r.metric;
      }
    } catch (err) {
      // Upstream keeps an empty status in the failed metric's slot.
      statuses.push({ type: '' });
      invalid++;
      first ??= err as MetricError;
    }
  }
  const error = first
    ? new Error(`invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${first.message}`)
    : undefined;
  if (invalid >= specs.length || (invalid > 0 && replicas < scale.specReplicas)) {
    if (first) d.setCondition(first.condition);
    return { replicas: -1, metric: '', statuses, error };
  }
  d.setCondition({
    type: 'ScalingActive',
    status: 'True',
    reason: 'ValidMetricFound',
    message: `the HPA was able to successfully calculate a replica count from ${metric}`,
  });
  return { replicas, metric, statuses, error };
}
