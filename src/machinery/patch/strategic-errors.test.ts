import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.js';
import { strategicMergePatch } from './strategic.js';
import { k8sDefinitions as defs, mergeItemDefinitions } from './strategic-test-definitions.js';

const POD = 'io.k8s.api.core.v1.Pod';
const pod = () => ({
  metadata: { name: 'p', finalizers: ['f'] },
  spec: { containers: [{ name: 'a', image: 'nginx', args: ['x'] }] },
});

/** The Status the apiserver would answer `patch` with, as [code, reason, message]. */
function status(patch: unknown, original: unknown = pod()): [number, string, string] {
  try {
    strategicMergePatch(original, patch, defs, POD);
  } catch (err) {
    assert.ok(err instanceof ApiError, `not an ApiError: ${err}`);
    return [err.code, err.reason, err.message];
  }
  assert.fail('expected the patch to fail');
}

describe('strategicMergePatch failures', () => {
  it('answers 400 with the decoder text for a patch that is not a JSON object', () => {
    assert.deepEqual(status([{ op: 'add' }]), [
      400,
      'BadRequest',
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    ]);
    assert.deepEqual(status('x'), [
      400,
      'BadRequest',
      'json: cannot unmarshal string into Go value of type map[string]interface {}',
    ]);
  });

  it('answers 400 for malformed directives, with mergepatch wording', () => {
    assert.deepEqual(status({ spec: { $retainKeys: 'containers' } }), [
      400,
      'BadRequest',
      'invalid patch format of retainKeys',
    ]);
    assert.deepEqual(status({ metadata: { $deleteFromPrimitiveListfinalizers: ['f'] } }), [
      400,
      'BadRequest',
      'invalid patch format of primitive list',
    ]);
    assert.deepEqual(status({ spec: { $setElementOrderX: [] } }), [
      400,
      'BadRequest',
      'invalid patch format of setElementOrder list',
    ]);
  });

  it('answers a bare 422 for lists of lists', () => {
    const original = { name: 'n', mergingIntList: [[1], [2]] };
    assert.throws(
      () => strategicMergePatch(original, { mergingIntList: [[3]] }, mergeItemDefinitions, 'mergeItem'),
      (err: ApiError) =>
        err.code === 422 &&
        err.reason === 'Invalid' &&
        err.message === 'the server rejected our request due to an error in our request',
    );
  });

  it('answers 400 with the raw text for everything else (upstream: 500 with no reason)', () => {
    assert.deepEqual(status({ spec: { containers: [{ image: 'x' }] } }), [
      400,
      'BadRequest',
      'map: map[image:x] does not contain declared merge key: name',
    ]);
    assert.deepEqual(status({ spec: { $patch: 'foo' } }), [
      400,
      'BadRequest',
      'unknown patch type: foo in map: map[$patch:foo]',
    ]);
    // Upstream knows only replace and delete in a map; merge is as unknown there.
    assert.deepEqual(status({ spec: { $patch: 'merge', restartPolicy: 'Never' } }), [
      400,
      'BadRequest',
      'unknown patch type: merge in map: map[$patch:merge restartPolicy:Never]',
    ]);
    assert.deepEqual(status({ spec: { containers: [{ $patch: 'merge', name: 'a' }] } }), [
      400,
      'BadRequest',
      'merging lists cannot yet be specified in the patch',
    ]);
    assert.deepEqual(status({ spec: { containers: [{ $patch: 7, name: 'a' }] } }), [
      400,
      'BadRequest',
      'unknown patch type: %!s(int64=7) in map: map[$patch:7 name:a]',
    ]);
    assert.deepEqual(status({ spec: { '$setElementOrder/containers': 'a' } }), [
      400,
      'BadRequest',
      'expected a []interface {}, but received a string',
    ]);
    assert.deepEqual(status({ metadata: { finalizers: [{ a: 1 }] } }), [
      400,
      'BadRequest',
      'list element types are not identical: [[f] [map[a:1]]]',
    ]);
  });

  it('rejects a patch list that does not follow $setElementOrder', () => {
    const [code, reason, message] = status({
      spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'b', image: 'x' }] },
    });
    assert.deepEqual([code, reason], [400, 'BadRequest']);
    assert.equal(
      message,
      "The order in patch list:\n[map[image:x name:b]]\n doesn't match $setElementOrder list:\n[map[name:a]]\n",
    );
  });

  it('throws a plain Error for an unknown root definition', () => {
    assert.throws(() => strategicMergePatch({}, {}, defs, 'io.k8s.api.core.v1.Nope'), /no OpenAPI definition/);
  });
});
