/**
 * Watch from a start_revision: replay of history (batched), prev_kv on replay, future start
 * revisions, and watching from below the compaction.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  b,
  currentRevision,
  DELETE,
  deletedKv,
  event,
  forEachTarget,
  kv,
  openWatch,
  plain,
  prefixEnd,
  PUT,
  watchResponse,
} from './support.js';

forEachTarget([], (store) => {
  const c = () => store.client;
  const put = (key: string, value = 'v') => c().put({ key: b(key), value: b(value) });

  it('replays past events in one response whose header is the current revision, then goes live', async (t) => {
    const r0 = await currentRevision(c());
    await put('h1/k', '1'); // r0+1
    await put('h1/k', '2'); // r0+2
    await c().deleteRange({ key: b('h1/k') }); // r0+3
    await put('h1/other'); // r0+4
    await put('h1/k', '3'); // r0+5
    const w = openWatch(t, c());
    const created = await w.create({ key: b('h1/k'), start_revision: r0 + 1 });
    assert.deepEqual(
      plain(created),
      watchResponse({ header: { revision: String(r0 + 5) }, watch_id: '0', created: true }),
    );
    assert.deepEqual(
      plain(await w.next()),
      watchResponse({
        header: { revision: String(r0 + 5) },
        events: [
          event(PUT, kv('h1/k', '1', r0 + 1, r0 + 1, 1)),
          event(PUT, kv('h1/k', '2', r0 + 1, r0 + 2, 2)),
          event(DELETE, deletedKv('h1/k', r0 + 3)),
          event(PUT, kv('h1/k', '3', r0 + 5, r0 + 5, 1)),
        ],
      }),
    );
    await put('h1/k', '4'); // r0+6
    assert.deepEqual(
      plain(await w.next()),
      watchResponse({ header: { revision: String(r0 + 6) }, events: [event(PUT, kv('h1/k', '4', r0 + 5, r0 + 6, 2))] }),
    );
    // A later start revision replays only from there.
    const w2 = openWatch(t, c());
    await w2.create({ key: b('h1/k'), start_revision: r0 + 3 });
    const { responses, events } = await w2.events(3);
    assert.equal(responses.length, 1);
    assert.deepEqual(
      events.map((e) => [e.type, e.kv.mod_revision]),
      [
        [DELETE, String(r0 + 3)],
        [PUT, String(r0 + 5)],
        [PUT, String(r0 + 6)],
      ],
    );
  });

  it('replays a prefix with prev_kv, including txns with several events at one revision', async (t) => {
    const r0 = await currentRevision(c());
    await put('h2/a', '1'); // r0+1
    await c().txn({
      success: [{ request_put: { key: b('h2/b'), value: b('2') } }, { request_put: { key: b('h2/a'), value: b('3') } }],
    }); // r0+2
    await c().deleteRange({ key: b('h2/'), range_end: prefixEnd('h2/') }); // r0+3
    const w = openWatch(t, c());
    await w.create({ key: b('h2/'), range_end: prefixEnd('h2/'), start_revision: r0 + 1, prev_kv: true });
    const a1 = kv('h2/a', '1', r0 + 1, r0 + 1, 1);
    const a3 = kv('h2/a', '3', r0 + 1, r0 + 2, 2);
    const b2 = kv('h2/b', '2', r0 + 2, r0 + 2, 1);
    assert.deepEqual(
      plain(await w.next()),
      watchResponse({
        header: { revision: String(r0 + 3) },
        events: [
          event(PUT, a1, null),
          event(PUT, b2, null),
          event(PUT, a3, a1),
          event(DELETE, deletedKv('h2/a', r0 + 3), a3),
          event(DELETE, deletedKv('h2/b', r0 + 3), b2),
        ],
      }),
    );
  });

  it('a start_revision in the future delivers events from that revision on', async (t) => {
    const r0 = await currentRevision(c());
    const w = openWatch(t, c());
    const created = await w.create({ key: b('h3/k'), start_revision: r0 + 2 });
    assert.equal(created.header.revision, String(r0));
    await put('h3/k', '1'); // r0+1: before the start revision
    await put('h3/k', '2'); // r0+2
    assert.deepEqual(
      plain(await w.next()),
      watchResponse({ header: { revision: String(r0 + 2) }, events: [event(PUT, kv('h3/k', '2', r0 + 1, r0 + 2, 2))] }),
    );
    assert.deepEqual(await w.drain(200), []);
  });

  it('below the compaction: created, then canceled with compact_revision and header revision 0', async (t) => {
    const r0 = await currentRevision(c());
    await put('h4/k', '1'); // r0+1
    await put('h4/k', '2'); // r0+2
    await put('h4/k', '3'); // r0+3
    await c().compact({ revision: r0 + 2 });
    const w = openWatch(t, c());
    const now = String(r0 + 3);
    w.send({ create_request: { key: b('h4/k'), start_revision: r0 + 1, watch_id: 5 } });
    assert.deepEqual(plain(await w.take(2)), [
      watchResponse({ header: { revision: now }, watch_id: '5', created: true }),
      watchResponse({ header: { revision: '0' }, watch_id: '5', canceled: true, compact_revision: String(r0 + 2) }),
    ]);
    assert.deepEqual(await w.drain(200), []);
    // The canceled watcher still holds its id until the client cancels it.
    w.send({ create_request: { key: b('h4/k'), watch_id: 5 } });
    assert.equal((await w.next()).cancel_reason, 'mvcc: duplicate watch ID provided on the WatchStream');
    w.send({ cancel_request: { watch_id: 5 } });
    assert.deepEqual(
      plain(await w.next()),
      watchResponse({ header: { revision: now }, watch_id: '5', canceled: true }),
    );
    // Starting exactly at the compacted revision works; prev_kv is missing where it was compacted.
    await w.create({ key: b('h4/k'), start_revision: r0 + 2, prev_kv: true });
    assert.deepEqual(
      plain(await w.next()),
      watchResponse({
        header: { revision: now },
        events: [
          event(PUT, kv('h4/k', '2', r0 + 1, r0 + 2, 2), null),
          event(PUT, kv('h4/k', '3', r0 + 1, r0 + 3, 3), kv('h4/k', '2', r0 + 1, r0 + 2, 2)),
        ],
      }),
    );
  });
});
