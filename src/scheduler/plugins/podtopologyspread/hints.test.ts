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

test('PodTopologySpread defaultSelector: the selecting Services and the controller’s selector, as upstream', () => {
  const owned = (kind: string, apiVersion: string, name: string, labels: Record<string, string>) => {
    const p = pod({ labels, namespace: 'default' });
    p.metadata!.ownerReferences = [{ apiVersion, kind, name, uid: name, controller: true }];
    return p;
  };
  const meta = (name: string) => ({ name, namespace: 'default' });
  const listers = fakeHandle([], {
    services: [
      { metadata: meta('web'), spec: { selector: { app: 'web' } } },
      { metadata: meta('tier'), spec: { selector: { tier: 'front' } } },
      { metadata: meta('headless'), spec: {} },
    ],
    replicationControllers: [{ metadata: meta('rc'), spec: { selector: { app: 'legacy' } } }],
    replicaSets: [
      { metadata: meta('web-h'), spec: { selector: { matchLabels: { app: 'web', 'pod-template-hash': 'h' } } } },
    ],
    statefulSets: [
      {
        metadata: meta('db'),
        spec: {
          serviceName: 'db',
          selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }] },
          template: {},
        },
      },
    ],
  }).listers;
  const sel = (p: ReturnType<typeof pod>) => defaultSelector(p, listers).toString();
  // A Deployment's pod: the Service selecting it and its ReplicaSet's selector (upstream's
  // Selector.Add keeps the repeated app=web too).
  assert.equal(
    sel(owned('ReplicaSet', 'apps/v1', 'web-h', { app: 'web', 'pod-template-hash': 'h', tier: 'front' })),
    'app=web,app=web,pod-template-hash=h,tier=front',
  );
  assert.equal(sel(owned('ReplicationController', 'v1', 'rc', { app: 'legacy' })), 'app=legacy');
  assert.equal(
    sel(owned('StatefulSet', 'apps/v1', 'db', { app: 'db', 'controller-revision-hash': 'db-1' })),
    'app in (db)',
  );
  // Only Services: their selectors merged.
  assert.equal(sel(pod({ labels: { app: 'web', tier: 'front' }, namespace: 'default' })), 'app=web,tier=front');
  // Nothing selects it: no default spreading.
  assert.ok(defaultSelector(owned('DaemonSet', 'apps/v1', 'ds', { app: 'x' }), listers).empty());
  assert.ok(defaultSelector(pod({ labels: { app: 'x' }, namespace: 'default' }), listers).empty());
  // A controller the scheduler has not seen adds nothing.
  assert.ok(defaultSelector(owned('ReplicaSet', 'apps/v1', 'gone', { app: 'x' }), listers).empty());
});
