/**
 * The state of one `k8ts etcd` member and the one path by which it changes: the commit queue.
 *
 * Every write request (put, delete, txn, compaction, lease grant and revoke, alarms) is queued
 * and runs in a batch: all queued requests are applied to memory in order, the batch is written
 * to SQLite in one transaction (one fsync: group commit), and only then are the requests answered
 * and watchers told. A batch runs synchronously from start to fsync, so no reader ever sees a
 * change that is not yet on disk, and a watcher never sees a revision that a crash could lose.
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
  ) {
    this.rev = store.mvcc.rev + 1;
  }

  /** True once the request has changed a key (and so takes `rev`). */
  get changed(): boolean {
    return this.sub > 0;
  }

  /** The revision reads inside this request see: its own changes included. */
  get readRev(): number {
    return this.changed ? this.rev : this.store.mvcc.rev;
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
    this.batch.dropped.push(...this.store.mvcc.compact(rev));
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
  /** Cached backend size, refreshed after each batch. */
  dbSize = 0;
  dbSizeInUse = 0;
  /** Batches committed since start (each one SQLite transaction and one fsync). */
  commits = 0;
  private queue: Pending[] = [];
  private scheduled = false;
  private failed: unknown;
  private readonly listeners: Array<(changes: Change[]) => void> = [];

  constructor(private readonly options: StoreOptions) {
    this.backend = new Backend(options.dbPath);
    const { meta, leases } = this.backend.load((c) => this.mvcc.restore(c));
    this.mvcc.rev = Math.max(this.mvcc.rev, Number(meta.get('rev') ?? 1));
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
    this.backend.commit({
      ...emptyBatch(),
      meta: { cluster_id: this.clusterId, member_id: this.memberId, raft_term: String(this.raftTerm) },
    });
    this.refreshSize();
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
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    if (this.failed) {
      for (const p of queue) p.reject(Errors.stopped());
      return;
    }
    const batch = emptyBatch();
    const outcomes: Array<{ ok: boolean; value: unknown; rev: number }> = [];
    for (const p of queue) {
      const w = new WriteContext(this, batch);
      try {
        const result = p.op(w);
        if (w.changed) this.mvcc.rev = w.rev;
        this.raftIndex++;
        outcomes.push({ ok: true, value: result, rev: this.mvcc.rev });
      } catch (err) {
        outcomes.push({ ok: false, value: err, rev: 0 });
      }
    }
    // The raft index rides along with other metadata and is written at close; a restart after a
    // crash resumes it from at least the revision.
    if (Object.keys(batch.meta).length || batch.leasesPut.length || batch.leasesDeleted.length) {
      batch.meta.raft_index = String(this.raftIndex);
    }
    try {
      this.backend.commit(batch);
    } catch (err) {
      this.failed = err;
      for (const p of queue) p.reject(Errors.stopped());
      this.options.onFatal?.(err);
      return;
    }
    this.commits++;
    this.refreshSize();
    queue.forEach((p, i) => {
      const o = outcomes[i];
      if (o.ok) p.resolve({ result: o.value, rev: o.rev });
      else p.reject(o.value);
    });
    if (batch.changes.length) for (const l of this.listeners) l(batch.changes);
  }

  refreshSize(): void {
    const { dbSize, inUse } = this.backend.size();
    this.dbSize = dbSize;
    this.dbSizeInUse = inUse;
  }

  /** Raises or clears an alarm, persisted with the next batch. */
  setAlarm(w: WriteContext, alarm: string, active: boolean): void {
    if (active) this.alarms.add(alarm);
    else this.alarms.delete(alarm);
    w.setMeta('alarms', JSON.stringify([...this.alarms]));
  }

  async close(): Promise<void> {
    if (!this.failed) {
      this.failed = Errors.stopped();
      this.backend.commit({ ...emptyBatch(), meta: { raft_index: String(this.raftIndex) } });
    }
    await this.backend.close();
  }
}

export function emptyBatch(): Batch {
  return { changes: [], dropped: [], leasesPut: [], leasesDeleted: [], meta: {} };
}

function randomId(): string {
  return randomBytes(8).readBigUInt64BE().toString();
}
