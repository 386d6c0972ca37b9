import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDefinitions } from '../../api/openapi/documents.js';
import { checkFields, unknownFields } from './field-validation.js';

const defs = loadDefinitions();
const POD = 'io.k8s.api.core.v1.Pod';
const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { toString: 'x' }, bogus: 1 },
  spec: {
    containers: [
      { name: 'a', image: 'nginx' },
      { name: 'b', image: 'nginx', ports: [{ containerPort: 80, extra: true }], constructor: 'y' },
    ],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
  },
  status: { phase: 'Pending' },
  other: {},
});

describe('field validation', () => {
  it('names each unknown field in upstream’s form, however deep, and nothing else', () => {
    assert.deepEqual(unknownFields(defs, defs[POD], pod()), [
      'metadata.bogus',
      'spec.containers[1].ports[0].extra',
      'spec.containers[1].constructor',
      'other',
    ]);
  });

  it('refuses them under Strict, drops them and warns under Warn, drops them silently under Ignore', () => {
    assert.throws(
      () => checkFields('Strict', defs, POD, pod()),
      /strict decoding error: unknown field "metadata.bogus", unknown field "spec.containers\[1\].ports\[0\].extra"/,
    );
    const warned = pod();
    assert.equal(checkFields('Warn', defs, POD, warned).length, 4);
    assert.deepEqual(unknownFields(defs, defs[POD], warned), []);
    assert.deepEqual(warned.metadata.labels, { toString: 'x' });
    const ignored = pod();
    assert.deepEqual(checkFields('Ignore', defs, POD, ignored), []);
    assert.equal('other' in ignored, false);
  });
});
