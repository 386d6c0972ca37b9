/**
 * A {@link MetricsProvider} backed by `prom-client`, registering the work queue metrics under
 * upstream's names (component-base `metrics/prometheus/workqueue`), each labelled by queue `name`.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { CounterMetric, GaugeMetric, HistogramMetric, MetricsProvider, SettableGaugeMetric } from './metrics.js';

/** Upstream's `ExponentialBuckets(10e-7, 10, 10)`: 1µs to 1000s, one bucket per decade. */
export const WORKQUEUE_DURATION_BUCKETS: readonly number[] = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1000];

/** The metric names this provider registers, as upstream spells them. */
export const WORKQUEUE_METRIC_NAMES = {
  depth: 'workqueue_depth',
  adds: 'workqueue_adds_total',
  queueDuration: 'workqueue_queue_duration_seconds',
  workDuration: 'workqueue_work_duration_seconds',
  unfinishedWork: 'workqueue_unfinished_work_seconds',
  longestRunningProcessor: 'workqueue_longest_running_processor_seconds',
  retries: 'workqueue_retries_total',
} as const;

const LABELS = ['name'] as const;

/** The metric already on `registry` under `name`, checked to be of class `kind`; `undefined` if none. */
function existing<M>(registry: Registry, name: string, kind: abstract new (...args: never[]) => M): M | undefined {
  const found = registry.getSingleMetric(name);
  if (found === undefined) return undefined;
  if (!(found instanceof kind)) throw new Error(`workqueue metrics: ${name} is already registered with another type`);
  return found;
}

function gauge(registry: Registry, name: string, help: string): Gauge<'name'> {
  return (
    existing(registry, name, Gauge<'name'>) ?? new Gauge({ name, help, labelNames: LABELS, registers: [registry] })
  );
}

function counter(registry: Registry, name: string, help: string): Counter<'name'> {
  return (
    existing(registry, name, Counter<'name'>) ?? new Counter({ name, help, labelNames: LABELS, registers: [registry] })
  );
}

function histogram(registry: Registry, name: string, help: string): Histogram<'name'> {
  return (
    existing(registry, name, Histogram<'name'>) ??
    new Histogram({ name, help, labelNames: LABELS, buckets: [...WORKQUEUE_DURATION_BUCKETS], registers: [registry] })
  );
}

/**
 * Registers the seven work queue metrics on the caller's `registry` (reusing them if they are
 * already there, so several providers may share one registry) and hands out per-queue children
 * labelled `{name}`. Histograms use upstream's buckets ({@link WORKQUEUE_DURATION_BUCKETS}).
 */
export class PrometheusMetricsProvider implements MetricsProvider {
  private readonly depth: Gauge<'name'>;
  private readonly adds: Counter<'name'>;
  private readonly latency: Histogram<'name'>;
  private readonly workDuration: Histogram<'name'>;
  private readonly unfinished: Gauge<'name'>;
  private readonly longestRunning: Gauge<'name'>;
  private readonly retries: Counter<'name'>;

  /** Registers (or finds) the metrics on `registry`. Throws if a name is taken by another metric type. */
  constructor(registry: Registry) {
    const n = WORKQUEUE_METRIC_NAMES;
    this.depth = gauge(registry, n.depth, 'Current depth of workqueue');
    this.adds = counter(registry, n.adds, 'Total number of adds handled by workqueue');
    this.latency = histogram(
      registry,
      n.queueDuration,
      'How long in seconds an item stays in workqueue before being requested.',
    );
    this.workDuration = histogram(
      registry,
      n.workDuration,
      'How long in seconds processing an item from workqueue takes.',
    );
    this.unfinished = gauge(
      registry,
      n.unfinishedWork,
      "How many seconds of work has done that is in progress and hasn't been observed by work_duration. " +
        'Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.',
    );
    this.longestRunning = gauge(
      registry,
      n.longestRunningProcessor,
      'How many seconds has the longest running processor for workqueue been running.',
    );
    this.retries = counter(registry, n.retries, 'Total number of retries handled by workqueue');
  }

  /** `workqueue_depth{name}`. */
  newDepthMetric(name: string): GaugeMetric {
    const child = this.depth.labels(name);
    return { inc: () => child.inc(), dec: () => child.dec() };
  }

  /** `workqueue_adds_total{name}`. */
  newAddsMetric(name: string): CounterMetric {
    const child = this.adds.labels(name);
    return { inc: () => child.inc() };
  }

  /** `workqueue_queue_duration_seconds{name}`. */
  newLatencyMetric(name: string): HistogramMetric {
    const child = this.latency.labels(name);
    return { observe: (v) => child.observe(v) };
  }

  /** `workqueue_work_duration_seconds{name}`. */
  newWorkDurationMetric(name: string): HistogramMetric {
    const child = this.workDuration.labels(name);
    return { observe: (v) => child.observe(v) };
  }

  /** `workqueue_unfinished_work_seconds{name}`. */
  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric {
    const child = this.unfinished.labels(name);
    return { set: (v) => child.set(v) };
  }

  /** `workqueue_longest_running_processor_seconds{name}`. */
  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric {
    const child = this.longestRunning.labels(name);
    return { set: (v) => child.set(v) };
  }

  /** `workqueue_retries_total{name}`. */
  newRetriesMetric(name: string): CounterMetric {
    const child = this.retries.labels(name);
    return { inc: () => child.inc() };
  }
}
