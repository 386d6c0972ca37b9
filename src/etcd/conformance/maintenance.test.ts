/**
 * Maintenance (Status, Hash, HashKV, Alarm, Defragment, Snapshot) and Cluster.MemberList.
 * The space quota (NOSPACE alarm) is in quota.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { AlarmAction, b, currentRevision, forEachTarget, plain, rejectsWith, type Msg } from './support.js';

forEachTarget([], (store) => {
  const c = () => store.client;
  const maint = (method: string, request: Msg = {}) => c().call(c().maintenance, method, request);

  it('Status: version, dbSize, leader = member_id, raftIndex grows with writes', async () => {
    const before = await maint('Status');
    assert.equal(typeof before.version, 'string');
    assert.ok(before.version.length > 0);
    assert.ok(Number(before.dbSize) > 0, `dbSize ${before.dbSize}`);
    assert.ok(Number(before.dbSizeInUse) > 0 && Number(before.dbSizeInUse) <= Number(before.dbSize));
    assert.equal(before.leader, before.header.member_id);
    assert.notEqual(before.leader, '0');
    assert.ok(Number(before.raftTerm) > 0);
    assert.deepEqual([before.errors, before.isLearner], [[], false]);
    assert.equal(before.header.revision, String(await currentRevision(c())));
    await c().put({ key: b('st/k'), value: b('v') });
    const after = await maint('Status');
    assert.ok(Number(after.raftIndex) > Number(before.raftIndex), `${after.raftIndex} > ${before.raftIndex}`);
    assert.equal(after.header.revision, String(Number(before.header.revision) + 1));
  });

  it('MemberList: one member, the server itself, named "default"', async () => {
    const res = await c().call(c().cluster, 'MemberList', {});
    assert.equal(res.members.length, 1);
    const [m] = res.members;
    assert.equal(m.ID, res.header.member_id);
    assert.equal(m.name, 'default');
    assert.ok(m.clientURLs.includes(store.endpoint), `${m.clientURLs} includes ${store.endpoint}`);
    assert.equal(m.isLearner, false);
    assert.equal((await maint('Status')).leader, m.ID);
    // etcd 3.4 fills cluster_id, member_id and raft_term here but not the revision.
    assert.equal(res.header.revision, '0');
  });

  it('Hash and HashKV: numbers, stable for one state, changed by a write', async () => {
    const h1 = await maint('Hash');
    assert.equal(typeof h1.hash, 'number');
    assert.equal((await maint('Hash')).hash, h1.hash);
    const r0 = await currentRevision(c());
    const kv1 = await maint('HashKV', { revision: 0 });
    assert.equal(typeof kv1.hash, 'number');
    // Nothing compacted yet: compact_revision is -1.
    assert.deepEqual(plain(kv1), { header: { revision: String(r0) }, hash: kv1.hash, compact_revision: '-1' });
    assert.equal((await maint('HashKV', { revision: 0 })).hash, kv1.hash);
    await c().put({ key: b('hash/k'), value: b('v') });
    const kv2 = await maint('HashKV', { revision: 0 });
    assert.notEqual(kv2.hash, kv1.hash);
    assert.notEqual((await maint('Hash')).hash, h1.hash);
    // HashKV at a past revision hashes the store as of that revision.
    assert.equal((await maint('HashKV', { revision: r0 })).hash, kv1.hash);
    await rejectsWith(
      maint('HashKV', { revision: r0 + 2 }),
      status.OUT_OF_RANGE,
      'etcdserver: mvcc: required revision is a future revision',
    );
  });

  it('HashKV after a compaction: compact_revision set; at or below it is an error', async () => {
    await c().put({ key: b('hash/c'), value: b('1') });
    const r0 = await currentRevision(c());
    await c().put({ key: b('hash/c'), value: b('2') });
    await c().compact({ revision: r0 });
    const res = await maint('HashKV', { revision: 0 });
    assert.equal(res.compact_revision, String(r0));
    for (const revision of [r0, r0 - 1]) {
      await rejectsWith(
        maint('HashKV', { revision }),
        status.OUT_OF_RANGE,
        'etcdserver: mvcc: required revision has been compacted',
      );
    }
    assert.equal((await maint('HashKV', { revision: r0 + 1 })).compact_revision, String(r0));
  });

  it('Alarm GET with no alarm; Defragment succeeds (neither fills a header)', async () => {
    assert.deepEqual(plain(await maint('Alarm', { action: AlarmAction.GET })), { header: null, alarms: [] });
    assert.deepEqual(plain(await maint('Defragment')), { header: null });
    await c().put({ key: b('defrag/k'), value: b('v') });
    assert.equal((await c().range({ key: b('defrag/k') })).count, '1');
  });

  it('Snapshot: blobs with remaining_bytes counting down to 0, then a sha256 of the data', async () => {
    for (let i = 0; i < 24; i++) await c().put({ key: b(`snap/${i}`), value: Buffer.alloc(4096, i) });
    const messages: Msg[] = await new Promise((resolve, reject) => {
      const stream = c().snapshotStream();
      const out: Msg[] = [];
      const timer = setTimeout(() => {
        stream.cancel();
        reject(new Error('snapshot did not finish within 10 s'));
      }, 10_000);
      stream.on('data', (m: Msg) => out.push(m));
      stream.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      stream.on('end', () => {
        clearTimeout(timer);
        resolve(out);
      });
    });
    assert.ok(messages.length >= 2);
    const data = messages.slice(0, -1);
    const last = messages[messages.length - 1];
    const total = data.reduce((n, m) => n + m.blob.length, 0);
    assert.ok(total > 100_000, `snapshot of ${total} bytes holds the 96 KiB written`);
    let sent = 0;
    for (const m of data) {
      sent += m.blob.length;
      assert.ok(m.blob.length > 0);
      assert.equal(m.remaining_bytes, String(total - sent));
      assert.equal(m.header, null);
    }
    assert.equal(last.remaining_bytes, '0');
    const digest = createHash('sha256')
      .update(Buffer.concat(data.map((m) => m.blob)))
      .digest();
    assert.deepEqual(last.blob, digest);
  });
});
