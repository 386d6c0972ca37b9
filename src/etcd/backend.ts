/**
 * Durable storage for `k8ts etcd`: one SQLite database (WAL) holding every change since the last
 * compaction (rows numbered in commit order), the leases and a few metadata values, and in front
 * of it a commit log (commit-log.cjs) that makes each batch durable with one small flushed append,
 * as etcd's WAL stands in front of bbolt. The in-memory store ({@link Mvcc}) is rebuilt from the
 * database at start, once the log's records that a crash kept from the database are applied to
 * it. After that, each batch is one log record and then rows in a SQLite transaction applied by
 * a writer thread (backend-db.cjs), many batches at a time ({@link Backend.commit}).
 *
 * With `path` null the database lives in memory, with no log and no thread, and every batch is
 * applied on the event loop: the same code, nothing persisted.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Checkpointer } from './checkpointer.js';
import type { Change } from './mvcc.js';

const require = createRequire(import.meta.url);

export interface StoredLease {
  id: string;
  ttl: number;
}

/** What one commit writes. */
export interface Batch {
  changes: Change[];
  /** Changes removed by a compaction. */
  dropped: Change[];
  leasesPut: StoredLease[];
  leasesDeleted: string[];
  meta: Record<string, string>;
}

export interface Loaded {
  meta: Map<string, string>;
  leases: StoredLease[];
}

export interface Size {
  dbSize: number;
  inUse: number;
}

/** Where the database of a data dir lives. */
export function dbPath(dataDir: string): string {
  return join(dataDir, 'member', 'db.sqlite');
}

/** Where the commit log of the database at `db` lives: beside it. */
export function logPath(db: string): string {
  return join(dirname(db), 'commit.log');
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kv (
    seq INTEGER PRIMARY KEY, rev INTEGER NOT NULL, sub INTEGER NOT NULL, key BLOB NOT NULL,
    value BLOB NOT NULL, create_rev INTEGER NOT NULL, version INTEGER NOT NULL,
    lease TEXT NOT NULL, deleted INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS leases (id TEXT PRIMARY KEY, ttl INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** A batch as backend-db.cjs stores it. */
interface Rows {
  rows: unknown[][];
  dropped: (number | undefined)[];
  leasesPut: [string, number][];
  leasesDeleted: string[];
  meta: [string, string][];
}

interface StoredDatabase {
  apply(batches: { seq: number; rows: Rows }[]): void;
  size(): Size;
  serialize(): Buffer;
  defragment(): void;
  close(): void;
}

interface Log {
  append(pos: number, seq: number, payload: Buffer): number;
  close(): void;
}

const { openDatabase, recover } = require('./backend-db.cjs') as {
  openDatabase(sqlite: typeof Database, path: string | null, schema: string): StoredDatabase;
  recover(
    sqlite: typeof Database,
    path: string,
    schema: string,
    logPath: string,
  ): { nextSeq: number; id: string; size: Size };
};
const { encodeRows } = require('./batch-codec.cjs') as { encodeRows(rows: Rows): Buffer };
const { openLog } = require('./commit-log.cjs') as { openLog(path: string, id: string, bytes?: number): Log };

/**
 * See {@link BackendOptions}. The batches of concurrent requests, appended by the writer thread, are
 * applied by it every APPLY_INTERVAL_MS (etcd's own `--backend-batch-interval`, bbolt's commit
 * every 100 ms). Those of lone requests, appended on the event loop, wait for the store to pause
 * (no batch for APPLY_IDLE_MS, and no transaction of theirs in the last APPLY_INTERVAL_MS), or for
 * APPLY_BYTES of records: on two cores a transaction took the core that the next put's answer
 * was waiting for. With a transaction every 100 ms for them too, 5,000 sequential puts after 300
 * had a p99 of 0.67-1.13 ms (mean 0.88) in five runs, against 0.52-0.79 ms (mean 0.66).
 */
const APPLY_INTERVAL_MS = 100;
const APPLY_IDLE_MS = 10;
const APPLY_BYTES = 1 << 20;

export interface BackendOptions {
  /** The commit log's size in bytes (default 16 MiB); tests make it small so that it wraps. */
  logBytes?: number;
  /**
   * How often, at most, batches are applied to the database (default 100 ms); tests make it long
   * to find batches only in the log.
   */
  applyIntervalMs?: number;
  /** How long the store must pause before lone requests' batches are applied (default 10 ms). */
  applyIdleMs?: number;
  /** How many bytes of lone requests' records may wait before they are applied, pause or not (1 MiB). */
  applyBytes?: number;
}

export class Backend {
  /** The database, on the event loop (in memory only). */
  private db?: StoredDatabase;
  /** The commit log, for appends on the event loop (durable stores only). */
  private log?: Log;
  /** The thread that applies batches to the database and appends large ones to the log. */
  private worker?: Worker;
  private checkpointer?: Checkpointer;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** The row ID the next stored change takes: changes are numbered in commit order. */
  private nextSeq = 1;
  /** The seq the next batch takes in the commit log, and where its record goes. */
  private logSeq = 1;
  private logPos = 0;
  /** Batches appended on the event loop, not yet handed to the writer thread, and their bytes. */
  private toApply: { seq: number; payload: Buffer }[] = [];
  private toApplyBytes = 0;
  /** Bytes of log records committed, and applied to the database (the writer thread says). */
  private committedBytes = 0;
  private appliedBytes = 0;
  private lastCommit = 0;
  private lastApply = 0;
  private applyTimer?: NodeJS.Timeout;
  private readonly applyIntervalMs: number;
  private readonly applyIdleMs: number;
  private readonly applyBytes: number;
  /** The database's size, as of the last transaction. */
  size: Size = { dbSize: 0, inUse: 0 };
  /** Called when applying a batch to the database failed (what was acknowledged is in the log). */
  onError: (err: Error) => void = () => {};

  constructor(
    readonly path: string | null,
    private readonly options: BackendOptions = {},
  ) {
    this.applyIntervalMs = options.applyIntervalMs ?? APPLY_INTERVAL_MS;
    this.applyIdleMs = options.applyIdleMs ?? APPLY_IDLE_MS;
    this.applyBytes = options.applyBytes ?? APPLY_BYTES;
    if (path) mkdirSync(dirname(path), { recursive: true });
  }

  /**
   * Brings the database up to date from the commit log, reads what is stored (changes in order to
   * `onChange`), then starts the writer thread.
   */
  load(onChange: (c: Omit<Change, 'prev'>) => void): Loaded {
    if (!this.path) {
      this.db = openDatabase(Database, null, SCHEMA);
      return { meta: new Map(), leases: [] };
    }
    const path = logPath(this.path);
    const { nextSeq, id, size } = recover(Database, this.path, SCHEMA, path);
    this.logSeq = nextSeq;
    this.size = size;
    const log = { path, id, bytes: this.options.logBytes };
    const loaded = this.read(this.path, onChange);
    this.log = openLog(log.path, log.id, log.bytes);
    this.worker = new Worker(new URL('./backend-db.cjs', import.meta.url), {
      workerData: {
        role: 'backend-writer',
        sqlite: require.resolve('better-sqlite3'),
        path: this.path,
        schema: SCHEMA,
        log,
        applyIntervalMs: this.applyIntervalMs,
      },
    });
    type Reply = { id?: number; result?: unknown; error?: string; size?: Size; applied?: number; fatal?: string };
    this.worker.on('message', (m: Reply) => {
      if (m.size) this.size = m.size;
      if (m.applied !== undefined) this.appliedBytes = m.applied;
      if (m.fatal !== undefined) this.onError(new Error(m.fatal));
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.result);
      if (this.pending.size === 0) this.worker?.unref();
    });
    this.worker.on('error', (err) => {
      this.pending.forEach((p) => p.reject(err));
      this.onError(err);
    });
    this.worker.unref();
    this.checkpointer = new Checkpointer(this.path);
    return loaded;
  }

  private read(path: string, onChange: (c: Omit<Change, 'prev'>) => void): Loaded {
    const db = new Database(path);
    try {
      db.exec(SCHEMA);
      const rows = db
        .prepare('SELECT seq, rev, sub, key, value, create_rev, version, lease, deleted FROM kv ORDER BY seq')
        .raw();
      for (const row of rows.iterate() as IterableIterator<unknown[]>) {
        const [seq, rev, sub, key, value, createRev, version, lease, deleted] = row as [
          number,
          number,
          number,
          Buffer,
          Buffer,
          number,
          number,
          string,
          number,
        ];
        this.nextSeq = seq + 1;
        onChange({
          seq,
          k: key.toString('latin1'),
          rev,
          sub,
          deleted: deleted === 1,
          kv: { key, value, create_revision: createRev, mod_revision: rev, version, lease },
        });
      }
      const meta = new Map(db.prepare('SELECT name, value FROM meta').raw().all() as [string, string][]);
      const leases = (db.prepare('SELECT id, ttl FROM leases').raw().all() as [string, number][]).map(([id, ttl]) => ({
        id,
        ttl,
      }));
      return { meta, leases };
    } finally {
      db.close();
    }
  }

  /** Bytes of log records whose batches the database does not hold yet. */
  get unappliedBytes(): number {
    return this.committedBytes - this.appliedBytes;
  }

  /**
   * Hands the batches appended on the event loop to the writer thread, to be applied now, in one
   * message: a thread woken for every put competes for the two cores with the event loop and the
   * clients.
   */
  private handOver(): void {
    clearTimeout(this.applyTimer);
    this.applyTimer = undefined;
    if (!this.toApply.length) return;
    this.lastApply = performance.now();
    this.worker!.postMessage({ op: 'apply', batches: this.toApply });
    this.toApply = [];
    this.toApplyBytes = 0;
  }

  /**
   * After a lone request's batch: those waiting are handed over at the store's next pause, or now
   * if they are many.
   */
  private scheduleApply(): void {
    this.lastCommit = performance.now();
    if (this.toApplyBytes >= this.applyBytes) return this.handOver();
    this.applyTimer ??= setTimeout(() => this.whenIdle(), this.applyIdleMs);
  }

  private whenIdle(): void {
    this.applyTimer = undefined;
    const due = Math.max(this.lastCommit + this.applyIdleMs, this.lastApply + this.applyIntervalMs);
    const wait = due - performance.now();
    if (wait <= 0) this.handOver();
    else this.applyTimer = setTimeout(() => this.whenIdle(), wait);
  }

  /** Calls the writer thread, after every batch before. */
  private call<T>(op: string, data: Record<string, unknown> = {}): Promise<T> {
    this.handOver();
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('backend not loaded'));
    const id = this.nextId++;
    worker.ref(); // the process waits for a commit in flight
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op, ...data });
    });
  }

  /**
   * Makes a batch durable: its record appended to the commit log, then its rows applied to the
   * database by the writer thread, many batches to a transaction (see APPLY_INTERVAL_MS; crash
   * recovery applies those the database lacks). With `now`, a batch whose
   * record fits before the log's end is appended on the event loop, and this returns once it is
   * durable: the quickest answer for a lone request. Otherwise the writer thread appends it (or,
   * past the log's end, flushes the database and starts the log over) while the event loop goes
   * on serving reads and watches, and the promise resolves once it is durable. The caller has one
   * batch in flight at a time. Throws, or rejects, on a storage failure.
   */
  commit(b: Batch, now: boolean): Promise<void> | undefined {
    const rows = this.toRows(b);
    const seq = this.logSeq++;
    if (this.db) {
      this.db.apply([{ seq, rows }]);
      this.size = this.db.size();
      return;
    }
    const payload = encodeRows(rows);
    this.committedBytes += payload.length;
    if (now) {
      const pos = this.log!.append(this.logPos, seq, payload);
      if (pos >= 0) {
        this.logPos = pos;
        this.toApply.push({ seq, payload });
        this.toApplyBytes += payload.length;
        this.scheduleApply();
        return;
      }
    }
    return this.call<number>('commit', { seq, payload, pos: this.logPos }).then((pos) => {
      this.logPos = pos;
    });
  }

  private toRows(b: Batch): Rows {
    const rows = b.changes.map((c) => {
      c.seq = this.nextSeq++;
      const kv = c.kv;
      return [c.seq, c.rev, c.sub, kv.key, kv.value, kv.create_revision, kv.version, kv.lease, c.deleted ? 1 : 0];
    });
    return {
      rows,
      dropped: b.dropped.map((c) => c.seq),
      leasesPut: b.leasesPut.map((l) => [l.id, l.ttl]),
      leasesDeleted: b.leasesDeleted,
      meta: Object.entries(b.meta),
    };
  }

  /** A consistent copy of the whole database as committed so far, as SQLite file bytes. */
  async serialize(): Promise<Buffer> {
    if (this.db) return this.db.serialize();
    const bytes = await this.call<Uint8Array>('serialize');
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Rewrites the database without free pages (etcd's defragment); resolves with the new size. */
  async defragment(): Promise<Size> {
    if (this.db) {
      this.db.defragment();
      this.size = this.db.size();
    } else this.size = await this.call<Size>('defragment');
    return this.size;
  }

  async close(): Promise<void> {
    clearTimeout(this.applyTimer); // the writer applies what waits as it closes
    this.applyTimer = undefined;
    await this.checkpointer?.close();
    this.db?.close();
    this.db = undefined;
    const worker = this.worker;
    if (worker) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      await this.call('close');
      worker.ref(); // until it has exited
      await exited;
      this.worker = undefined;
    }
    this.log?.close();
    this.log = undefined;
  }
}
