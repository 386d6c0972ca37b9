/**
 * The controller kit: the pattern every k8ts controller follows, after client-go's controller
 * examples and controller-runtime's `Reconcile`. Informer handlers only enqueue `namespace/name`
 * keys; workers take a key at a time and call `reconcile(key)`, which is level-based (it reads the
 * current state from listers and treats a missing object as deleted). A throw retries the key with
 * the queue's per-item backoff; `{ requeueAfterMs }` brings it back after that delay; success
 * forgets its failures. One key is never reconciled by two workers at once.
 */
import type { SharedIndexInformer } from '../informers/shared-informer.js';
import { metaNamespaceKey } from '../informers/store.js';
import type { ObjectLike } from '../rest/resource-client.js';
import type { Clock } from '../workqueue/clock.js';
import type { MetricsProvider } from '../workqueue/metrics.js';
import { defaultControllerRateLimiter, type RateLimiter } from '../workqueue/rate-limiters.js';
import { RateLimitingQueue } from '../workqueue/rate-limiting-queue.js';

/** What `reconcile` may ask for besides success. */
export interface ReconcileResult {
  /** Reconcile this key again after this many ms (a timed check, not a failure). */
  requeueAfterMs?: number;
}

export interface ControllerOptions {
  /** The controller's name, for the queue's `workqueue_*` metrics and for log lines. */
  name: string;
  /** Reconciles one key; throw to retry it with backoff. */
  reconcile(key: string): Promise<ReconcileResult | void>;
  rateLimiter?: RateLimiter<string>;
  metricsProvider?: MetricsProvider;
  clock?: Clock;
  /** Told about each failed reconcile before it is retried. */
  onError?(key: string, err: unknown): void;
}

/** A work queue of keys and the workers that drain it. */
export class Controller {
  readonly queue: RateLimitingQueue<string>;

  constructor(private readonly opts: ControllerOptions) {
    this.queue = new RateLimitingQueue(opts.rateLimiter ?? defaultControllerRateLimiter<string>(), {
      name: opts.name,
      metricsProvider: opts.metricsProvider,
      clock: opts.clock,
    });
  }

  get name(): string {
    return this.opts.name;
  }

  /** Enqueues `obj`'s `namespace/name`. */
  enqueue(obj: ObjectLike): void {
    this.queue.add(metaNamespaceKey(obj));
  }

  /**
   * Enqueues, for every add, update and delete `informer` sees, the keys `keysOf` maps the object
   * to (by default the object's own key; an owner's key for the objects a controller owns).
   */
  watch<T extends ObjectLike>(
    informer: SharedIndexInformer<T>,
    keysOf: (obj: T) => string[] = (o) => [metaNamespaceKey(o)],
  ): void {
    const add = (obj: T) => {
      for (const k of keysOf(obj)) this.queue.add(k);
    };
    informer.addEventHandler({
      onAdd: add,
      onUpdate: (oldObj, newObj) => {
        add(oldObj);
        add(newObj);
      },
      onDelete: add,
    });
  }

  /**
   * Runs `workers` workers until `signal` aborts, then shuts the queue down and waits for the
   * reconciles in progress. Call once the informers have synced.
   */
  async run(workers: number, signal: AbortSignal): Promise<void> {
    const stop = () => this.queue.shutDown();
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    await Promise.all(Array.from({ length: workers }, () => this.worker()));
  }

  private async worker(): Promise<void> {
    for (;;) {
      const got = await this.queue.get();
      if (got.shutdown) return;
      await this.processNext(got.item);
    }
  }

  private async processNext(key: string): Promise<void> {
    try {
      const result = await this.opts.reconcile(key);
      this.queue.forget(key);
      if (result?.requeueAfterMs !== undefined) this.queue.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      this.opts.onError?.(key, err);
      this.queue.addRateLimited(key);
    } finally {
      this.queue.done(key);
    }
  }
}

/** Splits a `namespace/name` key (`name` alone for cluster-scoped objects). */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
