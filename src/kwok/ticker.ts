/**
 * One timer for thousands of periodic jobs: keys sit in a ring of time buckets, and each tick
 * hands the next bucket's keys to a callback. Five thousand node leases renewed every 10 s become
 * 100 ticks of 50 keys each instead of 5,000 timers firing in bursts.
 */
import type { Clock, ClockTimer } from '../client/workqueue/clock.js';

export interface BucketTickerOptions {
  /** Each key is due once per period. */
  periodMs: number;
  /** Buckets in the ring; a tick every `periodMs / buckets`. Default: one per 100 ms, 1–100. */
  buckets?: number;
  clock: Clock;
  /** Called with the keys of each bucket as it comes due (never with an empty list). */
  onDue(keys: readonly string[]): void;
}

/**
 * A ring of `buckets` sets of keys; while running, bucket `k` fires at `start + (n·buckets + k)·tick`.
 * Keys are placed round-robin, so keys added together spread evenly over the period; each is first
 * due at most one period after `add` (possibly at the next tick).
 * Ticks missed while the event loop was busy are caught up at once, in order.
 */
export class BucketTicker {
  readonly buckets: number;
  readonly tickMs: number;
  private readonly ring: Set<string>[];
  private readonly where = new Map<string, number>();
  /** The bucket that fires next. */
  private cursor = 0;
  private placement = 0;
  private startedAt = 0;
  /** Ticks fired since start. */
  private fired = 0;
  private timer: ClockTimer | undefined;
  private stopped = false;

  constructor(private readonly opts: BucketTickerOptions) {
    if (!(opts.periodMs > 0)) throw new RangeError(`periodMs must be positive, got ${opts.periodMs}`);
    this.buckets = opts.buckets ?? Math.min(100, Math.max(1, Math.floor(opts.periodMs / 100)));
    if (!Number.isInteger(this.buckets) || this.buckets < 1) {
      throw new RangeError(`buckets must be a positive integer, got ${this.buckets}`);
    }
    this.tickMs = opts.periodMs / this.buckets;
    this.ring = Array.from({ length: this.buckets }, () => new Set<string>());
  }

  /** How many keys are in the ring. */
  get size(): number {
    return this.where.size;
  }

  has(key: string): boolean {
    return this.where.has(key);
  }

  /** Puts `key` in the ring; a key already there keeps its bucket. */
  add(key: string): void {
    if (this.where.has(key)) return;
    this.place(key, this.placement++ % this.buckets);
  }

  /**
   * Puts `key` (or moves it) where it is next due one whole period from now: in the bucket that
   * has just fired. For a key whose job was just done, as a kubelet renews its Lease one interval
   * after creating it.
   */
  pushBack(key: string): void {
    this.remove(key);
    this.place(key, (this.cursor + this.buckets - 1) % this.buckets);
  }

  private place(key: string, bucket: number): void {
    this.ring[bucket].add(key);
    this.where.set(key, bucket);
  }

  /** Takes `key` out of the ring. */
  remove(key: string): void {
    const b = this.where.get(key);
    if (b === undefined) return;
    this.ring[b].delete(key);
    this.where.delete(key);
  }

  /** Starts ticking until `signal` aborts (or `stop`). Once only. */
  start(signal?: AbortSignal): void {
    if (this.timer || this.stopped) throw new Error('ticker already started');
    this.startedAt = this.opts.clock.now();
    signal?.addEventListener('abort', () => this.stop(), { once: true });
    if (signal?.aborted) return;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private schedule(): void {
    if (this.stopped) return;
    const due = this.startedAt + (this.fired + 1) * this.tickMs;
    this.timer = this.opts.clock.setTimer(() => this.tick(), due - this.opts.clock.now());
  }

  private tick(): void {
    const now = this.opts.clock.now();
    while (!this.stopped && this.startedAt + (this.fired + 1) * this.tickMs <= now) {
      this.fired++;
      const keys = [...this.ring[this.cursor]];
      this.cursor = (this.cursor + 1) % this.buckets;
      try {
        if (keys.length) this.opts.onDue(keys);
      } catch {
        // A failing callback must not stop the heartbeats of every other key.
      }
    }
    this.schedule();
  }
}
