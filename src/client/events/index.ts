/**
 * Event recording for components (upstream's `k8s.io/client-go/tools/record`): recorders build
 * core/v1 Events, the broadcaster correlates (aggregates, de-duplicates, spam-filters) and writes
 * them to an {@link EventSink}.
 */
export { EventAggregator, type AggregateResult, type AggregatorOptions } from './aggregator.js';
export {
  DEFAULT_SLEEP_DURATION_MS,
  EventBroadcaster,
  MAX_QUEUED_EVENTS,
  MAX_TRIES_PER_EVENT,
  type BroadcasterOptions,
} from './broadcaster.js';
export { sleep, wallClock, type Clock } from './clock.js';
export {
  DEFAULT_AGGREGATE_INTERVAL_SECONDS,
  DEFAULT_AGGREGATE_MAX_EVENTS,
  DEFAULT_SPAM_BURST,
  DEFAULT_SPAM_QPS,
  EventCorrelator,
  MAX_LRU_CACHE_ENTRIES,
  type CorrelatorOptions,
  type EventCorrelateResult,
} from './correlator.js';
export { EventObserver, type ObserveResult } from './event-logger.js';
export { FakeEventSink, type SinkCall } from './fake-sink.js';
export { goSprintf } from './go-sprintf.js';
export {
  eventAggregatorByReasonFunc,
  eventAggregatorByReasonMessageFunc,
  getEventKey,
  getSpamKey,
  type EventAggregatorKeyFunc,
  type EventAggregatorMessageFunc,
  type EventSpamKeyFunc,
} from './keys.js';
export { LruCache } from './lru.js';
export {
  getReference,
  isValidEventType,
  makeEvent,
  SourceEventRecorder,
  type EventObject,
  type EventRecorder,
  type ObjectWithMeta,
} from './recorder.js';
export { EventSourceObjectSpamFilter, TokenBucket, type SpamFilterOptions } from './spam-filter.js';
export { formatTime, hexNanos, uniqueHexNanos } from './time.js';
export type {
  Event,
  EventLogger,
  EventPatch,
  EventSink,
  EventSource,
  EventType,
  ObjectReference,
  PassiveClock,
} from './types.js';
export { QueuedWatcher, type EventHandler, type EventWatcher } from './watcher.js';
export { restEventSink } from './rest-sink.js';
