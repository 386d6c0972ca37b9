import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoDuration, parseGoDuration } from './go-duration.js';

const cases: [string, string][] = [
  ['0', '0s'],
  ['15s', '15s'],
  ['60s', '1m0s'],
  ['1h', '1h0m0s'],
  ['1.5s', '1.5s'],
  ['1500ms', '1.5s'],
  ['-2m3s', '-2m3s'],
  ['100us', '100µs'],
  ['2µs', '2µs'],
  ['250ms', '250ms'],
  ['7ns', '7ns'],
  ['1h30m', '1h30m0s'],
  ['.5m', '30s'],
];

for (const [text, want] of cases) {
  test(`Go duration ${text} → ${want}`, () => {
    assert.equal(formatGoDuration(parseGoDuration(text)), want);
  });
}

const bad: [string, string][] = [
  ['', 'time: invalid duration ""'],
  ['abc', 'time: invalid duration "abc"'],
  ['5', 'time: missing unit in duration "5"'],
  ['5d', 'time: unknown unit "d" in duration "5d"'],
  ['.s', 'time: invalid duration ".s"'],
];

for (const [text, want] of bad) {
  test(`Go duration ${JSON.stringify(text)} fails`, () => {
    assert.throws(() => parseGoDuration(text), new Error(want));
  });
}
