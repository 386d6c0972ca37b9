/**
 * A work queue that requeues through a rate limiter, after client-go's
 * `util/workqueue/rate_limiting_queue.go`.
 */
import { DelayingQueue } from './delaying-queue.js';
import type { QueueOptions } from './queue.js';
import type { RateLimiter } from './rate-limiters.js';

/**
 * A {@link DelayingQueue} plus a {@link RateLimiter} (upstream `TypedRateLimitingInterface`).
 * The usual worker pattern: on success `forget(item)`, on failure `addRateLimited(item)`, and
 * `done(item)` either way. Remember to `forget`, or the limiter tracks the item forever.
 */
export class RateLimitingQueue<T> extends DelayingQueue<T> {
  /** Creates the queue; `rateLimiter` should use the same item identity as `options.key`. */
  constructor(
    readonly rateLimiter: RateLimiter<T>,
    options: QueueOptions<T> = {},
  ) {
    super(options);
  }

  /** `addAfter(item, rateLimiter.when(item))`. */
  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(item));
  }

  /** Tells the limiter to stop tracking `item`. Only clears the limiter: still call `done`. */
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  /** How many times the limiter has seen `item` fail since it was forgotten. */
  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }
}

/** The upstream name for {@link RateLimitingQueue}. */
export { RateLimitingQueue as TypedRateLimitingQueue };
