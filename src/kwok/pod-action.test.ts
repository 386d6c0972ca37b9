import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { IPAllocator } from './cidr.js';
import type { NodeState } from './node-state.js';
import { podAction } from './pod-action.js';
import { COMPLETE_AFTER_ANNOTATION, COMPLETE_ANNOTATION } from './pod.js';

const T0 = Date.UTC(2026, 11, 2, 22, 0, 0);
const live: NodeState = {
  name: 'n',
  uid: 'u',
  heartbeat: true,
  hostIP: '10.244.0.1',
  podCIDR: '10.244.0.0/24',
  allocator: new IPAllocator('10.244.0.0/24'),
};
const dead: NodeState = { ...live, heartbeat: false };

function pod(phase?: string, extra: { annotations?: Record<string, string>; deleting?: number } = {}): Pod {
  const deleting =
    extra.deleting === undefined
      ? {}
      : { deletionTimestamp: '2026-12-02T22:00:10Z', deletionGracePeriodSeconds: extra.deleting };
  return {
    metadata: { name: 'p', namespace: 'default', uid: 'p-uid', annotations: extra.annotations, ...deleting },
    spec: { nodeName: 'n', containers: [{ name: 'c' }] },
    status: phase ? { phase, startTime: '2026-12-02T22:00:00Z' } : undefined,
  };
}

test('a pod of an unmanaged or stopped node is left alone, whatever its state', () => {
  assert.deepEqual(podAction(pod('Pending'), undefined, T0), { kind: 'ignore' });
  assert.deepEqual(podAction(pod('Pending'), dead, T0), { kind: 'ignore' });
  assert.deepEqual(podAction(pod('Running', { deleting: 30 }), dead, T0), { kind: 'ignore' });
});

test('new pods start; running pods stay; terminal pods free their address', () => {
  assert.deepEqual(podAction(pod(), live, T0), { kind: 'start' });
  assert.deepEqual(podAction(pod('Pending'), live, T0), { kind: 'start' });
  assert.deepEqual(podAction(pod('Running'), live, T0), { kind: 'running' });
  assert.deepEqual(podAction(pod('Succeeded'), live, T0), { kind: 'release' });
  assert.deepEqual(podAction(pod('Failed'), live, T0), { kind: 'release' });
});

test('a deletion is finished, once', () => {
  assert.deepEqual(podAction(pod('Running', { deleting: 30 }), live, T0), { kind: 'finish-deletion' });
  assert.deepEqual(podAction(pod('Pending', { deleting: 30 }), live, T0), { kind: 'finish-deletion' });
  assert.deepEqual(podAction(pod('Running', { deleting: 0 }), live, T0), { kind: 'release' });
});

test('completion: at once, or after the delay from startTime', () => {
  const now = { annotations: { [COMPLETE_ANNOTATION]: 'Failed' } };
  assert.deepEqual(podAction(pod('Pending', now), live, T0), { kind: 'start' }, 'runs first');
  assert.deepEqual(podAction(pod('Running', now), live, T0), { kind: 'complete', phase: 'Failed' });
  const later = { annotations: { [COMPLETE_ANNOTATION]: 'Succeeded', [COMPLETE_AFTER_ANNOTATION]: '1m' } };
  assert.deepEqual(podAction(pod('Running', later), live, T0 + 15_000), { kind: 'running', requeueAfterMs: 45_000 });
  assert.deepEqual(podAction(pod('Running', later), live, T0 + 60_000), { kind: 'complete', phase: 'Succeeded' });
  const bad = { annotations: { [COMPLETE_ANNOTATION]: 'Done' } };
  assert.deepEqual(podAction(pod('Running', bad), live, T0), { kind: 'running' });
});

test('a running pod marked not ready by someone else gets the kubelet\u2019s conditions back', () => {
  const marked = pod('Running');
  marked.status!.conditions = [
    { type: 'Ready', status: 'False', lastTransitionTime: '2026-12-02T22:00:05Z' },
    { type: 'ContainersReady', status: 'True', lastTransitionTime: '2026-12-02T22:00:00Z' },
  ];
  assert.deepEqual(podAction(marked, live, T0), { kind: 'resync' });
  assert.deepEqual(podAction(marked, dead, T0), { kind: 'ignore' }, 'not while its node is silent');
  marked.status!.conditions[0].status = 'True';
  assert.deepEqual(podAction(marked, live, T0), { kind: 'running' });
});
