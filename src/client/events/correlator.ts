/**
 * Upstream's `EventCorrelator`: every event passes aggregation, then de-duplication, then the
 * spam filter, before the broadcaster writes it. Defaults are upstream's: LRU caches of 4096
 * entries, aggregation at 10 similar events within 600 s, and a spam bucket of 25 events per
 * source+object refilled at one every 300 s.
 */
import { EventAggregator } from './aggregator.js';
import { EventObserver } from './event-logger.js';
import {
  eventAggregatorByReasonFunc,
  eventAggregatorByReasonMessageFunc,
  getSpamKey,
  type EventAggregatorKeyFunc,
  type EventAggregatorMessageFunc,
  type EventSpamKeyFunc,
} from './keys.js';
import { EventSourceObjectSpamFilter } from './spam-filter.js';
import type { Event, EventPatch, PassiveClock } from './types.js';

/** Upstream's `maxLruCacheEntries`. */
export const MAX_LRU_CACHE_ENTRIES = 4096;
/** Upstream's `defaultAggregateMaxEvents`. */
export const DEFAULT_AGGREGATE_MAX_EVENTS = 10;
/** Upstream's `defaultAggregateIntervalInSeconds`. */
export const DEFAULT_AGGREGATE_INTERVAL_SECONDS = 600;
/** Upstream's `defaultSpamBurst`. */
export const DEFAULT_SPAM_BURST = 25;
/** Upstream's `defaultSpamQPS`: one event every 5 minutes. */
export const DEFAULT_SPAM_QPS = 1 / 300;

/** Upstream's `CorrelatorOptions`; every field optional, zero/absent meaning the default. */
export interface CorrelatorOptions {
  lruCacheSize?: number;
  burstSize?: number;
  qps?: number;
  keyFunc?: EventAggregatorKeyFunc;
  messageFunc?: EventAggregatorMessageFunc;
  maxEvents?: number;
  maxIntervalSeconds?: number;
  /** Wall-clock time source; `Date.now` by default. */
  clock?: PassiveClock;
  spamKeyFunc?: EventSpamKeyFunc;
}

/** The outcome of {@link EventCorrelator.correlate}. */
export type EventCorrelateResult =
  | { skip: true }
  | {
      skip: false;
      /** The event to write. */
      event: Event;
      /** When present, PATCH the existing event with this instead of creating one. */
      patch?: EventPatch;
    };

const systemClock: PassiveClock = { now: () => Date.now() };

/** Filters, aggregates, counts and de-duplicates events before they are written. */
export class EventCorrelator {
  private readonly aggregator: EventAggregator;
  private readonly observer: EventObserver;
  private readonly spamFilter: EventSourceObjectSpamFilter;

  /** Creates a correlator; absent options take upstream's defaults. */
  constructor(options: CorrelatorOptions = {}) {
    const lruCacheSize = options.lruCacheSize || MAX_LRU_CACHE_ENTRIES;
    const clock = options.clock ?? systemClock;
    this.spamFilter = new EventSourceObjectSpamFilter({
      lruCacheSize,
      burst: options.burstSize || DEFAULT_SPAM_BURST,
      qps: options.qps || DEFAULT_SPAM_QPS,
      clock,
      spamKeyFunc: options.spamKeyFunc ?? getSpamKey,
    });
    this.aggregator = new EventAggregator({
      lruCacheSize,
      keyFunc: options.keyFunc ?? eventAggregatorByReasonFunc,
      messageFunc: options.messageFunc ?? eventAggregatorByReasonMessageFunc,
      maxEvents: options.maxEvents || DEFAULT_AGGREGATE_MAX_EVENTS,
      maxIntervalSeconds: options.maxIntervalSeconds || DEFAULT_AGGREGATE_INTERVAL_SECONDS,
      clock,
    });
    this.observer = new EventObserver(lruCacheSize);
  }

  /**
   * Runs `event` through aggregation, de-duplication and the spam filter, in upstream's order.
   * The occurrence is counted even when the spam filter then drops it, as upstream does.
   */
  correlate(event: Event): EventCorrelateResult {
    const aggregated = this.aggregator.aggregate(event);
    const observed = this.observer.observe(aggregated.event, aggregated.key);
    if (this.spamFilter.filter(observed.event)) return { skip: true };
    return observed.patch
      ? { skip: false, event: observed.event, patch: observed.patch }
      : { skip: false, event: observed.event };
  }

  /** Records the server's copy of a written event, so later patches address it (name, resourceVersion). */
  updateState(event: Event): void {
    this.observer.updateState(event);
  }
}
