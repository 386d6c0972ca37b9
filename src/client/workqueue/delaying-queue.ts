/**
 * A work queue that can add an item later, after client-go's `util/workqueue/delaying_queue.go`.
 * Used to requeue after failures without hot-looping. Time comes from the injected clock.
 */
import type { ClockTimer } from './clock.js';
import { newRetryMetric, noopMetricsProvider } from './metrics.js';
import type { CounterMetric } from './metrics.js';
import { Queue } from './queue.js';
import type { QueueOptions } from './queue.js';
import { WaitingHeap } from './waiting-heap.js';

/**
 * A {@link Queue} with `addAfter` (upstream `TypedDelayingInterface`). Waiting items sit in a
 * min-heap by ready time; one clock timer is armed for the earliest, and when it fires every item
 * that is due is `add`ed (so the usual dedupe and dirty rules apply at that moment).
 */
export class DelayingQueue<T> extends Queue<T> {
  private readonly waiting = new WaitingHeap<T>();
  private timer: ClockTimer | undefined;
  private timerAt = Infinity;
  private readonly retries: CounterMetric | undefined;

  /** Creates an empty delaying queue; options as for {@link Queue}. */
  constructor(options: QueueOptions<T> = {}) {
    super(options);
    this.retries = newRetryMetric(options.metricsProvider ?? noopMetricsProvider, options.name ?? '');
  }

  /**
   * Adds `item` once `ms` milliseconds have passed on the clock. Ignored after shutdown. Counts
   * a retry in the metrics (every call, as upstream). `ms <= 0` adds immediately. If the item is
   * already waiting, the earlier of the two ready times wins.
   */
  addAfter(item: T, ms: number): void {
    if (this.shuttingDown()) return;
    this.retries?.inc();
    if (!(ms > 0)) {
      this.add(item);
      return;
    }
    this.waiting.insert(this.keyOf(item), item, this.clock.now() + ms);
    this.arm();
  }

  /** Shuts down as {@link Queue.shutDown} and drops every item still waiting for its time. */
  override shutDown(): void {
    super.shutDown();
    this.stopWaiting();
  }

  /** Shuts down as {@link Queue.shutDownWithDrain} and drops every item still waiting for its time. */
  override shutDownWithDrain(): Promise<void> {
    const drained = super.shutDownWithDrain();
    this.stopWaiting();
    return drained;
  }

  /** Ensures a timer is set for the earliest waiting item (and only for it). */
  private arm(): void {
    const next = this.waiting.peek();
    if (!next) return;
    if (this.timer && this.timerAt <= next.readyAt) return;
    this.timer?.cancel();
    this.timerAt = next.readyAt;
    this.timer = this.clock.setTimer(() => this.fire(), next.readyAt - this.clock.now());
  }

  /** Adds every item that is due, then re-arms for the next. */
  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.shuttingDown()) return;
    const now = this.clock.now();
    for (let next = this.waiting.peek(); next && next.readyAt <= now; next = this.waiting.peek()) {
      this.waiting.pop();
      this.add(next.item);
    }
    this.arm();
  }

  private stopWaiting(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = Infinity;
    this.waiting.clear();
  }
}
