import { test } from 'node:test';
import assert from 'node:assert/strict';
import { microTime, rfc3339, toMillis } from './time.js';

test('rfc3339 and microTime format numbers and Dates in UTC', () => {
  const ms = Date.UTC(2026, 11, 2, 22, 0, 0, 123);
  assert.equal(rfc3339(ms), '2026-12-02T22:00:00Z');
  assert.equal(microTime(ms), '2026-12-02T22:00:00.123000Z');
  assert.equal(microTime(new Date(Date.UTC(2026, 11, 2, 22))), '2026-12-02T22:00:00.000000Z');
  assert.equal(toMillis(new Date(ms)), ms);
});
