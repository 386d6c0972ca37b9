import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { formatMicroTime, formatTime, parseRfc3339 } from './time-format.js';

describe('time-format', () => {
  it('parses RFC 3339 as Go does: fractions, Z or offsets', () => {
    assert.deepEqual(parseRfc3339('2024-01-02T03:04:05Z'), { seconds: 1704164645, nanos: 0 });
    assert.deepEqual(parseRfc3339('2024-01-02T04:04:05.5+01:00'), { seconds: 1704164645, nanos: 500_000_000 });
    assert.deepEqual(parseRfc3339('2024-01-01T22:04:05.123456789-05:00'), { seconds: 1704164645, nanos: 123_456_789 });
    assert.deepEqual(parseRfc3339('1970-01-01T00:00:00Z'), { seconds: 0, nanos: 0 });
    assert.deepEqual(parseRfc3339('0001-01-01T00:00:00Z'), { seconds: -62135596800, nanos: 0 });
  });

  it('rejects what is not RFC 3339', () => {
    assert.throws(
      () => parseRfc3339('2024-01-02 03:04:05'),
      /parsing time "2024-01-02 03:04:05" as "2006-01-02T15:04:05Z07:00"/,
    );
    assert.throws(() => parseRfc3339('2024-02-30T00:00:00Z'), /day out of range/);
    assert.throws(() => parseRfc3339('2024-13-01T00:00:00Z'), /out of range/);
  });

  it('formats Time at second precision and MicroTime with six digits, in UTC', () => {
    assert.equal(formatTime({ seconds: 1704164645, nanos: 999_999_999 }), '2024-01-02T03:04:05Z');
    assert.equal(formatMicroTime({ seconds: 1704164645, nanos: 1_999 }), '2024-01-02T03:04:05.000001Z');
    assert.equal(formatMicroTime({ seconds: 1704164645, nanos: 0 }), '2024-01-02T03:04:05.000000Z');
    assert.equal(formatTime({ seconds: -62135596800, nanos: 0 }), '0001-01-01T00:00:00Z');
  });
});
