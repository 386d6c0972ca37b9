/**
 * `SharedIndexInformer`: client-go's `tools/cache/shared_informer.go`. A Reflector fills an
 * Indexer; each change is delivered to every registered handler — onAdd for objects new to the
 * cache (with `isInInitialList` during the first list), onUpdate(old, new) for ones it had,
 * onDelete for removed ones (also those a relist no longer returns: the last state known). A
 * handler added to a running informer first gets every cached object as an add. With a resync
 * period, every cached object is re-delivered as onUpdate(obj, obj) each period.
 *
 * Delivery is synchronous, in event order, to each handler in turn; a handler that throws is
 * reported to `onHandlerError` and does not stop the others.
 */
import type { ObjectLike } from '../rest/resource-client.js';
import { realClock, type Clock, type ClockTimer } from '../workqueue/clock.js';
import type { ListWatch } from './list-watch.js';
import { Lister } from './lister.js';
import { Reflector } from './reflector.js';
import { Indexer, type Indexers, type KeyFunc, type ReflectorStore } from './store.js';

/** Callbacks for cache changes; each is optional. */
export interface EventHandler<T> {
  onAdd?(obj: T, isInInitialList: boolean): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T): void;
}

/** A handler's registration. */
export interface HandlerRegistration {
  /** Stops delivery to the handler. */
  remove(): void;
}

/** Options of a SharedIndexInformer. */
export interface SharedInformerOptions<T> {
  /** Resync period in ms; 0 (default) = never. */
  resyncMs?: number;
  /** Clock for resync timers and reflector backoff. Default: the process clock. */
  clock?: Clock;
  /** Extra indexes beyond `namespace`. */
  indexers?: Indexers<T>;
  keyFunc?: KeyFunc<T>;
  /** Reports handler exceptions and reflector failures (default: ignored). */
  onHandlerError?: (err: unknown) => void;
  onWatchError?: (err: unknown) => void;
}

/** A shared informer with an indexed cache. */
export class SharedIndexInformer<T extends ObjectLike> {
  /** The cache. */
  readonly indexer: Indexer<T>;
  /** Reads of the cache. */
  readonly lister: Lister<T>;
  readonly reflector: Reflector<T>;
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly clock: Clock;
  private synced = false;
  private started = false;
  private syncWaiters: (() => void)[] = [];
  private resyncTimer: ClockTimer | undefined;

  constructor(
    lw: ListWatch<T>,
    private readonly options: SharedInformerOptions<T> = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.indexer = new Indexer<T>(options.indexers ?? {}, options.keyFunc);
    this.lister = new Lister(this.indexer);
    this.reflector = new Reflector(lw, this.sink(), { clock: this.clock, onError: options.onWatchError });
  }

  /** Registers `handler`; on a started informer it first gets every cached object as an add. */
  addEventHandler(handler: EventHandler<T>): HandlerRegistration {
    this.handlers.add(handler);
    if (this.started) for (const obj of this.indexer.list()) this.call(() => handler.onAdd?.(obj, true));
    return { remove: () => this.handlers.delete(handler) };
  }

  /** True once the first list is in the cache and delivered. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once synced, false if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  }

  /** True once run has been called. */
  isStarted(): boolean {
    return this.started;
  }

  /** Runs the reflector (and resync) until `signal` aborts; resolves when stopped. Once only. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error('informer already started');
    this.started = true;
    const stopResync = () => this.resyncTimer?.cancel();
    signal.addEventListener('abort', stopResync, { once: true });
    this.scheduleResync(signal);
    try {
      await this.reflector.run(signal);
    } finally {
      stopResync();
      signal.removeEventListener('abort', stopResync);
    }
  }

  private scheduleResync(signal: AbortSignal): void {
    const period = this.options.resyncMs ?? 0;
    if (period <= 0 || signal.aborted) return;
    this.resyncTimer = this.clock.setTimer(() => {
      if (signal.aborted) return;
      if (this.synced) for (const obj of this.indexer.list()) this.notify((h) => h.onUpdate?.(obj, obj));
      this.scheduleResync(signal);
    }, period);
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.options.onHandlerError?.(err);
    }
  }

  private notify(fn: (h: EventHandler<T>) => void): void {
    for (const h of [...this.handlers]) this.call(() => fn(h));
  }

  /** Upsert: onUpdate when the key was cached, else onAdd. */
  private upsert(obj: T, isInInitialList: boolean): void {
    const old = this.indexer.get(this.indexer.keyOf(obj));
    this.indexer.add(obj);
    if (old !== undefined) this.notify((h) => h.onUpdate?.(old, obj));
    else this.notify((h) => h.onAdd?.(obj, isInInitialList));
  }

  /** What the reflector writes to: the cache, plus notifications. */
  private sink(): ReflectorStore<T> {
    return {
      add: (obj) => this.upsert(obj, false),
      update: (obj) => this.upsert(obj, false),
      delete: (obj) => {
        const key = this.indexer.keyOf(obj);
        const old = this.indexer.get(key);
        this.indexer.deleteKey(key);
        this.notify((h) => h.onDelete?.(old ?? obj));
      },
      replace: (list) => {
        const initial = !this.synced;
        const keep = new Set(list.map((o) => this.indexer.keyOf(o)));
        for (const key of this.indexer.listKeys()) {
          if (keep.has(key)) continue;
          const old = this.indexer.get(key)!;
          this.indexer.deleteKey(key);
          this.notify((h) => h.onDelete?.(old));
        }
        for (const obj of list) this.upsert(obj, initial);
        if (!this.synced) {
          this.synced = true;
          for (const w of this.syncWaiters.splice(0)) w();
        }
      },
    };
  }
}
