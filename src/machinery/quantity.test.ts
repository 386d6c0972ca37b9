import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ERR_FORMAT_WRONG,
  ERR_NUMERIC,
  ERR_SUFFIX,
  newMilliQuantity,
  newQuantity,
  parseQuantity,
  QuantityError,
} from './quantity.js';

const q = parseQuantity;
const str = (s: string) => q(s).toString();

describe('parseQuantity canonical form', () => {
  // Expected values from upstream's TestQuantityParse table and Quantity.String().
  it('keeps inputs that are already canonical', () => {
    for (const s of [
      '0',
      '100m',
      '1Gi',
      '8k',
      '50k',
      '7M',
      '5n',
      '12E',
      '1e3',
      '1e-3',
      '1E6',
      '-100m',
      '+1',
      '1023Ki',
    ]) {
      assert.equal(str(s), s, s);
    }
    // A decimal point whose digits fill a multiple of three counts as canonical upstream.
    for (const s of ['100.035k', '10.035M', '6.987654321G', '1.', '1.G']) assert.equal(str(s), s, s);
  });

  it('canonicalizes the rest as upstream', () => {
    const cases: [string, string][] = [
      ['0.5', '500m'],
      ['1.5', '1500m'],
      ['1.0', '1'],
      ['1000', '1k'],
      ['1000000', '1M'],
      ['1024Mi', '1Gi'],
      ['8Ki', '8Ki'],
      ['1.5Gi', '1536Mi'],
      ['0.5Mi', '512Ki'],
      ['0.5Ki', '512'],
      ['1.5Ki', '1536'],
      ['0.0005k', '500m'],
      ['0.001', '1m'],
      ['.001', '1m'],
      ['1.01E', '1010P'],
      ['0.5e-1', '50e-3'],
      ['1.2e3', '1200'],
      ['0Mi', '0'],
      ['0m', '0'],
      ['-0', '0'],
      ['12345678901234567890', '12345678901234567890'],
      ['-0.5', '-500m'],
    ];
    for (const [input, want] of cases) assert.equal(str(input), want, input);
  });

  it('rounds up to whole nanos and caps binary amounts at 2^63-1', () => {
    assert.equal(str('3.001n'), '4n');
    assert.equal(str('0.0000000001'), '1n');
    assert.equal(str('0.00000012345'), '124n');
    assert.equal(str('-0.0000000001'), '-1n');
    assert.equal(str('1.1E-9'), '2e-9');
    assert.equal(str('0.000000000001Ki'), '2n');
    assert.equal(q('0.000000000001Ki').format, 'DecimalSI');
    assert.equal(str('9Ei'), '9223372036854775807');
    assert.equal(str('9223372036854775807Ki'), '9223372036854775807');
    assert.equal(q('1e-2000000000').toString(), '1e-9');
  });

  it('prints no suffix past E, as upstream does', () => {
    // upstream's constructBytes has no DecimalSI suffix above 10^18 and prints none.
    assert.equal(str('1000E'), '1');
  });

  it('refuses bad strings with upstream messages', () => {
    const cases: [string, string][] = [
      ['', ERR_FORMAT_WRONG],
      [' 1', ERR_FORMAT_WRONG],
      ['1 ', ERR_FORMAT_WRONG],
      ['aoeu', ERR_FORMAT_WRONG],
      ['1.1.M', ERR_FORMAT_WRONG],
      ['1+1.0M', ERR_FORMAT_WRONG],
      ['0.1mi', ERR_SUFFIX],
      ['0.1am', ERR_FORMAT_WRONG],
      ['.5i', ERR_SUFFIX],
      ['1i', ERR_SUFFIX],
      ['-3.01e-', ERR_SUFFIX],
      ['1e', ERR_SUFFIX],
      ['-.Ei', ERR_NUMERIC],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => q(input),
        (err: Error) => err instanceof QuantityError && err.message === message,
        input,
      );
    }
    assert.equal(
      ERR_FORMAT_WRONG,
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });

  it('serializes as a JSON string', () => {
    assert.equal(JSON.stringify({ cpu: q('0.5'), memory: q('1024Mi') }), '{"cpu":"500m","memory":"1Gi"}');
  });
});

describe('Quantity arithmetic', () => {
  it('compares exactly, across formats and huge exponents', () => {
    assert.equal(q('100m').cmp(q('50m')), 1);
    assert.equal(q('50m').cmp(q('100m')), -1);
    assert.equal(q('10000T').cmp(q('100Gi')), 1);
    assert.equal(q('1Ki').cmp(q('1024')), 0);
    assert.ok(q('1Ki').equal(q('1.024k')));
    assert.equal(q('-1').cmp(q('1m')), -1);
    assert.equal(q('1e2000000000').cmp(q('1')), 1);
    assert.equal(q('-1e2000000000').cmp(q('1')), -1);
    assert.equal(q('0.1').cmp(q('100m')), 0);
  });

  it('adds and subtracts exactly, keeping the format', () => {
    assert.equal(q('100m').add(q('1')).toString(), '1100m');
    assert.equal(q('1Gi').add(q('512Mi')).toString(), '1536Mi');
    assert.equal(q('0').add(q('1Gi')).toString(), '1Gi');
    assert.equal(q('1Gi').add(q('0')).toString(), '1Gi');
    assert.equal(q('100m').sub(q('100m')).toString(), '0');
    assert.equal(q('0').sub(q('100m')).toString(), '-100m');
    assert.equal(q('0.1').add(q('0.2')).toString(), '300m');
    assert.equal(q('+1').add(q('0')).toString(), '1');
  });

  it('rounds values up like Value and MilliValue', () => {
    assert.equal(q('1500m').value(), 2n);
    assert.equal(q('-1500m').value(), -2n);
    assert.equal(q('1.5').milliValue(), 1500n);
    assert.equal(q('1n').milliValue(), 1n);
    assert.equal(q('1Gi').value(), 1073741824n);
    assert.equal(q('12E').value(), 12000000000000000000n);
    assert.equal(q('250m').asApproximateFloat64(), 0.25);
  });

  it('builds quantities from integers', () => {
    assert.equal(newQuantity(1024n, 'BinarySI').toString(), '1Ki');
    assert.equal(newQuantity(1536, 'BinarySI').toString(), '1536');
    assert.equal(newQuantity(5, 'DecimalSI').toString(), '5');
    assert.equal(newMilliQuantity(500, 'DecimalSI').toString(), '500m');
    assert.equal(newMilliQuantity(2000, 'DecimalSI').toString(), '2');
  });
});
