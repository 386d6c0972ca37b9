/**
 * Durable storage for `k8ts etcd`: one SQLite database (WAL, `synchronous=FULL`) holding every
 * change since the last compaction (rows numbered in commit order), the leases and a few
 * metadata values. The in-memory store ({@link Mvcc}) is rebuilt from it at start. After that,
 * each batch is one SQLite transaction (backend-db.cjs), committed either right away on the
 * event loop ({@link Backend.commitNow}: the quickest answer for a lone request) or by a writer
 * thread ({@link Backend.commit}: the event loop keeps serving reads and watches while the disk
 * flushes a larger batch). Both write the same file, one batch at a time, in order.
 *
 * With `path` null the database lives in memory and every batch commits on the event loop: the
 * same code, nothing persisted.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
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

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kv (
    seq INTEGER PRIMARY KEY, rev INTEGER NOT NULL, sub INTEGER NOT NULL, key BLOB NOT NULL,
    value BLOB NOT NULL, create_rev INTEGER NOT NULL, version INTEGER NOT NULL,
    lease TEXT NOT NULL, deleted INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS leases (id TEXT PRIMARY KEY, ttl INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

interface Writer {
  commit(batch: unknown): Size;
  serialize(): Buffer;
  defragment(): Size;
  close(): void;
}

const { openWriter } = require('./backend-db.cjs') as {
  openWriter(sqlite: typeof Database, path: string | null, schema: string): Writer;
};

export class Backend {
  /** The writer on the event loop. */
  private writer?: Writer;
  /** The writer thread (durable stores only). */
  private worker?: Worker;
  private checkpointer?: Checkpointer;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** The row ID the next stored change takes: changes are numbered in commit order. */
  private nextSeq = 1;

  constructor(readonly path: string | null) {
    if (path) mkdirSync(dirname(path), { recursive: true });
  }

  /** Reads what is stored (changes in order to `onChange`), then starts the writer thread. */
  load(onChange: (c: Omit<Change, 'prev'>) => void): Loaded {
    let loaded: Loaded = { meta: new Map(), leases: [] };
    if (this.path && existsSync(this.path)) loaded = this.read(this.path, onChange);
    this.writer = openWriter(Database, this.path, SCHEMA);
    if (!this.path) return loaded;
    this.worker = new Worker(new URL('./backend-db.cjs', import.meta.url), {
      workerData: {
        role: 'backend-writer',
        sqlite: require.resolve('better-sqlite3'),
        path: this.path,
        schema: SCHEMA,
      },
    });
    this.worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.result);
      if (this.pending.size === 0) this.worker?.unref();
    });
    this.worker.on('error', (err) => this.pending.forEach((p) => p.reject(err)));
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

  private call<T>(op: string, data: Record<string, unknown> = {}): Promise<T> {
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
   * Writes a batch in one transaction on the writer thread; resolves, with the database's size,
   * once it is durable. The caller has one batch in flight at a time. Rejects on a storage failure.
   */
  commit(b: Batch): Promise<Size> {
    if (!this.worker) return Promise.resolve().then(() => this.commitNow(b));
    return this.call('commit', { batch: this.toRows(b) });
  }

  /** Writes a batch in one transaction on the event loop; returns once it is durable. */
  commitNow(b: Batch): Size {
    return this.writer!.commit(this.toRows(b));
  }

  private toRows(b: Batch) {
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
    if (!this.worker) return this.writer!.serialize();
    const bytes = await this.call<Uint8Array>('serialize');
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Rewrites the database without free pages (etcd's defragment); resolves with the new size. */
  async defragment(): Promise<Size> {
    return this.worker ? this.call('defragment') : this.writer!.defragment();
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    this.writer?.close();
    this.writer = undefined;
    const worker = this.worker;
    if (worker) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      await this.call('close');
      worker.ref(); // until it has exited
      await exited;
      this.worker = undefined;
    }
  }
}
