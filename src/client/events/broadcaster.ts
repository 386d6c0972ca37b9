/**
 * Upstream's `record.EventBroadcaster`: recorders queue events here without blocking; each
 * watcher (a sink, a log, a handler) receives its own copy in order. The sink watcher runs every
 * event through an {@link EventCorrelator} and writes it — a PATCH for a recurrence, a POST
 * otherwise — retrying transport failures up to 12 times, 10 s apart, the first wait jittered.
 */
import { ApiError, isNotFound } from '../../machinery/errors.js';
import { sleep, wallClock, type Clock } from './clock.js';
import { EventCorrelator, type CorrelatorOptions } from './correlator.js';
import { SourceEventRecorder, type EventRecorder } from './recorder.js';
import type { Event, EventLogger, EventPatch, EventSink, EventSource } from './types.js';
import { QueuedWatcher, type EventHandler, type EventWatcher } from './watcher.js';

/** Upstream's `maxTriesPerEvent`. */
export const MAX_TRIES_PER_EVENT = 12;
/** Upstream's `defaultSleepDuration`, between write attempts. */
export const DEFAULT_SLEEP_DURATION_MS = 10_000;
/** Upstream's `maxQueuedEvents`, per watcher; further events are dropped. */
export const MAX_QUEUED_EVENTS = 1000;

/** Options of {@link EventBroadcaster}. */
export interface BroadcasterOptions {
  /** Wall-clock time and timers; {@link wallClock} by default. Also the correlator's clock unless it has one. */
  clock?: Clock;
  /** Uniform [0, 1) source for the first retry's jitter; `Math.random` by default. */
  random?: () => number;
  /** Wait between write attempts (default 10 s). */
  sleepDurationMs?: number;
  /** Events each watcher may hold undelivered (default 1000). */
  maxQueuedEvents?: number;
  /** Options for the correlator of each sink. */
  correlatorOptions?: CorrelatorOptions;
  logger?: EventLogger;
}

/** Fans recorded events out to watchers and writes them to sinks. */
export class EventBroadcaster {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly sleepDurationMs: number;
  private readonly maxQueued: number;
  private readonly logger: EventLogger;
  private readonly watchers = new Set<QueuedWatcher>();
  private readonly shutdownController = new AbortController();

  /** Creates a broadcaster with no watchers; events recorded before a watcher starts are lost. */
  constructor(private readonly options: BroadcasterOptions = {}) {
    this.clock = options.clock ?? wallClock;
    this.random = options.random ?? Math.random;
    this.sleepDurationMs = options.sleepDurationMs ?? DEFAULT_SLEEP_DURATION_MS;
    this.maxQueued = options.maxQueuedEvents ?? MAX_QUEUED_EVENTS;
    this.logger = options.logger ?? {};
  }

  /** A recorder whose events carry `source` (and reportingComponent/Instance from it). */
  newRecorder(source: EventSource): EventRecorder {
    return new SourceEventRecorder(source, this.clock, (event) => this.action(event), this.logger);
  }

  /**
   * Delivers every later event to `handler`, one at a time and in order. The handler's signal
   * aborts on `stop()` or `shutdown()`.
   */
  startEventWatcher(handler: EventHandler): EventWatcher {
    const watcher = new QueuedWatcher(
      handler,
      this.maxQueued,
      this.shutdownController.signal,
      (w) => this.watchers.delete(w),
      this.logger,
    );
    if (this.shutdownController.signal.aborted) watcher.stop();
    else this.watchers.add(watcher);
    return watcher;
  }

  /** Correlates every later event and writes it to `sink` (a fresh correlator per sink). */
  startRecordingToSink(sink: EventSink): EventWatcher {
    const correlator = new EventCorrelator({
      ...this.options.correlatorOptions,
      clock: this.options.correlatorOptions?.clock ?? this.clock,
    });
    return this.startEventWatcher((event, signal) => this.recordToSink(sink, event, correlator, signal));
  }

  /** Passes a one-line description of every later event to `logf`. */
  startLogging(logf: (line: string) => void): EventWatcher {
    return this.startEventWatcher((e) => {
      logf(`Event(${JSON.stringify(e.involvedObject)}): type: '${e.type}' reason: '${e.reason}' ${e.message}`);
    });
  }

  /**
   * Stops accepting events and flushes: every event already queued is handed to its watchers,
   * but a write that fails is no longer retried (an event waiting for a retry is abandoned), as
   * upstream's "only try once after shutdown". Resolves when all watchers are idle; idempotent.
   */
  async shutdown(): Promise<void> {
    this.shutdownController.abort();
    await Promise.all([...this.watchers].map((w) => w.idle()));
    for (const w of [...this.watchers]) w.stop();
  }

  /** Queues `event` for every watcher; false if shut down or some watcher's queue was full. */
  private action(event: Event): boolean {
    if (this.shutdownController.signal.aborted) return false;
    let sent = true;
    for (const w of this.watchers) sent = w.push(event) && sent;
    return sent;
  }

  private async recordToSink(
    sink: EventSink,
    event: Event,
    correlator: EventCorrelator,
    signal: AbortSignal,
  ): Promise<void> {
    const result = correlator.correlate(event);
    if (result.skip) return;
    for (let tries = 0; ;) {
      if (await this.recordEvent(sink, result.event, result.patch, correlator)) return;
      tries++;
      if (tries >= MAX_TRIES_PER_EVENT) {
        this.logger.error?.('Unable to write event (retry limit exceeded!)', { event });
        return;
      }
      // Randomize the first wait so clients do not retry in lockstep after an outage.
      const delay = tries === 1 ? this.sleepDurationMs * this.random() : this.sleepDurationMs;
      if (!signal.aborted) await sleep(this.clock, delay, signal);
      if (signal.aborted) {
        this.logger.error?.('Unable to write event (broadcaster is shut down)', { event });
        return;
      }
    }
  }

  /**
   * One write attempt (upstream's `recordEvent`): PATCH when the event recurs (count > 1),
   * falling back to POST when the patched event is gone; POST otherwise. True when written or
   * when retrying is pointless (the server answered with a Status error); false to retry.
   */
  private async recordEvent(
    sink: EventSink,
    event: Event,
    patch: EventPatch | undefined,
    correlator: EventCorrelator,
  ): Promise<boolean> {
    const namespace = event.metadata.namespace ?? 'default';
    const update = patch !== undefined && (event.count ?? 0) > 1;
    let stored: Event | undefined;
    let error: unknown;
    let create = !update;
    if (update) {
      try {
        stored = await sink.patch(namespace, event.metadata.name ?? '', patch);
      } catch (err) {
        error = err;
        create = isNotFound(err);
      }
    }
    if (create) {
      // A created object must not carry a resourceVersion.
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { resourceVersion: _rv, ...metadata } = event.metadata;
      event.metadata = metadata;
      try {
        stored = await sink.create(namespace, event);
        error = undefined;
      } catch (err) {
        error = err;
      }
    }
    if (error === undefined && stored) {
      correlator.updateState(stored);
      return true;
    }
    if (error instanceof ApiError) {
      this.logger.error?.('Server rejected event (will not retry!)', { event, err: error });
      return true;
    }
    this.logger.error?.('Unable to write event (may retry after sleeping)', { event, err: error });
    return false;
  }
}
