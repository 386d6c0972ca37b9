/**
 * Backup and restore, as the seeds teach them with etcdctl: `snapshot save` streams a consistent
 * copy of a running member's database to a file; `snapshot restore` checks the copy's SHA-256
 * trailer and makes a new data directory from it, with a new cluster and member ID.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { dbPath } from './backend.js';
import { EtcdRpcClient, type Msg, type RpcClientOptions } from './rpc-client.js';

const HASH_BYTES = 32;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0');

/** Saves a snapshot of the member at `options.endpoint` to `file`; resolves with its size. */
export async function saveSnapshot(
  options: RpcClientOptions,
  file: string,
  onProgress?: (bytes: number) => void,
): Promise<number> {
  const client = new EtcdRpcClient(options);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const stream = client.snapshotStream();
      stream.on('data', (res: Msg) => {
        chunks.push(res.blob);
        size += res.blob.length;
        onProgress?.(size);
      });
      stream.on('error', reject);
      stream.on('end', resolve);
    });
  } finally {
    client.close();
  }
  const data = Buffer.concat(chunks);
  verify(data);
  writeFileSync(`${file}.part`, data, { flush: true });
  renameSync(`${file}.part`, file);
  return size;
}

/** The database inside a snapshot, after checking its SHA-256 trailer. */
function verify(data: Buffer): Buffer {
  if (data.length <= HASH_BYTES) throw new Error('snapshot is too short to hold a database');
  const db = data.subarray(0, data.length - HASH_BYTES);
  const want = data.subarray(data.length - HASH_BYTES);
  if (!createHash('sha256').update(db).digest().equals(want)) {
    throw new Error('snapshot file integrity check failed: SHA-256 mismatch');
  }
  return db;
}

/** Restores `file` into `dataDir`, which must not exist or be empty. Returns the store revision. */
export function restoreSnapshot(file: string, dataDir: string): number {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(`data-dir "${dataDir}" exists and is not empty`);
  }
  const db = verify(readFileSync(file));
  if (!db.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw new Error(`${file} is not a k8ts etcd snapshot (a real etcd snapshot? use etcdctl snapshot restore)`);
  }
  const path = dbPath(dataDir);
  mkdirSync(`${dataDir}/member`, { recursive: true });
  writeFileSync(path, db);
  const sqlite = new Database(path);
  try {
    sqlite.pragma('journal_mode = WAL');
    // A restored member is a new cluster: new IDs are made at its first start.
    sqlite.prepare("DELETE FROM meta WHERE name IN ('cluster_id', 'member_id', 'alarms')").run();
    return revisionOf(sqlite);
  } finally {
    sqlite.close();
  }
}

/** The store revision a database holds. */
function revisionOf(sqlite: Database.Database): number {
  const stored = sqlite.prepare("SELECT value FROM meta WHERE name = 'rev'").pluck().get() as string | undefined;
  const newest = sqlite.prepare('SELECT max(rev) FROM kv').pluck().get() as number | null;
  return Math.max(Number(stored ?? 1), newest ?? 1);
}

export interface SnapshotStatus {
  /** The first 32 bits of the database's SHA-256. */
  hash: number;
  revision: number;
  totalKey: number;
  totalSize: number;
}

/** What a snapshot file holds, after checking its SHA-256 trailer (etcdctl's `snapshot status`). */
export function snapshotStatus(file: string): SnapshotStatus {
  const data = readFileSync(file);
  const db = verify(data);
  if (!db.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw new Error(`${file} is not a k8ts etcd snapshot (a real etcd snapshot? use etcdctl snapshot status)`);
  }
  const copy = Buffer.from(db);
  copy[18] = copy[19] = 1; // read it as a rollback-journal database: WAL needs a file
  const sqlite = new Database(copy, { readonly: true });
  try {
    // Live keys: those whose newest stored change is not a deletion.
    const totalKey = sqlite
      .prepare('SELECT count(*) FROM kv k WHERE deleted = 0 AND seq = (SELECT max(seq) FROM kv WHERE key = k.key)')
      .pluck()
      .get() as number;
    return {
      hash: data.readUInt32BE(data.length - HASH_BYTES),
      revision: revisionOf(sqlite),
      totalKey,
      totalSize: data.length,
    };
  } finally {
    sqlite.close();
  }
}
