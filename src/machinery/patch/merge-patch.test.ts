import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.js';
import { applyMergePatch, createMergePatch } from './merge-patch.js';

describe('applyMergePatch', () => {
  it('follows RFC 7386: null deletes, objects merge, arrays and scalars replace', () => {
    const doc = { metadata: { labels: { a: '1', b: '2' } }, spec: { ports: [1, 2], replicas: 1 } };
    const out = applyMergePatch(doc, { metadata: { labels: { a: null, c: '3' } }, spec: { ports: [3], replicas: 2 } });
    assert.deepEqual(out, { metadata: { labels: { b: '2', c: '3' } }, spec: { ports: [3], replicas: 2 } });
    assert.deepEqual(doc, { metadata: { labels: { a: '1', b: '2' } }, spec: { ports: [1, 2], replicas: 1 } });
  });

  // These are the RFC's appendix A examples.
  const rfc: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [doc, patch, want] of rfc) {
    it(`merges ${JSON.stringify(patch)} into ${JSON.stringify(doc)}`, () => {
      assert.deepEqual(applyMergePatch(doc, patch), want);
    });
  }

  it('prunes nulls from objects inside a new array, as evanphx does', () => {
    assert.deepEqual(applyMergePatch({}, { a: [{ b: null, c: 1 }, null] }), { a: [{ c: 1 }, null] });
  });

  it('replaces the document with an array patch', () => {
    assert.deepEqual(applyMergePatch({ a: 1 }, [1, 2]), [1, 2]);
  });

  it('answers 400 Invalid JSON Patch for a null or scalar patch', () => {
    for (const patch of [null, 5, 'x']) {
      assert.throws(
        () => applyMergePatch({ a: 1 }, patch),
        (err: ApiError) => err.code === 400 && err.reason === 'BadRequest' && err.message === 'Invalid JSON Patch',
      );
    }
  });
});

describe('createMergePatch', () => {
  it('sends changed and added members, null for removed ones, nested objects as diffs', () => {
    const original = { metadata: { labels: { a: '1', b: '2' }, name: 'x' }, spec: { ports: [1, 2], keep: true } };
    const modified = { metadata: { labels: { a: '1', c: '3' }, name: 'x' }, spec: { ports: [1, 2, 3], keep: true } };
    const patch = createMergePatch(original, modified);
    assert.deepEqual(patch, { metadata: { labels: { b: null, c: '3' } }, spec: { ports: [1, 2, 3] } });
    assert.deepEqual(applyMergePatch(original, patch), modified);
  });

  it('is empty for equal documents', () => {
    assert.deepEqual(createMergePatch({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), {});
  });
});
