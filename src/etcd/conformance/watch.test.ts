/**
 * Watch: created responses, PUT/DELETE events, ranges and prefixes, prev_kv, txn batches,
 * filters, cancel, watch IDs, progress requests and progress_notify, several watchers per stream.
 * History replay and compaction are in watch-history.test.ts.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  b,
  currentRevision,
  DELETE,
  deletedKv,
  event,
  FilterType,
  forEachTarget,
  kv,
  openWatch,
  plain,
  prefixEnd,
  PUT,
  watchResponse,
  type Msg,
} from './support.js';

forEachTarget(['--experimental-watch-progress-notify-interval', '500ms'], (store) => {
  const c = () => store.client;
  const put = (key: string, value = 'v') => c().put({ key: b(key), value: b(value) });
  const del = (key: string) => c().deleteRange({ key: b(key) });

  it('watches a key: created response, then one response per PUT/DELETE at its revision', async (t) => {
    const w = openWatch(t, c());
    const r0 = await currentRevision(c());
    const created = await w.create({ key: b('w1/k') });
    assert.deepEqual(plain(created), watchResponse({ header: { revision: String(r0) }, watch_id: '0', created: true }));
    await put('w1/k', '1');
    await put('w1/k', '2');
    await put('w1/other');
    await del('w1/k');
    const responses = plain(await w.take(3));
    assert.deepEqual(responses, [
      watchResponse({ header: { revision: String(r0 + 1) }, events: [event(PUT, kv('w1/k', '1', r0 + 1, r0 + 1, 1))] }),
      watchResponse({ header: { revision: String(r0 + 2) }, events: [event(PUT, kv('w1/k', '2', r0 + 1, r0 + 2, 2))] }),
      // A DELETE event's kv carries only the key and the deletion revision.
      watchResponse({ header: { revision: String(r0 + 4) }, events: [event(DELETE, deletedKv('w1/k', r0 + 4))] }),
    ]);
    assert.deepEqual(await w.drain(200), []);
  });

  it('watches [key, range_end), a prefix, and every key >= key with range_end "\\0"', async (t) => {
    const w = openWatch(t, c());
    await w.create({ key: b('w2/b'), range_end: b('w2/d') }); // id 0
    await w.create({ key: b('w2/'), range_end: prefixEnd('w2/') }); // id 1
    await w.create({ key: b('zz/w2/b'), range_end: b('\0') }); // id 2: keys >= 'zz' are only written here
    for (const k of ['w2/a', 'w2/b', 'w2/c', 'w2/d', 'w2', 'w20', 'zz/w2/a', 'zz/w2/c']) await put(k);
    const { responses } = await w.events(2 + 4 + 1);
    const seen: Record<string, string[]> = {};
    for (const res of responses) {
      assert.equal(res.events.length, 1);
      (seen[res.watch_id] ??= []).push(res.events[0].kv.key.toString());
      assert.equal(res.header.revision, res.events[0].kv.mod_revision);
    }
    assert.deepEqual(seen, { '0': ['w2/b', 'w2/c'], '1': ['w2/a', 'w2/b', 'w2/c', 'w2/d'], '2': ['zz/w2/c'] });
    assert.deepEqual(await w.drain(200), []);
  });

  it('prev_kv: the previous KeyValue on updates and deletes, null on creation', async (t) => {
    const w = openWatch(t, c());
    const r0 = await currentRevision(c());
    await w.create({ key: b('w3/k'), prev_kv: true });
    await put('w3/k', '1');
    await put('w3/k', '2');
    await del('w3/k');
    const { events } = await w.events(3);
    assert.deepEqual(plain(events), [
      event(PUT, kv('w3/k', '1', r0 + 1, r0 + 1, 1), null),
      event(PUT, kv('w3/k', '2', r0 + 1, r0 + 2, 2), kv('w3/k', '1', r0 + 1, r0 + 1, 1)),
      event(DELETE, deletedKv('w3/k', r0 + 3), kv('w3/k', '2', r0 + 1, r0 + 2, 2)),
    ]);
  });

  it('a txn arrives as one response with its events in op order; a range delete in key order', async (t) => {
    await put('w4/m', 'old');
    const w = openWatch(t, c());
    const r0 = await currentRevision(c());
    await w.create({ key: b('w4/'), range_end: prefixEnd('w4/') });
    await c().txn({
      success: [
        { request_put: { key: b('w4/z'), value: b('1') } },
        { request_delete_range: { key: b('w4/m') } },
        { request_put: { key: b('w4/a'), value: b('2') } },
        { request_put: { key: b('w4/b'), value: b('3') } },
      ],
    });
    await c().deleteRange({ key: b('w4/'), range_end: prefixEnd('w4/') });
    const r1 = r0 + 1;
    assert.deepEqual(plain(await w.take(2)), [
      watchResponse({
        header: { revision: String(r1) },
        events: [
          event(PUT, kv('w4/z', '1', r1, r1, 1)),
          event(DELETE, deletedKv('w4/m', r1)),
          event(PUT, kv('w4/a', '2', r1, r1, 1)),
          event(PUT, kv('w4/b', '3', r1, r1, 1)),
        ],
      }),
      watchResponse({
        header: { revision: String(r0 + 2) },
        events: ['w4/a', 'w4/b', 'w4/z'].map((k) => event(DELETE, deletedKv(k, r0 + 2))),
      }),
    ]);
  });

  it('filters NOPUT and NODELETE', async (t) => {
    const w = openWatch(t, c());
    await w.create({ key: b('w5/k'), filters: [FilterType.NOPUT] }); // id 0
    await w.create({ key: b('w5/k'), filters: [FilterType.NODELETE] }); // id 1
    await w.create({ key: b('w5/k'), filters: [FilterType.NOPUT, FilterType.NODELETE] }); // id 2
    await put('w5/k');
    await del('w5/k');
    const { responses } = await w.events(2);
    const byId = Object.fromEntries(responses.map((r: Msg) => [r.watch_id, r.events.map((e: Msg) => e.type)]));
    assert.deepEqual(byId, { '0': [DELETE], '1': [PUT] });
    assert.deepEqual(await w.drain(200), []);
  });

  it('cancel: a canceled response, then silence; canceling an unknown id sends nothing', async (t) => {
    const w = openWatch(t, c());
    await w.create({ key: b('w6/k') });
    await put('w6/k');
    await w.next();
    const r0 = await currentRevision(c());
    w.send({ cancel_request: { watch_id: 0 } });
    assert.deepEqual(
      plain(await w.next()),
      watchResponse({ header: { revision: String(r0) }, watch_id: '0', canceled: true }),
    );
    await put('w6/k');
    w.send({ cancel_request: { watch_id: 0 } });
    w.send({ cancel_request: { watch_id: 99 } });
    assert.deepEqual(await w.drain(300), []);
    // The stream still works.
    w.send({ progress_request: {} });
    assert.equal((await w.next()).watch_id, '-1');
  });

  it('watch ids: auto ids from 0 per stream skip ids in use; duplicates are refused', async (t) => {
    const w = openWatch(t, c());
    const r0 = await currentRevision(c());
    assert.equal((await w.create({ key: b('w7/k'), watch_id: 1 })).watch_id, '1');
    assert.equal((await w.create({ key: b('w7/k') })).watch_id, '0');
    assert.equal((await w.create({ key: b('w7/k') })).watch_id, '2');
    w.send({ create_request: { key: b('w7/k'), watch_id: 2 } });
    assert.deepEqual(
      plain(await w.next()),
      watchResponse({
        header: { revision: String(r0) },
        watch_id: '-1',
        created: true,
        canceled: true,
        cancel_reason: 'mvcc: duplicate watch ID provided on the WatchStream',
      }),
    );
    w.send({ cancel_request: { watch_id: 2 } });
    assert.equal((await w.next()).canceled, true);
    assert.equal((await w.create({ key: b('w7/k'), watch_id: 2 })).watch_id, '2');
    assert.equal((await w.create({ key: b('w7/k') })).watch_id, '3');
    await put('w7/k');
    const { responses } = await w.events(4);
    assert.deepEqual(responses.map((r: Msg) => r.watch_id).sort(), ['0', '1', '2', '3']);
    const other = openWatch(t, c());
    assert.equal((await other.create({ key: b('w7/k') })).watch_id, '0');
  });

  it('refuses an empty range (range_end <= key) with a created+canceled response', async (t) => {
    const w = openWatch(t, c());
    const r0 = await currentRevision(c());
    for (const range_end of [b('w8/a'), b('w8/k')]) {
      w.send({ create_request: { key: b('w8/k'), range_end } });
      assert.deepEqual(
        plain(await w.next()),
        watchResponse({
          header: { revision: String(r0) },
          watch_id: '-1',
          created: true,
          canceled: true,
          cancel_reason: 'mvcc: watcher range is empty',
        }),
      );
    }
    assert.equal((await w.create({ key: b('w8/k') })).watch_id, '0');
  });

  it('progress request: one response with watch_id -1 and the current revision', async (t) => {
    const w = openWatch(t, c());
    await put('w9/k');
    const r0 = await currentRevision(c());
    w.send({ progress_request: {} });
    assert.deepEqual(plain(await w.next()), watchResponse({ header: { revision: String(r0) }, watch_id: '-1' }));
    await w.create({ key: b('w9/a') });
    await w.create({ key: b('w9/b') });
    w.send({ progress_request: {} });
    assert.deepEqual(plain(await w.drain(300)), [watchResponse({ header: { revision: String(r0) }, watch_id: '-1' })]);
  });

  it('progress_notify: empty responses with the watch id, only for watchers that asked', async (t) => {
    const w = openWatch(t, c());
    await put('w10/k');
    const r0 = await currentRevision(c());
    await w.create({ key: b('w10/a'), progress_notify: true }); // id 0
    await w.create({ key: b('w10/b') }); // id 1
    // --experimental-watch-progress-notify-interval is 500ms.
    assert.deepEqual(plain(await w.next(2000)), watchResponse({ header: { revision: String(r0) }, watch_id: '0' }));
    await put('w10/c');
    const later = plain(await w.drain(1100));
    assert.ok(later.length >= 1, 'another notification within 1.1 s');
    for (const res of later) {
      assert.deepEqual(res, watchResponse({ header: { revision: String(r0 + 1) }, watch_id: '0' }));
    }
  });

  it('several watchers of one key on one stream each get the event', async (t) => {
    const w = openWatch(t, c());
    await w.create({ key: b('w11/k') });
    await w.create({ key: b('w11/'), range_end: prefixEnd('w11/'), prev_kv: true });
    const r0 = await currentRevision(c());
    await put('w11/k', 'x');
    const responses = plain(await w.take(2)).sort((x: Msg, y: Msg) => x.watch_id.localeCompare(y.watch_id));
    const ev = event(PUT, kv('w11/k', 'x', r0 + 1, r0 + 1, 1));
    assert.deepEqual(responses, [
      watchResponse({ header: { revision: String(r0 + 1) }, watch_id: '0', events: [ev] }),
      watchResponse({ header: { revision: String(r0 + 1) }, watch_id: '1', events: [ev] }),
    ]);
  });
});
