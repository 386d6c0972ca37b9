/**
 * Upstream's `EventSourceObjectSpamFilter`: a token bucket per source+object (burst 25, refilled
 * at one token every 5 minutes by default), kept in an LRU cache. An event that finds its
 * bucket empty is filtered out.
 */
import type { EventSpamKeyFunc } from './keys.js';
import { LruCache } from './lru.js';
import type { Event, PassiveClock } from './types.js';

/**
 * A token bucket with the semantics of `golang.org/x/time/rate.Limiter.Allow`, which upstream's
 * `flowcontrol.NewTokenBucketRateLimiterWithClock` wraps: it starts full (`burst` tokens),
 * refills continuously at `qps` tokens per second up to `burst`, and `tryAccept` takes one token
 * if a whole one is available.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /** A full bucket of `burst` tokens refilling at `qps` per second, read from `clock`. */
  constructor(
    private readonly qps: number,
    private readonly burst: number,
    private readonly clock: PassiveClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Takes one token if available; false (and nothing taken) if not. */
  tryAccept(): boolean {
    const now = this.clock.now();
    const elapsedSeconds = Math.max(0, now - this.last) / 1000;
    const tokens = Math.min(this.burst, this.tokens + elapsedSeconds * this.qps);
    if (tokens < 1) return false;
    this.tokens = tokens - 1;
    this.last = now;
    return true;
  }
}

/** Options of {@link EventSourceObjectSpamFilter}. */
export interface SpamFilterOptions {
  /** Entries in the LRU cache of buckets. */
  lruCacheSize: number;
  /** Events a source may send about an object at once. */
  burst: number;
  /** Refill rate, tokens per second. */
  qps: number;
  clock: PassiveClock;
  /** The key events are bucketed by (upstream's `getSpamKey` by default). */
  spamKeyFunc: EventSpamKeyFunc;
}

/** Throttles the events one source sends about one object. */
export class EventSourceObjectSpamFilter {
  private readonly cache: LruCache<string, TokenBucket>;

  /** Creates a filter; every key starts with a full bucket. */
  constructor(private readonly options: SpamFilterOptions) {
    this.cache = new LruCache(options.lruCacheSize);
  }

  /** True when the event must be dropped: its source+object bucket had no token left. */
  filter(event: Event): boolean {
    const key = this.options.spamKeyFunc(event);
    let bucket = this.cache.get(key);
    if (!bucket) bucket = new TokenBucket(this.options.qps, this.options.burst, this.options.clock);
    const drop = !bucket.tryAccept();
    this.cache.add(key, bucket);
    return drop;
  }
}
