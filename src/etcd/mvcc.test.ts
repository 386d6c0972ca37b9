import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Errors } from './errors.js';
import { keyRange, Mvcc, type KeyValue } from './mvcc.js';

const b = (s: string) => Buffer.from(s);
const keys = (m: Mvcc, start: string, end: string | null, rev = m.rev) => {
  const out: string[] = [];
  m.forEach({ start, end }, rev, (kv: KeyValue) => void out.push(kv.key.toString()));
  return out;
};
/** Applies one revision's puts, as a batch does. */
function commit(m: Mvcc, ...puts: Array<[string, string]>) {
  const rev = m.rev + 1;
  puts.forEach(([k, v], sub) => m.put(rev, sub, b(k), b(v), '0'));
  m.rev = m.committedRev = rev;
}
function del(m: Mvcc, k: string) {
  const rev = m.rev + 1;
  m.delete(rev, 0, m.get(k)!);
  m.rev = m.committedRev = rev;
}

describe('keyRange', () => {
  it('reads an empty range_end as one key and "\\0" as no upper bound', () => {
    assert.deepEqual(keyRange(b('a'), Buffer.alloc(0)), { start: 'a', end: null });
    assert.deepEqual(keyRange(b('a'), Buffer.from([0])), { start: 'a', end: '' });
    assert.deepEqual(keyRange(b('a'), b('b')), { start: 'a', end: 'b' });
  });
});

describe('Mvcc', () => {
  it('starts at revision 1 and numbers versions per key', () => {
    const m = new Mvcc();
    assert.equal(m.rev, 1);
    commit(m, ['a', '1']);
    commit(m, ['a', '2']);
    const kv = m.get('a')!;
    assert.equal(kv.value.toString(), '2');
    assert.deepEqual([kv.create_revision, kv.mod_revision, kv.version], [2, 3, 2]);
  });

  it('serves reads at past revisions', () => {
    const m = new Mvcc();
    commit(m, ['a', '1']);
    commit(m, ['a', '2']);
    del(m, 'a');
    assert.equal(m.get('a', 2)!.value.toString(), '1');
    assert.equal(m.get('a', 3)!.value.toString(), '2');
    assert.equal(m.get('a', 4), undefined);
    commit(m, ['a', '3']);
    assert.deepEqual([m.get('a')!.create_revision, m.get('a')!.version], [5, 1]);
  });

  it('orders keys by their bytes and honours range bounds', () => {
    const m = new Mvcc();
    commit(m, ['b', '1'], ['a', '1'], ['a\xff', '1'], ['c', '1'], ['\x01', '1']);
    assert.deepEqual(keys(m, 'a', 'c'), ['a', 'a\xff', 'b']);
    assert.deepEqual(keys(m, 'b', ''), ['b', 'c']);
    assert.deepEqual(keys(m, 'c', 'a'), []);
    assert.deepEqual(keys(m, '\0', '').length, 5);
  });

  it('refuses reads below the compacted revision and above the committed one', () => {
    const m = new Mvcc();
    commit(m, ['a', '1']);
    commit(m, ['a', '2']);
    m.compact(3);
    assert.throws(() => m.checkRevision(2), Errors.compacted());
    assert.throws(() => m.checkRevision(4), Errors.futureRev());
    assert.equal(m.checkRevision(3), 3);
    assert.equal(m.checkRevision(0), 3);
    // Applied but not yet on disk: not there for readers.
    m.put(4, 0, b('a'), b('3'), '0');
    m.rev = 4;
    assert.throws(() => m.checkRevision(4), Errors.futureRev());
    assert.equal(m.checkRevision(0), 3);
    assert.deepEqual(
      m.changesSince(0).map((c) => c.rev),
      [3],
    );
  });

  it('compaction keeps the newest value at or below the revision, drops tombstones and older values', () => {
    const m = new Mvcc();
    commit(m, ['a', '1'], ['b', '1']); // 2
    commit(m, ['a', '2']); // 3
    del(m, 'b'); // 4
    commit(m, ['a', '3']); // 5
    const dropped = m.compact(4);
    assert.deepEqual(dropped.map((c) => `${c.k}@${c.rev}${c.deleted ? 'x' : ''}`).sort(), ['a@2', 'b@2', 'b@4x']);
    assert.equal(m.get('a', 4)!.value.toString(), '2');
    assert.equal(m.get('a')!.value.toString(), '3');
    assert.equal(m.get('b', 4), undefined);
    assert.equal(m.keyCount, 1);
  });

  it('compacts a key with more versions than a call takes arguments', () => {
    const m = new Mvcc();
    const n = 300_000;
    for (let i = 0; i < n; i++) commit(m, ['a', String(i)]);
    assert.equal(m.compact(m.rev).length, n - 1);
    assert.equal(m.get('a')!.value.toString(), String(n - 1));
    assert.equal(m.get('a')!.version, n);
  });

  it('replays the change log from a revision, batching by whole revisions', () => {
    const m = new Mvcc();
    commit(m, ['a', '1'], ['b', '1']); // 2
    commit(m, ['c', '1']); // 3
    del(m, 'a'); // 4
    assert.deepEqual(
      m.changesSince(3).map((c) => `${c.k}@${c.rev}`),
      ['c@3', 'a@4'],
    );
    assert.deepEqual(
      m.changesSince(2, 1).map((c) => `${c.k}@${c.rev}`),
      ['a@2', 'b@2'],
    );
    const deletion = m.changesSince(4)[0];
    assert.equal(deletion.deleted, true);
    assert.equal(deletion.prev!.value.toString(), '1');
    m.compact(3);
    assert.deepEqual(
      m.changesSince(0).map((c) => `${c.k}@${c.rev}`),
      ['c@3', 'a@4'],
    );
  });
});
