/**
 * Rate limiters for requeueing, after client-go's `util/workqueue/default_rate_limiters.go`.
 * Every duration is in milliseconds.
 */
import { realClock } from './clock.js';
import type { Clock } from './clock.js';

/** Decides how long an item waits before it is requeued (upstream `TypedRateLimiter`). */
export interface RateLimiter<T> {
  /** How long `item` should wait now, in ms. Per-item limiters count this as a failure. */
  when(item: T): number;
  /** Stops tracking `item` (it succeeded, or was given up on). */
  forget(item: T): void;
  /** How many failures `item` has had since it was last forgotten. */
  numRequeues(item: T): number;
}

/** Options for the per-item limiters. */
export interface ItemRateLimiterOptions<T> {
  /** Identity of an item, as for the queue's `key` option. Default: the item. */
  key?: (item: T) => unknown;
}

/** Shared per-item failure bookkeeping. */
abstract class PerItemFailures<T> implements RateLimiter<T> {
  private readonly failures = new Map<unknown, number>();
  private readonly keyOf: (item: T) => unknown;

  constructor(options: ItemRateLimiterOptions<T>) {
    this.keyOf = options.key ?? ((item: T) => item);
  }

  abstract when(item: T): number;

  /** Records one more failure for `item`; returns the count before this one. */
  protected fail(item: T): number {
    const key = this.keyOf(item);
    const before = this.failures.get(key) ?? 0;
    this.failures.set(key, before + 1);
    return before;
  }

  /** Failures recorded for `item`. */
  numRequeues(item: T): number {
    return this.failures.get(this.keyOf(item)) ?? 0;
  }

  /** Clears `item`'s failures. */
  forget(item: T): void {
    this.failures.delete(this.keyOf(item));
  }
}

/**
 * Waits `baseDelayMs * 2^failures`, capped at `maxDelayMs` (upstream
 * `ItemExponentialFailureRateLimiter`): with the defaults (5 ms, 1000 s, as in
 * `DefaultControllerRateLimiter`) successive `when`s give 5, 10, 20, 40 … ms until the cap.
 */
export class ItemExponentialFailureRateLimiter<T> extends PerItemFailures<T> {
  /** Creates the limiter; delays in ms. */
  constructor(
    readonly baseDelayMs = 5,
    readonly maxDelayMs = 1_000_000,
    options: ItemRateLimiterOptions<T> = {},
  ) {
    super(options);
  }

  /** Counts a failure and returns the backoff for the failures before it. */
  when(item: T): number {
    const exp = this.fail(item);
    const backoff = this.baseDelayMs * 2 ** exp;
    return Number.isFinite(backoff) && backoff <= this.maxDelayMs ? backoff : this.maxDelayMs;
  }
}

/** Upstream `DefaultItemBasedRateLimiter`: exponential from 1 ms, capped at 1000 s. */
export function defaultItemBasedRateLimiter<T>(): RateLimiter<T> {
  return new ItemExponentialFailureRateLimiter<T>(1, 1_000_000);
}

/**
 * Retries quickly `maxFastAttempts` times, then slowly (upstream `ItemFastSlowRateLimiter`):
 * failure n (1-based) waits `fastDelayMs` while n ≤ `maxFastAttempts`, else `slowDelayMs`.
 */
export class ItemFastSlowRateLimiter<T> extends PerItemFailures<T> {
  /** Creates the limiter; delays in ms. */
  constructor(
    readonly fastDelayMs: number,
    readonly slowDelayMs: number,
    readonly maxFastAttempts: number,
    options: ItemRateLimiterOptions<T> = {},
  ) {
    super(options);
  }

  /** Counts a failure and returns the fast or slow delay. */
  when(item: T): number {
    return this.fail(item) + 1 <= this.maxFastAttempts ? this.fastDelayMs : this.slowDelayMs;
  }
}

/**
 * An overall token bucket, not per item (upstream `BucketRateLimiter` over `x/time/rate`'s
 * `Limiter.Reserve().Delay()`): it holds up to `burst` tokens, refilled at `qps` per second;
 * every `when` takes one token, going into debt if none is left, and returns how long until that
 * debt is repaid. So after a full bucket is spent at once, calls wait 1/qps, 2/qps, … seconds.
 * `numRequeues` is always 0 and `forget` does nothing.
 */
export class BucketRateLimiter<T = unknown> implements RateLimiter<T> {
  private tokens: number;
  private last: number;
  private readonly clock: Clock;

  /** Creates a full bucket. `qps` may be `Infinity` (never waits); `burst` must be ≥ 1. */
  constructor(
    readonly qps = 10,
    readonly burst = 100,
    options: { clock?: Clock } = {},
  ) {
    if (!(qps > 0)) throw new RangeError(`BucketRateLimiter: qps must be > 0, got ${qps}`);
    if (!(burst >= 1)) throw new RangeError(`BucketRateLimiter: burst must be >= 1, got ${burst}`);
    this.clock = options.clock ?? realClock;
    this.tokens = burst;
    this.last = this.clock.now();
  }

  /** Takes a token; returns the wait in ms before it may be used (0 when one was available). */
  when(_item: T): number {
    if (this.qps === Infinity) return 0;
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.qps) / 1000);
    this.last = Math.max(this.last, now);
    this.tokens -= 1;
    return this.tokens < 0 ? (-this.tokens * 1000) / this.qps : 0;
  }

  /** Always 0: the bucket does not track items. */
  numRequeues(_item: T): number {
    return 0;
  }

  /** Does nothing: the bucket does not track items. */
  forget(_item: T): void {}
}

/**
 * Asks every limiter and returns the longest wait (upstream `MaxOfRateLimiter`); `numRequeues` is
 * the largest count, `forget` forgets in all.
 */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  private readonly limiters: readonly RateLimiter<T>[];

  /** Combines `limiters` (each is consulted on every `when`). */
  constructor(...limiters: RateLimiter<T>[]) {
    this.limiters = limiters;
  }

  /** The longest wait any limiter asks for (every limiter sees the call). */
  when(item: T): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.when(item));
    return max;
  }

  /** The largest failure count among the limiters. */
  numRequeues(item: T): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.numRequeues(item));
    return max;
  }

  /** Forgets `item` in every limiter. */
  forget(item: T): void {
    for (const l of this.limiters) l.forget(item);
  }
}

/**
 * Upstream `DefaultControllerRateLimiter`: the max of per-item exponential backoff (5 ms doubling
 * to 1000 s) and an overall bucket of 10 qps with a burst of 100.
 */
export function defaultControllerRateLimiter<T>(
  options: { clock?: Clock } & ItemRateLimiterOptions<T> = {},
): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(
    new ItemExponentialFailureRateLimiter<T>(5, 1_000_000, { key: options.key }),
    new BucketRateLimiter<T>(10, 100, { clock: options.clock }),
  );
}
