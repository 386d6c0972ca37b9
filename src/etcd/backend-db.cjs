/**
 * The backend's database side (see backend.ts): a SQLite connection that applies batches, and the
 * commit log (commit-log.cjs) that makes them durable. backend.ts runs it in a worker thread (this
 * file as the thread's main) so that the event loop never waits on SQLite; in memory (no data
 * dir) it runs on the event loop, with no log. Plain CommonJS so that the thread needs no
 * TypeScript loader.
 *
 * As a worker, messages in: { op: 'apply', batches: [{ seq, payload }] } (batches whose records
 * the event loop has appended to the log, and has held for a while already: applied at once; no
 * reply), and { id, op, ... } with op 'commit' (append the record; apply it after a while, with
 * what follows) | 'serialize' | 'defragment' | 'close', each answered { id, result } or
 * { id, error }. Messages out unasked: { size, applied } after each transaction (`applied`: the
 * bytes of records applied since start), { fatal } when applying failed.
 */
'use strict';
const { randomBytes } = require('node:crypto');
const { setPriority } = require('node:os');
const { dirname } = require('node:path');
const { isMainThread, parentPort, workerData } = require('node:worker_threads');
const { decodeRows } = require('./batch-codec.cjs');
const { flush, openLog, readLog } = require('./commit-log.cjs');

/** Structured clone hands Buffers over as Uint8Arrays; SQLite binds Buffers. */
const buf = (u8) => (Buffer.isBuffer(u8) ? u8 : Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength));

/**
 * The database at `path` (null: in memory). A batch's rows are { rows: [seq, rev, sub, key,
 * value, createRev, version, lease, deleted][], dropped: seq[], leasesPut: [id, ttl][],
 * leasesDeleted: id[], meta: [name, value][] }; a batch is { seq, rows } or { seq, payload }
 * (the rows encoded by batch-codec.cjs, as its log record holds them).
 *
 * SQLite commits without a flush of its own (synchronous=NORMAL: its WAL is flushed before each
 * checkpoint, so its files stay consistent); a batch is durable once its record is in the log.
 * Each transaction also stores the seq of its last batch (meta `log_seq`), so that after a power
 * loss or a kill the batches the database lacks are the log's records past that seq.
 */
function openDatabase(Database, path, schema) {
  const db = new Database(path ?? ':memory:');
  if (path) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
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
  const getMeta = db.prepare('SELECT value FROM meta WHERE name = ?').pluck();
  const pageCount = db.prepare('PRAGMA page_count').pluck();
  const freelistCount = db.prepare('PRAGMA freelist_count').pluck();
  const pageSize = db.pragma('page_size', { simple: true });
  const writeRows = (b) => {
    for (const row of b.rows) {
      row[3] = buf(row[3]);
      row[4] = buf(row[4]);
      insertKv.run(...row);
    }
    for (const seq of b.dropped) deleteKv.run(seq);
    for (const [id, ttl] of b.leasesPut) putLease.run(id, ttl);
    for (const id of b.leasesDeleted) deleteLease.run(id);
    for (const [name, value] of b.meta) putMeta.run(name, value);
  };
  /** Applies batches, in order, in one transaction. */
  const apply = db.transaction((batches) => {
    for (const b of batches) writeRows(b.rows ?? decodeRows(buf(b.payload)));
    if (path) putMeta.run('log_seq', String(batches[batches.length - 1].seq));
  });
  return {
    apply,
    /** The seq of the last batch applied (0: none). */
    lastSeq: () => Number(getMeta.get('log_seq') ?? 0),
    /** The database's id in its commit log's records, made on first use. */
    logId() {
      let id = getMeta.get('log_id');
      if (id === undefined) putMeta.run('log_id', (id = randomBytes(8).toString('hex')));
      return id;
    },
    size() {
      const pages = pageCount.get();
      return { dbSize: pages * pageSize, inUse: (pages - freelistCount.get()) * pageSize };
    },
    /** Flushes everything committed to the database so far (its WAL holds what is not checkpointed). */
    sync() {
      flush(path);
      flush(`${path}-wal`);
      flush(dirname(path));
    },
    serialize: () => db.serialize(),
    defragment() {
      db.exec('VACUUM');
      if (path) db.pragma('wal_checkpoint(TRUNCATE)');
    },
    close: () => db.close(),
  };
}

/**
 * Applies the records of the log at `logPath` that the database at `path` lacks (a kill or a power
 * loss came between their append and their transaction), and flushes the database: the log may
 * then start over. Returns the seq the next batch takes, the database's id in the log and its size.
 */
function recover(Database, path, schema, logPath) {
  const db = openDatabase(Database, path, schema);
  try {
    const id = db.logId();
    let next = db.lastSeq() + 1;
    const records = readLog(logPath, id);
    if (records.length && records[0].seq > next) {
      throw new Error(
        `commit log ${logPath} starts at batch ${records[0].seq}, after the database's last batch ${next - 1}: ` +
          'the database is not the one this log belongs to',
      );
    }
    const missing = records.filter((r) => r.seq >= next);
    if (missing.length) db.apply(missing);
    next += missing.length;
    db.sync();
    return { nextSeq: next, id, size: db.size() };
  } finally {
    db.close();
  }
}

/**
 * The writer thread's nice value (Linux sets it per thread). Its SQLite transactions are on no
 * request's path; at the event loop's priority, one every 20 ms took the core a put's answer was
 * about to run on (sequential puts: 1.5% more of them answered in 0.7-1.5 ms instead of 0.3). Its
 * appends of large batches are on their requests' path but take little CPU, and at 10 the thread
 * still gets about a tenth of a core that the event loop and the clients keep busy (a Deployment
 * of 10,000 pods on 5,000 kwok nodes took as long as before). Exported for the checkpointer's
 * thread (checkpointer.ts).
 */
const WRITER_NICE = 10;

module.exports = { openDatabase, recover, WRITER_NICE };

/** A batch the thread appended waits for this many more, or `applyIntervalMs` (backend.ts), to be applied. */
const APPLY_BATCHES = 1000;

if (!isMainThread && workerData && workerData.role === 'backend-writer') {
  const { sqlite, path, schema, log, applyIntervalMs } = workerData;
  if (process.platform === 'linux') setPriority(WRITER_NICE);
  const db = openDatabase(require(sqlite), path, schema);
  const appender = openLog(log.path, log.id, log.bytes);
  let pending = [];
  let applied = 0;
  let timer;
  const applyPending = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!pending.length) return;
    const batches = pending;
    pending = [];
    db.apply(batches);
    for (const b of batches) applied += b.payload.byteLength;
    parentPort.postMessage({ size: db.size(), applied });
  };
  const queue = (m) => {
    pending.push(m);
    if (pending.length >= APPLY_BATCHES) applyPending();
    else timer ??= setTimeout(() => guard(applyPending), applyIntervalMs);
  };
  /** A failure to apply loses nothing acknowledged (the log has it) but ends the store. */
  const guard = (fn) => {
    try {
      fn();
    } catch (err) {
      parentPort.postMessage({ fatal: String((err && err.stack) || err) });
    }
  };
  const ops = {
    /** Appends the batch's record at `pos` (or, past the log's end, flushes the database and
     * starts the log over); returns where the next record goes. */
    commit(m) {
      const next = appender.append(m.pos, m.seq, buf(m.payload));
      queue(m);
      if (next >= 0) return next;
      applyPending();
      db.sync();
      return 0;
    },
    serialize: () => (applyPending(), db.serialize()),
    defragment: () => (applyPending(), db.defragment(), db.size()),
    close: () => {
      applyPending();
      db.close();
      appender.close();
      setImmediate(() => parentPort.close());
      return null;
    },
  };
  parentPort.on('message', (m) => {
    if (m.op === 'apply') {
      return guard(() => {
        pending.push(...m.batches);
        applyPending();
      });
    }
    let reply;
    try {
      reply = { id: m.id, result: ops[m.op](m) };
    } catch (err) {
      reply = { id: m.id, error: String((err && err.stack) || err) };
    }
    parentPort.postMessage(reply);
  });
}
