// RequestedToCapacityRatio scoring, ported from upstream's requested_to_capacity_ratio_test.go
// (scoring strategy, broken-linear function, single and multiple extended resource bin packing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { MAX_NODE_SCORE } from '../../framework/interface.js';
import { fakeHandle, makeNode } from '../../framework/testing.js';
import { buildBrokenLinearFunction, factory, Fit, type ResourceSpec, type UtilizationShapePoint } from './index.js';
import { capacityNode, nodeInfos, reqPod, scoreNodes } from './testing.js';

const cm = (cpu: string, memory: string) => ({ cpu, memory });
const shape = (...points: [number, number][]): UtilizationShapePoint[] =>
  points.map(([utilization, score]) => ({ utilization, score }));

function rtcr(resources: ResourceSpec[], points: UtilizationShapePoint[]): Fit {
  const args = {
    scoringStrategy: { type: 'RequestedToCapacityRatio', resources, requestedToCapacityRatio: { shape: points } },
  };
  return factory(args, fakeHandle([])) as Fit;
}

const scores = (p: Fit, pod: Pod, nodes: Node[], pods: Pod[] = []) =>
  scoreNodes(p, pod, nodeInfos(nodes, pods), false).map((r) => [r.name, r.score]);

const defaultResources: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
const leastShape = shape([0, 10], [100, 0]);

test('RequestedToCapacityRatio: nothing scheduled, nothing requested (least requested nodes have priority)', () => {
  const nodes = [capacityNode('node1', cm('4000', '10000')), capacityNode('node2', cm('4000', '10000'))];
  const existing = [reqPod('e1', [], { nodeName: 'node1' }), reqPod('e2', [], { nodeName: 'node1' })];
  assert.deepEqual(scores(rtcr(defaultResources, leastShape), reqPod('p'), nodes, existing), [
    ['node1', MAX_NODE_SCORE],
    ['node2', MAX_NODE_SCORE],
  ]);
});

test('RequestedToCapacityRatio: nothing scheduled, resources requested, differently sized nodes', () => {
  const nodes = [capacityNode('node1', cm('4000', '10000')), capacityNode('node2', cm('6000', '10000'))];
  const existing = [reqPod('e1', [], { nodeName: 'node1' }), reqPod('e2', [], { nodeName: 'node1' })];
  const pod = reqPod('p', [cm('1000', '2000'), cm('2000', '3000')]);
  assert.deepEqual(scores(rtcr(defaultResources, leastShape), pod, nodes, existing), [
    ['node1', 38],
    ['node2', 50],
  ]);
});

test('RequestedToCapacityRatio: no resources requested, pods scheduled with resources', () => {
  const nodes = [capacityNode('node1', cm('4000', '10000')), capacityNode('node2', cm('6000', '10000'))];
  const existing = [
    reqPod('e1', [cm('3000', '5000')], { nodeName: 'node1' }),
    reqPod('e2', [cm('3000', '5000')], { nodeName: 'node2' }),
  ];
  assert.deepEqual(scores(rtcr(defaultResources, leastShape), reqPod('p'), nodes, existing), [
    ['node1', 38],
    ['node2', 50],
  ]);
});

const brokenLinear: { points: [number, number][]; at: [number, number][] }[] = [
  {
    points: [
      [10, 1],
      [90, 9],
    ],
    at: [
      [-10, 1],
      [0, 1],
      [9, 1],
      [10, 1],
      [15, 1],
      [19, 1],
      [20, 2],
      [89, 8],
      [90, 9],
      [99, 9],
      [100, 9],
      [110, 9],
    ],
  },
  {
    points: [
      [0, 2],
      [40, 10],
      [100, 0],
    ],
    at: [
      [-10, 2],
      [0, 2],
      [20, 6],
      [30, 8],
      [40, 10],
      [70, 5],
      [100, 0],
      [110, 0],
    ],
  },
  {
    points: [
      [0, 2],
      [40, 2],
      [100, 2],
    ],
    at: [
      [-10, 2],
      [0, 2],
      [20, 2],
      [40, 2],
      [70, 2],
      [110, 2],
    ],
  },
];

brokenLinear.forEach((c, i) => {
  test(`buildBrokenLinearFunction case_${i}`, () => {
    const f = buildBrokenLinearFunction(shape(...c.points));
    for (const [p, want] of c.at) assert.equal(f(p), want, `p=${p}`);
  });
});

// upstream's makeNode(name, milliCPU, memory, extended)
const binNode = (name: string, extended: Record<string, number>) => {
  const allocatable: Record<string, string> = { cpu: '4000m', memory: String(10000 * 1024 * 1024) };
  for (const [k, v] of Object.entries(extended)) allocatable[k] = String(v);
  return makeNode(name, { allocatable });
};

const binPacking = shape([0, 0], [100, 1]);

const single: { name: string; pod: Pod; pods?: Pod[]; want: [string, number][] }[] = [
  {
    name: 'nothing scheduled, nothing requested',
    pod: reqPod('p'),
    want: [
      ['node1', 0],
      ['node2', 0],
    ],
  },
  {
    name: 'resources requested, pods scheduled with less resources',
    pod: reqPod('p', [{ 'intel.com/foo': '2' }]),
    pods: [reqPod('e')],
    want: [
      ['node1', 2],
      ['node2', 5],
    ],
  },
  {
    name: 'resources requested, pods scheduled with resources, on node with existing pod running',
    pod: reqPod('p', [{ 'intel.com/foo': '2' }]),
    pods: [reqPod('e', [{ 'intel.com/foo': '2' }], { nodeName: 'node2' })],
    want: [
      ['node1', 2],
      ['node2', 10],
    ],
  },
  {
    name: 'resources requested, pods scheduled with more resources',
    pod: reqPod('p', [{ 'intel.com/foo': '4' }]),
    pods: [reqPod('e')],
    want: [
      ['node1', 5],
      ['node2', 10],
    ],
  },
];

for (const c of single) {
  test(`RequestedToCapacityRatio single extended resource: ${c.name}`, () => {
    const nodes = [binNode('node1', { 'intel.com/foo': 8 }), binNode('node2', { 'intel.com/foo': 4 })];
    const p = rtcr([{ name: 'intel.com/foo', weight: 1 }], binPacking);
    assert.deepEqual(scores(p, c.pod, nodes, c.pods), c.want);
  });
}

const pod1 = { 'intel.com/foo': '2', 'intel.com/bar': '2' };
const pod2 = { 'intel.com/foo': '4', 'intel.com/bar': '2' };
const multiple: { name: string; pod: Pod; pods?: Pod[]; want: [string, number][] }[] = [
  {
    name: 'nothing scheduled, nothing requested',
    pod: reqPod('p'),
    want: [
      ['node1', 0],
      ['node2', 0],
    ],
  },
  {
    // node1: foo 2/8 → 2, bar 2/4 → 5, (2*3 + 5*5) / 8 = 3.875 → 4; node2: (5*3 + 2*5) / 8 = 3.125 → 3.
    name: 'resources requested, pods scheduled with less resources',
    pod: reqPod('p', [pod1]),
    pods: [reqPod('e')],
    want: [
      ['node1', 4],
      ['node2', 3],
    ],
  },
  {
    name: 'resources requested, pods scheduled with resources, on node with existing pod running',
    pod: reqPod('p', [pod1]),
    pods: [reqPod('e', [pod2], { nodeName: 'node2' })],
    want: [
      ['node1', 4],
      ['node2', 7],
    ],
  },
  {
    name: 'resources requested, pods scheduled with more resources',
    pod: reqPod('p', [pod2]),
    pods: [reqPod('e')],
    want: [
      ['node1', 5],
      ['node2', 5],
    ],
  },
];

for (const c of multiple) {
  test(`RequestedToCapacityRatio multiple extended resources: ${c.name}`, () => {
    const nodes = [
      binNode('node1', { 'intel.com/foo': 8, 'intel.com/bar': 4 }),
      binNode('node2', { 'intel.com/foo': 4, 'intel.com/bar': 8 }),
    ];
    const resources = [
      { name: 'intel.com/foo', weight: 3 },
      { name: 'intel.com/bar', weight: 5 },
    ];
    assert.deepEqual(scores(rtcr(resources, binPacking), c.pod, nodes, c.pods), c.want);
  });
}
