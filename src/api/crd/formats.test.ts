import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFormat, effectiveFormat, isKnownFormat } from './formats.js';
import { validFieldPath } from '../../machinery/cel/index.js';
import type { JSONSchemaProps } from './types.js';
import { compileGoRegexp } from './go-regexp.js';

describe('string formats', () => {
  const cases: [string, string[], string[]][] = [
    [
      'date-time',
      ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.123+02:00', '2024-01-02T03:04:05'],
      ['2024-13-02T03:04:05Z', 'yesterday', '2024-02-30T00:00:00Z'],
    ],
    ['date', ['2024-02-29'], ['2023-02-29', '2024-1-1']],
    ['duration', ['1h30m', '3 days', '250ms'], ['soon', '1x']],
    ['ipv4', ['10.0.0.1'], ['10.0.0.256', '::1']],
    ['ipv6', ['::1', 'fe80::1'], ['10.0.0.1']],
    ['cidr', ['10.0.0.0/8', 'fd00::/64'], ['10.0.0.0']],
    ['mac', ['00:00:5e:00:53:01', '0000.5e00.5301'], ['00:00:5e']],
    ['uuid', ['123e4567-e89b-12d3-a456-426614174000'], ['123e4567']],
    ['uuid4', ['123e4567-e89b-42d3-a456-426614174000'], ['123e4567-e89b-12d3-a456-426614174000']],
    ['hostname', ['example.com', 'localhost'], ['-bad-.com', 'a_b']],
    ['email', ['a@example.com', 'A <a@example.com>'], ['nope']],
    ['uri', ['https://example.com/x', '/relative'], ['example.com', 'a b']],
    ['byte', ['aGVsbG8='], ['hello!']],
    ['quantity', ['10Gi', '500m'], ['10 Gi', 'abc']],
    ['isbn10', ['0-306-40615-2'], ['0-306-40615-3']],
    ['isbn13', ['978-0-306-40615-7'], ['978-0-306-40615-8']],
    ['creditcard', ['4111 1111 1111 1111'], ['4111 1111 1111 1112']],
    ['ssn', ['123-45-6789'], ['123456789']],
    ['hexcolor', ['#fff', 'a0b0c0'], ['#ggg']],
    ['rgbcolor', ['rgb(0, 255, 10)'], ['rgb(256,0,0)']],
    ['bsonobjectid', ['507f1f77bcf86cd799439011'], ['507f1f77']],
  ];
  for (const [format, good, bad] of cases) {
    it(`checks ${format}`, () => {
      for (const s of good) assert.equal(checkFormat(format, s), true, `${format} should accept ${s}`);
      for (const s of bad) assert.equal(checkFormat(format, s), false, `${format} should refuse ${s}`);
    });
  }

  it('keeps only the formats upstream supports for each type', () => {
    assert.equal(isKnownFormat('datetime'), true);
    assert.equal(effectiveFormat(['string'], 'date-time'), 'date-time');
    assert.equal(effectiveFormat(['string'], 'k8s-short-name'), '');
    assert.equal(effectiveFormat(['integer'], 'int32'), 'int32');
    assert.equal(effectiveFormat(['integer'], 'date'), '');
    assert.equal(effectiveFormat(['number'], 'double'), 'double');
    assert.equal(effectiveFormat(['boolean'], 'password'), '');
  });
});

describe('validFieldPath', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: {
      spec: { type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } } },
    },
  };
  it('resolves properties and map keys', () => {
    assert.deepEqual(validFieldPath(".spec.labels['a.b']", schema), {
      path: 'spec.labels[a.b]',
      schema: { type: 'string' },
    });
    assert.deepEqual(validFieldPath("['spec'].labels.x", schema), {
      path: 'spec.labels[x]',
      schema: { type: 'string' },
    });
  });
  it('explains invalid paths', () => {
    assert.deepEqual(validFieldPath('.spec.nope', schema), { error: 'does not refer to a valid field' });
    assert.deepEqual(validFieldPath('spec', schema), { error: 'expected [ or . but got: spec' });
    assert.deepEqual(validFieldPath('.spec[spec]', schema), { error: 'expected single quoted string but got spec' });
    assert.deepEqual(validFieldPath("['spec'", schema), { error: 'unexpected end of JSON path' });
    assert.deepEqual(validFieldPath("['sp\\qec']", schema), {
      error: 'invalid string literal: invalid escape char \\q',
    });
  });
});

describe('compileGoRegexp', () => {
  it('takes RE2 spellings JavaScript lacks', () => {
    const re = compileGoRegexp('(?i)^abc\\z');
    assert.ok(re instanceof RegExp && re.test('ABC') && !re.test('abcd'));
  });
});
