import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeCondition } from 'kubernetes-types/core/v1.js';
import { RateLimitedTimedQueue, TokenBucket, computeZoneState, zoneKey, zoneRate } from './zones.js';

const ready = (status: string): NodeCondition => ({ type: 'Ready', status });

describe('zoneKey', () => {
  it('joins region and zone as upstream', () => {
    const labels = { 'topology.kubernetes.io/region': 'r1', 'topology.kubernetes.io/zone': 'z1' };
    assert.equal(zoneKey({ metadata: { labels } }), 'r1:\x00:z1');
    assert.equal(zoneKey({ metadata: { labels: { 'failure-domain.beta.kubernetes.io/zone': 'z2' } } }), ':\x00:z2');
    assert.equal(zoneKey({ metadata: {} }), '');
  });
});

describe('computeZoneState', () => {
  // After upstream's TestComputeZoneState-style cases with unhealthyZoneThreshold 0.55.
  const cases: { conds: (NodeCondition | undefined)[]; want: string }[] = [
    { conds: [ready('True'), ready('True')], want: 'Normal' },
    { conds: [ready('False')], want: 'FullDisruption' },
    { conds: [undefined, ready('Unknown')], want: 'FullDisruption' },
    { conds: [ready('True'), ready('False'), ready('False')], want: 'Normal' },
    { conds: [ready('True'), ready('False'), ready('False'), ready('Unknown')], want: 'PartialDisruption' },
    {
      conds: [ready('True'), ready('True'), ready('True'), ready('False'), ready('False'), ready('False')],
      want: 'Normal',
    },
  ];
  for (const c of cases) {
    it(`${c.conds.map((x) => x?.status ?? 'none').join(',')} → ${c.want}`, () => {
      assert.equal(computeZoneState(c.conds, 0.55).state, c.want);
    });
  }
});

describe('zoneRate', () => {
  const rates = { primary: 0.1, secondary: 0.01, largeClusterThreshold: 50 };
  it('slows large zones and stops small ones in partial disruption', () => {
    assert.equal(zoneRate('Normal', 3, rates), 0.1);
    assert.equal(zoneRate('PartialDisruption', 51, rates), 0.01);
    assert.equal(zoneRate('PartialDisruption', 50, rates), 0);
  });
});

describe('TokenBucket / RateLimitedTimedQueue', () => {
  it('accepts a burst then refills at qps', () => {
    let t = 0;
    const b = new TokenBucket(2, 1, () => t);
    assert.equal(b.tryAccept(), true);
    assert.equal(b.tryAccept(), false);
    t = 499;
    assert.equal(b.tryAccept(), false);
    t = 500;
    assert.equal(b.tryAccept(), true);
    assert.equal(new TokenBucket(0, 1, () => t).tryAccept(), false);
  });
  it('tries one node per token, in order, and retries failures later', async () => {
    let t = 0;
    const q = new RateLimitedTimedQueue(10, () => t);
    assert.equal(q.add('a', 'u1'), true);
    assert.equal(q.add('b', 'u2'), true);
    assert.equal(q.add('a', 'u1'), false);
    const seen: string[] = [];
    await q.try(async (v) => (seen.push(v), { done: true }));
    assert.deepEqual(seen, ['a']);
    t = 100;
    await q.try(async (v) => (seen.push(v), { done: false, retryAfterMs: 1000 }));
    assert.deepEqual(seen, ['a', 'b']);
    t = 200;
    await q.try(async (v) => (seen.push(v), { done: true }));
    assert.deepEqual(seen, ['a', 'b'], 'b is not due yet');
    t = 1200;
    await q.try(async (v) => (seen.push(v), { done: true }));
    assert.deepEqual(seen, ['a', 'b', 'b']);
    assert.equal(q.size, 0);
  });
  it('stops when the limiter is swapped to 0', async () => {
    const q = new RateLimitedTimedQueue(10, () => 0);
    q.add('a', '');
    q.swapLimiter(0);
    let called = false;
    await q.try(async () => ((called = true), { done: true }));
    assert.equal(called, false);
  });
});
