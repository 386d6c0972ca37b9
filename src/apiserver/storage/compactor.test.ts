import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess } from '../../etcd/testing/in-process.js';
import { startCompactor } from './compactor.js';
import { EtcdStorage } from './etcd.js';

const PREFIX = '/registry/configmaps/';

async function setup() {
  const etcd = await startInProcess();
  const a = new EtcdStorage({ endpoints: [etcd.endpoint] });
  const b = new EtcdStorage({ endpoints: [etcd.endpoint] });
  let n = 0;
  const write = async () => (await a.create(`${PREFIX}cm-${n++}`, Buffer.from('{}'))) as { revision: number };
  const stop = async () => {
    a.close();
    b.close();
    await etcd.stop();
  };
  return { a, b, write, stop };
}

test('a round compacts to what the previous round recorded; another API server skips a round already taken', async () => {
  const { a, b, write, stop } = await setup();
  try {
    const first = await write();
    // Round 1 records the current revision and compacts nothing.
    const r1 = await a.compactRound(0, 0);
    assert.equal(r1.version, 1);
    assert.ok(r1.revision > first.revision);
    assert.equal((await a.list(PREFIX, { revision: first.revision })).kvs.length, 1, 'history kept');
    await write();
    // Another API server, still at version 0, finds the round taken: it compacts nothing and learns the version.
    const other = await b.compactRound(0, first.revision + 1);
    assert.equal(other.version, 1);
    assert.equal((await a.list(PREFIX, { revision: first.revision })).kvs.length, 1, 'nothing compacted by b');
    // Round 2 compacts to round 1's revision: older revisions are gone, newer ones stay.
    const r2 = await a.compactRound(r1.version, r1.revision);
    assert.equal(r2.version, 2);
    await assert.rejects(a.list(PREFIX, { revision: first.revision }), /required revision has been compacted/);
    assert.equal((await a.list(PREFIX, { revision: r1.revision })).kvs.length, 1);
    assert.equal((await a.list(PREFIX)).kvs.length, 2, 'the current state is whole');
  } finally {
    await stop();
  }
});

test('startCompactor compacts every interval, and not at all with an interval of 0', async () => {
  const { a, write, stop } = await setup();
  const ctrl = new AbortController();
  try {
    startCompactor(a, ctrl.signal, { intervalMs: 0, onCompacted: () => assert.fail('interval 0 compacts') });
    const first = await write();
    const compacted = new Promise<number>((resolve, reject) => {
      startCompactor(a, ctrl.signal, { intervalMs: 20, onCompacted: resolve, onError: reject });
      setTimeout(() => reject(new Error('no compaction within 5 s')), 5000).unref();
    });
    const revision = await compacted;
    assert.ok(revision > first.revision);
    await assert.rejects(a.list(PREFIX, { revision: first.revision }), /required revision has been compacted/);
  } finally {
    ctrl.abort();
    await stop();
  }
});
