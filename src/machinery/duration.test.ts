import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from './duration.js';

test('parseDuration reads what Go time.ParseDuration reads, in milliseconds', () => {
  const cases: [string, number][] = [
    ['5s', 5000],
    ['1m30s', 90_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
    ['0', 0],
    ['+2s', 2000],
    ['-2s', -2000],
    ['1500us', 1.5],
    ['.5s', 500],
    ['1h0m0s', 3_600_000],
  ];
  for (const [s, want] of cases) assert.equal(parseDuration(s), want, s);
});

test('parseDuration: NaN for what Go refuses', () => {
  for (const bad of ['', '5', 's', '5 s', '5x', '1h-2m', 'later', '-', '+'])
    assert.ok(Number.isNaN(parseDuration(bad)), bad);
});
