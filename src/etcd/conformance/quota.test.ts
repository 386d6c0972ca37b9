/**
 * The backend space quota: filling a store started with a small --quota-backend-bytes raises the
 * NOSPACE alarm; what still works under it; compact + defragment + Alarm DEACTIVATE recovers.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { AlarmAction, AlarmType, b, currentRevision, forEachTarget, NOSPACE, plain, rejectsWith } from './support.js';

const NO_SPACE = 'etcdserver: mvcc: database space exceeded';

forEachTarget(['--quota-backend-bytes', '200000'], (store) => {
  const c = () => store.client;
  const maint = (method: string, request = {}) => c().call(c().maintenance, method, request);

  it('raises NOSPACE when full; reads and deletes work; compact + defrag + DEACTIVATE recover', async () => {
    const memberID = (await maint('Status')).header.member_id as string;
    const value = Buffer.alloc(4096, 'x');
    let failure: { code: number; details: string } | undefined;
    let lastOk = await currentRevision(c());
    for (let i = 0; i < 1000 && !failure; i++) {
      try {
        lastOk = Number((await c().put({ key: b(`q/${i % 4}`), value })).header.revision);
      } catch (err) {
        failure = err as { code: number; details: string };
      }
    }
    assert.ok(failure, 'a 200000-byte quota fills up within 1000 puts of 4 KiB');
    assert.deepEqual([failure.code, failure.details], [status.RESOURCE_EXHAUSTED, NO_SPACE]);
    // The put that trips the quota may have been applied all the same: etcd's apply-time quota
    // check writes first and then answers NOSPACE. Later refused writes change nothing.
    const r1 = await currentRevision(c());
    assert.ok(r1 === lastOk || r1 === lastOk + 1, `revision ${r1} after last ok ${lastOk}`);

    const alarm = { memberID, alarm: NOSPACE };
    assert.deepEqual(plain(await maint('Alarm', { action: AlarmAction.GET })), { header: null, alarms: [alarm] });
    assert.deepEqual((await maint('Status')).errors, [`memberID:${memberID} alarm:NOSPACE `]);

    // Under the alarm: writes and lease grants fail; reads, read-only txns and deletes work.
    await rejectsWith(c().put({ key: b('q/small'), value: b('1') }), status.RESOURCE_EXHAUSTED, NO_SPACE);
    await rejectsWith(
      c().txn({ success: [{ request_put: { key: b('q/small'), value: b('1') } }] }),
      status.RESOURCE_EXHAUSTED,
      NO_SPACE,
    );
    await rejectsWith(c().call(c().lease, 'LeaseGrant', { TTL: 60 }), status.RESOURCE_EXHAUSTED, NO_SPACE);
    assert.equal(await currentRevision(c()), r1);
    const read = await c().range({ key: b('q/0'), keys_only: true });
    assert.equal(read.count, '1');
    const txnRead = await c().txn({ success: [{ request_range: { key: b('q/1') } }] });
    assert.equal(txnRead.responses[0].response_range.count, '1');
    assert.equal((await c().deleteRange({ key: b('q/3') })).header.revision, String(r1 + 1));
    assert.equal(
      (await c().txn({ success: [{ request_delete_range: { key: b('q/2') } }] })).header.revision,
      String(r1 + 2),
    );

    // Compaction and defragmentation free space but do not clear the alarm.
    await c().compact({ revision: r1 + 2, physical: true });
    assert.deepEqual(plain(await maint('Defragment')), { header: null });
    await rejectsWith(c().put({ key: b('q/small'), value: b('1') }), status.RESOURCE_EXHAUSTED, NO_SPACE);

    const deactivated = await maint('Alarm', { action: AlarmAction.DEACTIVATE, memberID, alarm: AlarmType.NOSPACE });
    assert.deepEqual(plain(deactivated), { header: null, alarms: [alarm] });
    assert.deepEqual(plain(await maint('Alarm', { action: AlarmAction.GET })), { header: null, alarms: [] });
    assert.deepEqual((await maint('Status')).errors, []);
    assert.equal((await c().put({ key: b('q/small'), value: b('1') })).header.revision, String(r1 + 3));
    assert.ok((await c().call(c().lease, 'LeaseGrant', { TTL: 60 })).ID !== '0');
  });
});
