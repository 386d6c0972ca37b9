/**
 * The basic work queue, after client-go's `util/workqueue/queue.go`: a FIFO of items to process,
 * with the guarantees controllers rely on:
 *
 * - an item is never handed to two workers at once;
 * - adding an item that is already waiting is a no-op (duplicates collapse);
 * - adding an item that is being processed marks it dirty, and `done` puts it back in the queue;
 * - items are handed out in the order they were first added.
 *
 * Items are compared by a key (`options.key`, default: the item itself, so strings work as is).
 */
import { realClock } from './clock.js';
import type { Clock, ClockTimer } from './clock.js';
import { newQueueMetrics, noopMetricsProvider } from './metrics.js';
import type { MetricsProvider, QueueMetricsRecorder } from './metrics.js';

/** What `get` resolves to: an item to process, or word that the queue is shut down and empty. */
export type GetResult<T> = { item: T; shutdown: false } | { item: undefined; shutdown: true };

/** Options shared by every queue in the family (upstream `TypedQueueConfig`). */
export interface QueueOptions<T> {
  /** The queue's name, used as the metrics `name` label. Unnamed queues record no metrics. */
  name?: string;
  /** Where metrics go; default {@link noopMetricsProvider}. */
  metricsProvider?: MetricsProvider;
  /** Time source and timer scheduler; default {@link realClock}. Tests pass a `FakeClock`. */
  clock?: Clock;
  /** Identity of an item: items with equal keys (`Map` semantics) are the same item. Default: the item. */
  key?: (item: T) => unknown;
  /** How often the unfinished-work gauges are refreshed, in ms; default 500 as upstream. */
  unfinishedWorkUpdatePeriodMs?: number;
}

/** Upstream's `defaultUnfinishedWorkUpdatePeriod`. */
export const DEFAULT_UNFINISHED_WORK_UPDATE_PERIOD_MS = 500;

/** A FIFO with O(1) amortised push/shift. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  shift(): T {
    const item = this.items[this.head];
    this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/**
 * A work queue (upstream `Typed[T]`). Workers loop on `get` → process → `done`. All methods are
 * synchronous except `get` (resolves when an item is available or the queue is shut down and
 * empty) and `shutDownWithDrain` (resolves when in-flight items are done).
 */
export class Queue<T> {
  /** Time source shared with subclasses. */
  protected readonly clock: Clock;
  /** Item identity shared with subclasses. */
  protected readonly keyOf: (item: T) => unknown;
  private readonly queue = new Fifo<unknown>();
  /** Items needing processing (waiting, or re-added while processing), by key. */
  private readonly dirty = new Map<unknown, T>();
  /** Keys of the items handed out and not yet `done`. */
  private readonly processing = new Set<unknown>();
  private readonly getWaiters: ((r: GetResult<T>) => void)[] = [];
  private drainWaiters: (() => void)[] = [];
  private isShuttingDown = false;
  private readonly metrics: QueueMetricsRecorder | undefined;
  private unfinishedTimer: ClockTimer | undefined;

  /** Creates an empty queue. A named queue with a real metrics provider refreshes its gauges on a timer. */
  constructor(options: QueueOptions<T> = {}) {
    this.clock = options.clock ?? realClock;
    this.keyOf = options.key ?? ((item: T) => item);
    this.metrics = newQueueMetrics(options.metricsProvider ?? noopMetricsProvider, options.name ?? '', this.clock);
    if (this.metrics) {
      this.scheduleUnfinishedWork(options.unfinishedWorkUpdatePeriodMs ?? DEFAULT_UNFINISHED_WORK_UPDATE_PERIOD_MS);
    }
  }

  /**
   * Marks `item` as needing processing. Ignored after shutdown, and when an equal item is already
   * waiting. If an equal item is being processed, it is marked dirty and re-queued on its `done`.
   */
  add(item: T): void {
    if (this.isShuttingDown) return;
    const key = this.keyOf(item);
    if (this.dirty.has(key)) return;
    this.metrics?.add(key);
    this.dirty.set(key, item);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.dispatch();
  }

  /** The number of items waiting (not counting those being processed). Informational only. */
  len(): number {
    return this.queue.length;
  }

  /**
   * Resolves with the next item once one is available, or `{ shutdown: true }` once the queue is
   * shut down and empty (items already waiting at shutdown are still handed out). The caller must
   * call `done(item)` when finished with it. Concurrent callers are served in call order.
   */
  get(): Promise<GetResult<T>> {
    if (this.queue.length > 0) return Promise.resolve(this.take());
    if (this.isShuttingDown) return Promise.resolve({ item: undefined, shutdown: true });
    return new Promise((resolve) => this.getWaiters.push(resolve));
  }

  /**
   * Marks `item` as no longer being processed. If it was added again meanwhile, it goes back to
   * the end of the queue. A call for an item not being processed is ignored (upstream would
   * re-queue a dirty item twice; we keep the invariant instead).
   */
  done(item: T): void {
    const key = this.keyOf(item);
    if (!this.processing.has(key)) return;
    this.metrics?.done(key);
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.dispatch();
    }
    // While draining no `get` waits (shutdown answers them at once), so upstream's signal here
    // always reaches the drain waiter: the drain ends as soon as nothing is in flight.
    if (this.processing.size === 0) this.releaseDrainWaiters();
  }

  /**
   * Stops accepting new items and tells idle workers to exit: pending `get`s resolve with
   * `shutdown: true`. Items already queued are still handed out to later `get`s. Also ends an
   * in-progress `shutDownWithDrain` wait immediately.
   */
  shutDown(): void {
    this.beginShutdown();
    this.releaseDrainWaiters();
  }

  /**
   * Like `shutDown`, but resolves only once every item handed out has been `done` (or `shutDown`
   * is called to force it). Workers must keep calling `done` for this to finish.
   */
  shutDownWithDrain(): Promise<void> {
    this.beginShutdown();
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** True once `shutDown` or `shutDownWithDrain` has been called. */
  shuttingDown(): boolean {
    return this.isShuttingDown;
  }

  private beginShutdown(): void {
    this.isShuttingDown = true;
    this.unfinishedTimer?.cancel();
    this.unfinishedTimer = undefined;
    // Waiters exist only while the queue is empty, so they all learn of the shutdown.
    for (const resolve of this.getWaiters.splice(0)) resolve({ item: undefined, shutdown: true });
  }

  private releaseDrainWaiters(): void {
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  /** Pops the head of the queue and marks it as being processed. The queue must not be empty. */
  private take(): GetResult<T> {
    const key = this.queue.shift();
    const item = this.dirty.get(key) as T;
    this.metrics?.get(key);
    this.processing.add(key);
    this.dirty.delete(key);
    return { item, shutdown: false };
  }

  /** Hands waiting items to waiting `get` callers, first come first served. */
  private dispatch(): void {
    while (this.getWaiters.length > 0 && this.queue.length > 0) {
      const resolve = this.getWaiters.shift() as (r: GetResult<T>) => void;
      resolve(this.take());
    }
  }

  private scheduleUnfinishedWork(periodMs: number): void {
    const tick = () => {
      if (this.isShuttingDown) return;
      this.metrics?.updateUnfinishedWork();
      this.unfinishedTimer = this.clock.setTimer(tick, periodMs, { background: true });
    };
    this.unfinishedTimer = this.clock.setTimer(tick, periodMs, { background: true });
  }
}
