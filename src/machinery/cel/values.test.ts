import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replaceString } from './environment.js';
import { schemaCelType } from './schema-types.js';
import type { CelType } from './schema-types.js';
import { toCelValue, typedEqual } from './values.js';

const type = (s: object): CelType => schemaCelType(s, false)!;

describe('toCelValue', () => {
  it('makes JSON numbers ints or doubles by schema type', () => {
    assert.equal(toCelValue(3, type({ type: 'integer' })), 3n);
    assert.equal(toCelValue(3, type({ type: 'number' })), 3);
    assert.deepEqual(toCelValue([1, 2], type({ type: 'array', items: { type: 'integer' } })), [1n, 2n]);
    assert.deepEqual(
      toCelValue({ a: 1.5 }, type({ type: 'object', additionalProperties: { type: 'number' } })),
      new Map([['a', 1.5]]),
    );
  });

  it('reads int-or-string values as int or string', () => {
    const t = type({ 'x-kubernetes-int-or-string': true });
    assert.equal(toCelValue(5, t), 5n);
    assert.equal(toCelValue('25%', t), '25%');
  });

  it('converts formatted strings to timestamps, durations and bytes', () => {
    const ts = toCelValue('2024-01-02T03:04:05Z', type({ type: 'string', format: 'date-time' }));
    assert.ok(ts instanceof Date);
    assert.equal((ts as Date).toISOString(), '2024-01-02T03:04:05.000Z');
    const d = toCelValue('1h30m', type({ type: 'string', format: 'duration' })) as { seconds: bigint };
    assert.equal(d.seconds, 5400n);
    assert.deepEqual(toCelValue('aGk=', type({ type: 'string', format: 'byte' })), new Uint8Array([104, 105]));
  });
});

describe('typedEqual', () => {
  it('compares set lists regardless of order and other lists in order', () => {
    const set = type({ type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } });
    const atomic = type({ type: 'array', items: { type: 'string' } });
    assert.equal(typedEqual(['a', 'b'], ['b', 'a'], set), true);
    assert.equal(typedEqual(['a', 'b'], ['a', 'c'], set), false);
    assert.equal(typedEqual(['a', 'b'], ['b', 'a'], atomic), false);
    assert.equal(typedEqual(['a', 'b'], ['a', 'b'], atomic), true);
  });

  it('compares map lists by their keys', () => {
    const t = type({
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      items: { type: 'object', properties: { name: { type: 'string' }, v: { type: 'integer' } } },
    });
    const a = [
      { name: 'x', v: 1 },
      { name: 'y', v: 2 },
    ];
    assert.equal(typedEqual(a, [a[1], a[0]], t), true);
    assert.equal(
      typedEqual(
        a,
        [
          { name: 'x', v: 1 },
          { name: 'y', v: 3 },
        ],
        t,
      ),
      false,
    );
  });

  it('treats null object fields as absent', () => {
    const t = type({ type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' } } });
    assert.equal(typedEqual({ a: 1, b: null }, { a: 1 }, t), true);
    assert.equal(typedEqual({ a: 1 }, { a: 1, b: 'x' }, t), false);
  });
});

describe('replaceString', () => {
  it('replaces as Go strings.Replace', () => {
    assert.equal(replaceString('a.b.c', '.', '-', -1), 'a-b-c');
    assert.equal(replaceString('a.b.c', '.', '-', 1), 'a-b.c');
    assert.equal(replaceString('a.b.c', '.', '-', 0), 'a.b.c');
    assert.equal(replaceString('abc', '', '-', -1), '-a-b-c-');
    assert.equal(replaceString('abc', '', '-', 2), '-a-bc');
    assert.equal(replaceString('abc', 'x', '-', -1), 'abc');
  });
});
