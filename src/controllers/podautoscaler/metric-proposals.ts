/**
 * One metric's proposal (upstream's `computeReplicasForMetric` and `computeStatusFor*Metric`):
 * fetch from the {@link MetricsSource}, run the replica calculator, and on failure emit the
 * metric's Warning event and carry the ScalingActive condition upstream would set, with
 * upstream's wording and error wrapping.
 */
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Selector } from '../../machinery/label-requirement.js';
import { selectorFromLabelSelector } from '../../machinery/label-selector.js';
import { parseQuantity } from '../../machinery/quantity.js';
import type { ConditionChange } from './behavior.js';
import type { MetricsSource } from './metrics.js';
import {
  calcPlainMetricReplicas,
  calcResourceReplicas,
  perPodReplicas,
  usageRatioReplicaCount,
  type ReplicaCalcConfig,
} from './replica-calculator.js';

/** What the computation reads and where it reports. */
export interface ComputeDeps {
  metrics: MetricsSource;
  /** The pods of `namespace` that `selector` picks (from the informer). */
  pods(namespace: string, selector: Selector): Pod[];
  /** The keys of other HPAs whose last known selector picks any of `pods`. */
  otherHpasSelecting(hpaKey: string, pods: Pod[]): string[];
  /** Records the selector the HPA was last seen to use. */
  rememberSelector(hpaKey: string, selector: Selector): void;
  cfg: ReplicaCalcConfig;
  now(): number;
  /** A Warning event on the HPA. */
  warn(reason: string, message: string): void;
  setCondition(c: ConditionChange): void;
}

/** The target's Scale as the computation needs it. */
export interface ScaleView {
  specReplicas: number;
  statusReplicas: number;
  selector: string;
}

export class MetricError extends Error {
  constructor(
    message: string,
    readonly condition: ConditionChange,
  ) {
    super(message);
  }
}

const milli = (q: string | number | undefined) => Number(parseQuantity(String(q ?? 0)).milliValue());

function milliString(v: number): string {
  return v % 1000 === 0 ? String(v / 1000) : `${v}m`;
}

/** Go's `%+v` of a `*metav1.LabelSelector`, as upstream's external-metric errors print it. */
export function goLabelSelector(ls: LabelSelector | undefined): string {
  if (!ls) return 'nil';
  const labels = Object.keys(ls.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${ls.matchLabels![k]},`)
    .join('');
  const exprs = (ls.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],}`)
    .join(',');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/** Runs one metric; throws MetricError (after its event) when it cannot propose a count. */
export async function computeOne(
  hpa: HorizontalPodAutoscaler,
  spec: MetricSpec,
  scale: ScaleView,
  selector: Selector,
  d: ComputeDeps,
): Promise<{ replicas: number; metric: string; status: MetricStatus }> {
  const ns = hpa.metadata?.namespace ?? '';
  const unable = (reason: string, err: Error): MetricError => {
    d.warn(reason, err.message);
    return new MetricError(err.message, {
      type: 'ScalingActive',
      status: 'False',
      reason,
      message: `the HPA was unable to compute the replica count: ${err.message}`,
    });
  };
  const wrap = (err: unknown, prefix: string): never => {
    const e = err as MetricError;
    throw new MetricError(`${prefix}${e.message}`, e.condition);
  };
  const now = d.now();
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const container = spec.type === 'ContainerResource' ? (spec.containerResource?.container ?? '') : '';
      const reason = spec.type === 'Resource' ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric';
      const name = src?.name ?? '';
      try {
        return await resourceMetric(spec, name, container, ns, scale.specReplicas, selector, d, now);
      } catch (err) {
        const e = err instanceof MetricError ? err : unable(reason, err as Error);
        return wrap(
          e,
          spec.type === 'Resource'
            ? `failed to get ${name} resource metric value: `
            : `failed to get ${container} container metric value: `,
        );
      }
    }
    case 'Pods': {
      const m = spec.pods!;
      try {
        const metricSelector = selectorFromLabelSelector(m.metric.selector);
        let got;
        try {
          got = await d.metrics.getRawMetric(m.metric.name, ns, selector, metricSelector);
        } catch (err) {
          throw new Error(`unable to get metric ${m.metric.name}: ${(err as Error).message}`);
        }
        const target = milli(m.target.averageValue);
        const r = calcPlainMetricReplicas(
          d.pods(ns, selector),
          got.metrics,
          scale.specReplicas,
          target,
          '',
          d.cfg,
          now,
        );
        return {
          replicas: r.replicas,
          metric: `pods metric ${m.metric.name}`,
          status: { type: 'Pods', pods: { metric: m.metric, current: { averageValue: milliString(r.usage) } } },
        };
      } catch (err) {
        return wrap(unable('FailedGetPodsMetric', err as Error), 'failed to get pods metric value: ');
      }
    }
    case 'Object': {
      const m = spec.object!;
      const ref = m.describedObject;
      try {
        const metricSelector = selectorFromLabelSelector(m.metric.selector);
        const perPod = m.target.type === 'AverageValue' && m.target.averageValue !== undefined;
        if (!(m.target.type === 'Value' && m.target.value !== undefined) && !perPod) {
          throw new Error('invalid object metric source: neither a value target nor an average value target was set');
        }
        let got;
        try {
          got = await d.metrics.getObjectMetric(m.metric.name, ns, ref, metricSelector);
        } catch (err) {
          // Upstream's format string has its arguments out of order; kept for identical text.
          throw new Error(
            `unable to get metric ${m.metric.name}: ${ref.kind} on ${ns} ${ref.name}/${(err as Error).message}`,
          );
        }
        if (perPod) {
          const r = perPodReplicas(scale.statusReplicas, got.value, milli(m.target.averageValue), d.cfg.tolerance);
          return {
            replicas: r.replicas,
            metric: `external metric ${m.metric.name}(${goLabelSelector(m.metric.selector)})`,
            status: {
              type: 'Object',
              object: { describedObject: ref, metric: m.metric, current: { averageValue: milliString(r.usage) } },
            },
          };
        }
        const ratio = got.value / milli(m.target.value);
        const replicas = usageRatioReplicaCount(
          scale.specReplicas,
          ratio,
          () => readyPods(d.pods(ns, selector)),
          d.cfg.tolerance,
        );
        return {
          replicas,
          metric: `${ref.kind} metric ${m.metric.name}`,
          status: {
            type: 'Object',
            object: { describedObject: ref, metric: m.metric, current: { value: milliString(got.value) } },
          },
        };
      } catch (err) {
        return wrap(unable('FailedGetObjectMetric', err as Error), 'failed to get object metric value: ');
      }
    }
    case 'External': {
      const m = spec.external!;
      const sel = goLabelSelector(m.metric.selector);
      try {
        const perPod = m.target.averageValue !== undefined;
        if (!perPod && m.target.value === undefined) {
          throw new Error('invalid external metric source: neither a value target nor an average value target was set');
        }
        let got;
        try {
          got = await d.metrics.getExternalMetric(m.metric.name, ns, selectorFromLabelSelector(m.metric.selector));
        } catch (err) {
          const inner = `unable to get external metric ${ns}/${m.metric.name}/${sel}: ${(err as Error).message}`;
          throw new Error(
            perPod
              ? `failed to get ${m.metric.name} external metric: ${inner}`
              : `failed to get external metric ${m.metric.name}: ${inner}`,
          );
        }
        const total = got.values.reduce((a, b) => a + b, 0);
        const name = `external metric ${m.metric.name}(${sel})`;
        if (perPod) {
          const r = perPodReplicas(scale.statusReplicas, total, milli(m.target.averageValue), d.cfg.tolerance);
          return {
            replicas: r.replicas,
            metric: name,
            status: {
              type: 'External',
              external: { metric: m.metric, current: { averageValue: milliString(r.usage) } },
            },
          };
        }
        const ratio = total / milli(m.target.value);
        const replicas = usageRatioReplicaCount(
          scale.specReplicas,
          ratio,
          () => readyPods(d.pods(ns, selector)),
          d.cfg.tolerance,
        );
        return {
          replicas,
          metric: name,
          status: { type: 'External', external: { metric: m.metric, current: { value: milliString(total) } } },
        };
      } catch (err) {
        return wrap(
          unable('FailedGetExternalMetric', err as Error),
          `failed to get ${m.metric.name} external metric value: `,
        );
      }
    }
    default: {
      throw unable('InvalidMetricSourceType', new Error(`unknown metric source type "${String(spec.type)}"`));
    }
  }
}

function readyPods(pods: Pod[]): number {
  const n = pods.filter(
    (p) => p.status?.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  ).length;
  if (pods.length === 0)
    throw new Error('unable to calculate ready pods: no pods returned by selector while calculating replica count');
  return n;
}

async function resourceMetric(
  spec: MetricSpec,
  name: string,
  container: string,
  ns: string,
  currentReplicas: number,
  selector: Selector,
  d: ComputeDeps,
  now: number,
): Promise<{ replicas: number; metric: string; status: MetricStatus }> {
  const target = (spec.type === 'Resource' ? spec.resource : spec.containerResource)!.target;
  const fetch = async () => {
    try {
      return await d.metrics.getResourceMetric(name, ns, selector, container);
    } catch (err) {
      throw new Error(`unable to get metrics for resource ${name}: ${(err as Error).message}`);
    }
  };
  const status = (current: NonNullable<MetricStatus['resource']>['current']): MetricStatus =>
    spec.type === 'Resource'
      ? { type: 'Resource', resource: { name, current } }
      : { type: 'ContainerResource', containerResource: { name, container, current } };
  if (target.averageValue !== undefined) {
    try {
      const got = await fetch();
      const r = calcPlainMetricReplicas(
        d.pods(ns, selector),
        got.metrics,
        currentReplicas,
        milli(target.averageValue),
        name,
        d.cfg,
        now,
      );
      return {
        replicas: r.replicas,
        metric: `${name} resource`,
        status: status({ averageValue: milliString(r.usage) }),
      };
    } catch (err) {
      throw new Error(`failed to get ${name} usage: ${(err as Error).message}`);
    }
  }
  if (target.averageUtilization === undefined) {
    throw new Error(
      'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set',
    );
  }
  try {
    const got = await fetch();
    const r = calcResourceReplicas(
      d.pods(ns, selector),
      got.metrics,
      currentReplicas,
      target.averageUtilization,
      name,
      container,
      d.cfg,
      now,
    );
    const metric =
      spec.type === 'Resource'
        ? `${name} resource utilization (percentage of request)`
        : `${name} container resource utilization (percentage of request)`;
    return {
      replicas: r.replicas,
      metric,
      status: status({ averageUtilization: r.utilization, averageValue: milliString(r.rawUtilization) }),
    };
  } catch (err) {
    throw new Error(`failed to get ${name} utilization: ${(err as Error).message}`);
  }
}
