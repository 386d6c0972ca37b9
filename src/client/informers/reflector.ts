/**
 * `Reflector`: client-go's `tools/cache/reflector.go`. Lists a resource into a store, then
 * watches from the list's resourceVersion (with bookmarks), applying each event to the store.
 * A watch that ends is restarted from the last resourceVersion seen; 410 Gone (an ApiError or an
 * ERROR event) relists at once; any other failure backs off exponentially (800ms doubling to 30s,
 * reset after 2 minutes without failures) and relists. Runs until its AbortSignal aborts.
 */
import { ApiError } from '../../machinery/errors.js';
import type { ObjectLike } from '../rest/resource-client.js';
import { sleep } from '../wall-clock.js';
import { realClock, type Clock } from '../workqueue/clock.js';
import type { ListWatch } from './list-watch.js';
import type { ReflectorStore } from './store.js';

/** client-go's reflector backoff: initial, cap, and how long without failure resets it. */
export const REFLECTOR_BACKOFF = { initialMs: 800, maxMs: 30_000, resetMs: 120_000, factor: 2 } as const;

/** Options of a Reflector. */
export interface ReflectorOptions {
  /** Name used in error reports. */
  name?: string;
  /** Time for backoff sleeps. Default: the process clock. */
  clock?: Clock;
  /** Watch `timeoutSeconds`; default a random 300–600 as client-go. */
  watchTimeoutSeconds?: () => number;
  /** Called with each failure that leads to a backoff (default: ignored). */
  onError?: (err: unknown) => void;
}

/** True for 410 Gone / Expired: the resourceVersion is too old to watch or list from. */
export function isGone(err: unknown): boolean {
  return err instanceof ApiError && err.code === 410;
}

interface StatusLike {
  code?: number;
  reason?: string;
  message?: string;
}

/** The ApiError an ERROR watch event's Status stands for. */
function statusError(status: StatusLike | undefined): ApiError {
  return new ApiError(status?.code ?? 500, status?.reason ?? 'InternalError', status?.message ?? 'watch error');
}

/** Keeps `store` in step with the resource `lw` lists and watches. */
export class Reflector<T extends ObjectLike> {
  private lastRV = '';
  private readonly clock: Clock;
  private backoffMs = 0;
  private lastFailureAt = -Infinity;

  constructor(
    private readonly lw: ListWatch<T>,
    private readonly store: ReflectorStore<T>,
    private readonly options: ReflectorOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
  }

  /** The resourceVersion of the last list, event or bookmark applied (`''` before the first list). */
  lastSyncResourceVersion(): string {
    return this.lastRV;
  }

  /** Lists and watches until `signal` aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.listAndWatch(signal);
      } catch (err) {
        if (signal.aborted) break;
        if (isGone(err)) continue; // relist from scratch now
        this.options.onError?.(err);
        await sleep(this.clock, this.nextBackoff(), signal);
      }
    }
  }

  /** The next backoff delay: 800ms, doubling to 30s; back to 800ms after 2 quiet minutes. */
  private nextBackoff(): number {
    const now = this.clock.now();
    const b = REFLECTOR_BACKOFF;
    if (this.backoffMs === 0 || now - this.lastFailureAt > b.resetMs) this.backoffMs = b.initialMs;
    else this.backoffMs = Math.min(this.backoffMs * b.factor, b.maxMs);
    this.lastFailureAt = now;
    return this.backoffMs;
  }

  /** One list, then watches until an error (thrown) or abort (returns). */
  private async listAndWatch(signal: AbortSignal): Promise<void> {
    // A consistent (quorum) list: always correct, also after 410.
    const list = await this.lw.list({ signal });
    if (signal.aborted) return;
    const rv = list.metadata?.resourceVersion ?? '';
    this.store.replace(list.items ?? [], rv);
    this.lastRV = rv;
    while (!signal.aborted) await this.watchOnce(signal);
  }

  /** One watch from the last resourceVersion; returns when it ends, throws on an error. */
  private async watchOnce(signal: AbortSignal): Promise<void> {
    const timeoutSeconds = this.options.watchTimeoutSeconds?.() ?? Math.floor(300 * (1 + Math.random()));
    const events = this.lw.watch({
      resourceVersion: this.lastRV,
      allowWatchBookmarks: true,
      timeoutSeconds,
      signal,
    });
    for await (const ev of events) {
      if (signal.aborted) return;
      if (ev.type === 'ERROR') throw statusError(ev.object as StatusLike);
      const obj = ev.object;
      const rv = obj?.metadata?.resourceVersion;
      switch (ev.type) {
        case 'ADDED':
          this.store.add(obj);
          break;
        case 'MODIFIED':
          this.store.update(obj);
          break;
        case 'DELETED':
          this.store.delete(obj);
          break;
        case 'BOOKMARK':
          break;
        default:
          throw new Error(`${this.options.name ?? 'reflector'}: unknown watch event type ${String(ev.type)}`);
      }
      if (rv) this.lastRV = rv;
    }
  }
}
