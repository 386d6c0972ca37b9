import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Store } from './store.js';

describe('Store', () => {
  it('compacts away more changes than a call takes arguments, in one request', async () => {
    // bench:kwok's cluster reached 300,000 superseded changes between two compactions; spreading
    // them into one push() overflowed the stack and every compaction failed.
    const store = new Store({ dbPath: null });
    const n = 300_000;
    const keys = Array.from({ length: n }, (_, i) => Buffer.from(`/registry/pods/ns/p${i}`));
    const value = Buffer.from('v');
    await store.write((w) => keys.forEach((k) => w.put(k, value, '0')));
    const { rev } = await store.write((w) => keys.forEach((k) => w.put(k, value, '0')));
    await store.write((w) => w.compact(rev));
    assert.equal(store.mvcc.compactRev, rev);
    const newest = store.mvcc.get(keys[n - 1].toString('latin1'))!;
    assert.deepEqual([newest.version, newest.mod_revision], [2, rev]);
    assert.throws(() => store.mvcc.checkRevision(rev - 1), /compacted/);
    assert.equal(store.mvcc.get(keys[0].toString('latin1'), rev - 1), undefined); // its first version is gone
    await store.close();
  });
});
