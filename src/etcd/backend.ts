/**
 * Durable storage for `k8ts etcd`: one SQLite database (WAL, `synchronous=FULL`) holding every
 * change since the last compaction (rows numbered in commit order), the leases and a few
 * metadata values. The in-memory store
 * ({@link Mvcc}) is rebuilt from it at start; afterwards it is written to in batches, each batch
 * one SQLite transaction, so that a batch is on disk before any request in it is answered.
 *
 * With `path` null the database lives in memory: the same code, nothing persisted.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Checkpointer } from './checkpointer.js';
import type { Change } from './mvcc.js';

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

/** Where the database of a data dir lives. */
export function dbPath(dataDir: string): string {
  return join(dataDir, 'member', 'db.sqlite');
}

export class Backend {
  private readonly db: Database.Database;
  private readonly insertKv: Database.Statement;
  private readonly deleteKv: Database.Statement;
  private readonly putLease: Database.Statement;
  private readonly deleteLease: Database.Statement;
  private readonly putMeta: Database.Statement;
  private readonly pageCount: Database.Statement;
  private readonly freelistCount: Database.Statement;
  private readonly pageSize: number;
  private readonly commitTx: (batch: Batch) => void;
  private readonly checkpointer?: Checkpointer;
  /** The row ID the next stored change takes: changes are numbered in commit order. */
  private nextSeq = 1;

  constructor(readonly path: string | null) {
    if (path) mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path ?? ':memory:');
    if (path) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('wal_autocheckpoint = 0');
      // Only defragment can meet the checkpointer's lock; it waits rather than fails.
      this.db.pragma('busy_timeout = 5000');
      this.checkpointer = new Checkpointer(path);
    }
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kv (
        seq INTEGER PRIMARY KEY, rev INTEGER NOT NULL, sub INTEGER NOT NULL, key BLOB NOT NULL,
        value BLOB NOT NULL, create_rev INTEGER NOT NULL, version INTEGER NOT NULL,
        lease TEXT NOT NULL, deleted INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS leases (id TEXT PRIMARY KEY, ttl INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.insertKv = this.db.prepare(
      'INSERT INTO kv (seq, rev, sub, key, value, create_rev, version, lease, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.deleteKv = this.db.prepare('DELETE FROM kv WHERE seq = ?');
    this.putLease = this.db.prepare('INSERT OR REPLACE INTO leases (id, ttl) VALUES (?, ?)');
    this.deleteLease = this.db.prepare('DELETE FROM leases WHERE id = ?');
    this.putMeta = this.db.prepare('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)');
    this.pageCount = this.db.prepare('PRAGMA page_count').pluck();
    this.freelistCount = this.db.prepare('PRAGMA freelist_count').pluck();
    this.pageSize = this.db.pragma('page_size', { simple: true }) as number;
    this.commitTx = this.db.transaction((b: Batch) => {
      for (const c of b.changes) {
        const kv = c.kv;
        c.seq = this.nextSeq++;
        this.insertKv.run(
          c.seq,
          c.rev,
          c.sub,
          kv.key,
          kv.value,
          kv.create_revision,
          kv.version,
          kv.lease,
          c.deleted ? 1 : 0,
        );
      }
      for (const c of b.dropped) this.deleteKv.run(c.seq);
      for (const l of b.leasesPut) this.putLease.run(l.id, l.ttl);
      for (const id of b.leasesDeleted) this.deleteLease.run(id);
      for (const [name, value] of Object.entries(b.meta)) this.putMeta.run(name, value);
    });
  }

  /** Reads metadata and leases; streams stored changes, in order, to `onChange`. */
  load(onChange: (c: Omit<Change, 'prev'>) => void): Loaded {
    const rows = this.db
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
    const meta = new Map(
      (this.db.prepare('SELECT name, value FROM meta').raw().all() as [string, string][]).map(
        ([n, v]) => [n, v] as const,
      ),
    );
    const leases = (this.db.prepare('SELECT id, ttl FROM leases').raw().all() as [string, number][]).map(
      ([id, ttl]) => ({ id, ttl }),
    );
    return { meta, leases };
  }

  /** Writes a batch in one transaction; returns once it is durable. Throws on a storage failure. */
  commit(batch: Batch): void {
    this.commitTx(batch);
  }

  /** Bytes the database takes, and of those the bytes in use. */
  size(): { dbSize: number; inUse: number } {
    const pages = this.pageCount.get() as number;
    const free = this.freelistCount.get() as number;
    return { dbSize: pages * this.pageSize, inUse: (pages - free) * this.pageSize };
  }

  /** A consistent copy of the whole database, as SQLite file bytes. */
  serialize(): Buffer {
    return this.db.serialize();
  }

  /** Rewrites the database without free pages (etcd's defragment). */
  defragment(): void {
    this.db.exec('VACUUM');
    if (this.path) this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }
}
