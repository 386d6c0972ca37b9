import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeCondition } from 'kubernetes-types/core/v1.js';
import { buildNode, heartbeatConditions, nodeConditions } from './node.js';

const T0 = Date.UTC(2026, 11, 2, 22, 0, 0);
const T1 = T0 + 60_000;

test('buildNode mirrors kwokctl node template and kwok node-initialize stage', () => {
  const node = buildNode('kwok-node-3', {
    now: T0,
    internalIP: '10.0.0.3',
    podCIDR: '10.244.3.0/24',
    zone: 'zone-a',
    region: 'region-1',
  });
  assert.equal(node.apiVersion, 'v1');
  assert.equal(node.kind, 'Node');
  assert.deepEqual(node.metadata?.labels, {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': 'kwok-node-3',
    'kubernetes.io/os': 'linux',
    'kubernetes.io/role': 'agent',
    'node-role.kubernetes.io/agent': '',
    type: 'kwok',
    'topology.kubernetes.io/zone': 'zone-a',
    'topology.kubernetes.io/region': 'region-1',
  });
  assert.deepEqual(node.metadata?.annotations, {
    'kwok.x-k8s.io/node': 'fake',
    'node.alpha.kubernetes.io/ttl': '0',
  });
  assert.deepEqual(node.spec, { podCIDR: '10.244.3.0/24', podCIDRs: ['10.244.3.0/24'] });
  const s = node.status!;
  assert.deepEqual(s.allocatable, { cpu: '32', memory: '256Gi', pods: '110' });
  assert.deepEqual(s.capacity, { cpu: '32', memory: '256Gi', pods: '110' });
  assert.deepEqual(s.addresses, [
    { type: 'InternalIP', address: '10.0.0.3' },
    { type: 'Hostname', address: 'kwok-node-3' },
  ]);
  assert.deepEqual(s.daemonEndpoints, { kubeletEndpoint: { Port: 10250 } });
  assert.equal(s.nodeInfo?.kubeletVersion, 'kwok-v0.1.0');
  assert.equal(s.nodeInfo?.kubeProxyVersion, 'kwok-v0.1.0');
  assert.equal(s.nodeInfo?.operatingSystem, 'linux');
  assert.equal(s.nodeInfo?.architecture, 'amd64');
  assert.equal(s.phase, 'Running');
  assert.deepEqual(s.conditions, nodeConditions(T0));
});

test('buildNode options: capacity defaults per resource to allocatable; no zone, no podCIDR', () => {
  const node = buildNode('n', {
    now: T0,
    internalIP: '10.0.0.9',
    allocatable: { cpu: '4', memory: '8Gi', pods: '20' },
    capacity: { memory: '9Gi' },
    labels: { type: 'custom' },
    taints: [{ key: 'kwok.x-k8s.io/node', value: 'fake', effect: 'NoSchedule' }],
    kubeletVersion: 'v1.32.3',
    kubeletPort: 10247,
  });
  assert.deepEqual(node.status?.capacity, { cpu: '4', memory: '9Gi', pods: '20' });
  assert.equal(node.metadata?.labels?.type, 'custom');
  assert.equal(node.metadata?.labels?.['topology.kubernetes.io/zone'], undefined);
  assert.deepEqual(node.spec, { taints: [{ key: 'kwok.x-k8s.io/node', value: 'fake', effect: 'NoSchedule' }] });
  assert.equal(node.status?.nodeInfo?.kubeletVersion, 'v1.32.3');
  assert.equal(node.status?.daemonEndpoints?.kubeletEndpoint?.Port, 10247);
});

test('nodeConditions uses the kubelet and route controller wording, Ready last', () => {
  const t = '2026-12-02T22:00:00Z';
  assert.deepEqual(nodeConditions(T0), [
    {
      type: 'NetworkUnavailable',
      status: 'False',
      reason: 'RouteCreated',
      message: 'RouteController created a route',
      lastHeartbeatTime: t,
      lastTransitionTime: t,
    },
    {
      type: 'MemoryPressure',
      status: 'False',
      reason: 'KubeletHasSufficientMemory',
      message: 'kubelet has sufficient memory available',
      lastHeartbeatTime: t,
      lastTransitionTime: t,
    },
    {
      type: 'DiskPressure',
      status: 'False',
      reason: 'KubeletHasNoDiskPressure',
      message: 'kubelet has no disk pressure',
      lastHeartbeatTime: t,
      lastTransitionTime: t,
    },
    {
      type: 'PIDPressure',
      status: 'False',
      reason: 'KubeletHasSufficientPID',
      message: 'kubelet has sufficient PID available',
      lastHeartbeatTime: t,
      lastTransitionTime: t,
    },
    {
      type: 'Ready',
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
      lastHeartbeatTime: t,
      lastTransitionTime: t,
    },
  ]);
  const notReady = nodeConditions(T0, false).at(-1);
  assert.equal(notReady?.status, 'False');
  assert.equal(notReady?.reason, 'KubeletNotReady');
  assert.equal(notReady?.message, 'container runtime is down');
});

test('heartbeatConditions refreshes heartbeats and keeps unchanged transition times', () => {
  const old = nodeConditions(T0);
  const next = heartbeatConditions(old, T1);
  assert.equal(next.length, 5);
  for (const c of next) {
    assert.equal(c.lastHeartbeatTime, '2026-12-02T22:01:00Z');
    assert.equal(c.lastTransitionTime, '2026-12-02T22:00:00Z');
  }
  assert.equal(old[0].lastHeartbeatTime, '2026-12-02T22:00:00Z', 'input untouched');
});

test('heartbeatConditions moves the transition time when status flips', () => {
  const down = heartbeatConditions(nodeConditions(T0), T1, false);
  const ready = down.find((c) => c.type === 'Ready')!;
  assert.equal(ready.status, 'False');
  assert.equal(ready.lastTransitionTime, '2026-12-02T22:01:00Z');
  assert.equal(down.find((c) => c.type === 'MemoryPressure')!.lastTransitionTime, '2026-12-02T22:00:00Z');
  const up = heartbeatConditions(down, T1 + 1000, true);
  assert.equal(up.find((c) => c.type === 'Ready')!.lastTransitionTime, '2026-12-02T22:01:01Z');
});

test('heartbeatConditions keeps foreign conditions in place and adds missing ones', () => {
  const foreign: NodeCondition = { type: 'KernelDeadlock', status: 'False', reason: 'KernelHasNoDeadlock' };
  const old: NodeCondition[] = [foreign, { type: 'Ready', status: 'True', lastTransitionTime: 'x' }];
  const next = heartbeatConditions(old, T1);
  assert.deepEqual(
    next.map((c) => c.type),
    ['KernelDeadlock', 'Ready', 'NetworkUnavailable', 'MemoryPressure', 'DiskPressure', 'PIDPressure'],
  );
  assert.deepEqual(next[0], foreign);
  assert.equal(next[1].lastTransitionTime, 'x');
  assert.equal(next[1].reason, 'KubeletReady');
  assert.equal(heartbeatConditions(undefined, T1).length, 5);
});
