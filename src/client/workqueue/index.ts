/**
 * client-go's work queue family: a deduplicating FIFO ({@link Queue}), delayed adds
 * ({@link DelayingQueue}), rate-limited requeues ({@link RateLimitingQueue}), the rate limiters,
 * and metrics hooks. Time is injected through {@link Clock}; tests use {@link FakeClock}.
 */
export { realClock, type Clock, type ClockTimer, type TimerOptions } from './clock.js';
export { FakeClock } from './fake-clock.js';
export { DelayingQueue } from './delaying-queue.js';
export {
  noopMetricsProvider,
  type CounterMetric,
  type GaugeMetric,
  type HistogramMetric,
  type MetricsProvider,
  type SettableGaugeMetric,
} from './metrics.js';
export { PrometheusMetricsProvider, WORKQUEUE_DURATION_BUCKETS, WORKQUEUE_METRIC_NAMES } from './prometheus-metrics.js';
export { DEFAULT_UNFINISHED_WORK_UPDATE_PERIOD_MS, Queue, type GetResult, type QueueOptions } from './queue.js';
export {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  defaultItemBasedRateLimiter,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
  type ItemRateLimiterOptions,
  type RateLimiter,
} from './rate-limiters.js';
export { RateLimitingQueue, TypedRateLimitingQueue } from './rate-limiting-queue.js';
