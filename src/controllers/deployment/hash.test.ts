import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeHash, equalIgnoreHash, fnv32a, safeEncodeString } from './hash.js';

describe('hash', () => {
  it('fnv32a matches the FNV-1a test vectors', () => {
    assert.equal(fnv32a(Buffer.from('')), 0x811c9dc5);
    assert.equal(fnv32a(Buffer.from('a')), 0xe40c292c);
    assert.equal(fnv32a(Buffer.from('foobar')), 0xbf9cf968);
  });

  it('safeEncodeString maps each byte into the vowel-free alphabet', () => {
    // '0' is byte 48: 48 % 27 = 21 → '4'; '9' is 57 % 27 = 3 → 'f'.
    assert.equal(safeEncodeString('09'), '4f');
    assert.match(safeEncodeString('4294967295'), /^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
  });

  it('computeHash is stable, ignores key order and changes with collisionCount', () => {
    const t1 = { metadata: { labels: { a: '1', b: '2' } }, spec: { containers: [{ name: 'c', image: 'x' }] } };
    const t2 = { spec: { containers: [{ image: 'x', name: 'c' }] }, metadata: { labels: { b: '2', a: '1' } } };
    assert.equal(computeHash(t1), computeHash(t2));
    assert.notEqual(computeHash(t1), computeHash(t1, 1));
    assert.notEqual(computeHash(t1, 1), computeHash(t1, 2));
    assert.notEqual(computeHash(t1), computeHash({ ...t1, spec: { containers: [{ name: 'c', image: 'y' }] } }));
  });

  it('equalIgnoreHash ignores the pod-template-hash label and nil-vs-empty', () => {
    const a = { metadata: { labels: { app: 'x', 'pod-template-hash': 'abc' } }, spec: { containers: [{ name: 'c' }] } };
    const b = { metadata: { labels: { app: 'x' }, annotations: {} }, spec: { containers: [{ name: 'c', env: [] }] } };
    assert.equal(equalIgnoreHash(a, b), true);
    assert.equal(equalIgnoreHash(a, { ...b, metadata: { labels: { app: 'y' } } }), false);
  });
});
