/**
 * Request limits on a store started with --max-request-bytes 65536 --max-txn-ops 4: oversized
 * requests, too many txn ops; after each error nothing changed and the server keeps serving.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { status } from '@grpc/grpc-js';
import {
  b,
  compare,
  CompareResult,
  CompareTarget,
  currentRevision,
  forEachTarget,
  prefixEnd,
  putOp,
  rejectsWith,
} from './support.js';

const LIMIT = 65536;
const TOO_LARGE = 'etcdserver: request is too large';

forEachTarget(['--max-request-bytes', String(LIMIT), '--max-txn-ops', '4'], (store) => {
  const c = () => store.client;
  const count = async () =>
    (await c().range({ key: b('lim/'), range_end: prefixEnd('lim/'), count_only: true })).count as string;

  it('a put just above --max-request-bytes: INVALID_ARGUMENT "request is too large"', async () => {
    const r0 = await currentRevision(c());
    await rejectsWith(
      c().put({ key: b('lim/big'), value: Buffer.alloc(LIMIT, 'x') }),
      status.INVALID_ARGUMENT,
      TOO_LARGE,
    );
    await rejectsWith(
      c().txn({ success: [{ request_put: { key: b('lim/big'), value: Buffer.alloc(LIMIT + 100, 'x') } }] }),
      status.INVALID_ARGUMENT,
      TOO_LARGE,
    );
    assert.equal(await currentRevision(c()), r0);
    assert.equal(await count(), '0');
    // 1 KiB below the limit fits.
    const ok = await c().put({ key: b('lim/fits'), value: Buffer.alloc(LIMIT - 1024, 'x') });
    assert.equal(ok.header.revision, String(r0 + 1));
  });

  it('a put far above the limit is refused by gRPC with RESOURCE_EXHAUSTED', async () => {
    const r0 = await currentRevision(c());
    await rejectsWith(
      c().put({ key: b('lim/huge'), value: Buffer.alloc(2 * LIMIT + 600 * 1024, 'x') }),
      status.RESOURCE_EXHAUSTED,
    );
    assert.equal(await currentRevision(c()), r0);
    assert.equal((await c().range({ key: b('lim/huge') })).count, '0');
    assert.equal((await c().put({ key: b('lim/after'), value: b('v') })).header.revision, String(r0 + 1));
  });

  it('the limit applies to writes only: a Range with a key above it is served', async () => {
    const res = await c().range({ key: Buffer.alloc(LIMIT + 4096, 'k') });
    assert.deepEqual([res.kvs, res.count], [[], '0']);
  });

  it('--max-txn-ops 4: five ops or compares are refused, four are fine', async () => {
    const r0 = await currentRevision(c());
    const puts = (n: number) => Array.from({ length: n }, (_, i) => putOp(`lim/t${i}`));
    const cmps = (n: number) =>
      Array.from({ length: n }, () => compare('lim/t0', CompareTarget.VERSION, CompareResult.EQUAL, 0));
    const tooMany = 'etcdserver: too many operations in txn request';
    await rejectsWith(c().txn({ success: puts(5) }), status.INVALID_ARGUMENT, tooMany);
    await rejectsWith(c().txn({ failure: puts(5) }), status.INVALID_ARGUMENT, tooMany);
    await rejectsWith(c().txn({ compare: cmps(5) }), status.INVALID_ARGUMENT, tooMany);
    await rejectsWith(c().txn({ success: [{ request_txn: { success: puts(5) } }] }), status.INVALID_ARGUMENT, tooMany);
    assert.equal(await currentRevision(c()), r0);
    const res = await c().txn({ compare: cmps(4), success: puts(4), failure: puts(4) });
    assert.deepEqual([res.succeeded, res.header.revision], [true, String(r0 + 1)]);
    assert.equal(await count(), '6');
  });
});
