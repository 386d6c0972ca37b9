import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.js';
import { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';

const pod = () => ({
  metadata: { name: 'p', labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'a', image: 'nginx' },
      { name: 'b', image: 'redis' },
    ],
  },
});

/** Runs the patch expecting the apiserver's 422; returns the library text kept as the cause. */
function rejected(doc: unknown, ops: unknown): string {
  try {
    applyJsonPatch(doc, ops);
  } catch (err) {
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 422);
    assert.equal(err.reason, 'Invalid');
    assert.equal(err.message, 'the server rejected our request due to an error in our request');
    assert.deepEqual(err.toStatus().details, {});
    return ((err as Error).cause as Error).message;
  }
  assert.fail('expected the patch to be rejected');
}

describe('applyJsonPatch', () => {
  it('applies add, remove, replace, move, copy and test to a copy', () => {
    const doc = pod();
    const out = applyJsonPatch(doc, [
      { op: 'test', path: '/metadata/name', value: 'p' },
      { op: 'add', path: '/metadata/labels/tier', value: 'front' },
      { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.27' },
      { op: 'add', path: '/spec/containers/-', value: { name: 'c' } },
      { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copy' },
      { op: 'move', from: '/metadata/labels/tier', path: '/metadata/labels/moved' },
      { op: 'remove', path: '/spec/containers/1' },
    ]);
    assert.deepEqual(out, {
      metadata: { name: 'p', labels: { app: 'web', copy: 'web', moved: 'front' } },
      spec: { containers: [{ name: 'a', image: 'nginx:1.27' }, { name: 'c' }] },
    });
    assert.deepEqual(doc, pod());
  });

  it('takes negative indices from the end and lets replace add a missing member, as evanphx v4 does', () => {
    const out = applyJsonPatch(pod(), [
      { op: 'remove', path: '/spec/containers/-1' },
      { op: 'replace', path: '/spec/nodeName', value: 'n1' },
      { op: 'add', path: '/spec/containers/0', value: { name: 'first' } },
    ]) as ReturnType<typeof pod> & { spec: { nodeName: string } };
    assert.deepEqual(
      out.spec.containers.map((c) => c.name),
      ['first', 'a'],
    );
    assert.equal(out.spec.nodeName, 'n1');
  });

  it('passes a test of a missing member against null', () => {
    assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/b', value: null }]), { a: 1 });
  });

  it('answers 422 when an operation does not apply, keeping the library text as the cause', () => {
    assert.equal(
      rejected(pod(), [{ op: 'test', path: '/metadata/name', value: 'q' }]),
      'testing value /metadata/name failed: test failed',
    );
    assert.equal(
      rejected(pod(), [{ op: 'remove', path: '/spec/affinity' }]),
      "error in remove for path: '/spec/affinity': Unable to remove nonexistent key: affinity: missing value",
    );
    assert.equal(
      rejected(pod(), [{ op: 'add', path: '/spec/affinity/nodeAffinity', value: {} }]),
      'add operation does not apply: doc is missing path: "/spec/affinity/nodeAffinity": missing value',
    );
    assert.equal(
      rejected(pod(), [{ op: 'replace', path: '/spec/containers/5', value: {} }]),
      'replace operation does not apply: doc is missing key: /spec/containers/5: missing value',
    );
    assert.equal(
      rejected(pod(), [{ op: 'add', path: '/spec/containers/x', value: {} }]),
      `error in add for path: '/spec/containers/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
    );
    assert.equal(
      rejected(pod(), [{ op: 'add', path: '/spec/containers/3', value: {} }]),
      "error in add for path: '/spec/containers/3': Unable to access invalid index: 3: invalid index referenced",
    );
    assert.equal(rejected(pod(), [{ op: 'frobnicate', path: '/a' }]), 'Unexpected kind: frobnicate');
    assert.equal(rejected(pod(), [{ op: 'add' }]), 'add operation failed to decode path: missing value');
    assert.equal(
      rejected(pod(), [{ op: 'move', path: '/x' }]),
      'move operation failed to decode from: operation, missing from field: missing value',
    );
  });

  it('applies nothing when any operation fails', () => {
    const doc = pod();
    rejected(doc, [
      { op: 'add', path: '/metadata/labels/x', value: 'y' },
      { op: 'test', path: '/metadata/name', value: 'nope' },
    ]);
    assert.deepEqual(doc, pod());
  });

  it('answers 400 with Go decoder text when the body is not an array of operations', () => {
    assert.throws(
      () => applyJsonPatch(pod(), { op: 'add', path: '/a', value: 1 }),
      (err: ApiError) =>
        err.code === 400 &&
        err.reason === 'BadRequest' &&
        err.message === 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
    assert.throws(
      () => applyJsonPatch(pod(), [1]),
      (err: ApiError) =>
        err.code === 400 && err.message === 'json: cannot unmarshal number into Go value of type jsonpatch.Operation',
    );
    assert.throws(
      () => applyJsonPatch(pod(), '[{'),
      (err: ApiError) => err.code === 400,
    );
  });

  it('accepts the raw body text, and null as an empty patch', () => {
    assert.deepEqual(applyJsonPatch({ a: 1 }, '[{"op":"replace","path":"/a","value":2}]'), { a: 2 });
    assert.deepEqual(applyJsonPatch({ a: 1 }, null), { a: 1 });
  });

  it('answers 413 past the operation limit', () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/a', value: 1 }));
    assert.throws(
      () => applyJsonPatch({ a: 1 }, ops),
      (err: ApiError) =>
        err.code === 413 &&
        err.message === 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    );
  });
});
