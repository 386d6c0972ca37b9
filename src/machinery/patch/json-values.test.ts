import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloneJson, deepCopy, jsonEqual, jsonEqualExcept } from './json-values.js';

test('deepCopy copies every level, keeps undefined members and a __proto__ member as data', () => {
  const src = JSON.parse('{"a":{"b":[1,{"c":"d"}],"__proto__":{"x":1}},"n":null}');
  src.u = undefined;
  const copy = deepCopy(src);
  assert.deepEqual(copy, src);
  assert.notEqual(copy.a, src.a);
  assert.notEqual(copy.a.b, src.a.b);
  assert.notEqual(copy.a.b[1], src.a.b[1]);
  assert.ok(Object.hasOwn(copy, 'u'));
  assert.ok(Object.hasOwn(copy.a, '__proto__'), 'an own member, not the prototype');
  assert.equal(Object.getPrototypeOf(copy.a), Object.prototype);
  copy.a.b[1].c = 'changed';
  assert.equal(src.a.b[1].c, 'd');
});

test('cloneJson copies as a round trip through JSON text would, key order and __proto__ members included', () => {
  class Point {
    constructor(readonly x = 1) {}
  }
  const src = JSON.parse('{"a":{"b":[1,{"c":"d"}],"__proto__":{"x":1}},"n":null,"z":0}');
  Object.assign(src, {
    u: undefined,
    items: [undefined, () => 1, -0, NaN, Infinity, 'x', true],
    when: new Date(Date.UTC(2024, 0, 1)),
    point: new Point(),
    bare: Object.assign(Object.create(null), { k: 'v' }),
    f: () => 1,
  });
  const copy = cloneJson(src);
  const viaText = JSON.parse(JSON.stringify(src));
  assert.deepEqual(copy, viaText);
  assert.equal(JSON.stringify(copy), JSON.stringify(viaText));
  assert.ok(Object.hasOwn(copy.a, '__proto__'), 'an own member, not the prototype');
  assert.notEqual(copy.a.b, src.a.b);
  assert.equal(cloneJson(undefined), undefined);
  assert.equal(cloneJson('s'), 's');
});

test('jsonEqual compares structure, not member order', () => {
  assert.ok(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }));
  assert.ok(jsonEqual(null, null));
  assert.ok(jsonEqual('x', 'x'));
  assert.ok(!jsonEqual({ a: 1 }, { a: 1, b: 2 }));
  assert.ok(!jsonEqual({ a: 1, b: 2 }, { a: 1 }));
  assert.ok(!jsonEqual({ a: 1, b: 2 }, { a: 1, c: 2 }));
  assert.ok(!jsonEqual([1, 2], [2, 1]));
  assert.ok(!jsonEqual([1], [1, 1]));
  assert.ok(!jsonEqual([], {}));
  assert.ok(!jsonEqual({}, []));
  assert.ok(!jsonEqual({ a: null }, {}));
  assert.ok(!jsonEqual(1, '1'));
  assert.ok(!jsonEqual(null, {}));
  assert.ok(!jsonEqual({ a: { b: 1 } }, { a: { b: 2 } }));
});

test('jsonEqualExcept leaves out one member of the top level only', () => {
  const a = { metadata: { name: 'x', resourceVersion: '5' }, spec: { resourceVersion: '1' } };
  const b = { metadata: { resourceVersion: '9', name: 'x' }, spec: { resourceVersion: '1' } };
  assert.ok(jsonEqualExcept(a.metadata, b.metadata, 'resourceVersion'));
  assert.ok(jsonEqualExcept(a.metadata, { name: 'x' }, 'resourceVersion'), 'absent on one side');
  assert.ok(!jsonEqualExcept(a.metadata, { name: 'y', resourceVersion: '5' }, 'resourceVersion'));
  assert.ok(jsonEqualExcept(a, { ...b, metadata: { other: true } }, 'metadata'));
  assert.ok(!jsonEqualExcept(a, { ...b, spec: { resourceVersion: '2' } }, 'metadata'), 'nested members are compared');
});
