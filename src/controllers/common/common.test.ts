import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../client/workqueue/fake-clock.js';
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS } from './expectations.js';
import { getControllerOf, newControllerRef } from './controller-ref.js';
import { podFromTemplate } from './pod-control.js';
import { isPodActive, isPodAvailable, msUntilAvailable } from './pod-util.js';
import { slowStartBatch } from './slow-start.js';

const readyPod = (since: string): Pod => ({
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }] },
});

describe('pod-util', () => {
  it('counts a pod available only after minReadySeconds of readiness', () => {
    const p = readyPod('2026-01-01T00:00:00Z');
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(isPodAvailable(p, 0, t0), true);
    assert.equal(isPodAvailable(p, 10, t0 + 9_999), false);
    assert.equal(isPodAvailable(p, 10, t0 + 10_000), false);
    assert.equal(isPodAvailable(p, 10, t0 + 10_001), true);
    assert.equal(msUntilAvailable(p, 10, t0 + 4_000), 6_001);
    assert.equal(msUntilAvailable(p, 10, t0 + 10_000), 1);
    assert.equal(msUntilAvailable(p, 10, t0 + 10_001), 0);
    assert.equal(isPodAvailable({ status: {} }, 0, t0), false);
  });
  it('treats terminal and deleting pods as inactive', () => {
    assert.equal(isPodActive({ status: { phase: 'Running' } }), true);
    assert.equal(isPodActive({ status: { phase: 'Failed' } }), false);
    assert.equal(isPodActive({ metadata: { deletionTimestamp: 'x' }, status: { phase: 'Running' } }), false);
  });
});

describe('expectations', () => {
  it('is satisfied once every expected create is seen, or after the timeout', () => {
    const clock = new FakeClock();
    const e = new ControllerExpectations(clock);
    assert.equal(e.satisfied('ns/a'), true);
    e.expectCreations('ns/a', 2);
    e.creationObserved('ns/a');
    assert.equal(e.satisfied('ns/a'), false);
    e.creationObserved('ns/a');
    assert.equal(e.satisfied('ns/a'), true);
    e.expectDeletions('ns/a', 1);
    assert.equal(e.satisfied('ns/a'), false);
    clock.step(EXPECTATIONS_TIMEOUT_MS + 1);
    assert.equal(e.satisfied('ns/a'), true);
  });
});

describe('controller refs and templates', () => {
  it('builds a pod from a template with generateName and the controller reference', () => {
    const owner = { metadata: { name: 'web-5d8f', namespace: 'ns', uid: 'u1' } };
    const ref = newControllerRef(owner, 'apps/v1', 'ReplicaSet');
    const pod = podFromTemplate(
      { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c' }] } },
      owner,
      ref,
    );
    assert.equal(pod.metadata?.generateName, 'web-5d8f-');
    assert.deepEqual(pod.metadata?.labels, { app: 'web' });
    assert.deepEqual(getControllerOf(pod), {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'web-5d8f',
      uid: 'u1',
      controller: true,
      blockOwnerDeletion: true,
    });
  });
});

describe('slowStartBatch', () => {
  it('runs batches of 1, 2, 4 and stops after a failing batch', async () => {
    const calls: number[] = [];
    const r = await slowStartBatch(10, 1, async (i) => {
      calls.push(i);
      if (i === 4) throw new Error('quota');
    });
    // Batches [0], [1,2], [3,4,5,6]: the third fails, so 7..9 are never tried.
    assert.deepEqual(
      calls.sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6],
    );
    assert.equal(r.successes, 6);
    assert.equal((r.error as Error).message, 'quota');
    assert.deepEqual(await slowStartBatch(0, 1, async () => undefined), { successes: 0 });
  });
});
