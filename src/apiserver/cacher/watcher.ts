/**
 * One client's watch on a watch cache: it sees the cache's changes through its filter, with
 * upstream's transitions — an object that starts matching arrives as ADDED, one that stops
 * matching as DELETED (the old state at the new resourceVersion).
 */
import { CacheEntry, type CacheEvent, type EventType, type Filter } from './types.js';

export interface WatchOut {
  type: EventType;
  entry: CacheEntry;
}

export interface WatcherSink {
  /** Delivers events in order. */
  send(events: WatchOut[]): void;
  /** The cache ended the watch (resync or shutdown); the client should relist. */
  close(): void;
}

export class CacheWatcher {
  private stopped = false;

  constructor(
    readonly filter: Filter,
    private readonly sink: WatcherSink,
    private readonly onStop: () => void,
  ) {}

  dispatch(events: readonly CacheEvent[]): void {
    if (this.stopped) return;
    const out: WatchOut[] = [];
    const { prefix, matches } = this.filter;
    for (const ev of events) {
      if (!ev.entry.key.startsWith(prefix)) continue;
      if (!matches) {
        out.push({ type: ev.type, entry: ev.entry });
        continue;
      }
      const cur = ev.type !== 'DELETED' && matches(ev.entry.obj);
      const prev = ev.prev !== undefined && matches(ev.prev.obj);
      if (ev.type === 'DELETED') {
        if (prev) out.push({ type: 'DELETED', entry: ev.entry });
      } else if (cur) out.push({ type: prev ? 'MODIFIED' : 'ADDED', entry: ev.entry });
      else if (prev && ev.prev) {
        const old = ev.prev.obj;
        const obj = { ...old, metadata: { ...old.metadata, resourceVersion: String(ev.rev) } };
        out.push({ type: 'DELETED', entry: new CacheEntry(ev.entry.key, obj, ev.rev) });
      }
    }
    if (out.length) this.sink.send(out);
  }

  /** Ends the watch from the cache's side. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.onStop();
    this.sink.close();
  }

  /** Ends the watch from the client's side (the connection went away). */
  cancel(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.onStop();
  }
}
