import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validFieldPath } from './field-path.js';
import type { SchemaNode } from './schema-types.js';

/** The normalized path only (the schema reached is checked where it is used). */
const pathOf = (jsonPath: string, root: SchemaNode) => {
  const r = validFieldPath(jsonPath, root);
  return 'error' in r ? r : { path: r.path };
};

const schema: SchemaNode = {
  type: 'object',
  properties: {
    spec: { type: 'object', properties: { replicas: { type: 'integer' }, 'a.b': { type: 'string' } } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    list: { type: 'array', items: { type: 'string' } },
  },
};

describe('validFieldPath', () => {
  it('normalizes dotted and bracketed paths to field.Path notation', () => {
    assert.deepEqual(validFieldPath('.spec.replicas', schema), { path: 'spec.replicas', schema: { type: 'integer' } });
    assert.deepEqual(pathOf(".spec['a.b']", schema), { path: 'spec.a.b' });
    assert.deepEqual(pathOf(".labels['app.kubernetes.io/name']", schema), {
      path: 'labels[app.kubernetes.io/name]',
    });
    assert.deepEqual(pathOf('.labels.app', schema), { path: 'labels[app]' });
    assert.deepEqual(pathOf(".spec['it\\'s']", { properties: { spec: { properties: { "it's": {} } } } }), {
      path: "spec.it's",
    });
  });

  it('rejects paths that leave the schema, with upstream wording', () => {
    assert.deepEqual(validFieldPath('.spec.nope', schema), { error: 'does not refer to a valid field' });
    assert.deepEqual(validFieldPath('.list.x', schema), { error: 'does not refer to a valid field' });
    assert.deepEqual(validFieldPath('spec', schema), { error: 'expected [ or . but got: spec' });
    assert.deepEqual(validFieldPath('.spec.', schema), { error: 'unexpected end of JSON path' });
    assert.deepEqual(validFieldPath('.spec[replicas]', schema), {
      error: 'expected single quoted string but got replicas',
    });
    assert.deepEqual(validFieldPath(".spec['replicas'", schema), { error: 'unexpected end of JSON path' });
    assert.deepEqual(validFieldPath(".spec['replicas'.", schema), { error: 'expected ] but got .' });
    assert.deepEqual(validFieldPath(".spec['\\q']", schema), {
      error: 'invalid string literal: invalid escape char \\q',
    });
  });
});
