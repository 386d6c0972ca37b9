import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { buildNode, nodeConditions } from './node.js';
import {
  HEARTBEAT_ANNOTATION,
  ManagedNodes,
  heartbeatEnabled,
  isManagedNode,
  needsStatusUpdate,
  nodeIPFor,
} from './node-state.js';

const T0 = Date.UTC(2026, 11, 2, 22, 0, 0);

function node(name: string, extra: { annotations?: Record<string, string>; podCIDR?: string; ip?: string } = {}): Node {
  const n = buildNode(name, { now: T0, internalIP: extra.ip ?? '10.0.0.1', podCIDR: extra.podCIDR });
  n.metadata = { ...n.metadata, uid: `uid-${name}`, annotations: { ...n.metadata?.annotations, ...extra.annotations } };
  return n;
}

const managed = () =>
  new ManagedNodes({ manageAll: false, prefix: 'kwok-node-', nodes: 3, firstBlock: '10.244.0.0/24' });

function pod(uid: string, nodeName: string, status: Pod['status'], hostNetwork = false): Pod {
  return {
    metadata: { name: uid, namespace: 'default', uid },
    spec: { nodeName, hostNetwork, containers: [] },
    status,
  };
}

test('heartbeatEnabled: only a ParseBool false in the annotation stops the node', () => {
  assert.equal(heartbeatEnabled(node('a')), true);
  for (const v of ['false', 'False', 'FALSE', 'f', 'F', '0', ' false ']) {
    assert.equal(heartbeatEnabled(node('a', { annotations: { [HEARTBEAT_ANNOTATION]: v } })), false, v);
  }
  for (const v of ['true', '1', '', 'no']) {
    assert.equal(heartbeatEnabled(node('a', { annotations: { [HEARTBEAT_ANNOTATION]: v } })), true, v);
  }
});

test('isManagedNode: the kwok annotation, or every node with manageAll', () => {
  const real: Node = { metadata: { name: 'real' } };
  assert.equal(isManagedNode(node('a'), false), true);
  assert.equal(isManagedNode(real, false), false);
  assert.equal(isManagedNode(real, true), true);
});

test('needsStatusUpdate: a changed condition, or a heartbeat as old as the report frequency', () => {
  const n = node('a');
  assert.equal(needsStatusUpdate(n, T0 + 1000, 300_000), false);
  assert.equal(needsStatusUpdate(n, T0 + 300_000, 300_000), true);
  assert.equal(needsStatusUpdate(n, T0 + 300_000, 300_000, T0 + 10_000), false, 'a recent post counts');
  const unknown = structuredClone(n);
  const ready = unknown.status!.conditions!.find((c) => c.type === 'Ready')!;
  Object.assign(ready, { status: 'Unknown', reason: 'NodeStatusUnknown' });
  assert.equal(needsStatusUpdate(unknown, T0 + 1000, 300_000, T0 + 1000), true);
  const missing = { ...n, status: { conditions: nodeConditions(T0).filter((c) => c.type !== 'PIDPressure') } };
  assert.equal(needsStatusUpdate(missing, T0 + 1000, 300_000), true);
  assert.equal(needsStatusUpdate({ metadata: { name: 'x' } }, T0, 300_000), true);
});

test('nodeIPFor is the .1 of the block', () => {
  assert.equal(nodeIPFor('10.244.7.0/24'), '10.244.7.1');
});

test('ManagedNodes: fallback blocks by index, podCIDR first, other nodes after the registered ones', () => {
  const m = managed();
  assert.equal(m.observe(node('kwok-node-2')).state?.podCIDR, '10.244.2.0/24');
  assert.equal(m.observe(node('kwok-node-40')).state?.podCIDR, '10.244.40.0/24');
  assert.equal(m.observe(node('other')).state?.podCIDR, '10.244.3.0/24');
  assert.equal(m.observe(node('another')).state?.podCIDR, '10.244.4.0/24');
  assert.equal(m.observe(node('other')).state?.podCIDR, '10.244.3.0/24', 'stable');
  assert.equal(m.observe(node('kwok-node-01')).state?.podCIDR, '10.244.5.0/24', 'not an index');
  assert.equal(m.observe(node('kwok-node-9', { podCIDR: '10.100.9.7/24' })).state?.podCIDR, '10.100.9.0/24');
  assert.equal(m.observe(node('kwok-node-8', { podCIDR: 'fd00::/64' })).state?.podCIDR, '10.244.8.0/24');
  const s = m.get('kwok-node-2')!;
  assert.equal(s.uid, 'uid-kwok-node-2');
  assert.equal(s.hostIP, '10.0.0.1');
  const noAddress = { ...node('kwok-node-1'), status: {} };
  assert.equal(m.observe(noAddress).state?.hostIP, '10.244.1.1');
  assert.equal(m.observe({ metadata: { name: 'real' } }).state, undefined);
  assert.equal(m.size, 8);
});

test('ManagedNodes: added, resumed, a podCIDR change, and no longer managed', () => {
  const m = managed();
  const stopped = node('kwok-node-0', { annotations: { [HEARTBEAT_ANNOTATION]: 'false' } });
  assert.deepEqual((({ added, resumed, cidrChanged }) => ({ added, resumed, cidrChanged }))(m.observe(stopped)), {
    added: true,
    resumed: false,
    cidrChanged: true,
  });
  assert.equal(m.get('kwok-node-0')?.heartbeat, false);
  const alive = m.observe(node('kwok-node-0'));
  assert.equal(alive.resumed, true);
  assert.equal(alive.added, false);
  assert.equal(alive.cidrChanged, false);
  assert.equal(m.observe(node('kwok-node-0')).resumed, false);
  const before = m.get('kwok-node-0')!.allocator;
  const moved = m.observe(node('kwok-node-0', { podCIDR: '10.9.0.0/24' }));
  assert.equal(moved.cidrChanged, true);
  assert.notEqual(moved.state!.allocator, before);
  const unmanaged = node('kwok-node-0');
  delete unmanaged.metadata!.annotations!['kwok.x-k8s.io/node'];
  assert.equal(m.observe(unmanaged).state, undefined);
  assert.equal(m.get('kwok-node-0'), undefined);
});

test('ManagedNodes: nodes on the same block share one pool', () => {
  const m = managed();
  const a = m.observe(node('a', { podCIDR: '10.1.0.0/24' })).state!;
  const b = m.observe(node('b', { podCIDR: '10.1.0.0/24' })).state!;
  assert.equal(a.allocator, b.allocator);
  assert.notEqual(a.allocator.allocate('p1'), b.allocator.allocate('p2'));
});

test('reservePod rebuilds the pools from running pods; a new pod gets a free address', () => {
  const m = managed();
  m.observe(node('kwok-node-1'));
  const running = (ip: string) => ({ phase: 'Running', podIP: ip });
  assert.equal(m.reservePod(pod('p1', 'kwok-node-1', running('10.244.1.2'))), true);
  assert.equal(m.reservePod(pod('p2', 'kwok-node-1', running('10.244.1.3'))), true);
  assert.equal(m.reservePod(pod('p2', 'kwok-node-1', running('10.244.1.3'))), true, 'idempotent');
  assert.equal(m.reservePod(pod('dup', 'kwok-node-1', running('10.244.1.2'))), false, 'held by p1');
  assert.equal(m.reservePod(pod('out', 'kwok-node-1', running('10.9.9.9'))), false, 'outside the pool');
  assert.equal(m.reservePod(pod('done', 'kwok-node-1', { phase: 'Succeeded', podIP: '10.244.1.9' })), false);
  assert.equal(m.reservePod(pod('pending', 'kwok-node-1', { phase: 'Pending' })), false);
  assert.equal(m.reservePod(pod('host', 'kwok-node-1', running('10.244.1.1'), true)), false);
  assert.equal(m.reservePod(pod('elsewhere', 'real', running('10.244.1.4'))), false);
  const pool = m.get('kwok-node-1')!.allocator;
  assert.equal(pool.used, 2);
  assert.equal(pool.allocate('new'), '10.244.1.4');
  assert.equal(m.releasePod(pod('p1', 'kwok-node-1', undefined)), '10.244.1.2');
  assert.equal(pool.used, 2);
});
