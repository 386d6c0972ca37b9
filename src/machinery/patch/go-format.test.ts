import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goFloat, goString, goTypeName, goValue } from './go-format.js';

describe('go-format', () => {
  it('prints values as Go fmt %v prints decoded JSON', () => {
    assert.equal(
      goValue({ name: 'a', ports: [80, 443], env: null, ok: true }),
      'map[env:<nil> name:a ok:true ports:[80 443]]',
    );
    assert.equal(goValue([]), '[]');
    assert.equal(goValue({}), 'map[]');
  });

  it('prints floats with the shortest digits and Go exponents', () => {
    assert.equal(goFloat(1.5), '1.5');
    assert.equal(goFloat(1234567.5), '1.2345675e+06');
    assert.equal(goFloat(0.00001), '1e-05');
    assert.equal(goFloat(123456.5), '123456.5');
    assert.equal(goValue(1e21), '1e+21');
  });

  it("names types as reflect does, and %s's complaints", () => {
    assert.equal(goTypeName('x'), 'string');
    assert.equal(goTypeName(3), 'int64');
    assert.equal(goTypeName(0.5), 'float64');
    assert.equal(goTypeName([1]), '[]interface {}');
    assert.equal(goTypeName({}), 'map[string]interface {}');
    assert.equal(goTypeName(null), '%!s(<nil>)');
    assert.equal(goString(true), '%!s(bool=true)');
  });
});
