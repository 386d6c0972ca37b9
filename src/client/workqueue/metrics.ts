/**
 * Work queue metrics hooks, after client-go's `util/workqueue/metrics.go`: a small
 * {@link MetricsProvider} interface that hands out one metric per queue name, a no-op provider
 * (the default), and the recorder the queues drive. A Prometheus-backed provider lives in
 * `prometheus-metrics.ts`.
 */
import type { Clock } from './clock.js';

/** A value that can go up and down by one (upstream `GaugeMetric`). */
export interface GaugeMetric {
  inc(): void;
  dec(): void;
}

/** A gauge that is set to an absolute value (upstream `SettableGaugeMetric`). */
export interface SettableGaugeMetric {
  set(value: number): void;
}

/** A value that only goes up (upstream `CounterMetric`). */
export interface CounterMetric {
  inc(): void;
}

/** Records individual observations, in seconds for the queue's uses (upstream `HistogramMetric`). */
export interface HistogramMetric {
  observe(value: number): void;
}

/**
 * Creates the metrics for one named queue (upstream `MetricsProvider`). Each method is called once
 * per queue, with the queue's name, when the queue is built.
 */
export interface MetricsProvider {
  /** Current number of items waiting in the queue (`workqueue_depth`). */
  newDepthMetric(name: string): GaugeMetric;
  /** Total adds handled, counting only adds that were not collapsed (`workqueue_adds_total`). */
  newAddsMetric(name: string): CounterMetric;
  /** Seconds an item waited in the queue before `get` (`workqueue_queue_duration_seconds`). */
  newLatencyMetric(name: string): HistogramMetric;
  /** Seconds from `get` to `done` (`workqueue_work_duration_seconds`). */
  newWorkDurationMetric(name: string): HistogramMetric;
  /** Sum of the ages of all in-flight items, in seconds (`workqueue_unfinished_work_seconds`). */
  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric;
  /** Age of the oldest in-flight item, in seconds (`workqueue_longest_running_processor_seconds`). */
  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric;
  /** Total `addAfter` calls, i.e. retries (`workqueue_retries_total`). */
  newRetriesMetric(name: string): CounterMetric;
}

const noopMetric: GaugeMetric & SettableGaugeMetric & CounterMetric & HistogramMetric = {
  inc() {},
  dec() {},
  set() {},
  observe() {},
};

/** The provider that records nothing. Queues built with it (or with no name) skip metrics work entirely. */
export const noopMetricsProvider: MetricsProvider = {
  newDepthMetric: () => noopMetric,
  newAddsMetric: () => noopMetric,
  newLatencyMetric: () => noopMetric,
  newWorkDurationMetric: () => noopMetric,
  newUnfinishedWorkSecondsMetric: () => noopMetric,
  newLongestRunningProcessorSecondsMetric: () => noopMetric,
  newRetriesMetric: () => noopMetric,
};

/**
 * What a queue reports as it runs, keyed by item key. Internal to the work queue package; the
 * queues call it at the same points upstream's `queueMetrics` is called.
 */
export interface QueueMetricsRecorder {
  /** An add that was not collapsed into an item already waiting: adds+1, depth+1, start queue-latency clock. */
  add(key: unknown): void;
  /** An item handed to a worker: depth-1, observe queue latency, start work-duration clock. */
  get(key: unknown): void;
  /** An item finished: observe work duration. */
  done(key: unknown): void;
  /** Recompute the unfinished-work and longest-running-processor gauges. */
  updateUnfinishedWork(): void;
}

/** True when `provider` would record nothing for `name` (no name, or the no-op provider). */
export function metricsDisabled(provider: MetricsProvider, name: string): boolean {
  return name === '' || provider === noopMetricsProvider;
}

/**
 * Builds the recorder for queue `name`, or `undefined` when metrics are disabled for it (upstream
 * `noMetrics`: an unnamed queue, or the no-op provider). Times come from `clock`.
 */
export function newQueueMetrics(
  provider: MetricsProvider,
  name: string,
  clock: Clock,
): QueueMetricsRecorder | undefined {
  if (metricsDisabled(provider, name)) return undefined;
  const depth = provider.newDepthMetric(name);
  const adds = provider.newAddsMetric(name);
  const latency = provider.newLatencyMetric(name);
  const workDuration = provider.newWorkDurationMetric(name);
  const unfinished = provider.newUnfinishedWorkSecondsMetric(name);
  const longest = provider.newLongestRunningProcessorSecondsMetric(name);
  const addTimes = new Map<unknown, number>();
  const processingStartTimes = new Map<unknown, number>();
  const since = (start: number) => (clock.now() - start) / 1000;
  return {
    add(key) {
      adds.inc();
      depth.inc();
      if (!addTimes.has(key)) addTimes.set(key, clock.now());
    },
    get(key) {
      depth.dec();
      processingStartTimes.set(key, clock.now());
      const start = addTimes.get(key);
      if (start !== undefined) {
        latency.observe(since(start));
        addTimes.delete(key);
      }
    },
    done(key) {
      const start = processingStartTimes.get(key);
      if (start !== undefined) {
        workDuration.observe(since(start));
        processingStartTimes.delete(key);
      }
    },
    updateUnfinishedWork() {
      let total = 0;
      let oldest = 0;
      for (const start of processingStartTimes.values()) {
        const age = since(start);
        total += age;
        if (age > oldest) oldest = age;
      }
      unfinished.set(total);
      longest.set(oldest);
    },
  };
}

/** The retries counter for queue `name`, or `undefined` when metrics are disabled for it. */
export function newRetryMetric(provider: MetricsProvider, name: string): CounterMetric | undefined {
  return metricsDisabled(provider, name) ? undefined : provider.newRetriesMetric(name);
}
