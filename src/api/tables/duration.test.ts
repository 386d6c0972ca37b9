import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, shortHumanDuration } from './duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration', () => {
  const cases: [number, string][] = [
    // upstream's duration_test.go
    [S, '1s'],
    [70 * S, '70s'],
    [190 * S, '3m10s'],
    [70 * M, '70m'],
    [47 * H, '47h'],
    [49 * H, '2d1h'],
    [(8 * 24 + 2) * H, '8d'],
    [367 * D, '367d'],
    [(365 * 2 * 24 + 25) * H, '2y1d'],
    [(365 * 8 * 24 + 2) * H, '8y'],
    // each boundary, on both sides
    [0, '0s'],
    [999, '0s'],
    [59 * S, '59s'],
    [119 * S + 999, '119s'],
    [2 * M, '2m'],
    [2 * M + 3 * S, '2m3s'],
    [5 * M, '5m'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M, '10m'],
    [10 * M + 30 * S, '10m'],
    [179 * M + 59 * S, '179m'],
    [3 * H, '3h'],
    [3 * H + 30 * M, '3h30m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H, '8h'],
    [47 * H + 59 * M, '47h'],
    [2 * D, '2d'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [3 * 365 * D, '3y'],
    [3 * 365 * D + 100 * D, '3y100d'],
    [8 * 365 * D - 1, '7y364d'],
    [8 * 365 * D, '8y'],
    [100 * 365 * D, '100y'],
  ];
  for (const [ms, want] of cases) it(`${ms}ms → ${want}`, () => assert.equal(humanDuration(ms), want));

  it('tolerates up to two seconds of clock skew, then is <invalid>', () => {
    assert.equal(humanDuration(-1 * S), '0s');
    assert.equal(humanDuration(-1999), '0s');
    assert.equal(humanDuration(-2 * S), '<invalid>');
    assert.equal(humanDuration(-2.1 * S), '<invalid>');
  });
});

describe('shortHumanDuration', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [59 * S, '59s'],
    [60 * S, '1m'],
    [59 * M + 59 * S, '59m'],
    [H, '1h'],
    [23 * H, '23h'],
    [D, '1d'],
    [364 * D, '364d'],
    [365 * D, '1y'],
    [(2 * 365 + 200) * D, '2y'],
    [-1 * S, '0s'],
    [-2 * S, '<invalid>'],
  ];
  for (const [ms, want] of cases) it(`${ms}ms → ${want}`, () => assert.equal(shortHumanDuration(ms), want));
});
