/**
 * One consumer of a broadcaster's events: a bounded FIFO drained by a single async loop, so the
 * handler sees events one at a time, in order (upstream's per-watcher channel and goroutine).
 */
import type { Event, EventLogger } from './types.js';

/** Handles one event; the next is not handed over until the returned promise settles. */
export type EventHandler = (event: Event, signal: AbortSignal) => void | Promise<void>;

/** The handle `startEventWatcher` and friends return. */
export interface EventWatcher {
  /** Stops delivering: queued events are dropped and in-progress retries abandoned. Idempotent. */
  stop(): void;
}

/** A queue feeding one handler. Internal to the broadcaster. */
export class QueuedWatcher implements EventWatcher {
  private readonly queue: Event[] = [];
  private running = false;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  private readonly controller = new AbortController();

  /**
   * A watcher holding at most `maxQueued` undelivered events. `signal` (the broadcaster's
   * shutdown) and `stop()` both abort the signal the handler receives; `onStop` runs once on stop.
   */
  constructor(
    private readonly handler: EventHandler,
    private readonly maxQueued: number,
    signal: AbortSignal,
    private readonly onStop: (w: QueuedWatcher) => void,
    private readonly logger: EventLogger,
  ) {
    if (signal.aborted) this.controller.abort();
    else signal.addEventListener('abort', () => this.controller.abort(), { once: true });
  }

  /** Queues a copy of `event`; false (event dropped) when stopped or the queue is full. */
  push(event: Event): boolean {
    if (this.stopped || this.queue.length >= this.maxQueued) return false;
    this.queue.push(structuredClone(event));
    if (!this.running) {
      this.running = true;
      queueMicrotask(() => void this.drain());
    }
    return true;
  }

  /** See {@link EventWatcher.stop}. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queue.length = 0;
    this.controller.abort();
    this.onStop(this);
  }

  /** Resolves once the queue is empty and no event is being handled. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    try {
      for (let event = this.queue.shift(); event; event = this.queue.shift()) {
        try {
          await this.handler(event, this.controller.signal);
        } catch (err) {
          this.logger.error?.('Event handler failed', { err });
        }
      }
    } finally {
      this.running = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
