/**
 * Upstream's `EventAggregator`: when more than `maxEvents - 1` distinct messages for similar
 * events (same source, object, type, reason, reporting controller/instance) arrive with no gap
 * longer than `maxIntervalSeconds`, the event is replaced by one aggregate event whose message is
 * `(combined from similar events): <latest message>`, de-duplicated under the aggregate key.
 */
import { getEventKey, type EventAggregatorKeyFunc, type EventAggregatorMessageFunc } from './keys.js';
import { LruCache } from './lru.js';
import { formatTime, uniqueHexNanos } from './time.js';
import type { Event, PassiveClock } from './types.js';

/** Options of {@link EventAggregator}. */
export interface AggregatorOptions {
  lruCacheSize: number;
  keyFunc: EventAggregatorKeyFunc;
  messageFunc: EventAggregatorMessageFunc;
  /** Distinct similar events within the interval that trigger aggregation (default 10). */
  maxEvents: number;
  /** A similar event older than this (default 600 s) starts a fresh record. */
  maxIntervalSeconds: number;
  clock: PassiveClock;
}

interface AggregateRecord {
  /** Distinct local keys (messages) seen, in insertion order. */
  localKeys: Set<string>;
  /** When a similar event was last seen, epoch ms. */
  lastTimestamp: number;
}

/** The outcome of {@link EventAggregator.aggregate}. */
export interface AggregateResult {
  /** The event to record: the input itself, or a new aggregate event. */
  event: Event;
  /** The de-duplication key: the full event key, or the aggregate key for aggregate events. */
  key: string;
}

/** Identifies similar events and folds them into one aggregate event. */
export class EventAggregator {
  private readonly cache: LruCache<string, AggregateRecord>;

  /** Creates an aggregator with an empty cache. */
  constructor(private readonly options: AggregatorOptions) {
    this.cache = new LruCache(options.lruCacheSize);
  }

  /**
   * Records `event` and returns what to write. Below the threshold that is `event` under its
   * full key. At the threshold it is a fresh aggregate event — name `<object>.<hex nanos>`,
   * count 1, both timestamps now, the combined message — under the aggregate key; one local key
   * is then evicted so the set never grows past the threshold. Like upstream, the aggregate
   * event carries neither the annotations nor the reporting controller/instance of the input,
   * and the evicted local key is the oldest one (upstream evicts an arbitrary one).
   */
  aggregate(event: Event): AggregateResult {
    const now = this.options.clock.now();
    const eventKey = getEventKey(event);
    const { aggregateKey, localKey } = this.options.keyFunc(event);

    let record = this.cache.get(aggregateKey);
    if (!record || now - record.lastTimestamp > this.options.maxIntervalSeconds * 1000) {
      record = { localKeys: new Set(), lastTimestamp: 0 };
    }
    record.localKeys.add(localKey);
    record.lastTimestamp = now;
    this.cache.add(aggregateKey, record);

    if (record.localKeys.size < this.options.maxEvents) return { event, key: eventKey };

    const evict = record.localKeys.values().next().value as string;
    record.localKeys.delete(evict);

    const t = formatTime(now);
    const aggregate: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${event.involvedObject.name ?? ''}.${uniqueHexNanos(now)}`,
        namespace: event.metadata.namespace,
      },
      count: 1,
      firstTimestamp: t,
      involvedObject: event.involvedObject,
      lastTimestamp: t,
      message: this.options.messageFunc(event),
      type: event.type,
      reason: event.reason,
      source: event.source,
    };
    return { event: aggregate, key: aggregateKey };
  }
}
