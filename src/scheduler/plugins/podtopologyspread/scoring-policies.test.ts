import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { NodeScore } from '../../framework/interface.js';
import { barSelector, fooSelector, node, pod, podsOn, runScore, spread, unschedulableTaint } from './testing.js';

const HOST = 'kubernetes.io/hostname';
const foo = { foo: '' };
const hostNode = (name: string, extra: Record<string, string> = {}) => node(name, { [HOST]: name, ...extra });
const zoneHostNode = (name: string, zone: string) => node(name, { zone, [HOST]: name });
const soft = (maxSkew: number, key: string, selector = fooSelector, extra = {}) =>
  spread(maxSkew, key, 'ScheduleAnyway', selector, extra);
const scores = (pairs: [string, number][]): NodeScore[] => pairs.map(([name, score]) => ({ name, score }));

// Upstream's TestPodTopologySpreadScore, continued: several constraints, policies, matchLabelKeys.
const cases: {
  name: string;
  pod: Pod;
  nodes: Node[];
  failed?: Node[];
  pods?: Pod[];
  args?: Record<string, unknown>;
  want: NodeScore[];
}[] = [
  {
    name: 'two constraints on zone and node, 2 out of 4 nodes are candidates',
    pod: pod({ labels: foo, constraints: [soft(1, 'zone'), soft(1, HOST)] }),
    nodes: [zoneHostNode('node-a', 'zone1'), zoneHostNode('node-x', 'zone2')],
    failed: [zoneHostNode('node-b', 'zone1'), zoneHostNode('node-y', 'zone2')],
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-x', 2), ...podsOn('node-y', 4)],
    want: scores([
      ['node-a', 100],
      ['node-x', 63],
    ]),
  },
  {
    name: 'two constraints with different selectors',
    pod: pod({ labels: { foo: '', bar: '' }, constraints: [soft(1, 'zone'), soft(1, HOST, barSelector)] }),
    nodes: [
      zoneHostNode('node-a', 'zone1'),
      zoneHostNode('node-b', 'zone1'),
      zoneHostNode('node-x', 'zone2'),
      zoneHostNode('node-y', 'zone2'),
    ],
    pods: [
      pod({ node: 'node-a', labels: foo }),
      pod({ node: 'node-b', labels: { foo: '', bar: '' } }),
      pod({ node: 'node-y', labels: foo }),
      pod({ node: 'node-y', labels: { bar: '' } }),
    ],
    want: scores([
      ['node-a', 60],
      ['node-b', 20],
      ['node-x', 100],
      ['node-y', 60],
    ]),
  },
  {
    name: 'two constraints with different selectors, some nodes have 0 pods',
    pod: pod({ labels: { foo: '', bar: '' }, constraints: [soft(1, 'zone'), soft(1, HOST, barSelector)] }),
    nodes: [
      zoneHostNode('node-a', 'zone1'),
      zoneHostNode('node-b', 'zone1'),
      zoneHostNode('node-x', 'zone2'),
      zoneHostNode('node-y', 'zone2'),
    ],
    pods: [
      pod({ node: 'node-b', labels: { bar: '' } }),
      pod({ node: 'node-x', labels: foo }),
      pod({ node: 'node-y', labels: { foo: '', bar: '' } }),
    ],
    want: scores([
      ['node-a', 100],
      ['node-b', 60],
      ['node-x', 40],
      ['node-y', 0],
    ]),
  },
  {
    name: 'two constraints with different selectors, 3 out of 4 nodes are candidates',
    pod: pod({ labels: { foo: '', bar: '' }, constraints: [soft(1, 'zone'), soft(1, HOST, barSelector)] }),
    nodes: [zoneHostNode('node-a', 'zone1'), zoneHostNode('node-b', 'zone1'), zoneHostNode('node-x', 'zone2')],
    failed: [zoneHostNode('node-y', 'zone2')],
    pods: [
      pod({ node: 'node-a', labels: foo }),
      pod({ node: 'node-b', labels: { foo: '', bar: '' } }),
      pod({ node: 'node-y', labels: foo }),
      pod({ node: 'node-y', labels: { bar: '' } }),
    ],
    want: scores([
      ['node-a', 50],
      ['node-b', 25],
      ['node-x', 100],
    ]),
  },
  {
    name: 'existing pods in a different namespace do not count',
    pod: pod({ labels: foo, constraints: [soft(1, HOST)] }),
    nodes: [hostNode('node-a'), hostNode('node-b')],
    pods: [pod({ namespace: 'ns1', node: 'node-a', labels: foo }), ...podsOn('node-a', 1), ...podsOn('node-b', 2)],
    want: scores([
      ['node-a', 100],
      ['node-b', 33],
    ]),
  },
  {
    name: 'terminating pods are excluded',
    pod: pod({ labels: foo, constraints: [soft(1, HOST)] }),
    nodes: [hostNode('node-a'), hostNode('node-b')],
    pods: [pod({ node: 'node-a', labels: foo, terminating: true }), ...podsOn('node-b', 1)],
    want: scores([
      ['node-a', 100],
      ['node-b', 0],
    ]),
  },
  {
    name: 'minDomains has no effect when ScheduleAnyway',
    pod: pod({ labels: foo, constraints: [soft(2, 'node', fooSelector, { minDomains: 10 })] }),
    nodes: ['node-a', 'node-b', 'node-c'].map((n) => node(n, { node: n })),
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 2), ...podsOn('node-c', 1)],
    want: scores([
      ['node-a', 75],
      ['node-b', 75],
      ['node-c', 100],
    ]),
  },
  {
    name: 'NodeAffinityPolicy Honor with a nodeSelector',
    pod: pod({ labels: foo, constraints: [soft(1, 'node')], spec: { nodeSelector: { foo: '' } } }),
    nodes: [
      node('node-a', { node: 'node-a', foo: '' }),
      node('node-b', { node: 'node-b', foo: '' }),
      node('node-c', { node: 'node-c' }),
    ],
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-c', 1)],
    want: scores([
      ['node-a', 0],
      ['node-b', 33],
      ['node-c', 100],
    ]),
  },
  {
    name: 'NodeAffinityPolicy Ignore with a nodeSelector',
    pod: pod({
      labels: foo,
      constraints: [soft(1, 'node', fooSelector, { nodeAffinityPolicy: 'Ignore' })],
      spec: { nodeSelector: { foo: '' } },
    }),
    nodes: [
      node('node-a', { node: 'node-a', foo: '' }),
      node('node-b', { node: 'node-b', foo: '' }),
      node('node-c', { node: 'node-c' }),
    ],
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-c', 1)],
    want: scores([
      ['node-a', 66],
      ['node-b', 100],
      ['node-c', 100],
    ]),
  },
  {
    name: 'NodeTaintsPolicy Honor',
    pod: pod({ labels: foo, constraints: [soft(1, 'node', fooSelector, { nodeTaintsPolicy: 'Honor' })] }),
    nodes: [
      node('node-a', { node: 'node-a' }),
      node('node-b', { node: 'node-b' }),
      node('node-c', { node: 'node-c' }, unschedulableTaint),
    ],
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-c', 1)],
    want: scores([
      ['node-a', 0],
      ['node-b', 33],
      ['node-c', 100],
    ]),
  },
  {
    name: 'NodeTaintsPolicy Ignore',
    pod: pod({ labels: foo, constraints: [soft(1, 'node')] }),
    nodes: [
      node('node-a', { node: 'node-a' }),
      node('node-b', { node: 'node-b' }),
      node('node-c', { node: 'node-c' }, unschedulableTaint),
    ],
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-c', 1)],
    want: scores([
      ['node-a', 66],
      ['node-b', 100],
      ['node-c', 100],
    ]),
  },
  {
    name: 'matchLabelKeys ANDed with an empty labelSelector',
    pod: pod({
      labels: { foo: '', bar: '' },
      constraints: [soft(1, 'zone', {}, { matchLabelKeys: ['foo'] }), soft(1, HOST, {}, { matchLabelKeys: ['bar'] })],
    }),
    nodes: [
      zoneHostNode('node-a', 'zone1'),
      zoneHostNode('node-b', 'zone1'),
      zoneHostNode('node-c', 'zone2'),
      zoneHostNode('node-d', 'zone2'),
    ],
    pods: [
      pod({ node: 'node-a', labels: foo }),
      pod({ node: 'node-b', labels: { foo: '', bar: '' } }),
      pod({ node: 'node-c', labels: foo }),
      pod({ node: 'node-c', labels: { bar: '' } }),
    ],
    want: scores([
      ['node-a', 60],
      ['node-b', 20],
      ['node-c', 60],
      ['node-d', 100],
    ]),
  },
  {
    name: 'matchLabelKeys ANDed with a labelSelector',
    pod: pod({
      labels: { foo: '', bar: '', baz: '' },
      constraints: [soft(1, 'zone'), soft(1, HOST, barSelector, { matchLabelKeys: ['baz'] })],
    }),
    nodes: [
      zoneHostNode('node-a', 'zone1'),
      zoneHostNode('node-b', 'zone1'),
      zoneHostNode('node-c', 'zone2'),
      zoneHostNode('node-d', 'zone2'),
    ],
    pods: [
      pod({ node: 'node-a', labels: foo }),
      pod({ node: 'node-b', labels: { foo: '', bar: '', baz: '' } }),
      pod({ node: 'node-c', labels: foo }),
      pod({ node: 'node-c', labels: { bar: '' } }),
      pod({ node: 'node-c', labels: { bar: '', baz: '' } }),
    ],
    want: scores([
      ['node-a', 60],
      ['node-b', 20],
      ['node-c', 60],
      ['node-d', 100],
    ]),
  },
];

for (const tc of cases) {
  test(`PodTopologySpread score: ${tc.name}`, () => {
    const got = runScore(tc.pod, tc.nodes, tc.pods ?? [], {
      failedNodes: tc.failed,
      args: tc.args ?? { defaultingType: 'System' },
    });
    assert.deepEqual(got, tc.want);
  });
}
