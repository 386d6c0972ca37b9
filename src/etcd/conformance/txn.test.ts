/**
 * KV.Txn: branch responses, one revision per txn, reads of earlier writes, duplicate keys, the
 * op limit, errors in ops. Compares are in txn-compare.test.ts.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { status } from '@grpc/grpc-js';
import {
  b,
  compare as cmp,
  CompareResult as R,
  CompareTarget as T,
  currentRevision,
  delOp,
  forEachTarget,
  kv,
  plain,
  prefixEnd,
  putOp,
  rangeOp,
  rejectsWith,
  type Msg,
} from './support.js';

forEachTarget([], (store) => {
  const c = () => store.client;

  it('returns branch responses (range, put, delete, nested txn) in the decoded oneof shape', async () => {
    const r0 = await currentRevision(c());
    await c().put({ key: b('br/a'), value: b('1') }); // r0+1
    await c().put({ key: b('br/b'), value: b('2') }); // r0+2
    const res = await c().txn({
      compare: [cmp('br/a', T.VERSION, R.EQUAL, 1)],
      success: [
        rangeOp('br/a'),
        putOp('br/n', 'new', { prev_kv: true }),
        rangeOp('br/n'),
        delOp('br/b', { prev_kv: true }),
        // Nested compares are evaluated before any op runs: br/n does not exist yet here.
        {
          request_txn: {
            compare: [cmp('br/n', T.VERSION, R.EQUAL, 1)],
            success: [putOp('br/x')],
            failure: [rangeOp('br/b')],
          },
        },
      ],
      failure: [putOp('br/never')],
    });
    const w = String(r0 + 3);
    assert.deepEqual(plain(res), {
      header: { revision: w },
      succeeded: true,
      responses: [
        {
          response: 'response_range',
          // A read before the txn's first write reports the revision before the txn.
          response_range: {
            header: { revision: String(r0 + 2) },
            kvs: [kv('br/a', '1', r0 + 1, r0 + 1, 1)],
            more: false,
            count: '1',
          },
        },
        { response: 'response_put', response_put: { header: { revision: w }, prev_kv: null } },
        {
          response: 'response_range',
          response_range: {
            header: { revision: w },
            kvs: [kv('br/n', 'new', r0 + 3, r0 + 3, 1)],
            more: false,
            count: '1',
          },
        },
        {
          response: 'response_delete_range',
          response_delete_range: {
            header: { revision: w },
            deleted: '1',
            prev_kvs: [kv('br/b', '2', r0 + 2, r0 + 2, 1)],
          },
        },
        {
          response: 'response_txn',
          response_txn: {
            // A nested txn's own header is present but empty (revision 0).
            header: { revision: '0' },
            succeeded: false,
            responses: [
              {
                response: 'response_range',
                response_range: { header: { revision: w }, kvs: [], more: false, count: '0' },
              },
            ],
          },
        },
      ],
    });
    const failed = await c().txn({
      compare: [cmp('br/a', T.VERSION, R.EQUAL, 5)],
      success: [putOp('br/never')],
      failure: [putOp('br/f'), { request_txn: { compare: [cmp('br/a', T.VALUE, R.EQUAL, 'no')] } }],
    });
    assert.deepEqual(plain(failed), {
      header: { revision: String(r0 + 4) },
      succeeded: false,
      responses: [
        { response: 'response_put', response_put: { header: { revision: String(r0 + 4) }, prev_kv: null } },
        { response: 'response_txn', response_txn: { header: { revision: '0' }, succeeded: false, responses: [] } },
      ],
    });
    assert.equal((await c().range({ key: b('br/never') })).count, '0');
    assert.equal((await c().range({ key: b('br/x') })).count, '0');
  });

  it('all writes of a txn share one revision; later ops read earlier writes', async () => {
    await c().put({ key: b('one/d'), value: b('x') });
    const r0 = await currentRevision(c());
    const res = await c().txn({
      success: [
        putOp('one/a', '1'),
        putOp('one/b', '2'),
        delOp('one/d'),
        rangeOp('one/', { range_end: prefixEnd('one/') }),
        putOp('one/c', '3'),
      ],
    });
    assert.equal(res.header.revision, String(r0 + 1));
    assert.deepEqual(plain(res.responses[3].response_range.kvs), [
      kv('one/a', '1', r0 + 1, r0 + 1, 1),
      kv('one/b', '2', r0 + 1, r0 + 1, 1),
    ]);
    const all = await c().range({ key: b('one/'), range_end: prefixEnd('one/') });
    assert.deepEqual(plain(all.kvs), [
      kv('one/a', '1', r0 + 1, r0 + 1, 1),
      kv('one/b', '2', r0 + 1, r0 + 1, 1),
      kv('one/c', '3', r0 + 1, r0 + 1, 1),
    ]);
    assert.equal(await currentRevision(c()), r0 + 1);
  });

  it('a txn that writes nothing does not change the revision', async () => {
    await c().put({ key: b('ro/a'), value: b('1') });
    const r0 = await currentRevision(c());
    const txns: Msg[] = [
      {},
      { success: [rangeOp('ro/a')] },
      { success: [delOp('ro/missing')] },
      { compare: [cmp('ro/a', T.VERSION, R.EQUAL, 9)], success: [putOp('ro/a')] },
    ];
    for (const txn of txns) assert.equal((await c().txn(txn)).header.revision, String(r0));
    assert.equal(await currentRevision(c()), r0);
  });

  it('rejects a key written twice (in any branch), allows reads and repeated deletes', async () => {
    await c().put({ key: b('dup/c'), value: b('1') });
    const r0 = await currentRevision(c());
    const nested = (ops: Msg[]) => ({ request_txn: { success: ops } });
    const bad: Msg[] = [
      { success: [putOp('dup/k'), putOp('dup/k')] },
      { success: [putOp('dup/k'), delOp('dup/k')] },
      { success: [delOp('dup/a', { range_end: b('dup/z') }), putOp('dup/k')] },
      { success: [putOp('dup/k'), nested([putOp('dup/k')])] },
      { compare: [cmp('dup/c', T.VERSION, R.EQUAL, 1)], failure: [putOp('dup/k'), putOp('dup/k')] },
    ];
    for (const txn of bad) {
      await rejectsWith(c().txn(txn), status.INVALID_ARGUMENT, 'etcdserver: duplicate key given in txn request');
    }
    assert.equal(await currentRevision(c()), r0);
    const ok: Msg[] = [
      { success: [putOp('dup/k'), rangeOp('dup/k')] },
      { success: [delOp('dup/c'), delOp('dup/c')] },
      { success: [{ request_txn: { success: [putOp('dup/n')], failure: [putOp('dup/n')] } }] },
    ];
    for (const txn of ok) assert.equal((await c().txn(txn)).succeeded, true);
  });

  it('rejects more than --max-txn-ops (default 128) compares or ops in any branch', async () => {
    const r0 = await currentRevision(c());
    const puts = (n: number) => Array.from({ length: n }, (_, i) => putOp(`many/${i}`));
    const cmps = (n: number) => Array.from({ length: n }, () => cmp('many/0', T.VERSION, R.GREATER, -1));
    const tooMany = 'etcdserver: too many operations in txn request';
    for (const txn of [
      { success: puts(129) },
      { failure: puts(129) },
      { compare: cmps(129) },
      { success: [{ request_txn: { success: puts(129) } }] },
    ]) {
      await rejectsWith(c().txn(txn), status.INVALID_ARGUMENT, tooMany);
    }
    assert.equal(await currentRevision(c()), r0);
    assert.equal((await c().txn({ success: puts(128) })).header.revision, String(r0 + 1));
    // The limit applies to each list separately, not to their sum.
    const res = await c().txn({ compare: cmps(128), success: puts(128), failure: puts(128) });
    assert.equal(res.header.revision, String(r0 + 2));
  });

  it('an op that fails in the chosen branch fails the whole txn and changes nothing', async () => {
    await c().put({ key: b('fail/a'), value: b('1') });
    const r0 = await currentRevision(c());
    await rejectsWith(
      c().txn({ success: [putOp('fail/b'), putOp('fail/c', 'v', { lease: '999' })] }),
      status.NOT_FOUND,
      'etcdserver: requested lease not found',
    );
    const invalid: [Msg, string][] = [
      [{ success: [putOp('fail/b'), putOp('')] }, 'etcdserver: key is not provided'],
      [{ success: [rangeOp('')] }, 'etcdserver: key is not provided'],
      [{ success: [delOp('')] }, 'etcdserver: key is not provided'],
      [{ compare: [cmp('', T.VERSION, R.EQUAL, 0)] }, 'etcdserver: key is not provided'],
      [
        { success: [putOp('fail/b'), { request_put: { key: b('fail/missing'), ignore_value: true } }] },
        'etcdserver: key not found',
      ],
    ];
    for (const [txn, details] of invalid) await rejectsWith(c().txn(txn), status.INVALID_ARGUMENT, details);
    await rejectsWith(
      c().txn({ success: [putOp('fail/b'), rangeOp('fail/a', { revision: r0 + 100 })] }),
      status.OUT_OF_RANGE,
      'etcdserver: mvcc: required revision is a future revision',
    );
    assert.equal(await currentRevision(c()), r0);
    assert.equal((await c().range({ key: b('fail/'), range_end: prefixEnd('fail/'), count_only: true })).count, '1');
    // The same bad op in the branch not taken is not an error.
    const res = await c().txn({
      compare: [cmp('fail/a', T.VERSION, R.EQUAL, 1)],
      failure: [putOp('fail/c', 'v', { lease: '999' })],
    });
    assert.deepEqual(plain(res), { header: { revision: String(r0) }, succeeded: true, responses: [] });
  });
});
