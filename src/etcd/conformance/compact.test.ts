/**
 * KV.Compact: what stays readable, errors for future and already compacted revisions, the
 * physical flag, and that compaction keeps versions and create revisions.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { b, currentRevision, forEachTarget, kv, plain, prefixEnd, rejectsWith } from './support.js';

const COMPACTED = 'etcdserver: mvcc: required revision has been compacted';
const FUTURE = 'etcdserver: mvcc: required revision is a future revision';

forEachTarget([], (store) => {
  const c = () => store.client;
  const rangeAt = (revision: number) => c().range({ key: b('cp/'), range_end: prefixEnd('cp/'), revision });
  let r0 = 0;

  it('compaction keeps the state at the compacted revision and forgets what is below', async () => {
    r0 = await currentRevision(c());
    await c().put({ key: b('cp/a'), value: b('1') }); // r0+1
    await c().put({ key: b('cp/a'), value: b('2') }); // r0+2
    await c().put({ key: b('cp/b'), value: b('x') }); // r0+3
    await c().deleteRange({ key: b('cp/b') }); // r0+4
    await c().put({ key: b('cp/a'), value: b('3') }); // r0+5
    await rejectsWith(c().compact({ revision: r0 + 6 }), status.OUT_OF_RANGE, FUTURE);
    assert.deepEqual(plain(await c().compact({ revision: r0 + 4 })), { header: { revision: String(r0 + 5) } });
    assert.equal(await currentRevision(c()), r0 + 5);
    await rejectsWith(rangeAt(r0 + 3), status.OUT_OF_RANGE, COMPACTED);
    await rejectsWith(rangeAt(r0 + 1), status.OUT_OF_RANGE, COMPACTED);
    await rejectsWith(
      c().txn({ success: [{ request_range: { key: b('cp/a'), revision: r0 + 3 } }] }),
      status.OUT_OF_RANGE,
      COMPACTED,
    );
    assert.deepEqual(plain(await rangeAt(r0 + 4)), {
      header: { revision: String(r0 + 5) },
      kvs: [kv('cp/a', '2', r0 + 1, r0 + 2, 2)],
      more: false,
      count: '1',
    });
    assert.deepEqual(plain((await rangeAt(r0 + 5)).kvs), [kv('cp/a', '3', r0 + 1, r0 + 5, 3)]);
    assert.deepEqual(plain((await rangeAt(0)).kvs), [kv('cp/a', '3', r0 + 1, r0 + 5, 3)]);
  });

  it('compacting at or below the compacted revision (or at 0) fails; at the current one works', async () => {
    for (const revision of [r0 + 4, r0 + 3, 1, 0]) {
      await rejectsWith(c().compact({ revision }), status.OUT_OF_RANGE, COMPACTED);
    }
    assert.deepEqual(plain(await c().compact({ revision: r0 + 5 })), { header: { revision: String(r0 + 5) } });
    await rejectsWith(rangeAt(r0 + 4), status.OUT_OF_RANGE, COMPACTED);
    assert.equal((await rangeAt(r0 + 5)).count, '1');
  });

  it('physical compaction; versions and create revisions survive compaction', async () => {
    await c().put({ key: b('cp/a'), value: b('4') }); // r0+6
    await c().put({ key: b('cp/c'), value: b('y') }); // r0+7
    assert.deepEqual(plain(await c().compact({ revision: r0 + 7, physical: true })), {
      header: { revision: String(r0 + 7) },
    });
    await rejectsWith(rangeAt(r0 + 6), status.OUT_OF_RANGE, COMPACTED);
    await c().put({ key: b('cp/a'), value: b('5') }); // r0+8
    assert.deepEqual(plain((await rangeAt(0)).kvs), [
      kv('cp/a', '5', r0 + 1, r0 + 8, 5),
      kv('cp/c', 'y', r0 + 7, r0 + 7, 1),
    ]);
    await rejectsWith(c().compact({ revision: r0 + 9 }), status.OUT_OF_RANGE, FUTURE);
    await rejectsWith(rangeAt(r0 + 9), status.OUT_OF_RANGE, FUTURE);
  });
});
