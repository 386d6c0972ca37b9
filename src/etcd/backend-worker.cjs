/**
 * The backend's writer thread (see backend.ts): owns the SQLite connection that commits batches,
 * so that the event loop never waits for a disk flush. Messages in: { id, op, ... } with op
 * 'commit' | 'size' | 'serialize' | 'defragment' | 'close'; messages out: { id, result } or
 * { id, error }. Plain CommonJS so that the thread needs no TypeScript loader.
 */
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);

const db = new Database(workerData.path ?? ':memory:');
if (workerData.path) {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Checkpoints run on a connection of their own (checkpointer.ts), not inside commits.
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('busy_timeout = 5000');
}
db.exec(workerData.schema);

const insertKv = db.prepare(
  'INSERT INTO kv (seq, rev, sub, key, value, create_rev, version, lease, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
);
const deleteKv = db.prepare('DELETE FROM kv WHERE seq = ?');
const putLease = db.prepare('INSERT OR REPLACE INTO leases (id, ttl) VALUES (?, ?)');
const deleteLease = db.prepare('DELETE FROM leases WHERE id = ?');
const putMeta = db.prepare('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)');
const pageCount = db.prepare('PRAGMA page_count').pluck();
const freelistCount = db.prepare('PRAGMA freelist_count').pluck();
const pageSize = db.pragma('page_size', { simple: true });

/** rows: [seq, rev, sub, key, value, createRev, version, lease, deleted][] */
/** Structured clone hands Buffers over as Uint8Arrays; SQLite binds Buffers. */
const buf = (u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);

const commit = db.transaction((b) => {
  for (const row of b.rows) {
    row[3] = buf(row[3]);
    row[4] = buf(row[4]);
    insertKv.run(...row);
  }
  for (const seq of b.dropped) deleteKv.run(seq);
  for (const [id, ttl] of b.leasesPut) putLease.run(id, ttl);
  for (const id of b.leasesDeleted) deleteLease.run(id);
  for (const [name, value] of b.meta) putMeta.run(name, value);
});

function size() {
  const pages = pageCount.get();
  return { dbSize: pages * pageSize, inUse: (pages - freelistCount.get()) * pageSize };
}

const ops = {
  commit: (m) => {
    commit(m.batch);
    return size();
  },
  size,
  serialize: () => db.serialize(),
  defragment: () => {
    db.exec('VACUUM');
    if (workerData.path) db.pragma('wal_checkpoint(TRUNCATE)');
    return size();
  },
  close: () => {
    db.close();
    setImmediate(() => parentPort.close());
    return null;
  },
};

parentPort.on('message', (m) => {
  let reply;
  try {
    reply = { id: m.id, result: ops[m.op](m) };
  } catch (err) {
    reply = { id: m.id, error: String((err && err.stack) || err) };
  }
  parentPort.postMessage(reply);
});
