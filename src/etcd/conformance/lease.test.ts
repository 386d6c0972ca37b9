/**
 * Lease: Grant (IDs, TTL bounds), Revoke, KeepAlive, TimeToLive, Leases, and expiry.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { status } from '@grpc/grpc-js';
import {
  b,
  currentRevision,
  DELETE,
  deletedKv,
  event,
  forEachTarget,
  kv,
  openKeepAlive,
  openWatch,
  plain,
  prefixEnd,
  rejectsWith,
  waitFor,
  watchResponse,
  type Msg,
} from './support.js';

const NOT_FOUND = 'etcdserver: requested lease not found';

forEachTarget([], (store) => {
  const c = () => store.client;
  const lease = (method: string, request: Msg) => c().call(c().lease, method, request);

  it('grants with an automatic or a chosen ID; a duplicate ID is refused', async () => {
    const r0 = await currentRevision(c());
    const auto = await lease('LeaseGrant', { TTL: 30 });
    assert.match(auto.ID, /^[1-9][0-9]*$/);
    assert.deepEqual(plain(auto), { header: { revision: String(r0) }, ID: auto.ID, TTL: '30', error: '' });
    const other = await lease('LeaseGrant', { TTL: 30 });
    assert.notEqual(other.ID, auto.ID);
    assert.deepEqual(plain(await lease('LeaseGrant', { TTL: 30, ID: '7001' })), {
      header: { revision: String(r0) },
      ID: '7001',
      TTL: '30',
      error: '',
    });
    await rejectsWith(
      lease('LeaseGrant', { TTL: 30, ID: '7001' }),
      status.FAILED_PRECONDITION,
      'etcdserver: lease already exists',
    );
    await rejectsWith(lease('LeaseGrant', { TTL: 30, ID: auto.ID }), status.FAILED_PRECONDITION);
    assert.equal(await currentRevision(c()), r0);
  });

  it('raises a TTL below the minimum to 2 s; refuses a TTL above 9e9 s', async () => {
    for (const TTL of [-1, 0, 1, 2]) assert.equal((await lease('LeaseGrant', { TTL })).TTL, '2', `TTL ${TTL}`);
    assert.equal((await lease('LeaseGrant', { TTL: 3 })).TTL, '3');
    assert.equal((await lease('LeaseGrant', { TTL: '9000000000' })).TTL, '9000000000');
    await rejectsWith(
      lease('LeaseGrant', { TTL: '9000000001' }),
      status.OUT_OF_RANGE,
      'etcdserver: too large lease TTL',
    );
  });

  it('TimeToLive with and without keys; an unknown ID answers TTL -1 (not an error)', async () => {
    const { ID } = await lease('LeaseGrant', { TTL: 60 });
    await c().put({ key: b('ttl/b'), value: b('v'), lease: ID });
    await c().put({ key: b('ttl/a'), value: b('v'), lease: ID });
    const r0 = await currentRevision(c());
    const withKeys = plain(await lease('LeaseTimeToLive', { ID, keys: true }));
    assert.ok(Number(withKeys.TTL) >= 58 && Number(withKeys.TTL) <= 60, `TTL ${withKeys.TTL}`);
    withKeys.keys.sort();
    assert.deepEqual(withKeys, {
      header: { revision: String(r0) },
      ID,
      TTL: withKeys.TTL,
      grantedTTL: '60',
      keys: ['ttl/a', 'ttl/b'],
    });
    const noKeys = await lease('LeaseTimeToLive', { ID });
    assert.deepEqual([noKeys.grantedTTL, noKeys.keys], ['60', []]);
    assert.deepEqual(plain(await lease('LeaseTimeToLive', { ID: '4242', keys: true })), {
      header: { revision: String(r0) },
      ID: '4242',
      TTL: '-1',
      grantedTTL: '0',
      keys: [],
    });
  });

  it('Leases lists granted leases and not revoked ones', async () => {
    const a = (await lease('LeaseGrant', { TTL: 60 })).ID;
    const gone = (await lease('LeaseGrant', { TTL: 60 })).ID;
    await lease('LeaseRevoke', { ID: gone });
    const r0 = await currentRevision(c());
    const res = await lease('LeaseLeases', {});
    assert.equal(res.header.revision, String(r0));
    const ids = res.leases.map((l: Msg) => l.ID);
    assert.ok(ids.includes(a));
    assert.ok(ids.includes('7001'));
    assert.ok(!ids.includes(gone));
    assert.deepEqual(Object.keys(res.leases[0]), ['ID']);
  });

  it('Revoke deletes the attached keys at one revision; a watcher sees the DELETEs together', async (t) => {
    const { ID } = await lease('LeaseGrant', { TTL: 60 });
    const r0 = await currentRevision(c());
    await c().put({ key: b('rv/a'), value: b('1'), lease: ID }); // r0+1
    await c().put({ key: b('rv/b'), value: b('2'), lease: ID }); // r0+2
    await c().put({ key: b('rv/c'), value: b('3') }); // r0+3
    const w = openWatch(t, c());
    await w.create({ key: b('rv/'), range_end: prefixEnd('rv/'), prev_kv: true });
    assert.deepEqual(plain(await lease('LeaseRevoke', { ID })), { header: { revision: String(r0 + 4) } });
    assert.deepEqual(
      plain(await w.next()),
      watchResponse({
        header: { revision: String(r0 + 4) },
        events: [
          event(DELETE, deletedKv('rv/a', r0 + 4), kv('rv/a', '1', r0 + 1, r0 + 1, 1, ID)),
          event(DELETE, deletedKv('rv/b', r0 + 4), kv('rv/b', '2', r0 + 2, r0 + 2, 1, ID)),
        ],
      }),
    );
    const left = await c().range({ key: b('rv/'), range_end: prefixEnd('rv/') });
    assert.deepEqual(plain(left.kvs), [kv('rv/c', '3', r0 + 3, r0 + 3, 1)]);
    await rejectsWith(lease('LeaseRevoke', { ID }), status.NOT_FOUND, NOT_FOUND);
    await rejectsWith(lease('LeaseRevoke', { ID: '0' }), status.NOT_FOUND, NOT_FOUND);
    await rejectsWith(c().put({ key: b('rv/d'), value: b('v'), lease: ID }), status.NOT_FOUND, NOT_FOUND);
    // Revoking a lease without keys does not change the revision.
    const empty = (await lease('LeaseGrant', { TTL: 60 })).ID;
    assert.deepEqual(plain(await lease('LeaseRevoke', { ID: empty })), { header: { revision: String(r0 + 4) } });
  });

  it('KeepAlive answers the granted TTL for a live lease and TTL 0 for an unknown one', async (t) => {
    const { ID } = await lease('LeaseGrant', { TTL: 20 });
    const r0 = await currentRevision(c());
    const ka = openKeepAlive(t, c());
    ka.send({ ID });
    ka.send({ ID: '4243' });
    ka.send({ ID });
    assert.deepEqual(plain(await ka.take(3)), [
      { header: { revision: String(r0) }, ID, TTL: '20' },
      { header: { revision: String(r0) }, ID: '4243', TTL: '0' },
      { header: { revision: String(r0) }, ID, TTL: '20' },
    ]);
    const ttl = await lease('LeaseTimeToLive', { ID });
    assert.ok(Number(ttl.TTL) >= 18 && Number(ttl.TTL) <= 20, `TTL ${ttl.TTL}`);
  });

  it('expiry without keep-alive deletes the keys at one revision, seen by a watcher', async (t) => {
    const { ID, TTL } = await lease('LeaseGrant', { TTL: 1 });
    assert.equal(TTL, '2');
    const r0 = await currentRevision(c());
    await c().put({ key: b('exp/a'), value: b('1'), lease: ID }); // r0+1
    await c().put({ key: b('exp/b'), value: b('2'), lease: ID }); // r0+2
    const w = openWatch(t, c());
    await w.create({ key: b('exp/'), range_end: prefixEnd('exp/') });
    const started = Date.now();
    const gone = await waitFor(
      async () => (await c().range({ key: b('exp/'), range_end: prefixEnd('exp/'), count_only: true })).count === '0',
      5000,
    );
    assert.ok(gone, 'keys deleted within 5 s of a 2 s lease');
    assert.ok(Date.now() - started >= 1000, 'not deleted before the TTL');
    assert.deepEqual(
      plain(await w.next()),
      watchResponse({
        header: { revision: String(r0 + 3) },
        events: [event(DELETE, deletedKv('exp/a', r0 + 3)), event(DELETE, deletedKv('exp/b', r0 + 3))],
      }),
    );
    assert.equal(await currentRevision(c()), r0 + 3);
    const ttl = await lease('LeaseTimeToLive', { ID, keys: true });
    assert.deepEqual([ttl.TTL, ttl.grantedTTL, ttl.keys], ['-1', '0', []]);
    await rejectsWith(c().put({ key: b('exp/c'), value: b('v'), lease: ID }), status.NOT_FOUND, NOT_FOUND);
    await rejectsWith(lease('LeaseRevoke', { ID }), status.NOT_FOUND, NOT_FOUND);
    const ka = openKeepAlive(t, c());
    ka.send({ ID });
    assert.equal((await ka.next()).TTL, '0');
  });
});
