import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  comparePathElements,
  compareStrings,
  deserializePathElement,
  keyElement,
  pathString,
  serializePathElement,
  UnknownPathElementType,
  type PathElement,
} from './field-path.js';

describe('serializePathElement', () => {
  it('spells each kind as FieldsV1 does, key fields sorted by name', () => {
    assert.equal(serializePathElement({ field: 'replicas' }), 'f:replicas');
    const key = keyElement([
      { name: 'protocol', value: 'TCP' },
      { name: 'containerPort', value: 80 },
    ]);
    assert.equal(serializePathElement(key), 'k:{"containerPort":80,"protocol":"TCP"}');
    assert.equal(serializePathElement({ value: 'foregroundDeletion' }), 'v:"foregroundDeletion"');
    assert.equal(serializePathElement({ index: 3 }), 'i:3');
  });

  it("escapes key values as Go's JSON encoder does", () => {
    assert.equal(serializePathElement({ value: 'a<b>&c' }), 'v:"a\\u003cb\\u003e\\u0026c"');
    assert.equal(serializePathElement(keyElement([{ name: 'name', value: 'x\ny' }])), 'k:{"name":"x\\ny"}');
  });

  it('round-trips through deserializePathElement', () => {
    const elements: PathElement[] = [
      { field: 'a.b' },
      keyElement([
        { name: 'port', value: 80 },
        { name: 'protocol', value: 'UDP' },
      ]),
      { value: true },
      { index: 0 },
    ];
    for (const pe of elements) {
      assert.deepEqual(deserializePathElement(serializePathElement(pe)), pe);
    }
  });
});

describe('deserializePathElement', () => {
  it('refuses malformed keys with upstream messages and flags unknown types', () => {
    assert.throws(() => deserializePathElement('f'), { message: 'key must be 2 characters long:' });
    assert.throws(() => deserializePathElement('fx'), { message: 'missing colon: fx' });
    assert.throws(() => deserializePathElement('i:one'), /invalid syntax/);
    assert.throws(() => deserializePathElement('k:[1]'), /not a JSON object/);
    assert.throws(() => deserializePathElement('x:y'), UnknownPathElementType);
  });

  it('sorts the fields of a key it reads', () => {
    assert.deepEqual(deserializePathElement('k:{"protocol":"TCP","port":80}'), {
      key: [
        { name: 'port', value: 80 },
        { name: 'protocol', value: 'TCP' },
      ],
    });
  });
});

describe('comparePathElements', () => {
  it('orders fields before keys before values before indexes', () => {
    const sorted = [{ index: 0 }, { value: 'a' }, keyElement([{ name: 'name', value: 'a' }]), { field: 'z' }].sort(
      comparePathElements,
    );
    assert.deepEqual(sorted.map(serializePathElement), ['f:z', 'k:{"name":"a"}', 'v:"a"', 'i:0']);
  });

  it('orders values numbers, strings, booleans, then null', () => {
    const sorted = [{ value: null }, { value: true }, { value: 'b' }, { value: 2 }, { value: 1.5 }].sort(
      comparePathElements,
    );
    assert.deepEqual(sorted.map(serializePathElement), ['v:1.5', 'v:2', 'v:"b"', 'v:true', 'v:null']);
  });

  it('orders keys field by field, then by length', () => {
    const a = keyElement([{ name: 'port', value: 80 }]);
    const b = keyElement([
      { name: 'port', value: 80 },
      { name: 'protocol', value: 'TCP' },
    ]);
    const c = keyElement([{ name: 'port', value: 443 }]);
    assert.ok(comparePathElements(a, b) < 0);
    assert.ok(comparePathElements(b, c) < 0);
  });

  it('compares field names by code point as Go does', () => {
    assert.ok(compareStrings('\u{1F600}', '\uFF21') > 0);
    assert.ok(compareStrings('B', 'a') < 0);
  });
});

describe('pathString', () => {
  it('prints paths as conflict messages show them', () => {
    const path: PathElement[] = [
      { field: 'spec' },
      { field: 'template' },
      { field: 'spec' },
      { field: 'containers' },
      keyElement([{ name: 'name', value: 'nginx' }]),
      { field: 'ports' },
      keyElement([
        { name: 'protocol', value: 'TCP' },
        { name: 'containerPort', value: 80 },
      ]),
    ];
    assert.equal(
      pathString(path),
      '.spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]',
    );
    assert.equal(
      pathString([{ field: 'metadata' }, { field: 'finalizers' }, { value: 'a/b' }]),
      '.metadata.finalizers[="a/b"]',
    );
    assert.equal(pathString([{ field: 'args' }, { index: 2 }]), '.args[2]');
    assert.equal(pathString([{ field: 'x' }, { value: 0.00001 }]), '.x[=1e-05]');
  });
});
