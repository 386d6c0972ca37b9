import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node } from 'kubernetes-types/core/v1.js';
import { observeNode, silentNodeConditions } from './health.js';

const GRACE = { monitorMs: 50_000, startupMs: 60_000 };
const T0 = Date.parse('2024-05-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const readyNode = (heartbeat: number, transition = T0, status = 'True'): Node => ({
  metadata: { name: 'n1', creationTimestamp: iso(T0 - 3600_000) },
  status: {
    conditions: [
      { type: 'Ready', status, lastHeartbeatTime: iso(heartbeat), lastTransitionTime: iso(transition) },
      { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: iso(heartbeat), lastTransitionTime: iso(T0) },
    ],
  },
});
const lease = (renew: number): Lease => ({
  metadata: { name: 'n1' },
  spec: { renewTime: new Date(renew).toISOString() },
});

describe('observeNode', () => {
  it('starts the probe at first sight', () => {
    const o = observeNode(undefined, readyNode(T0), undefined, { mono: 1000, wall: T0 }, GRACE);
    assert.equal(o.health.probeTimestamp, 1000);
    assert.equal(o.gracePeriodMs, 50_000);
    assert.equal(o.observedReady.status, 'True');
  });
  it('keeps the probe when nothing changed, moves it on a new heartbeat', () => {
    const first = observeNode(undefined, readyNode(T0), undefined, { mono: 1000, wall: T0 }, GRACE).health;
    const same = observeNode(first, readyNode(T0), undefined, { mono: 30_000, wall: T0 + 29_000 }, GRACE).health;
    assert.equal(same.probeTimestamp, 1000);
    const beat = observeNode(
      same,
      readyNode(T0 + 10_000),
      undefined,
      { mono: 40_000, wall: T0 + 39_000 },
      GRACE,
    ).health;
    assert.equal(beat.probeTimestamp, 40_000);
    assert.equal(beat.readyTransitionTimestamp, 1000);
  });
  it('counts a Ready transition', () => {
    const first = observeNode(undefined, readyNode(T0), undefined, { mono: 1000, wall: T0 }, GRACE).health;
    const flipped = observeNode(
      first,
      readyNode(T0 + 5000, T0 + 5000, 'False'),
      undefined,
      { mono: 6000, wall: T0 + 5000 },
      GRACE,
    );
    assert.equal(flipped.health.readyTransitionTimestamp, 6000);
  });
  it('treats a renewed lease as a heartbeat even when status is stale', () => {
    let h = observeNode(undefined, readyNode(T0), lease(T0), { mono: 1000, wall: T0 }, GRACE).health;
    h = observeNode(h, readyNode(T0), lease(T0 + 10_000), { mono: 70_000, wall: T0 + 69_000 }, GRACE).health;
    assert.equal(h.probeTimestamp, 70_000);
    h = observeNode(h, readyNode(T0), lease(T0 + 10_000), { mono: 90_000, wall: T0 + 89_000 }, GRACE).health;
    assert.equal(h.probeTimestamp, 70_000);
  });
  it('judges a node that never posted status from its creation, with the startup grace', () => {
    const n: Node = { metadata: { name: 'n1', creationTimestamp: iso(T0 - 10_000) } };
    const o = observeNode(undefined, n, undefined, { mono: 100_000, wall: T0 }, GRACE);
    assert.equal(o.gracePeriodMs, 60_000);
    assert.equal(o.currentReady, undefined);
    assert.equal(o.observedReady.status, 'Unknown');
    assert.equal(o.health.probeTimestamp, 90_000);
  });
});

describe('silentNodeConditions', () => {
  it('sets kubelet conditions Unknown with upstream reasons and messages', () => {
    const out = silentNodeConditions(readyNode(T0), '2024-05-01T10:01:00Z');
    const ready = out.find((c) => c.type === 'Ready')!;
    assert.equal(ready.status, 'Unknown');
    assert.equal(ready.reason, 'NodeStatusUnknown');
    assert.equal(ready.message, 'Kubelet stopped posting node status.');
    assert.equal(ready.lastTransitionTime, '2024-05-01T10:01:00Z');
    assert.equal(ready.lastHeartbeatTime, iso(T0));
    const never = out.find((c) => c.type === 'DiskPressure')!;
    assert.equal(never.reason, 'NodeStatusNeverUpdated');
    assert.equal(never.message, 'Kubelet never posted node status.');
    assert.deepEqual(
      out.map((c) => c.type),
      ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'],
    );
  });
  it('does not touch conditions already Unknown, nor NetworkUnavailable', () => {
    const n: Node = {
      status: {
        conditions: [
          { type: 'Ready', status: 'Unknown', reason: 'X', lastTransitionTime: 'then' },
          { type: 'NetworkUnavailable', status: 'False' },
        ],
      },
    };
    const out = silentNodeConditions(n, 'now');
    assert.deepEqual(out[0], { type: 'Ready', status: 'Unknown', reason: 'X', lastTransitionTime: 'then' });
    assert.equal(out[1].status, 'False');
  });
});
