import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Etcd3 } from 'etcd3';
import { startInProcess } from '../../etcd/testing/in-process.js';
import { EtcdStorage } from '../storage/etcd.js';
import { Cacher } from './cacher.js';
import type { WatchOut } from './watcher.js';
import type { KObject } from './types.js';
import { serializeForWrite } from '../registry/written.js';

const put = (kv: Etcd3, name: string, labels: Record<string, string> = {}) =>
  kv.put(`/registry/configmaps/default/${name}`).value(JSON.stringify({ metadata: { name, labels } }));

async function setup(t: { after: (fn: () => Promise<void> | void) => void }, opts: { historyMax?: number } = {}) {
  const etcd = await startInProcess();
  const storage = new EtcdStorage({ endpoints: [etcd.endpoint] });
  // Changes are made beside the cache, by another client, as other apiservers would.
  const kv = new Etcd3({ hosts: etcd.endpoint });
  const ctrl = new AbortController();
  const counts = { decodes: 0 };
  const cacher = new Cacher(storage, {
    prefix: '/registry/configmaps/',
    decode: (kv) => {
      counts.decodes++;
      const o = JSON.parse(kv.value.toString());
      o.metadata.resourceVersion = String(kv.modRevision);
      return o;
    },
    ...opts,
  });
  t.after(async () => {
    ctrl.abort();
    storage.close();
    kv.close();
    await etcd.stop();
  });
  return { kv, cacher, counts, run: () => void cacher.run(ctrl.signal) };
}

function collect() {
  const events: { type: string; name: string; rv: string }[] = [];
  let closed = false;
  return {
    events,
    get closed() {
      return closed;
    },
    sink: {
      send: (evs: WatchOut[]) =>
        events.push(
          ...evs.map((e) => ({
            type: e.type,
            name: e.entry.obj.metadata.name,
            rv: e.entry.obj.metadata.resourceVersion,
          })),
        ),
      close: () => (closed = true),
    },
  };
}

test('loads what etcd holds, then follows changes with ADDED, MODIFIED and DELETED', async (t) => {
  const { kv, cacher, run } = await setup(t);
  await put(kv, 'a');
  run();
  await cacher.ready;
  assert.equal(cacher.size, 1);
  const c = collect();
  cacher.watch({ prefix: '/registry/configmaps/' }, cacher.rev, c.sink);
  await put(kv, 'b');
  await put(kv, 'b', { x: '1' });
  await kv.delete().key('/registry/configmaps/default/b');
  const rev = await cacher.consistentRevision();
  assert.equal(cacher.rev, rev);
  assert.deepEqual(
    c.events.map((e) => `${e.type} ${e.name}`),
    ['ADDED b', 'MODIFIED b', 'DELETED b'],
  );
  // A DELETED event carries the revision of the delete.
  assert.equal(Number(c.events[2].rv), rev);
  assert.equal(cacher.size, 1);
});

test('get and list read the same current entries through changes, deletes and re-creates', async (t) => {
  const { kv, cacher, run } = await setup(t);
  await put(kv, 'a');
  run();
  await cacher.ready;
  const labelsOf = () => {
    const listed = cacher.list({ prefix: '/registry/configmaps/default/' }).entries;
    const got = listed.map((e) => cacher.get(e.key));
    assert.deepEqual(got, listed);
    return listed.map((e) => `${e.obj.metadata.name}:${e.obj.metadata.labels.v ?? '-'}`);
  };
  await put(kv, 'b', { v: '1' });
  await put(kv, 'a', { v: '2' });
  await cacher.consistentRevision();
  assert.deepEqual(labelsOf(), ['a:2', 'b:1']);
  await kv.delete().key('/registry/configmaps/default/a');
  await cacher.consistentRevision();
  assert.deepEqual(labelsOf(), ['b:1']);
  assert.equal(cacher.get('/registry/configmaps/default/a'), undefined);
  await put(kv, 'a', { v: '3' });
  await put(kv, 'b', { v: '4' });
  await cacher.consistentRevision();
  assert.deepEqual(labelsOf(), ['a:3', 'b:4']);
  assert.equal(cacher.size, 2);
});

test('a consistent read waits for writes acknowledged before it', async (t) => {
  const { kv, cacher, run } = await setup(t);
  run();
  await cacher.ready;
  for (let i = 0; i < 20; i++) await put(kv, `cm${i}`);
  await cacher.consistentRevision();
  assert.equal(cacher.list({ prefix: '/registry/configmaps/default/' }).entries.length, 20);
});

test('a watch from an older revision replays the history; one older than the history is Expired', async (t) => {
  const { kv, cacher, run } = await setup(t, { historyMax: 3 });
  run();
  await cacher.ready;
  const start = cacher.rev;
  await put(kv, 'a');
  await put(kv, 'b');
  await cacher.consistentRevision();
  const c = collect();
  cacher.watch({ prefix: '/registry/configmaps/' }, start, c.sink);
  assert.deepEqual(
    c.events.map((e) => e.name),
    ['a', 'b'],
  );
  for (let i = 0; i < 5; i++) await put(kv, `more${i}`);
  await cacher.consistentRevision();
  assert.throws(
    () => cacher.watch({ prefix: '/registry/configmaps/' }, start, collect().sink),
    (err: KObject) => {
      assert.equal(err.code, 410);
      assert.equal(err.reason, 'Expired');
      assert.match(err.message, /^too old resource version: \d+ \(\d+\)$/);
      return true;
    },
  );
});

test('entries no longer current let go of their objects and replay the same from the stored bytes', async (t) => {
  const { kv, cacher, counts, run } = await setup(t);
  run();
  await cacher.ready;
  const start = cacher.rev;
  const matches = (o: KObject) => o.metadata.labels?.app === 'web';
  // Two watchers from `start`: one selecting by label, one taking every event as sent (its JSON).
  const watchBoth = () => {
    const selected = collect();
    const all: string[] = [];
    cacher.watch({ prefix: '/registry/configmaps/', matches }, start, selected.sink);
    cacher.watch({ prefix: '/registry/configmaps/' }, start, {
      send: (evs) => all.push(...evs.map((e) => `${e.type} ${e.entry.json}`)),
      close: () => {},
    });
    return { selected, all };
  };
  const { selected: live, all: liveAll } = watchBoth();
  await put(kv, 'x', { app: 'web' });
  await put(kv, 'x', { app: 'web', v: '2' });
  await put(kv, 'x', { app: 'db' });
  await put(kv, 'y', { app: 'web' });
  await kv.delete().key('/registry/configmaps/default/y');
  await put(kv, 'z', { app: 'web' });
  await cacher.consistentRevision();

  // Every entry but the current x and z has been released; a replay decodes them again.
  const decodedLive = counts.decodes;
  const { selected: replay, all: replayAll } = watchBoth();
  assert.deepEqual(
    live.events.map((e) => `${e.type} ${e.name}`),
    ['ADDED x', 'MODIFIED x', 'DELETED x', 'ADDED y', 'DELETED y', 'ADDED z'],
  );
  assert.deepEqual(replay.events, live.events);
  assert.ok(counts.decodes > decodedLive, 'the replay decoded released entries again');
  assert.equal(replayAll.length, 6);
  assert.deepEqual(replayAll, liveAll);
  // The DELETED event of y carries the delete's revision, after release as before.
  const deleted = JSON.parse(replayAll[4].slice('DELETED '.length));
  assert.equal(deleted.metadata.name, 'y');
  assert.equal(Number(deleted.metadata.resourceVersion), Number(replay.events[5].rv) - 1);
});

test('an object that stops matching the filter arrives as DELETED, one that starts as ADDED', async (t) => {
  const { kv, cacher, run } = await setup(t);
  run();
  await cacher.ready;
  const c = collect();
  const matches = (o: KObject) => o.metadata.labels?.app === 'web';
  cacher.watch({ prefix: '/registry/configmaps/', matches }, cacher.rev, c.sink);
  await put(kv, 'x', { app: 'db' });
  await put(kv, 'x', { app: 'web' });
  await put(kv, 'x', { app: 'web', v: '2' });
  await put(kv, 'x', { app: 'db' });
  await cacher.consistentRevision();
  assert.deepEqual(
    c.events.map((e) => e.type),
    ['ADDED', 'MODIFIED', 'DELETED'],
  );
});

test('the current state first, as ADDED events, when asked for', async (t) => {
  const { kv, cacher, run } = await setup(t);
  await put(kv, 'a');
  await put(kv, 'b');
  run();
  await cacher.ready;
  const c = collect();
  cacher.watch({ prefix: '/registry/configmaps/' }, 0, c.sink, true);
  assert.deepEqual(
    c.events.map((e) => `${e.type} ${e.name}`),
    ['ADDED a', 'ADDED b'],
  );
});

test('waiting for a revision the store never reaches ends in a 504 Timeout', async (t) => {
  const { cacher, run } = await setup(t);
  run();
  await cacher.ready;
  await assert.rejects(cacher.waitUntil(cacher.rev + 100, 50), (err: KObject) => {
    assert.equal(err.code, 504);
    assert.match(err.message, /^Timeout: Too large resource version: \d+, current: \d+$/);
    return true;
  });
});

test('watchers indexed by a required label value see the same events, transitions included, as a plain one', async (t) => {
  const { kv, cacher, run } = await setup(t);
  run();
  await cacher.ready;
  const app = (o: KObject) => o.metadata.labels?.app;
  const watch = (value: string, indexed: boolean) => {
    const c = collect();
    const filter = {
      prefix: '/registry/configmaps/',
      matches: (o: KObject) => app(o) === value,
      trigger: indexed ? { index: 'label:app', value, of: app } : undefined,
    };
    return { c, w: cacher.watch(filter, cacher.rev, c.sink) };
  };
  const plain = watch('web', false);
  const web = watch('web', true);
  const db = watch('db', true);
  assert.equal(cacher.watcherCount, 3);
  await put(kv, 'x', { app: 'db' });
  await put(kv, 'x', { app: 'web' });
  await put(kv, 'y', { app: 'other' });
  await put(kv, 'x', { app: 'web', v: '2' });
  await put(kv, 'x', { app: 'db' });
  await kv.delete().key('/registry/configmaps/default/x');
  await cacher.consistentRevision();
  const seen = (c: ReturnType<typeof collect>) => c.events.map((e) => `${e.type} ${e.name}`);
  assert.deepEqual(seen(web.c), ['ADDED x', 'MODIFIED x', 'DELETED x']);
  assert.deepEqual(seen(web.c), seen(plain.c));
  assert.deepEqual(seen(db.c), ['ADDED x', 'DELETED x', 'ADDED x', 'DELETED x']);
  web.w.cancel();
  db.w.cancel();
  assert.equal(cacher.watcherCount, 1);
});

test('a write it expects arrives with the object and JSON made for it, and keeps no bytes; any other write is decoded', async (t) => {
  const { kv, cacher, run } = await setup(t);
  run();
  await cacher.ready;
  const key = '/registry/configmaps/default/w';
  const obj = { metadata: { name: 'w' }, data: { a: '1' } };
  const written = serializeForWrite(obj);
  cacher.expect(key, written);
  // Another writer's value first: it is not the expected one, so it is decoded as usual.
  await put(kv, 'w');
  await cacher.consistentRevision();
  assert.notEqual(cacher.get(key)!.source!.kv.value, written.data);
  cacher.expect(key, written);
  const res = await kv.put(key).value(written.data);
  await cacher.consistentRevision();
  const entry = cacher.get(key)!;
  const rev = Number(res.header.revision);
  assert.equal(entry.source, undefined, 'no buffer is kept for it');
  assert.equal(entry.json, written.json(rev));
  assert.ok(entry.obj === obj, 'the cache keeps the written object, not a decoded copy');
  assert.deepEqual(JSON.parse(entry.json), entry.obj);
  assert.equal(entry.obj.metadata.resourceVersion, String(rev));
  // Once superseded, it is read again from its JSON.
  await put(kv, 'w', { v: '2' });
  await cacher.consistentRevision();
  entry.release();
  assert.ok(entry.obj !== obj);
  assert.deepEqual(entry.obj, obj);
  assert.equal(entry.json, written.json(rev));
});
