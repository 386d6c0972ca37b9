import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ActionType, ALL_ACTIONS } from '../../framework/interface.js';
import { fakeHandle } from '../../framework/testing.js';
import { defaultSelector, factory, type PodTopologySpread } from './index.js';
import { fooSelector, node, pod, spread, unschedulableTaint } from './testing.js';

const pl = factory({ defaultingType: 'List' }, fakeHandle([])) as PodTopologySpread;
const [podEvent, nodeEvent] = pl.eventsToRegister();
const target = pod({ labels: { foo: '' }, constraints: [spread(1, 'zone', 'DoNotSchedule', fooSelector)] });
const honoring = pod({
  labels: { foo: '' },
  constraints: [spread(1, 'zone', 'DoNotSchedule', fooSelector, { nodeTaintsPolicy: 'Honor' })],
});
const relabel = (p: Pod, labels: Record<string, string>): Pod => ({ ...p, metadata: { ...p.metadata, labels } });

test('PodTopologySpread registers pod and node events', () => {
  assert.equal(podEvent.event.actionType, ALL_ACTIONS);
  assert.equal(
    nodeEvent.event.actionType,
    ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint,
  );
});

// Upstream's Test_isSchedulableAfterPodChange and Test_isSchedulableAfterNodeChange, in brief.
test('PodTopologySpread pod hint', () => {
  const hint = podEvent.hint!;
  const matching = pod({ node: 'n', labels: { foo: '' } });
  const other = pod({ node: 'n', labels: { bar: '' } });
  assert.equal(hint(target, undefined, matching), 'Queue');
  assert.equal(hint(target, undefined, other), 'QueueSkip');
  assert.equal(hint(target, undefined, pod({ labels: { foo: '' } })), 'QueueSkip', 'unscheduled');
  assert.equal(
    hint(target, undefined, pod({ node: 'n', namespace: 'ns', labels: { foo: '' } })),
    'QueueSkip',
    'other ns',
  );
  assert.equal(hint(target, matching, undefined), 'Queue');
  assert.equal(hint(target, other, undefined), 'QueueSkip');
  assert.equal(hint(target, matching, relabel(matching, { bar: '' })), 'Queue');
  assert.equal(hint(target, matching, relabel(matching, { foo: '', baz: '' })), 'QueueSkip');
  assert.equal(hint(target, matching, matching), 'QueueSkip');
  const tolerating = { ...honoring, spec: { ...honoring.spec!, tolerations: [{ operator: 'Exists' }] } };
  assert.equal(hint(honoring, honoring, tolerating), 'Queue');
  assert.equal(
    hint(target, target, { ...target, spec: { ...target.spec!, tolerations: [{ operator: 'Exists' }] } }),
    'QueueSkip',
  );
});

test('PodTopologySpread node hint', () => {
  const hint = nodeEvent.hint!;
  const zoned = node('n', { zone: 'z1' });
  assert.equal(hint(target, undefined, zoned), 'Queue');
  assert.equal(hint(target, undefined, node('n', { rack: 'r' })), 'QueueSkip');
  assert.equal(hint(target, zoned, undefined), 'Queue');
  assert.equal(hint(target, zoned, node('n', { zone: 'z2' })), 'Queue');
  assert.equal(hint(target, zoned, node('n', {})), 'Queue');
  assert.equal(hint(target, zoned, node('n', { zone: 'z1', other: 'x' })), 'QueueSkip');
  assert.equal(hint(target, zoned, node('n', { zone: 'z1' }, unschedulableTaint)), 'Queue');
});

test('PodTopologySpread defaultSelector stands in for the owning controller’s selector', () => {
  const owned = (kind: string, apiVersion: string, labels: Record<string, string>) => {
    const p = pod({ labels });
    p.metadata!.ownerReferences = [{ apiVersion, kind, name: 'o', uid: 'o', controller: true }];
    return p;
  };
  assert.equal(
    defaultSelector(owned('ReplicaSet', 'apps/v1', { app: 'web', 'pod-template-hash': 'h' })).toString(),
    'app=web,pod-template-hash=h',
  );
  assert.equal(defaultSelector(owned('ReplicationController', 'v1', { app: 'web' })).toString(), 'app=web');
  assert.equal(
    defaultSelector(
      owned('StatefulSet', 'apps/v1', {
        app: 'db',
        'statefulset.kubernetes.io/pod-name': 'db-0',
        'apps.kubernetes.io/pod-index': '0',
        'controller-revision-hash': 'db-1',
      }),
    ).toString(),
    'app=db',
  );
  assert.ok(defaultSelector(owned('DaemonSet', 'apps/v1', { app: 'x' })).empty());
  assert.ok(defaultSelector(pod({ labels: { app: 'x' } })).empty());
});
