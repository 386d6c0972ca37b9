/**
 * Upstream's `eventLogger`: remembers, per de-duplication key, the name, first timestamp, count
 * and resourceVersion of the event last written, so a recurrence becomes a PATCH of that event
 * (count + 1, new lastTimestamp and message) instead of a new object.
 */
import { getEventKey } from './keys.js';
import { LruCache } from './lru.js';
import type { Event, EventPatch } from './types.js';

interface EventLog {
  count: number;
  firstTimestamp: string | undefined;
  name: string | undefined;
  resourceVersion: string | undefined;
}

/** The outcome of {@link EventObserver.observe}. */
export interface ObserveResult {
  /** The event to write: a copy, carrying the earlier occurrence's name etc. when one exists. */
  event: Event;
  /** Present when an earlier occurrence exists: the body to PATCH it with. */
  patch?: EventPatch;
}

/** Counts occurrences of events by key (an LRU cache of `maxEntries`). */
export class EventObserver {
  private readonly cache: LruCache<string, EventLog>;

  /** Creates an observer remembering at most `maxEntries` keys. */
  constructor(maxEntries: number) {
    this.cache = new LruCache(maxEntries);
  }

  /**
   * Records an occurrence of `event` under `key`. When the key was seen before, the returned
   * copy takes the earlier event's name, resourceVersion and firstTimestamp and count + 1, and a
   * patch of count, lastTimestamp and message (message only when non-empty, as upstream's
   * two-way merge patch against an empty message yields) is returned with it.
   */
  observe(event: Event, key: string): ObserveResult {
    const copy: Event = { ...event, metadata: { ...event.metadata } };
    const last = this.cache.get(key);
    let patch: EventPatch | undefined;
    if (last && last.count > 0) {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { name: _n, resourceVersion: _rv, ...rest } = copy.metadata;
      copy.metadata = {
        ...rest,
        ...(last.name !== undefined && { name: last.name }),
        ...(last.resourceVersion !== undefined && { resourceVersion: last.resourceVersion }),
      };
      copy.firstTimestamp = last.firstTimestamp;
      copy.count = last.count + 1;
      patch = { count: copy.count, lastTimestamp: copy.lastTimestamp ?? '1970-01-01T00:00:00Z' };
      if (copy.message) patch.message = copy.message;
    }
    this.remember(key, copy);
    return patch ? { event: copy, patch } : { event: copy };
  }

  /** Records the server's copy of a written event under its own full key (upstream's `updateState`). */
  updateState(event: Event): void {
    this.remember(getEventKey(event), event);
  }

  private remember(key: string, event: Event): void {
    this.cache.add(key, {
      count: event.count ?? 0,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata.name,
      resourceVersion: event.metadata.resourceVersion,
    });
  }
}
