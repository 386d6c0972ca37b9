import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { NodeScore } from '../../framework/interface.js';
import { fakeHandle } from '../../framework/testing.js';
import { fooSelector, node, pod, podsOn, runScore, spread } from './testing.js';

const HOST = 'kubernetes.io/hostname';
const foo = { foo: '' };
const hostNode = (name: string, extra: Record<string, string> = {}) => node(name, { [HOST]: name, ...extra });
const zoneHostNode = (name: string, zone: string) => node(name, { zone, [HOST]: name });
const soft = (maxSkew: number, key: string, selector = fooSelector, extra = {}) =>
  spread(maxSkew, key, 'ScheduleAnyway', selector, extra);
const scores = (pairs: [string, number][]): NodeScore[] => pairs.map(([name, score]) => ({ name, score }));
const abcd = () => ['node-a', 'node-b', 'node-c', 'node-d'].map((n) => hostNode(n));
const spread4321 = () => [
  ...podsOn('node-a', 4),
  ...podsOn('node-b', 3),
  ...podsOn('node-c', 2),
  ...podsOn('node-d', 1),
];

// Upstream's TestPodTopologySpreadScore.
const cases: {
  name: string;
  pod: Pod;
  nodes: Node[];
  failed?: Node[];
  pods?: Pod[];
  args?: Record<string, unknown>;
  objects?: Parameters<typeof fakeHandle>[1];
  want: NodeScore[];
}[] = [
  {
    name: 'one constraint on node, no existing pods',
    pod: pod({ labels: foo, constraints: [soft(1, HOST)] }),
    nodes: [hostNode('node-a'), hostNode('node-b')],
    want: scores([
      ['node-a', 100],
      ['node-b', 100],
    ]),
  },
  {
    name: 'one constraint on node, only one node is candidate',
    pod: pod({ labels: foo, constraints: [soft(1, HOST)] }),
    nodes: [hostNode('node-a')],
    failed: [hostNode('node-b')],
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1)],
    want: scores([['node-a', 100]]),
  },
  {
    name: 'one constraint on node, all nodes have the same number of matching pods',
    pod: pod({ labels: foo, constraints: [soft(1, HOST)] }),
    nodes: [hostNode('node-a'), hostNode('node-b')],
    pods: [...podsOn('node-a', 1), ...podsOn('node-b', 1)],
    want: scores([
      ['node-a', 100],
      ['node-b', 100],
    ]),
  },
  {
    name: 'one constraint on node, all 4 nodes are candidates (2/1/0/3)',
    pod: pod({ labels: foo, constraints: [soft(1, HOST)] }),
    nodes: abcd(),
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-d', 3)],
    want: scores([
      ['node-a', 20],
      ['node-b', 60],
      ['node-c', 100],
      ['node-d', 0],
    ]),
  },
  {
    name: 'one constraint on node, null selector',
    pod: pod({ labels: foo, constraints: [spread(1, HOST, 'ScheduleAnyway', undefined)] }),
    nodes: abcd(),
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-d', 3)],
    want: scores([
      ['node-a', 100],
      ['node-b', 100],
      ['node-c', 100],
      ['node-d', 100],
    ]),
  },
  {
    name: 'one constraint on node, maxSkew=2',
    pod: pod({ labels: foo, constraints: [soft(2, HOST)] }),
    nodes: abcd(),
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-d', 3)],
    want: scores([
      ['node-a', 33],
      ['node-b', 66],
      ['node-c', 100],
      ['node-d', 16],
    ]),
  },
  {
    name: 'one constraint on node, maxSkew=3 (4/3/2/1)',
    pod: pod({ labels: foo, constraints: [soft(3, HOST)] }),
    nodes: abcd(),
    pods: spread4321(),
    want: scores([
      ['node-a', 44],
      ['node-b', 66],
      ['node-c', 77],
      ['node-d', 100],
    ]),
  },
  {
    // As upstream's: the pod's group is what the Service selecting it selects.
    name: 'system defaulting, nodes without zone, pods of one Service',
    pod: pod({ labels: foo }),
    objects: { services: [{ metadata: { name: 's', namespace: '' }, spec: { selector: foo } }] },
    nodes: abcd(),
    pods: spread4321(),
    args: { defaultingType: 'System' },
    want: scores([
      ['node-a', 44],
      ['node-b', 66],
      ['node-c', 77],
      ['node-d', 100],
    ]),
  },
  {
    name: 'one constraint on node, 3 out of 4 nodes are candidates (4/2/1/~3~)',
    pod: pod({ labels: foo, constraints: [soft(1, HOST)] }),
    nodes: [hostNode('node-a'), hostNode('node-b'), hostNode('node-x')],
    failed: [hostNode('node-y')],
    pods: [...podsOn('node-a', 4), ...podsOn('node-b', 2), ...podsOn('node-x', 1), ...podsOn('node-y', 3)],
    want: scores([
      ['node-a', 33],
      ['node-b', 83],
      ['node-x', 100],
    ]),
  },
  {
    name: 'one constraint on node, one candidate lacks the topology key (4/?2?/1/~3~)',
    pod: pod({ labels: foo, constraints: [soft(1, HOST)] }),
    nodes: [hostNode('node-a'), node('node-b', { n: 'node-b' }), hostNode('node-x')],
    failed: [hostNode('node-y')],
    pods: [...podsOn('node-a', 4), ...podsOn('node-b', 2), ...podsOn('node-x', 1), ...podsOn('node-y', 3)],
    want: scores([
      ['node-a', 16],
      ['node-b', 0],
      ['node-x', 100],
    ]),
  },
  {
    name: 'one constraint on zone, 3 out of 4 nodes are candidates',
    pod: pod({ labels: foo, constraints: [soft(1, 'zone')] }),
    nodes: [zoneHostNode('node-a', 'zone1'), zoneHostNode('node-b', 'zone1'), zoneHostNode('node-x', 'zone2')],
    failed: [zoneHostNode('node-y', 'zone2')],
    pods: [...podsOn('node-a', 4), ...podsOn('node-b', 2), ...podsOn('node-x', 1), ...podsOn('node-y', 3)],
    want: scores([
      ['node-a', 75],
      ['node-b', 75],
      ['node-x', 100],
    ]),
  },
];

for (const tc of cases) {
  test(`PodTopologySpread score: ${tc.name}`, () => {
    const got = runScore(tc.pod, tc.nodes, tc.pods ?? [], {
      failedNodes: tc.failed,
      args: tc.args ?? { defaultingType: 'System' },
      objects: tc.objects,
    });
    assert.deepEqual(got, tc.want);
  });
}
