/**
 * The watch cache of one resource: a list from etcd, then one etcd watch that keeps it current.
 * It serves LIST, GET and WATCH so that a thousand watchers cost one etcd watch (upstream's
 * `storage/cacher`). It keeps a history of changes (at least `historyMs`) so watchers can start
 * from an older resourceVersion, and answers consistent reads by asking etcd for its current
 * revision and waiting until the watch has caught up to it.
 */
import { createRequire } from 'node:module';
import type SortedBtree from 'sorted-btree';
import { EventType, int, prefixEnd, type WatchResponseMsg } from '../../machinery/etcd-grpc/messages.js';
import type { EtcdStorage, EtcdWatch, StoredKV } from '../storage/etcd.js';
import { CacheEntry, type CacheEvent, type Filter, type KObject, type Written } from './types.js';
import { CacheWatcher, type WatcherSink } from './watcher.js';
import { History } from './history.js';
import { WatcherSet } from './watchers.js';
import { errors } from '../../machinery/errors.js';

export interface CacherOptions {
  /** Full etcd key prefix ending in '/', e.g. `/registry/pods/`. */
  prefix: string;
  decode: (kv: StoredKV) => KObject;
  /** How long changes stay in the history: 75 s, upstream's `DefaultEventFreshDuration`. */
  historyMs?: number;
  /** Cap on history length: 102,400, the upper bound of upstream's watch cache. */
  historyMax?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

const PAGE = 10_000;
// sorted-btree is CommonJS with its class on `default`; require() reads it the same way everywhere.
const BTree: typeof SortedBtree.default = createRequire(import.meta.url)('sorted-btree').default;
type BTree<K, V> = SortedBtree.default<K, V>;

/** Where a key's current entry is kept. */
interface Slot {
  entry: CacheEntry;
}

export class Cacher {
  /** The current entry of each key, in key order for lists. */
  private items = new BTree<string, Slot>();
  /**
   * The same slots by key: every write reads and replaces its key's entry, and a tree of pods'
   * keys compares long strings with one prefix at each of its levels. A key's slot stays while
   * the key does, so an update does not touch the tree.
   */
  private byKey = new Map<string, Slot>();
  /** Grows with every change to the items (not with progress notifications, as `rev` does). */
  generation = 0;
  private readonly history: History;
  /** The revision the cache is current to. */
  rev = 0;
  private readonly watchers = new WatcherSet();
  private waiters: { rev: number; resolve: () => void }[] = [];
  private stream?: EtcdWatch;
  private progressAsked = false;
  private currentRead?: Promise<number>;
  private nextRead?: Promise<number>;
  private readyResolve!: () => void;
  /** Resolves once the first list is loaded. */
  readonly ready = new Promise<void>((r) => (this.readyResolve = r));
  private readonly now: () => number;
  /**
   * Writes this apiserver has sent, by key (registry/written.ts): when etcd echoes the same bytes
   * back, the new entry takes the object written and the JSON already made instead of decoding.
   */
  private readonly expected = new Map<string, Written>();

  constructor(
    private readonly storage: EtcdStorage,
    private readonly opts: CacherOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.history = new History({
      retainMs: opts.historyMs ?? 75_000,
      max: opts.historyMax ?? 100 * 1024,
      keepAtLeast: 1000,
    });
  }

  /** Runs list-then-watch until `signal` aborts, relisting after any watch failure. */
  async run(signal: AbortSignal): Promise<void> {
    let backoff = 100;
    while (!signal.aborted) {
      try {
        await this.listAndWatch(signal);
        backoff = 100;
      } catch (err) {
        if (signal.aborted) break;
        this.opts.onError?.(err);
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 5000);
      }
    }
    for (const w of this.watchers.all()) w.stop();
  }

  /**
   * A stored value as an object; one that cannot be read (encrypted with a key no longer
   * configured, not JSON) is reported and left out, so that the rest of the resource is served.
   */
  private decode(kv: StoredKV): KObject | undefined {
    try {
      return this.opts.decode(kv);
    } catch (err) {
      this.opts.onError?.(new Error(`unable to transform key "${kv.key}": ${(err as Error).message}`));
      return undefined;
    }
  }

  private async listAndWatch(signal: AbortSignal): Promise<void> {
    const { prefix } = this.opts;
    const items = new BTree<string, Slot>();
    const byKey = new Map<string, Slot>();
    let rev = 0;
    let fromKey: string | undefined;
    for (;;) {
      const page = await this.storage.list(prefix, { fromKey, limit: PAGE, revision: rev });
      rev = page.revision;
      for (const kv of page.kvs) {
        const obj = this.decode(kv);
        if (!obj) continue;
        const slot = { entry: this.entry(kv, obj) };
        items.set(kv.key, slot);
        byKey.set(kv.key, slot);
      }
      if (!page.more) break;
      fromKey = page.kvs[page.kvs.length - 1].key + '\0';
    }
    const resync = this.rev !== 0;
    // Changes made while the cache was not watching will not be echoed.
    this.expected.clear();
    this.items = items;
    this.byKey = byKey;
    this.generation++;
    this.history.reset(rev);
    this.rev = rev;
    // Watchers cannot be told what changed while the cache was not watching: end them, and
    // clients relist (upstream does the same on a cacher reinitialisation).
    if (resync) for (const w of this.watchers.all()) w.stop();
    this.readyResolve();
    this.releaseWaiters();

    let settle!: (err?: Error) => void;
    const done = new Promise<void>((resolve, reject) => {
      settle = (err) => (err ? reject(err) : resolve());
    });
    const onResponse = (res: WatchResponseMsg) => {
      try {
        this.onResponse(res);
      } catch (err) {
        stream.close();
        settle(err as Error);
      }
    };
    const stream = await this.storage.watch(onResponse, (err) =>
      settle(err ?? (signal.aborted ? undefined : new Error('etcd watch stream ended'))),
    );
    this.stream = stream;
    const onAbort = () => stream.close();
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    stream.send({
      create_request: {
        key: Buffer.from(prefix),
        range_end: prefixEnd(prefix),
        start_revision: rev + 1,
        progress_notify: true,
      },
    });
    try {
      await done;
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.stream = undefined;
      this.progressAsked = false;
    }
  }

  private onResponse(res: WatchResponseMsg): void {
    if (res.canceled) {
      throw new Error(`etcd watch canceled: ${res.cancel_reason || 'compacted at ' + int(res.compact_revision)}`);
    }
    if (res.created) return;
    const events = res.events ?? [];
    if (events.length === 0) {
      // A progress notification: every change up to this revision has been delivered.
      this.progressAsked = false;
      this.advance(int(res.header?.revision));
      return;
    }
    const at = this.now();
    const batch: CacheEvent[] = [];
    const superseded: CacheEntry[] = [];
    for (const ev of events) {
      if (!ev.kv) continue;
      const key = ev.kv.key.toString();
      const rev = int(ev.kv.mod_revision);
      const slot = this.byKey.get(key);
      const prev = slot?.entry;
      if (ev.type === EventType.DELETE) {
        this.expected.delete(key);
        if (!prev) continue;
        this.items.delete(key);
        this.byKey.delete(key);
        const obj = { ...prev.obj, metadata: { ...prev.obj.metadata, resourceVersion: String(rev) } };
        const entry = new CacheEntry(
          key,
          obj,
          rev,
          prev.source && { ...prev.source, kv: { ...prev.source.kv, modRevision: rev } },
        );
        batch.push({ type: 'DELETED', entry, prev, rev, at });
        superseded.push(prev, entry);
      } else {
        const kv: StoredKV = {
          key,
          value: ev.kv.value,
          modRevision: rev,
          createRevision: int(ev.kv.create_revision),
        };
        let written = this.expected.get(key);
        if (written) {
          this.expected.delete(key);
          if (!written.data.equals(kv.value)) written = undefined;
        }
        // What this apiserver wrote is the object it wrote, less a decode; its resourceVersion is
        // set here as the writer sets it when the write's answer comes (whichever is first).
        const obj = written ? written.obj : this.decode(kv);
        if (!obj) continue;
        if (written) obj.metadata.resourceVersion = String(rev);
        const entry = this.entry(kv, obj, written);
        if (slot) slot.entry = entry;
        else {
          const added = { entry };
          this.items.set(key, added);
          this.byKey.set(key, added);
        }
        batch.push({ type: prev ? 'MODIFIED' : 'ADDED', entry, prev, rev, at });
        if (prev) superseded.push(prev);
      }
    }
    this.generation++;
    this.history.push(batch);
    this.history.trim(at);
    this.watchers.dispatch(batch);
    // Watchers have read and serialized these while dispatching. Kept decoded longer, they lived
    // through young-generation collections into the old one, whose major collections then stood
    // out in the tail of write latency.
    for (const e of superseded) e.release();
    this.advance(int(events[events.length - 1].kv?.mod_revision));
  }

  private advance(rev: number): void {
    if (rev > this.rev) this.rev = rev;
    this.releaseWaiters();
  }

  private releaseWaiters(): void {
    if (!this.waiters.length) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.rev <= this.rev) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  /**
   * The entry of `obj` as of `kv`. One this apiserver wrote keeps the JSON its write made and no
   * bytes: a buffer kept per change (the history holds tens of thousands) counts as external
   * memory, whose growth starts V8's old-generation collections long before the heap's own does.
   */
  private entry(kv: StoredKV, obj: KObject, written?: Written): CacheEntry {
    if (written) return new CacheEntry(kv.key, obj, kv.modRevision, undefined, written.json(kv.modRevision));
    const source = { kv: { ...kv, value: exactCopy(kv.value) }, decode: this.opts.decode };
    return new CacheEntry(kv.key, obj, kv.modRevision, source);
  }

  /** Expects `written` to be stored at `key` next (the cache keeps its object and its JSON then). */
  expect(key: string, written: Written): void {
    this.expected.set(key, written);
  }

  /** Forgets `written`, which was not stored. */
  unexpect(key: string, written: Written): void {
    if (this.expected.get(key) === written) this.expected.delete(key);
  }

  /** Resolves when the cache is current to `rev`; rejects with upstream's 504 after `timeoutMs`. */
  waitUntil(rev: number, timeoutMs = 3000): Promise<void> {
    if (rev <= this.rev) return Promise.resolve();
    this.askProgress();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(errors.tooLargeResourceVersion(rev, this.rev));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ rev, resolve: done });
    });
  }

  /**
   * Waits until the cache holds everything etcd had committed when this was called; returns that
   * revision. Callers arriving together share one revision read: a caller waits for a read that
   * started after it arrived, so at most two are in flight however many readers there are.
   */
  async consistentRevision(): Promise<number> {
    if (!this.nextRead) {
      this.nextRead = (this.currentRead ?? Promise.resolve(0))
        .catch(() => 0)
        .then(() => {
          this.currentRead = this.nextRead;
          this.nextRead = undefined;
          return this.storage.revision();
        });
    }
    const rev = await this.nextRead!;
    await this.waitUntil(rev, 10_000);
    return rev;
  }

  private askProgress(): void {
    if (this.progressAsked || !this.stream) return;
    this.progressAsked = true;
    this.stream.send({ progress_request: {} });
  }

  get(key: string): CacheEntry | undefined {
    return this.byKey.get(key)?.entry;
  }

  /** Matching entries in key order, starting after `afterKey`, at most `limit` (0 = all). */
  list(filter: Filter, limit = 0, afterKey?: string): { entries: CacheEntry[]; more: boolean; remaining: number } {
    const entries: CacheEntry[] = [];
    let more = false;
    let remaining = 0;
    const start = afterKey !== undefined ? afterKey + '\0' : filter.prefix;
    const end = prefixEnd(filter.prefix).toString('latin1');
    this.items.forRange(start, end, false, (key, { entry }) => {
      if (!key.startsWith(filter.prefix)) return;
      if (filter.matches && !filter.matches(entry.obj)) return;
      if (limit && entries.length >= limit) {
        more = true;
        remaining++;
      } else entries.push(entry);
    });
    return { entries, more, remaining };
  }

  /** Number of objects held. */
  get size(): number {
    return this.items.size;
  }

  /**
   * Starts a watcher. `fromRev` 0 sends the current state as ADDED events first (`initial`),
   * otherwise events after `fromRev` are replayed from the history (410 Gone if they have left it).
   */
  watch(filter: Filter, fromRev: number, sink: WatcherSink, initial = false): CacheWatcher {
    const { oldestRev } = this.history;
    if (fromRev && fromRev < oldestRev) throw errors.expired(`too old resource version: ${fromRev} (${oldestRev})`);
    const w = new CacheWatcher(filter, sink, () => this.watchers.delete(w));
    if (initial) {
      const now = this.now();
      const { entries } = this.list(filter);
      w.dispatch(entries.map((entry) => ({ type: 'ADDED', entry, rev: entry.rev, at: now })));
    }
    if (fromRev) w.dispatch(this.history.since(fromRev));
    this.watchers.add(w);
    return w;
  }

  /** Number of open watchers. */
  get watcherCount(): number {
    return this.watchers.size;
  }
}

/**
 * A value from etcd is a slice of the whole response (a list page, or a small message carved out of
 * a shared pool): an exact copy keeps only its own bytes alive.
 */
function exactCopy(value: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(value.length);
  value.copy(copy);
  return copy;
}
