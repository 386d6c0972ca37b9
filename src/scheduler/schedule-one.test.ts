import assert from 'node:assert/strict';
import { test } from 'node:test';
import { numFeasibleNodesToFind } from './schedule-one.js';

test('numFeasibleNodesToFind: adaptive percentage as upstream (50 - nodes/125, at least 5%, at least 100 nodes)', () => {
  const cases: [number | undefined, number, number][] = [
    [undefined, 10, 10], // under 100 nodes: all
    [undefined, 99, 99],
    [undefined, 100, 100],
    [undefined, 1000, 420], // 50 - 8 = 42%
    [undefined, 5000, 500], // 50 - 40 = 10%
    [undefined, 6000, 300], // 50 - 48 = 2% → the 5% floor
    [0, 15_000, 750], // 5% floor
    [10, 500, 100], // 50 nodes < 100 minimum
    [30, 1000, 300],
    [100, 5000, 5000],
  ];
  for (const [pct, nodes, want] of cases) {
    assert.equal(numFeasibleNodesToFind(pct, nodes), want, `${pct}% of ${nodes}`);
  }
});
