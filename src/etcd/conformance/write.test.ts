/**
 * KV.Put and KV.DeleteRange: revisions and versions, prev_kv, leases, ignore_value/ignore_lease,
 * deleting ranges and prefixes, re-creating keys, bad input.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { b, currentRevision, forEachTarget, keysOf, kv, plain, prefixEnd, rejectsWith } from './support.js';

forEachTarget([], (store) => {
  const c = () => store.client;
  const get = async (key: string) => plain(await c().range({ key: b(key) })).kvs;
  const grant = async (TTL = 60) => (await c().call(c().lease, 'LeaseGrant', { TTL })).ID as string;

  it('put creates then updates: header.revision, create/mod revision and version', async () => {
    const r0 = await currentRevision(c());
    assert.deepEqual(plain(await c().put({ key: b('cu/k'), value: b('1') })), {
      header: { revision: String(r0 + 1) },
      prev_kv: null,
    });
    assert.deepEqual(await get('cu/k'), [kv('cu/k', '1', r0 + 1, r0 + 1, 1)]);
    assert.deepEqual(plain(await c().put({ key: b('cu/k'), value: b('2') })), {
      header: { revision: String(r0 + 2) },
      prev_kv: null,
    });
    assert.deepEqual(await get('cu/k'), [kv('cu/k', '2', r0 + 1, r0 + 2, 2)]);
    // Writing the same value again is still a new revision and version.
    await c().put({ key: b('cu/k'), value: b('2') });
    assert.deepEqual(await get('cu/k'), [kv('cu/k', '2', r0 + 1, r0 + 3, 3)]);
    // An empty value is a value.
    await c().put({ key: b('cu/empty'), value: b('') });
    assert.deepEqual(await get('cu/empty'), [kv('cu/empty', '', r0 + 4, r0 + 4, 1)]);
  });

  it('put prev_kv: null on create, the previous KeyValue on update', async () => {
    const r0 = await currentRevision(c());
    const first = await c().put({ key: b('pk/k'), value: b('a'), prev_kv: true });
    assert.equal(first.prev_kv, null);
    const second = await c().put({ key: b('pk/k'), value: b('b'), prev_kv: true });
    assert.deepEqual(plain(second), {
      header: { revision: String(r0 + 2) },
      prev_kv: kv('pk/k', 'a', r0 + 1, r0 + 1, 1),
    });
  });

  it('put with a lease attaches it; a put without lease detaches it; unknown lease fails', async () => {
    const lease = await grant();
    const r0 = await currentRevision(c());
    await c().put({ key: b('ls/k'), value: b('v'), lease });
    assert.deepEqual(await get('ls/k'), [kv('ls/k', 'v', r0 + 1, r0 + 1, 1, lease)]);
    const ttl = await c().call(c().lease, 'LeaseTimeToLive', { ID: lease, keys: true });
    assert.deepEqual(plain(ttl.keys), ['ls/k']);
    await c().put({ key: b('ls/k'), value: b('w') });
    assert.deepEqual(await get('ls/k'), [kv('ls/k', 'w', r0 + 1, r0 + 2, 2)]);
    const after = await c().call(c().lease, 'LeaseTimeToLive', { ID: lease, keys: true });
    assert.deepEqual(after.keys, []);
    await rejectsWith(
      c().put({ key: b('ls/k'), value: b('x'), lease: '12345' }),
      status.NOT_FOUND,
      'etcdserver: requested lease not found',
    );
    assert.equal(await currentRevision(c()), r0 + 2);
    assert.deepEqual(await get('ls/k'), [kv('ls/k', 'w', r0 + 1, r0 + 2, 2)]);
  });

  it('ignore_value keeps the value; ignore_lease keeps the lease', async () => {
    const lease = await grant();
    const r0 = await currentRevision(c());
    await c().put({ key: b('ig/k'), value: b('orig'), lease });
    const res = await c().put({ key: b('ig/k'), ignore_value: true, ignore_lease: true, prev_kv: true });
    assert.deepEqual(plain(res), {
      header: { revision: String(r0 + 2) },
      prev_kv: kv('ig/k', 'orig', r0 + 1, r0 + 1, 1, lease),
    });
    assert.deepEqual(await get('ig/k'), [kv('ig/k', 'orig', r0 + 1, r0 + 2, 2, lease)]);
    // ignore_value without ignore_lease (and no lease given) detaches the lease.
    await c().put({ key: b('ig/k'), ignore_value: true });
    assert.deepEqual(await get('ig/k'), [kv('ig/k', 'orig', r0 + 1, r0 + 3, 3)]);
    // ignore_lease with a new value keeps the attached lease, ...
    await c().put({ key: b('ig/k'), value: b('new'), lease });
    await c().put({ key: b('ig/k'), value: b('newer'), ignore_lease: true });
    assert.deepEqual(await get('ig/k'), [kv('ig/k', 'newer', r0 + 1, r0 + 5, 5, lease)]);
    // ... and ignore_value with a lease attaches that lease to the old value.
    await c().put({ key: b('ig/k'), value: b('plain') });
    await c().put({ key: b('ig/k'), ignore_value: true, lease });
    assert.deepEqual(await get('ig/k'), [kv('ig/k', 'plain', r0 + 1, r0 + 7, 7, lease)]);
  });

  it('rejects bad puts with exact errors and changes nothing', async () => {
    await c().put({ key: b('bad/k'), value: b('v') });
    const r0 = await currentRevision(c());
    const cases: [Record<string, unknown>, string][] = [
      [{ key: b(''), value: b('x') }, 'etcdserver: key is not provided'],
      [{ key: b('bad/missing'), ignore_value: true }, 'etcdserver: key not found'],
      [{ key: b('bad/missing'), value: b(''), ignore_lease: true }, 'etcdserver: key not found'],
      [{ key: b('bad/k'), value: b('x'), ignore_value: true }, 'etcdserver: value is provided'],
      [{ key: b('bad/k'), value: b('x'), lease: '5', ignore_lease: true }, 'etcdserver: lease is provided'],
    ];
    for (const [req, details] of cases) {
      await rejectsWith(c().put(req), status.INVALID_ARGUMENT, details);
    }
    assert.equal(await currentRevision(c()), r0);
    assert.deepEqual(await get('bad/k'), [kv('bad/k', 'v', r0, r0, 1)]);
    assert.deepEqual(await get('bad/missing'), []);
  });

  it('deletes a single key, a range and a prefix; deleted counts; one revision each', async () => {
    for (const k of ['dl/a', 'dl/b', 'dl/c', 'dl/d', 'dl/e', 'dl0']) await c().put({ key: b(k), value: b('v') });
    const r0 = await currentRevision(c());
    assert.deepEqual(plain(await c().deleteRange({ key: b('dl/a') })), {
      header: { revision: String(r0 + 1) },
      deleted: '1',
      prev_kvs: [],
    });
    assert.deepEqual(plain(await c().deleteRange({ key: b('dl/b'), range_end: b('dl/d') })), {
      header: { revision: String(r0 + 2) },
      deleted: '2',
      prev_kvs: [],
    });
    const res = await c().deleteRange({ key: b('dl/'), range_end: prefixEnd('dl/') });
    assert.deepEqual([res.header.revision, res.deleted], [String(r0 + 3), '2']);
    assert.deepEqual(keysOf(await c().range({ key: b('dl'), range_end: b('dm') })), ['dl0']);
    // range_end "\0": every key >= key (0xfd keys are the last this file writes).
    for (const n of [1, 2, 3]) await c().put({ key: Buffer.from([0xfd, n]), value: b('v') });
    const all = await c().deleteRange({ key: Buffer.from([0xfd, 2]), range_end: b('\0') });
    assert.equal(all.deleted, '2');
    assert.equal((await c().range({ key: Buffer.from([0xfd, 1]) })).count, '1');
  });

  it('delete prev_kv returns the deleted KeyValues in key order', async () => {
    const r0 = await currentRevision(c());
    await c().put({ key: b('dp/b'), value: b('2') });
    await c().put({ key: b('dp/a'), value: b('1') });
    await c().put({ key: b('dp/a'), value: b('1b') });
    const res = await c().deleteRange({ key: b('dp/'), range_end: prefixEnd('dp/'), prev_kv: true });
    assert.deepEqual(plain(res), {
      header: { revision: String(r0 + 4) },
      deleted: '2',
      prev_kvs: [kv('dp/a', '1b', r0 + 2, r0 + 3, 2), kv('dp/b', '2', r0 + 1, r0 + 1, 1)],
    });
  });

  it('deleting nothing does not change the revision', async () => {
    const r0 = await currentRevision(c());
    for (const req of [
      { key: b('none/k') },
      { key: b('none/'), range_end: prefixEnd('none/'), prev_kv: true },
      { key: b('none/z'), range_end: b('none/a') },
    ]) {
      assert.deepEqual(plain(await c().deleteRange(req)), {
        header: { revision: String(r0) },
        deleted: '0',
        prev_kvs: [],
      });
    }
    assert.equal(await currentRevision(c()), r0);
    await rejectsWith(c().deleteRange({ key: b('') }), status.INVALID_ARGUMENT, 'etcdserver: key is not provided');
    assert.equal(await currentRevision(c()), r0);
  });

  it('a re-created key starts again at version 1 with a new create_revision', async () => {
    const r0 = await currentRevision(c());
    await c().put({ key: b('rc/k'), value: b('1') });
    await c().put({ key: b('rc/k'), value: b('2') });
    await c().deleteRange({ key: b('rc/k') });
    const res = await c().put({ key: b('rc/k'), value: b('3'), prev_kv: true });
    assert.equal(res.prev_kv, null);
    assert.deepEqual(await get('rc/k'), [kv('rc/k', '3', r0 + 4, r0 + 4, 1)]);
    // The old incarnation is still readable at its revisions.
    const old = await c().range({ key: b('rc/k'), revision: r0 + 2 });
    assert.deepEqual(plain(old.kvs), [kv('rc/k', '2', r0 + 1, r0 + 2, 2)]);
  });
});
