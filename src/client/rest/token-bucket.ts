/**
 * Client-side rate limiting: a token bucket as client-go's `flowcontrol.NewTokenBucketRateLimiter`
 * (golang.org/x/time/rate underneath). The bucket starts full with `burst` tokens and refills at
 * `qps` tokens a second; each request takes one, waiting for it when the bucket is empty.
 */
import { realClock, type Clock } from './clock.js';

/** A token bucket; `wait()` before each request. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /**
   * @param qps tokens added per second, > 0
   * @param burst the bucket's size (and its starting fill), ≥ 1
   * @param clock time source (fake in tests)
   */
  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly clock: Clock = realClock,
  ) {
    if (!(qps > 0)) throw new Error(`qps must be positive, got ${qps}`);
    if (!(burst >= 1)) throw new Error(`burst must be at least 1, got ${burst}`);
    this.tokens = burst;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.qps) / 1000);
      this.last = now;
    }
  }

  /** Tokens in the bucket now (negative when waiters have reserved ahead). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes a token if one is there now; false (and nothing taken) otherwise (`TryAccept`). */
  tryAccept(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /**
   * Reserves the next token and returns how many milliseconds to wait until it is due (0 when one is
   * there now). The reservation stands: call `cancel()` when the caller gives up on it.
   */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.qps;
  }

  /** Gives back a token reserved and not used. */
  cancel(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  /**
   * Waits for a token (`Wait`); rejects with the signal's reason, and gives the token back, when
   * `signal` aborts first.
   */
  async wait(signal?: AbortSignal): Promise<void> {
    const delay = this.reserve();
    if (delay <= 0) return;
    try {
      await this.clock.sleep(delay, signal);
    } catch (err) {
      this.cancel();
      throw err;
    }
  }
}
