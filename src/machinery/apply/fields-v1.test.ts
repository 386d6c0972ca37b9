import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyElement, pathString, type Path } from './field-path.js';
import { FieldSet } from './field-set.js';
import { decodeFieldsV1, encodeFieldsV1, fieldsV1Text } from './fields-v1.js';
import { toFieldSet } from './to-field-set.js';
import { deploymentSchema, NGINX_APPLY_FIELDS, nginxDeployment } from './test-fixtures.js';

const f = (field: string) => ({ field });

describe('encodeFieldsV1', () => {
  it('writes members as {} and a member with children with "." before them', () => {
    const container = keyElement([{ name: 'name', value: 'app' }]);
    const paths: Path[] = [
      [f('spec'), f('containers'), container],
      [f('spec'), f('containers'), container, f('image')],
      [f('metadata'), f('finalizers'), { value: 'b' }],
      [f('metadata'), f('finalizers'), { value: 'a' }],
    ];
    assert.equal(
      fieldsV1Text(FieldSet.of(...paths)),
      '{"f:metadata":{"f:finalizers":{"v:\\"a\\"":{},"v:\\"b\\"":{}}},' +
        '"f:spec":{"f:containers":{"k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{}}}}}',
    );
  });

  it('writes an empty set as {}', () => {
    assert.deepEqual(encodeFieldsV1(new FieldSet()), {});
  });

  it("matches upstream's FieldsV1 for kubectl apply --server-side of a Deployment", () => {
    const set = toFieldSet(nginxDeployment(), deploymentSchema());
    const withoutMeta = set.difference(
      FieldSet.of([f('apiVersion')], [f('kind')], [f('metadata'), f('name')], [f('metadata'), f('namespace')]),
    );
    assert.equal(fieldsV1Text(withoutMeta), NGINX_APPLY_FIELDS);
  });
});

describe('decodeFieldsV1', () => {
  it('round-trips what it encodes, from the object or its text', () => {
    const set = decodeFieldsV1(NGINX_APPLY_FIELDS);
    assert.equal(fieldsV1Text(set), NGINX_APPLY_FIELDS);
    assert.ok(decodeFieldsV1(JSON.parse(NGINX_APPLY_FIELDS)).equals(set));
    assert.ok(
      set.has([f('spec'), f('template'), f('spec'), f('containers'), keyElement([{ name: 'name', value: 'nginx' }])]),
    );
    assert.ok(!set.has([f('spec'), f('template')]));
  });

  it('reads "." as membership, null as an empty node, and skips unknown key types', () => {
    // A node left with nothing once unknown keys are skipped reads as a member, as upstream's readIterV1.
    const set = decodeFieldsV1({ 'f:a': { '.': {}, 'f:b': {} }, 'f:c': null, 'x:future': {}, 'f:d': { 'x:y': {} } });
    assert.deepEqual(set.paths().map(pathString), ['.a', '.c', '.d', '.a.b']);
  });

  it('refuses malformed keys and non-object nodes', () => {
    assert.throws(
      () => decodeFieldsV1({ 'f:a': { q: {} } }),
      /parsing key as path element: key must be 2 characters long/,
    );
    assert.throws(() => decodeFieldsV1({ 'k:notjson': {} }), /parsing key as path element/);
    assert.throws(() => decodeFieldsV1({ 'f:a': 1 }), /ReadMapCB: expect \{ or n/);
    assert.throws(() => decodeFieldsV1('{"f:a":'), SyntaxError);
  });
});
