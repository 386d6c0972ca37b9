import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyElement, pathString, type Path } from './field-path.js';
import { FieldSet } from './field-set.js';
import { decodeFieldsV1, encodeFieldsV1, fieldsV1Text, LEAF, type FieldsV1 } from './fields-v1.js';
import { toFieldSet } from './to-field-set.js';
import { sameHiddenClass } from '../testing/hidden-class.js';
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

describe('the nodes encodeFieldsV1 builds', () => {
  const ip = (n: number) => keyElement([{ name: 'ip', value: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` }]);
  const podIPs = (n: number): FieldsV1 =>
    encodeFieldsV1(
      FieldSet.of(
        [f('status'), f('podIPs')],
        [f('status'), f('podIPs'), ip(n)],
        [f('status'), f('podIPs'), ip(n), f('ip')],
      ),
    );

  it('share one frozen {} for every member without children and every "."', () => {
    const node = podIPs(1) as { 'f:status': { 'f:podIPs': Record<string, FieldsV1> } };
    const item = node['f:status']['f:podIPs']['k:{"ip":"10.0.0.1"}'];
    assert.ok(item['.'] === LEAF && item['f:ip'] === LEAF);
    assert.ok(Object.isFrozen(LEAF));
    assert.throws(() => {
      (item['f:ip'] as FieldsV1)['f:more'] = {};
    }, TypeError);
  });

  it('keep to shared hidden classes after thousands of distinct item keys', () => {
    // Each pod's IP is a key no other node has. Were they members of ordinary objects, V8 would
    // run out of transitions from `{".": {}}` and give each later node a hidden class of its own.
    for (let n = 0; n < 3000; n++) podIPs(n);
    const fresh = () =>
      encodeFieldsV1(FieldSet.of([f('spec'), f('zeroCopies')], [f('spec'), f('zeroCopies'), f('size')]))['f:spec'] as {
        'f:zeroCopies': FieldsV1;
      };
    const [a, b] = [fresh(), fresh()];
    assert.ok(sameHiddenClass(a['f:zeroCopies'], b['f:zeroCopies']), 'a member with children');
    const items = (n: number) => (podIPs(n)['f:status'] as Record<string, FieldsV1>)['f:podIPs'];
    assert.ok(sameHiddenClass(items(5000), items(5001)), 'the items of a list');
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
