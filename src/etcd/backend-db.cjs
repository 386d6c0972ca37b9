/**
 * The backend's SQLite writer (see backend.ts): opens a connection that commits batches, in the
 * calling thread. backend.ts uses it on the event loop for a batch of one request, and in a
 * worker thread (run as this file's main) for larger batches, so that the event loop does not
 * wait for their disk flush. Plain CommonJS so that the thread needs no TypeScript loader.
 *
 * As a worker: messages in { id, op, ... } with op 'commit' | 'serialize' | 'defragment' |
 * 'close'; messages out { id, result } or { id, error }.
 */
'use strict';
const { isMainThread, parentPort, workerData } = require('node:worker_threads');

/** Structured clone hands Buffers over as Uint8Arrays; SQLite binds Buffers. */
const buf = (u8) => (Buffer.isBuffer(u8) ? u8 : Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength));

/**
 * A writer on the database at `path` (null: in memory). A batch is
 * { rows: [seq, rev, sub, key, value, createRev, version, lease, deleted][], dropped: seq[],
 *   leasesPut: [id, ttl][], leasesDeleted: id[], meta: [name, value][] }.
 */
function openWriter(Database, path, schema) {
  const db = new Database(path ?? ':memory:');
  if (path) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Checkpoints run on a connection of their own (checkpointer.ts), not inside commits.
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('busy_timeout = 5000');
  }
  db.exec(schema);
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
  const write = db.transaction((b) => {
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
  const size = () => {
    const pages = pageCount.get();
    return { dbSize: pages * pageSize, inUse: (pages - freelistCount.get()) * pageSize };
  };
  return {
    /** Commits a batch (durable on return); returns the database's size. */
    commit(batch) {
      write(batch);
      return size();
    },
    serialize: () => db.serialize(),
    defragment() {
      db.exec('VACUUM');
      if (path) db.pragma('wal_checkpoint(TRUNCATE)');
      return size();
    },
    close: () => db.close(),
  };
}

module.exports = { openWriter };

if (!isMainThread && workerData && workerData.role === 'backend-writer') {
  const writer = openWriter(require(workerData.sqlite), workerData.path, workerData.schema);
  const ops = {
    commit: (m) => writer.commit(m.batch),
    serialize: () => writer.serialize(),
    defragment: () => writer.defragment(),
    close: () => {
      writer.close();
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
}
