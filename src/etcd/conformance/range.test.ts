/**
 * KV.Range: single keys, ranges, prefixes, "\0" range ends, historical reads, limit/more/count,
 * count_only, keys_only, sorting and revision filters, bad input.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { status } from '@grpc/grpc-js';
import {
  b,
  currentRevision,
  forEachTarget,
  keysOf,
  kv,
  plain,
  prefixEnd,
  rejectsWith,
  rev,
  SortOrder,
  SortTarget,
} from './support.js';

forEachTarget([], (store) => {
  const put = (key: string | Buffer, value = 'v') => store.client.put({ key: b(key), value: b(value) });
  const range = (key: string | Buffer, extra: Record<string, unknown> = {}) =>
    store.client.range({ key: b(key), ...extra });

  it('reads a single key with all KeyValue fields', async () => {
    const r0 = await currentRevision(store.client);
    await put('single/k', 'one');
    await put('single/k', 'two');
    await put('single/k2', 'other');
    const res = await range('single/k');
    assert.deepEqual(plain(res), {
      header: { revision: String(r0 + 3) },
      kvs: [kv('single/k', 'two', r0 + 1, r0 + 2, 2)],
      more: false,
      count: '1',
    });
    assert.deepEqual(plain(await range('single/missing')), {
      header: { revision: String(r0 + 3) },
      kvs: [],
      more: false,
      count: '0',
    });
  });

  it('reads [key, range_end), a prefix, and nothing for inverted or empty ranges', async () => {
    for (const k of ['rg', 'rg/a', 'rg/b', 'rg/c', 'rg/d', 'rg0', 'rg.']) await put(k);
    let res = await range('rg/b', { range_end: b('rg/d') });
    assert.deepEqual(keysOf(res), ['rg/b', 'rg/c']);
    assert.equal(res.count, '2');
    res = await range('rg/', { range_end: prefixEnd('rg/') });
    assert.deepEqual(keysOf(res), ['rg/a', 'rg/b', 'rg/c', 'rg/d']);
    assert.equal(res.count, '4');
    // range_end < key: empty, not an error; range_end == key: empty as well.
    res = await range('rg/c', { range_end: b('rg/a') });
    assert.deepEqual([keysOf(res), res.count, res.more], [[], '0', false]);
    res = await range('rg/c', { range_end: b('rg/c') });
    assert.deepEqual([keysOf(res), res.count, res.more], [[], '0', false]);
  });

  it('reads every key >= key with range_end "\\0", and all keys with key "\\0"', async () => {
    // Keys starting with 0xfe sort after every other key this file writes.
    const k = (n: number) => Buffer.from([0xfe, n]);
    for (const n of [1, 2, 3]) await put(k(n));
    let res = await range(k(2), { range_end: b('\0') });
    assert.deepEqual(
      res.kvs.map((x: { key: Buffer }) => [...x.key]),
      [
        [0xfe, 2],
        [0xfe, 3],
      ],
    );
    assert.equal(res.count, '2');
    res = await range('\0', { range_end: b('\0'), keys_only: true });
    const all = res.kvs.map((x: { key: Buffer }) => x.key as Buffer);
    assert.equal(res.count, String(all.length));
    for (let i = 1; i < all.length; i++) assert.ok(Buffer.compare(all[i - 1], all[i]) < 0, 'keys ascend');
    for (const n of [1, 2, 3]) assert.ok(all.some((x: Buffer) => x.equals(k(n))));
    const counted = await range('\0', { range_end: b('\0'), count_only: true });
    assert.equal(counted.count, res.count);
  });

  it('reads at a past revision; header.revision stays the current one', async () => {
    const r0 = await currentRevision(store.client);
    await put('hist/k', 'v1'); // r0+1
    await put('hist/k', 'v2'); // r0+2
    await store.client.deleteRange({ key: b('hist/k') }); // r0+3
    await put('hist/k', 'v3'); // r0+4
    const at = async (revision: number) => plain(await range('hist/k', { revision }));
    const now = String(r0 + 4);
    assert.deepEqual(await at(r0), { header: { revision: now }, kvs: [], more: false, count: '0' });
    assert.deepEqual((await at(r0 + 1)).kvs, [kv('hist/k', 'v1', r0 + 1, r0 + 1, 1)]);
    assert.deepEqual(await at(r0 + 2), {
      header: { revision: now },
      kvs: [kv('hist/k', 'v2', r0 + 1, r0 + 2, 2)],
      more: false,
      count: '1',
    });
    assert.deepEqual(await at(r0 + 3), { header: { revision: now }, kvs: [], more: false, count: '0' });
    assert.deepEqual((await at(r0 + 4)).kvs, [kv('hist/k', 'v3', r0 + 4, r0 + 4, 1)]);
    assert.deepEqual((await at(0)).kvs, [kv('hist/k', 'v3', r0 + 4, r0 + 4, 1)]);
    await rejectsWith(
      range('hist/k', { revision: r0 + 5 }),
      status.OUT_OF_RANGE,
      'etcdserver: mvcc: required revision is a future revision',
    );
  });

  it('limit truncates with more=true; count is the whole range', async () => {
    for (const k of ['lim/a', 'lim/b', 'lim/c', 'lim/d', 'lim/e']) await put(k);
    const end = prefixEnd('lim/');
    const q = async (extra: Record<string, unknown>) => {
      const res = await range('lim/', { range_end: end, ...extra });
      return [keysOf(res).join(','), res.more, res.count];
    };
    assert.deepEqual(await q({ limit: 2 }), ['lim/a,lim/b', true, '5']);
    assert.deepEqual(await q({ limit: 4 }), ['lim/a,lim/b,lim/c,lim/d', true, '5']);
    assert.deepEqual(await q({ limit: 5 }), ['lim/a,lim/b,lim/c,lim/d,lim/e', false, '5']);
    assert.deepEqual(await q({ limit: 6 }), ['lim/a,lim/b,lim/c,lim/d,lim/e', false, '5']);
    assert.deepEqual(await q({ limit: 0 }), ['lim/a,lim/b,lim/c,lim/d,lim/e', false, '5']);
    assert.deepEqual(await q({ limit: -1 }), ['lim/a,lim/b,lim/c,lim/d,lim/e', false, '5']);
    // count_only: no kvs, more stays false even with a limit.
    assert.deepEqual(await q({ count_only: true }), ['', false, '5']);
    assert.deepEqual(await q({ count_only: true, limit: 1 }), ['', false, '5']);
  });

  it('keys_only returns empty values and every other field', async () => {
    const r0 = await currentRevision(store.client);
    await put('ko/a', 'value-a');
    await put('ko/a', 'value-a2');
    const res = await range('ko/', { range_end: prefixEnd('ko/'), keys_only: true });
    assert.deepEqual(plain(res).kvs, [kv('ko/a', '', r0 + 1, r0 + 2, 2)]);
  });

  it('sorts by every target, ascending and descending, with and without limit', async () => {
    const r0 = await currentRevision(store.client);
    // create order c,a,d,b; versions a3 b1 c2 d4; mods b<a<c<d; values a4 b3 c2 d1.
    const writes: [string, string][] = [
      ['c', '2'],
      ['a', '4'],
      ['d', '1'],
      ['b', '3'],
      ['a', '4'],
      ['a', '4'],
      ['c', '2'],
      ['d', '1'],
      ['d', '1'],
      ['d', '1'],
    ];
    for (const [k, v] of writes) await put(`srt/${k}`, v);
    assert.equal(await currentRevision(store.client), r0 + writes.length);
    const order = async (sort_order: number, sort_target: number, limit = 0) => {
      const res = await range('srt/', { range_end: prefixEnd('srt/'), sort_order, sort_target, limit });
      return (
        keysOf(res)
          .map((k) => k.slice(4))
          .join('') +
        (res.more ? '+' : '') +
        res.count
      );
    };
    const ascending: Record<string, string> = {
      KEY: 'abcd',
      VERSION: 'bcad',
      CREATE: 'cadb',
      MOD: 'bacd',
      VALUE: 'dcba',
    };
    for (const [name, target] of Object.entries(SortTarget)) {
      const asc = ascending[name];
      const desc = [...asc].reverse().join('');
      assert.equal(await order(SortOrder.ASCEND, target), `${asc}4`, `ASCEND ${name}`);
      assert.equal(await order(SortOrder.DESCEND, target), `${desc}4`, `DESCEND ${name}`);
      assert.equal(await order(SortOrder.ASCEND, target, 2), `${asc.slice(0, 2)}+4`, `ASCEND ${name} limit 2`);
      assert.equal(await order(SortOrder.DESCEND, target, 2), `${desc.slice(0, 2)}+4`, `DESCEND ${name} limit 2`);
      // NONE with a non-KEY target sorts ascending by that target...
      assert.equal(await order(SortOrder.NONE, target), `${asc}4`, `NONE ${name}`);
    }
    // ...but with a limit, etcd first takes limit+1 keys in key order (a,b,c), then sorts them
    // ascending by the target, then truncates to the limit.
    assert.equal(await order(SortOrder.NONE, SortTarget.KEY, 2), 'ab+4');
    assert.equal(await order(SortOrder.NONE, SortTarget.VERSION, 2), 'bc+4');
    assert.equal(await order(SortOrder.NONE, SortTarget.CREATE, 2), 'ca+4');
    assert.equal(await order(SortOrder.NONE, SortTarget.MOD, 2), 'ba+4');
    assert.equal(await order(SortOrder.NONE, SortTarget.VALUE, 2), 'cb+4');
  });

  it('mod/create revision filters: count is unfiltered, more compares filtered kvs with limit', async () => {
    const r0 = await currentRevision(store.client);
    for (const k of ['a', 'b', 'c', 'd', 'e']) await put(`flt/${k}`); // create r0+1..r0+5
    await put('flt/b'); // mod r0+6
    await put('flt/d'); // mod r0+7
    const q = async (extra: Record<string, unknown>) => {
      const res = await range('flt/', { range_end: prefixEnd('flt/'), ...extra });
      return [
        keysOf(res)
          .map((k) => k.slice(4))
          .join(''),
        res.more,
        res.count,
      ];
    };
    assert.deepEqual(await q({ min_mod_revision: r0 + 5 }), ['bde', false, '5']);
    assert.deepEqual(await q({ min_mod_revision: r0 + 5, limit: 2 }), ['bd', true, '5']);
    assert.deepEqual(await q({ min_mod_revision: r0 + 5, limit: 3 }), ['bde', false, '5']);
    assert.deepEqual(await q({ max_mod_revision: r0 + 3 }), ['ac', false, '5']);
    assert.deepEqual(await q({ max_mod_revision: r0 + 3, limit: 1 }), ['a', true, '5']);
    assert.deepEqual(await q({ min_create_revision: r0 + 2, max_create_revision: r0 + 4 }), ['bcd', false, '5']);
    assert.deepEqual(await q({ min_create_revision: r0 + 4 }), ['de', false, '5']);
    assert.deepEqual(await q({ max_create_revision: r0 + 2, limit: 2 }), ['ab', false, '5']);
    assert.deepEqual(await q({ min_mod_revision: r0 + 100 }), ['', false, '5']);
    assert.deepEqual(await q({ min_mod_revision: r0 + 5, count_only: true }), ['', false, '5']);
    assert.deepEqual(
      await q({ max_create_revision: r0 + 4, sort_order: SortOrder.DESCEND, sort_target: SortTarget.KEY, limit: 1 }),
      ['d', true, '5'],
    );
  });

  it('rejects an empty key', async () => {
    const r0 = await currentRevision(store.client);
    await rejectsWith(range(''), status.INVALID_ARGUMENT, 'etcdserver: key is not provided');
    await rejectsWith(range('', { range_end: b('z') }), status.INVALID_ARGUMENT, 'etcdserver: key is not provided');
    assert.equal(await currentRevision(store.client), r0);
    assert.equal(rev(await range('anything')), r0);
  });
});
