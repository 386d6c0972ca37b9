/**
 * The backend's durability: a batch is durable once its record is in the commit log, before the
 * database has it. Each test copies the data dir's files right after an acknowledged commit —
 * what a kill -9 or a power loss leaves — and starts a backend on the copy.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Backend, dbPath, logPath, type Batch } from './backend.js';
import type { Change } from './mvcc.js';

const { WRITER_NICE } = createRequire(import.meta.url)('./backend-db.cjs') as { WRITER_NICE: number };

const root = mkdtempSync(join(tmpdir(), 'k8ts-backend-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const dataDir = () => join(root, `d${dirs++}`);

/** A batch that puts `key` at revision `rev`. */
function put(key: string, rev: number): Batch {
  const k = Buffer.from(key);
  const change: Change = {
    k: key,
    rev,
    sub: 0,
    deleted: false,
    prev: null,
    kv: {
      key: k,
      value: Buffer.from(`value of ${key}`),
      create_revision: rev,
      mod_revision: rev,
      version: 1,
      lease: '0',
    },
  };
  return { changes: [change], dropped: [], leasesPut: [], leasesDeleted: [], meta: { rev: String(rev) } };
}

/** Copies the database, its WAL and the commit log, as a crash would leave them, to a new data dir. */
function crashCopy(db: string): string {
  const copy = dbPath(dataDir());
  mkdirSync(dirname(copy), { recursive: true });
  for (const f of [db, `${db}-wal`, logPath(db)]) {
    if (existsSync(f)) copyFileSync(f, join(dirname(copy), basename(f)));
  }
  return copy;
}

/** The keys the database file itself holds, without the log. */
function keysInDatabase(db: string): string[] {
  const conn = new Database(db, { readonly: true });
  try {
    return (conn.prepare('SELECT key FROM kv ORDER BY seq').pluck().all() as Buffer[]).map((k) => k.toString());
  } finally {
    conn.close();
  }
}

/** Starts a backend on `db`; returns it with the keys it loaded, in order, and its meta. */
function open(db: string, options = {}) {
  const backend = new Backend(db, options);
  const keys: string[] = [];
  const { meta } = backend.load((c) => keys.push(c.k));
  return { backend, keys, meta };
}

describe('Backend durability', () => {
  it('finds a batch that only the log holds, committed on the event loop or by the writer thread', async () => {
    const db = dbPath(dataDir());
    const { backend } = open(db, { applyIntervalMs: 60_000 });
    assert.equal(backend.commit(put('a', 2), true), undefined); // durable on return
    const onEventLoop = crashCopy(db);
    await backend.commit(put('b', 3), false);
    const byThread = crashCopy(db);
    await backend.close();

    assert.deepEqual(keysInDatabase(onEventLoop), []);
    // The thread was handed 'a' before it was called for 'b', and applied it first.
    assert.deepEqual(keysInDatabase(byThread), ['a']);
    const first = open(onEventLoop);
    assert.deepEqual(first.keys, ['a']);
    assert.equal(first.meta.get('rev'), '2');
    await first.backend.close();
    const second = open(byThread);
    assert.deepEqual(second.keys, ['a', 'b']);
    assert.equal(second.meta.get('rev'), '3');
    // Recovery wrote them into the database: a later start needs the log no more.
    assert.deepEqual(keysInDatabase(byThread), ['a', 'b']);
    await second.backend.close();
  });

  it('keeps every batch when the log fills and starts over, whichever path wrote it', async () => {
    const db = dbPath(dataDir());
    const { backend } = open(db, { applyIntervalMs: 60_000, logBytes: 1024 });
    const want: string[] = [];
    for (let i = 0; i < 40; i++) {
      const key = `k${String(i).padStart(2, '0')}`;
      want.push(key);
      await backend.commit(put(key, i + 2), i % 3 !== 0);
    }
    const copy = crashCopy(db);
    await backend.close();
    const inDatabase = keysInDatabase(copy);
    assert.ok(inDatabase.length > 0 && inDatabase.length < want.length, `database held ${inDatabase.length}`);
    const reopened = open(copy);
    assert.deepEqual(reopened.keys, want);
    // It goes on from there: the next batch follows, and survives the next crash too.
    reopened.backend.commit(put('after', 42), true);
    const again = crashCopy(copy);
    await reopened.backend.close();
    const last = open(again);
    assert.deepEqual(last.keys, [...want, 'after']);
    await last.backend.close();
  });

  it('ignores a commit log written for another database', async () => {
    const db = dbPath(dataDir());
    const { backend } = open(db, { applyIntervalMs: 60_000 });
    for (let rev = 2; rev < 5; rev++) backend.commit(put(`k${rev}`, rev), true);
    const copy = crashCopy(db);
    await backend.close();
    const other = dbPath(dataDir()); // a fresh database beside the copied log
    mkdirSync(dirname(other), { recursive: true });
    copyFileSync(logPath(copy), logPath(other));
    const fresh = open(other);
    assert.deepEqual(fresh.keys, []);
    await fresh.backend.close();
    const own = open(copy);
    assert.deepEqual(own.keys, ['k2', 'k3', 'k4']); // its own database takes them
    await own.backend.close();
  });
});

/** The nice value of one of this process's threads (Linux), from /proc. */
function nice(tid: string | number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}
const threadNices = () => readdirSync('/proc/self/task').map(nice);

/**
 * Waits until the database file holds `want` and the backend has heard so (the writer thread
 * applies in the background, and tells the event loop after).
 */
async function untilApplied(backend: Backend, db: string, want: string[]): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (keysInDatabase(db).length >= want.length && backend.unappliedBytes === 0) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.deepEqual(keysInDatabase(db), want);
  assert.equal(backend.unappliedBytes, 0);
}

describe("When lone requests' batches are applied to the database", () => {
  it('once no batch has come for applyIdleMs', async () => {
    const db = dbPath(dataDir());
    const { backend } = open(db, { applyIdleMs: 100 });
    backend.commit(put('a', 2), true);
    await new Promise((r) => setTimeout(r, 20));
    backend.commit(put('b', 3), true);
    const t0 = performance.now();
    assert.deepEqual(keysInDatabase(db), []);
    assert.ok(backend.unappliedBytes > 0);
    await untilApplied(backend, db, ['a', 'b']);
    const waited = performance.now() - t0;
    assert.ok(waited >= 100, `applied ${waited.toFixed(0)} ms after the last commit`);
    await backend.close();
  });

  it('not while batches keep coming, until applyBytes of records wait', async () => {
    const db = dbPath(dataDir());
    const { backend } = open(db, { applyIdleMs: 60_000, applyBytes: 100_000 });
    const want: string[] = [];
    const commit = () => {
      want.push(`k${want.length}`);
      backend.commit(put(want.at(-1)!, want.length + 1), true);
    };
    for (const t0 = performance.now(); performance.now() - t0 < 300;) {
      commit();
      await new Promise((r) => setTimeout(r, 2));
    }
    assert.deepEqual(keysInDatabase(db), [], `none of ${want.length} batches applied while they came`);
    while (backend.unappliedBytes < 100_000) commit();
    await untilApplied(backend, db, want);
    commit();
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(keysInDatabase(db), want.slice(0, -1), 'the next batch waits for the pause');
    await backend.close();
    assert.deepEqual(keysInDatabase(db), want, 'closing applies what waits');
  });
});

describe(
  'Backend threads',
  { skip: process.platform !== 'linux' && 'thread priorities are per thread on Linux only' },
  () => {
    it('runs the writer and the checkpointer below the event loop, which keeps its priority', async () => {
      const before = threadNices().filter((n) => n === WRITER_NICE).length;
      const { backend } = open(dbPath(dataDir()));
      let lowered = 0;
      for (let i = 0; i < 200 && lowered < 2; i++) {
        await new Promise((r) => setTimeout(r, 10));
        lowered = threadNices().filter((n) => n === WRITER_NICE).length - before;
      }
      assert.equal(lowered, 2, 'two threads at the lower priority');
      assert.equal(nice(process.pid), 0, 'the main thread keeps its priority');
      await backend.close();
    });
  },
);
