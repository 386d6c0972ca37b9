/**
 * The state of one `k8ts etcd` member and the one path by which it changes: the commit queue.
 *
 * Every write request (put, delete, txn, compaction, lease grant and revoke, alarms) is queued
 * and runs in a batch: all queued requests are applied to memory in order, the batch is made
 * durable as one record of the backend's commit log (one flush: group commit; a large batch by
 * the backend's writer thread), and only then are the requests answered and watchers told. Reads
 * are served at the last committed revision (`mvcc.committedRev`), never above it, so no reader
 * ever sees a change that is not yet on disk, and a watcher never sees a revision that a crash
 * could lose.
 */
import { randomBytes } from 'node:crypto';
import { Backend, type Batch } from './backend.js';
import { Errors } from './errors.js';
import { Lessor } from './lessor.js';
import { Mvcc, type Change, type KeyValue } from './mvcc.js';

export interface StoreOptions {
  /** SQLite file, or null for a store that lives in memory only. */
  dbPath: string | null;
  /** Called once if the disk fails; the store refuses further requests. */
  onFatal?: (err: unknown) => void;
}

/** One write request's view of the store while it runs inside a batch. */
export class WriteContext {
  /** The revision this request's changes take. */
  readonly rev: number;
  private sub = 0;

  constructor(
    readonly store: Store,
    private readonly batch: Batch,
    /** What reads see before this request changes anything: the latest applied revision. */
    private readonly baseRev = store.mvcc.rev,
  ) {
    this.rev = store.mvcc.rev + 1;
  }

  /** True once the request has changed a key (and so takes `rev`). */
  get changed(): boolean {
    return this.sub > 0;
  }

  /** The revision reads inside this request see: its own changes included. */
  get readRev(): number {
    return this.changed ? this.rev : this.baseRev;
  }

  put(key: Buffer, value: Buffer, lease: string): Change {
    const c = this.store.mvcc.put(this.rev, this.sub++, key, value, lease);
    if (c.prev && c.prev.lease !== lease) this.store.lessor.detach(c.prev.lease, c.k);
    this.store.lessor.attach(lease, c.k);
    this.batch.changes.push(c);
    return c;
  }

  delete(kv: KeyValue): Change {
    const c = this.store.mvcc.delete(this.rev, this.sub++, kv);
    this.store.lessor.detach(kv.lease, c.k);
    this.batch.changes.push(c);
    return c;
  }

  compact(rev: number): void {
    // A loop, not push(...): a compaction may drop more changes than a call takes arguments.
    for (const c of this.store.mvcc.compact(rev)) this.batch.dropped.push(c);
    this.batch.meta.compact_rev = String(rev);
    // Compaction may drop the newest rows (deletions): the revision is then kept here.
    this.batch.meta.rev = String(this.store.mvcc.rev);
  }

  grantLease(id: string, ttl: number): void {
    this.store.lessor.add(id, ttl);
    this.batch.leasesPut.push({ id, ttl });
  }

  /** Deletes the lease and, at one revision, every key attached to it. */
  revokeLease(id: string): void {
    const lease = this.store.lessor.get(id);
    if (!lease) throw Errors.leaseNotFound();
    for (const k of [...lease.keys].sort()) {
      const kv = this.store.mvcc.get(k, this.readRev);
      if (kv) this.delete(kv);
    }
    this.store.lessor.remove(id);
    this.batch.leasesDeleted.push(id);
  }

  setMeta(name: string, value: string): void {
    this.batch.meta[name] = value;
  }
}

type Op = (w: WriteContext) => unknown;

interface Pending {
  op: Op;
  resolve: (v: { result: unknown; rev: number }) => void;
  reject: (e: unknown) => void;
}

export class Store {
  readonly mvcc = new Mvcc();
  readonly lessor = new Lessor();
  readonly backend: Backend;
  clusterId = '0';
  memberId = '0';
  raftTerm = 1;
  raftIndex = 0;
  alarms = new Set<string>();
  /** The backend's size, as of its last transaction. */
  get dbSize(): number {
    return this.backend.size.dbSize;
  }
  get dbSizeInUse(): number {
    return this.backend.size.inUse;
  }
  /** Batches committed since start (each one record in the commit log, one flush). */
  commits = 0;
  private queue: Pending[] = [];
  private scheduled = false;
  /** The batch being committed, if any. */
  private inFlight?: Promise<void>;
  private failed: unknown;
  private readonly listeners: Array<(changes: Change[]) => void> = [];

  constructor(private readonly options: StoreOptions) {
    this.backend = new Backend(options.dbPath);
    this.backend.onError = (err) => !this.failed && this.fail(err, []);
    const { meta, leases } = this.backend.load((c) => this.mvcc.restore(c));
    this.mvcc.rev = Math.max(this.mvcc.rev, Number(meta.get('rev') ?? 1));
    this.mvcc.committedRev = this.mvcc.rev;
    const compactRev = Number(meta.get('compact_rev') ?? 0);
    if (compactRev > 0) this.mvcc.compact(compactRev);
    this.clusterId = meta.get('cluster_id') ?? randomId();
    this.memberId = meta.get('member_id') ?? randomId();
    // Each start is a new election: the term moves on, as a restarted single-member etcd's does.
    this.raftTerm = Number(meta.get('raft_term') ?? 1) + 1;
    this.raftIndex = Math.max(Number(meta.get('raft_index') ?? 0), this.mvcc.rev);
    this.alarms = new Set(JSON.parse(meta.get('alarms') ?? '[]') as string[]);
    for (const l of leases) this.lessor.add(l.id, l.ttl);
    this.mvcc.forEach({ start: '\0', end: '' }, this.mvcc.rev, (kv) =>
      this.lessor.attach(kv.lease, kv.key.toString('latin1')),
    );
    // The first batch: who this member is. Requests queue behind it.
    this.commitBatch(
      {
        ...emptyBatch(),
        meta: { cluster_id: this.clusterId, member_id: this.memberId, raft_term: String(this.raftTerm) },
      },
      [],
    );
  }

  /** Subscribes to committed changes, in revision order, called once per batch. */
  onCommit(listener: (changes: Change[]) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Queues a write request. `op` runs inside the next batch, after every request queued before
   * it; it must check everything before it changes anything, and throw to refuse. Resolves with
   * its result and the store's revision after it, once the batch is on disk.
   */
  write<T>(op: (w: WriteContext) => T): Promise<{ result: T; rev: number }> {
    if (this.failed) return Promise.reject(Errors.stopped());
    return new Promise((resolve, reject) => {
      this.queue.push({ op, resolve: resolve as Pending['resolve'], reject });
      this.schedule();
    });
  }

  /**
   * The next batch runs a turn of the event loop after the request that starts it, so that every
   * request read in the same turn (from any connection) joins it. Answers already written leave
   * before it: the HTTP/2 layer writes them out with a `setImmediate` queued before this one
   * (src/machinery/h2/session.ts).
   */
  private schedule(): void {
    if (this.scheduled || this.inFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Applies every queued request to memory, in order, and hands the batch to the backend. One
   * batch is in flight at a time: requests arriving meanwhile form the next one (group commit).
   */
  private flush(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    if (this.failed) {
      for (const p of queue) p.reject(Errors.stopped());
      return;
    }
    const batch = emptyBatch();
    const outcomes: Outcome[] = [];
    for (const p of queue) {
      const w = new WriteContext(this, batch);
      try {
        const result = p.op(w);
        if (w.changed) this.mvcc.rev = w.rev;
        this.raftIndex++;
        outcomes.push({ p, ok: true, value: result, rev: this.mvcc.rev });
      } catch (err) {
        outcomes.push({ p, ok: false, value: err, rev: 0 });
      }
    }
    // The raft index rides along with other metadata and is written at close; a restart after a
    // crash resumes it from at least the revision.
    if (Object.keys(batch.meta).length || batch.leasesPut.length || batch.leasesDeleted.length) {
      batch.meta.raft_index = String(this.raftIndex);
    }
    this.commitBatch(batch, outcomes);
  }

  /**
   * Commits a batch already applied to memory. A batch of one request (a client on its own) is
   * made durable on the event loop, for the quickest answer; a larger one by the writer thread, so
   * that reads and watches go on while the disk flushes it. Once durable: reads move up to its
   * revision, its requests are answered and watchers told, and the next batch goes.
   */
  private commitBatch(batch: Batch, outcomes: Outcome[]): void {
    const rev = this.mvcc.rev;
    let later: Promise<void> | undefined;
    try {
      later = this.backend.commit(batch, outcomes.length <= 1);
    } catch (err) {
      return this.fail(err, outcomes);
    }
    if (!later) return this.committed(batch, outcomes, rev);
    this.inFlight = later.then(
      () => {
        this.inFlight = undefined;
        this.committed(batch, outcomes, rev);
      },
      (err) => {
        this.inFlight = undefined;
        this.fail(err, outcomes);
      },
    );
  }

  private committed(batch: Batch, outcomes: Outcome[], rev: number): void {
    this.commits++;
    this.mvcc.committedRev = rev;
    for (const o of outcomes) {
      if (o.ok) o.p.resolve({ result: o.value, rev: o.rev });
      else o.p.reject(o.value);
    }
    if (batch.changes.length) for (const l of this.listeners) l(batch.changes);
    this.schedule();
  }

  /** The disk failed: nothing more is accepted, and the owner is told. */
  private fail(err: unknown, outcomes: Outcome[]): void {
    this.failed = err;
    for (const o of outcomes) o.p.reject(Errors.stopped());
    for (const p of this.queue.splice(0)) p.reject(Errors.stopped());
    this.options.onFatal?.(err);
  }

  /** Raises or clears an alarm, persisted with the next batch. */
  setAlarm(w: WriteContext, alarm: string, active: boolean): void {
    if (active) this.alarms.add(alarm);
    else this.alarms.delete(alarm);
    w.setMeta('alarms', JSON.stringify([...this.alarms]));
  }

  /** Rewrites the database without free pages, after every batch before it. */
  async defragment(): Promise<void> {
    await this.backend.defragment();
  }

  /** Refuses new requests, lets the batch in flight finish, and closes the backend. */
  async close(): Promise<void> {
    if (!this.failed) {
      this.failed = Errors.stopped();
      await this.inFlight;
      for (const p of this.queue.splice(0)) p.reject(Errors.stopped());
      try {
        await this.backend.commit({ ...emptyBatch(), meta: { raft_index: String(this.raftIndex) } }, true);
      } catch {
        // Closing anyway: the raft index resumes from the revision.
      }
    }
    await this.backend.close();
  }
}

interface Outcome {
  p: Pending;
  ok: boolean;
  value: unknown;
  rev: number;
}

export function emptyBatch(): Batch {
  return { changes: [], dropped: [], leasesPut: [], leasesDeleted: [], meta: {} };
}

function randomId(): string {
  return randomBytes(8).readBigUInt64BE().toString();
}
