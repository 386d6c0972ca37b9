/**
 * The Watch service: bidirectional streams, each carrying any number of watchers. A watcher
 * created at a past revision is first sent the history from the in-memory change log (up to 1000
 * revisions per response, as etcd batches), then every committed change in its range, one
 * response per revision. All of it is sent after the change is on disk (see store.ts). A stream
 * whose client stops reading stops being written to; once it drains, its watchers catch up from
 * the change log, or are cancelled with `compact_revision` if compaction has passed them.
 */
import type { GrpcCall } from './grpc-server.js';
import { inRange, keyRange, type Change, type KeyRange } from './mvcc.js';
import type { Msg } from './rpc-client.js';
import type { Store } from './store.js';

/** etcd's watchBatchMaxRevs: revisions per response when catching up. */
const MAX_REVS_PER_RESPONSE = 1000;

interface Watcher {
  id: string;
  range: KeyRange;
  /** The first revision this watcher still wants. */
  minRev: number;
  prevKv: boolean;
  noPut: boolean;
  noDelete: boolean;
  progressNotify: boolean;
  /** Whether the next progress tick should notify (nothing was sent since the last tick). */
  progressDue: boolean;
  /** Alike watches (same ID and `prev_kv`) on any stream get the same responses: see {@link WatchStream.deliver}. */
  sharedKey: string;
}

export class WatchHub {
  private readonly streams = new Set<WatchStream>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    /** etcd's --experimental-watch-progress-notify-interval. */
    progressIntervalMs: number,
    private readonly header: (rev: number) => Msg,
  ) {
    store.onCommit((changes) => this.notify(changes));
    this.timer = setInterval(() => this.streams.forEach((s) => s.progressTick()), progressIntervalMs);
    this.timer.unref();
  }

  /** Serves one Watch call until the client ends it. */
  serve(call: GrpcCall): void {
    const stream = new WatchStream(call, this.store, this.header);
    this.streams.add(stream);
    const done = () => {
      if (!this.streams.delete(stream)) return;
      call.end();
    };
    call.on('data', (req: Msg) => stream.onRequest(req));
    call.on('end', done);
    call.on('close', done);
  }

  private notify(changes: Change[]): void {
    let from = 0;
    while (from < changes.length) {
      const rev = changes[from].rev;
      let to = from + 1;
      while (to < changes.length && changes[to].rev === rev) to++;
      const group = changes.slice(from, to);
      const shared = new Map<string, Buffer>();
      for (const s of this.streams) s.deliver(group, rev, shared);
      from = to;
    }
  }

  close(): void {
    clearInterval(this.timer);
    for (const s of this.streams) s.end();
    this.streams.clear();
  }
}

class WatchStream {
  private readonly watchers = new Map<string, Watcher>();
  private nextId = 0;
  /** The client is not reading: live events wait in the change log, not in memory buffers. */
  private blocked = false;
  /** A progress request arrived while blocked: answer it once caught up. */
  private progressOwed = false;

  constructor(
    private readonly call: GrpcCall,
    private readonly store: Store,
    private readonly header: (rev: number) => Msg,
  ) {}

  onRequest(req: Msg): void {
    if (req.create_request) this.create(req.create_request);
    else if (req.cancel_request) this.cancel(String(req.cancel_request.watch_id));
    else if (req.progress_request) {
      // A progress response promises every earlier event was sent: a blocked stream owes some, so it answers after catching up.
      if (this.blocked) this.progressOwed = true;
      else this.sendProgress();
    }
  }

  private create(r: Msg): void {
    const mvcc = this.store.mvcc;
    const current = mvcc.committedRev;
    let id = String(r.watch_id ?? '0');
    const range = keyRange(r.key, r.range_end);
    const refuse = (cancel_reason: string) =>
      this.send({ header: this.header(current), watch_id: -1, created: true, canceled: true, cancel_reason });
    if (range.end && range.start >= range.end) return refuse('mvcc: watcher range is empty');
    if (id !== '0' && this.watchers.has(id)) return refuse('mvcc: duplicate watch ID provided on the WatchStream');
    if (id === '0') {
      while (this.watchers.has(String(this.nextId))) this.nextId++;
      id = String(this.nextId++);
    }
    const start = Number(r.start_revision ?? 0);
    const filters = ((r.filters ?? []) as string[]).map((f) => String(f).toUpperCase());
    const w: Watcher = {
      id,
      range,
      minRev: start > 0 ? start : current + 1,
      prevKv: !!r.prev_kv,
      noPut: filters.includes('NOPUT'),
      noDelete: filters.includes('NODELETE'),
      progressNotify: !!r.progress_notify,
      progressDue: !!r.progress_notify,
      sharedKey: `${id} ${!!r.prev_kv}`,
    };
    this.send({ header: this.header(current), watch_id: id, created: true });
    this.watchers.set(id, w);
    this.catchUp(w);
  }

  /**
   * Sends a watcher what it missed, from the change log: history at creation, or what a blocked
   * stream skipped (etcd's unsynced watchers). Stops early if the stream blocks again.
   */
  private catchUp(w: Watcher): void {
    const mvcc = this.store.mvcc;
    const current = mvcc.committedRev;
    if (w.minRev < mvcc.compactRev) {
      // etcd answers a watch below the compacted revision with compact_revision and cancels it,
      // but keeps its ID taken until the client cancels it.
      this.send({ header: this.header(0), watch_id: w.id, canceled: true, compact_revision: mvcc.compactRev });
      w.minRev = Infinity;
      return;
    }
    while (w.minRev <= current && !this.blocked) {
      const history = mvcc.changesSince(w.minRev, MAX_REVS_PER_RESPONSE, current);
      if (history.length === 0) break;
      const events = this.eventsFor(w, history);
      w.minRev = history[history.length - 1].rev + 1;
      if (events.length) this.send({ header: this.header(current), watch_id: w.id, events });
    }
    if (!this.blocked) w.minRev = Math.max(w.minRev, current + 1);
  }

  /** The client read what was buffered: catch every watcher up, then carry on live. */
  private resume(): void {
    this.blocked = false;
    for (const w of this.watchers.values()) if (!this.blocked) this.catchUp(w);
    if (!this.blocked && this.progressOwed) {
      this.progressOwed = false;
      this.sendProgress();
    }
  }

  private sendProgress(): void {
    this.send({ header: this.header(this.store.mvcc.committedRev), watch_id: -1 });
  }

  private cancel(id: string): void {
    if (!this.watchers.delete(id)) return;
    this.send({ header: this.header(this.store.mvcc.committedRev), watch_id: id, canceled: true });
  }

  /**
   * Sends one revision's committed changes to every watcher of this stream that wants them. A
   * response that takes every change is the same for every watch of that ID and `prev_kv` on any
   * stream (each API server's watch caches, each `etcdctl watch`, have watches 0, 1 …): it is
   * encoded once, kept in `shared` for the other streams.
   */
  deliver(changes: Change[], rev: number, shared: Map<string, Buffer>): void {
    if (this.blocked) return; // resume() catches up from the log
    for (const w of this.watchers.values()) {
      if (rev < w.minRev) continue;
      let wanted = 0;
      for (const c of changes) if (this.wants(w, c)) wanted++;
      if (wanted === changes.length) {
        // The events are built only by the first alike watch; the others send its encoding.
        let framed = shared.get(w.sharedKey);
        if (!framed) {
          framed = this.call.framed({ header: this.header(rev), watch_id: w.id, events: this.eventsFor(w, changes) });
          shared.set(w.sharedKey, framed);
        }
        this.sendFramed(framed);
      } else if (wanted) this.send({ header: this.header(rev), watch_id: w.id, events: this.eventsFor(w, changes) });
      w.minRev = rev + 1;
      if (wanted) w.progressDue = false;
    }
  }

  /** etcd's progress notification: a response with no events to idle watchers that asked. */
  progressTick(): void {
    if (this.blocked) return;
    for (const w of this.watchers.values()) {
      if (!w.progressNotify) continue;
      if (w.progressDue) this.send({ header: this.header(this.store.mvcc.committedRev), watch_id: w.id, events: [] });
      w.progressDue = true;
    }
  }

  /** Whether a change is one for this watcher: not yet sent, in its range, not filtered out. */
  private wants(w: Watcher, c: Change): boolean {
    return c.rev >= w.minRev && inRange(w.range, c.k) && !(c.deleted ? w.noDelete : w.noPut);
  }

  private eventsFor(w: Watcher, changes: Change[]): Msg[] {
    const events: Msg[] = [];
    for (const c of changes) {
      if (!this.wants(w, c)) continue;
      events.push({
        type: c.deleted ? 'DELETE' : 'PUT',
        kv: c.kv,
        // The previous value is the one at rev - 1, gone once that revision is compacted.
        prev_kv: w.prevKv && c.prev && c.rev - 1 >= this.store.mvcc.compactRev ? c.prev : undefined,
      });
    }
    return events;
  }

  /** Writes a response; when the client stops reading, the stream blocks until it drains. */
  private send(res: Msg): void {
    if (this.call.writable) this.wrote(this.call.write(res));
  }

  /** Writes a response from {@link GrpcCall.framed}, as {@link send} does. */
  private sendFramed(framed: Buffer): void {
    if (this.call.writable) this.wrote(this.call.writeFramed(framed));
  }

  private wrote(more: boolean): void {
    if (!more && !this.blocked) {
      this.blocked = true;
      this.call.once('drain', () => this.resume());
    }
  }

  end(): void {
    this.watchers.clear();
    this.call.end();
  }
}
