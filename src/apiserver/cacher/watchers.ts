/**
 * The open watchers of one watch cache, indexed by what they select on (upstream's cacher
 * "indexed triggers"). A watcher whose filter has a `trigger` (a label or field it requires to be
 * one value, e.g. `spec.nodeName=node-1` for a kubelet, `app=web`) is only offered the events
 * whose object has that value, now or before the change; the others see every event. A thousand
 * watchers on different label values then cost one lookup per event, not a thousand predicates.
 */
import type { CacheEvent, KObject } from './types.js';
import type { CacheWatcher } from './watcher.js';

interface Index {
  of: (obj: KObject) => string | undefined;
  buckets: Map<string | undefined, Set<CacheWatcher>>;
}

export class WatcherSet {
  private readonly plain = new Set<CacheWatcher>();
  private readonly indexes = new Map<string, Index>();
  private count = 0;

  add(w: CacheWatcher): void {
    this.count++;
    const t = w.filter.trigger;
    if (!t) return void this.plain.add(w);
    let index = this.indexes.get(t.index);
    if (!index) this.indexes.set(t.index, (index = { of: t.of, buckets: new Map() }));
    let bucket = index.buckets.get(t.value);
    if (!bucket) index.buckets.set(t.value, (bucket = new Set()));
    bucket.add(w);
  }

  delete(w: CacheWatcher): void {
    const t = w.filter.trigger;
    const index = t && this.indexes.get(t.index);
    const bucket = t ? index?.buckets.get(t.value) : this.plain;
    if (!bucket?.delete(w)) return;
    this.count--;
    if (index && !bucket.size) {
      index.buckets.delete(t!.value);
      if (!index.buckets.size) this.indexes.delete(t!.index);
    }
  }

  get size(): number {
    return this.count;
  }

  /** Every watcher (to stop them all). */
  all(): CacheWatcher[] {
    const out = [...this.plain];
    for (const index of this.indexes.values()) for (const b of index.buckets.values()) out.push(...b);
    return out;
  }

  /** Offers a batch of events to each watcher that may want them, in order. */
  dispatch(batch: readonly CacheEvent[]): void {
    for (const w of this.plain) w.dispatch(batch);
    for (const index of this.indexes.values()) {
      const per = new Map<CacheWatcher, CacheEvent[]>();
      const offer = (value: string | undefined, ev: CacheEvent) => {
        for (const w of index.buckets.get(value) ?? []) {
          const evs = per.get(w);
          if (!evs) per.set(w, [ev]);
          else if (evs[evs.length - 1] !== ev) evs.push(ev);
        }
      };
      for (const ev of batch) {
        const now = index.of(ev.entry.obj);
        offer(now, ev);
        if (ev.prev) {
          const before = index.of(ev.prev.obj);
          if (before !== now) offer(before, ev);
        }
      }
      for (const [w, evs] of per) w.dispatch(evs);
    }
  }
}
