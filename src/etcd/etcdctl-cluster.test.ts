/**
 * The real `etcdctl` (etcd 3.4) against `k8ts etcd` and real etcd: leases, endpoint status and
 * health, member list, compaction and snapshot save, asserting on what it prints and its exit code.
 * `ETCD_TARGETS=real|k8ts` narrows the targets.
 */
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { etcdctlSuite, TEST_TIMEOUT, unb64 } from './testing/etcdctl.js';

etcdctlSuite('cluster', ({ target, ctl, ctlHostPort, tmp, store }) => {
  const { ok, run, fails, json, revision } = ctl;

  it('lease grant, put --lease, keep-alive --once, timetolive --keys, list, revoke', TEST_TIMEOUT, async () => {
    const granted = await ok(['lease', 'grant', '60']);
    const m = /^lease ([0-9a-f]{16}) granted with TTL\(60s\)\n$/.exec(granted);
    assert.ok(m, `unexpected: ${JSON.stringify(granted)}`);
    const id = m[1];
    assert.notEqual(BigInt('0x' + id), 0n);

    assert.equal(await ok(['put', `--lease=${id}`, 'lease/a', 'x']), 'OK\n');
    assert.equal(await ok(['put', `--lease=${id}`, 'lease/b', 'y']), 'OK\n');
    const kv = (await json(['get', 'lease/a'])).kvs[0];
    assert.equal(BigInt(kv.lease), BigInt('0x' + id));

    assert.equal(await ok(['lease', 'keep-alive', '--once', id]), `lease ${id} keepalived with TTL(60)\n`);

    const ttl = await ok(['lease', 'timetolive', '--keys', id]);
    const t = /^lease ([0-9a-f]{16}) granted with TTL\(60s\), remaining\((\d+)s\), attached keys\(\[(.*)\]\)\n$/.exec(
      ttl,
    );
    assert.ok(t, `unexpected: ${JSON.stringify(ttl)}`);
    assert.equal(t[1], id);
    assert.ok(Number(t[2]) > 50 && Number(t[2]) <= 60, ttl);
    assert.deepEqual(t[3].split(' ').sort(), ['lease/a', 'lease/b']);

    const tj = await json(['lease', 'timetolive', '--keys', id]);
    assert.equal(BigInt(tj.id), BigInt('0x' + id));
    assert.equal(tj['granted-ttl'], 60);
    assert.deepEqual(tj.keys.map(unb64).sort(), ['lease/a', 'lease/b']);

    const list = await ok(['lease', 'list']);
    assert.match(list, /^found \d+ leases\n/);
    assert.ok(list.split('\n').includes(id), list);

    assert.equal(await ok(['lease', 'revoke', id]), `lease ${id} revoked\n`);
    assert.equal(await ok(['get', '--prefix', 'lease/']), '');
    assert.equal(await ok(['lease', 'timetolive', id]), `lease ${id} already expired\n`);
    await fails(['lease', 'revoke', id], 'etcdserver: requested lease not found');
    await fails(['lease', 'keep-alive', '--once', id], 'etcdserver: requested lease not found');
    await fails(['put', `--lease=${id}`, 'lease/c', 'z'], 'etcdserver: requested lease not found');
    assert.equal(await ok(['get', 'lease/c']), '');
  });

  it('lease grant -w json', TEST_TIMEOUT, async () => {
    const r = await json(['lease', 'grant', '30']);
    assert.equal(r.TTL, 30);
    assert.ok(BigInt(r.ID) > 0n);
    assert.ok(Number(r.revision) > 0);
    await ok(['lease', 'revoke', BigInt(r.ID).toString(16)]);
  });

  // clientv3 3.4 dials a separate connection for Maintenance.Status (also HashKV, Defragment,
  // MoveLeader) with the --endpoints string as given, so with `http://host:port` the HTTP/2
  // :authority is "http://host:port" (not a valid authority; Go's server accepts it). The
  // scheme-less form sends "host:port". Both are tested.
  for (const form of ['scheme', 'host:port'] as const) {
    it(
      `endpoint status, endpoint health (--endpoints as ${form === 'scheme' ? 'http://host:port' : 'host:port'})`,
      TEST_TIMEOUT,
      async () => {
        const { ok, run, json } = form === 'scheme' ? ctl : ctlHostPort;
        const endpoint = form === 'scheme' ? store().endpoint : new URL(store().endpoint).host;
        const simple = await ok(['endpoint', 'status']);
        // endpoint, ID, version, db size, is leader, is learner, raft term, raft index,
        // raft applied index, errors
        const f = simple.replace(/\n$/, '').split(', ');
        assert.equal(f.length, 10, simple);
        assert.equal(f[0], endpoint);
        assert.match(f[1], /^[0-9a-f]+$/);
        assert.match(f[2], /^\d+\.\d+\.\d+/);
        assert.match(f[3], /^\d+(\.\d+)? [kMG]?B$/);
        assert.equal(f[4], 'true', 'the single member is the leader (Status.leader == header.member_id)');
        assert.equal(f[5], 'false');
        assert.match(f[6], /^\d+$/);
        assert.match(f[7], /^\d+$/);
        assert.match(f[8], /^\d+$/);
        assert.equal(f[9], '');

        const js = await json(['endpoint', 'status']);
        assert.ok(Array.isArray(js) && js.length === 1, JSON.stringify(js));
        assert.equal(js[0].Endpoint, endpoint);
        const st = js[0].Status;
        assert.ok(Number(st.header.revision) >= 1);
        assert.equal(BigInt(st.header.member_id).toString(16), f[1]);
        assert.equal(String(st.leader), String(st.header.member_id));
        assert.equal(st.version, f[2]);
        assert.ok(st.dbSize > 0);

        // The simple form of `endpoint health` is printed on stderr.
        const health = await run(['endpoint', 'health']);
        assert.equal(health.code, 0, health.stderr);
        assert.match(
          health.stderr,
          new RegExp(`^${endpoint.replace(/[.]/g, '\\.')} is healthy: successfully committed proposal: took = `),
        );
        const hj = await json(['endpoint', 'health']);
        assert.equal(hj[0].endpoint, endpoint);
        assert.equal(hj[0].health, true);
      },
    );
  }

  it('member list', TEST_TIMEOUT, async () => {
    const simple = await ok(['member', 'list']);
    const lines = simple.replace(/\n$/, '').split('\n');
    assert.equal(lines.length, 1, simple);
    // ID, status, name, peer URLs, client URLs, is learner
    const f = lines[0].split(', ');
    assert.equal(f.length, 6, simple);
    assert.match(f[0], /^[0-9a-f]+$/);
    assert.equal(f[1], 'started', 'a member with a name is "started"');
    assert.ok(f[2].length > 0);
    assert.ok(f[4].length > 0, 'client URLs');
    for (const u of f[4].split(',')) assert.doesNotThrow(() => new URL(u), u);
    assert.equal(f[5], 'false');

    const js = await json(['member', 'list']);
    assert.equal(f[0], BigInt(js.header.member_id).toString(16));
    assert.equal(js.members.length, 1);
    assert.equal(BigInt(js.members[0].ID).toString(16), f[0]);
    assert.equal(js.members[0].name, f[2]);
    assert.ok(Array.isArray(js.members[0].clientURLs) && js.members[0].clientURLs.length > 0);
  });

  it('compaction N, then reads and watches below N fail', TEST_TIMEOUT, async () => {
    const r1 = Number((await json(['put', 'compact/k', 'a'])).header.revision);
    const r2 = Number((await json(['put', 'compact/k', 'b'])).header.revision);
    await ok(['put', 'compact/k', 'c']);
    assert.equal(await ok(['compaction', String(r2)]), `compacted revision ${r2}\n`);
    await fails(['get', 'compact/k', '--rev', String(r1)], 'etcdserver: mvcc: required revision has been compacted', 1);
    assert.equal(await ok(['get', 'compact/k', '--rev', String(r2)]), 'compact/k\nb\n');
    assert.equal(await ok(['get', 'compact/k']), 'compact/k\nc\n');
    await fails(['compaction', String(r1)], 'etcdserver: mvcc: required revision has been compacted');
    const rev = await revision();
    await fails(['compaction', String(rev + 100)], 'etcdserver: mvcc: required revision is a future revision');

    // A watch from a compacted revision is cancelled by the server (message on stderr).
    const w = await run(['watch', '--rev', String(r1), 'compact/k']);
    assert.notEqual(w.code, 0);
    assert.match(
      w.stderr,
      /watch was canceled \(etcdserver: mvcc: required revision has been compacted\)/,
      `stdout: ${w.stdout}\nstderr: ${w.stderr}`,
    );

    // --physical waits for the compaction to be applied.
    const now = await revision();
    assert.equal(await ok(['compaction', '--physical', String(now)]), `compacted revision ${now}\n`);
  });

  it('snapshot save', TEST_TIMEOUT, async () => {
    for (let i = 0; i < 20; i++) await ok(['put', `snap/${i}`, 'x'.repeat(100)]);
    const rev = await revision();
    const file = join(tmp, 'snap.db');
    const r = await run(['snapshot', 'save', file]);
    assert.equal(r.code, 0, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
    assert.equal(r.stdout, `Snapshot saved at ${file}\n`);
    assert.ok(statSync(file).size > 0, 'snapshot file is empty');
    assert.ok(!existsSync(file + '.part'));

    if (target.name === 'real') {
      // k8ts' snapshot format is its own; etcdctl can only read real etcd's (bbolt + sha256).
      const st = await ok(['snapshot', 'status', file]);
      const f = st.replace(/\n$/, '').split(', ');
      assert.equal(f.length, 4, st);
      assert.equal(Number(f[1]), rev);
      const sj = await json(['snapshot', 'status', file]);
      assert.equal(sj.revision, rev);
      assert.ok(sj.totalKey >= 20);
      assert.ok(sj.totalSize > 0);
    }
  });
});
