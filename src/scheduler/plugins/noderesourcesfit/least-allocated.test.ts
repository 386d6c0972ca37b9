// LeastAllocated scoring, ported from upstream's least_allocated_test.go and fit_test.go
// (TestFitScore): expected scores are upstream's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { MAX_NODE_SCORE, MIN_NODE_SCORE } from '../../framework/interface.js';
import { Code } from '../../framework/status.js';
import { factory, Fit, type ResourceSpec } from './index.js';
import { capacityNode, nodeInfos, reqPod, scoreNodes } from './testing.js';
import { fakeHandle } from '../../framework/testing.js';

const EXT = 'abc.com/xyz';
const defaultResources: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
const extendedResourceSet: ResourceSpec[] = [...defaultResources, { name: EXT, weight: 1 }];

const cm = (cpu: string, memory: string) => ({ cpu, memory });
const twoContainerPod = () => reqPod('p', [cm('1000', '2000'), cm('2000', '3000')]);

interface Case {
  name: string;
  pod: Pod;
  nodes: Node[];
  existing?: Pod[];
  resources: ResourceSpec[];
  want: [string, number][];
  wantCode?: Code;
}

const cases: Case[] = [
  {
    name: 'nothing scheduled, nothing requested',
    pod: reqPod('p'),
    nodes: [capacityNode('node1', cm('4000', '10000')), capacityNode('node2', cm('4000', '10000'))],
    resources: defaultResources,
    want: [
      ['node1', MAX_NODE_SCORE],
      ['node2', MAX_NODE_SCORE],
    ],
  },
  {
    name: 'nothing scheduled, resources requested, differently sized nodes',
    pod: twoContainerPod(),
    nodes: [capacityNode('node1', cm('4000', '10000')), capacityNode('node2', cm('6000', '10000'))],
    resources: defaultResources,
    want: [
      ['node1', 37],
      ['node2', 50],
    ],
  },
  {
    name: 'Resources not set, pods scheduled with error',
    pod: twoContainerPod(),
    nodes: [capacityNode('node1', cm('4000', '10000')), capacityNode('node2', cm('6000', '10000'))],
    resources: [],
    want: [
      ['node1', MIN_NODE_SCORE],
      ['node2', MIN_NODE_SCORE],
    ],
    wantCode: Code.Error,
  },
  {
    name: 'no resources requested, pods scheduled',
    pod: reqPod('p'),
    nodes: [capacityNode('node1', cm('4000', '10000')), capacityNode('node2', cm('4000', '10000'))],
    existing: [
      reqPod('e1', [], { nodeName: 'node1' }),
      reqPod('e2', [], { nodeName: 'node1' }),
      reqPod('e3', [], { nodeName: 'node2' }),
      reqPod('e4', [], { nodeName: 'node2' }),
    ],
    resources: defaultResources,
    want: [
      ['node1', MAX_NODE_SCORE],
      ['node2', MAX_NODE_SCORE],
    ],
  },
  {
    name: 'no resources requested, pods scheduled with resources',
    pod: reqPod('p'),
    nodes: [capacityNode('node1', cm('10000', '20000')), capacityNode('node2', cm('10000', '20000'))],
    existing: [
      reqPod('e1', [cm('3000', '0')], { nodeName: 'node1' }),
      reqPod('e2', [cm('3000', '0')], { nodeName: 'node1' }),
      reqPod('e3', [cm('3000', '0')], { nodeName: 'node2' }),
      reqPod('e4', [cm('3000', '5000')], { nodeName: 'node2' }),
    ],
    resources: defaultResources,
    want: [
      ['node1', 70],
      ['node2', 57],
    ],
  },
  {
    name: 'resources requested, pods scheduled with resources',
    pod: twoContainerPod(),
    nodes: [capacityNode('node1', cm('10000', '20000')), capacityNode('node2', cm('10000', '20000'))],
    existing: [
      reqPod('e1', [cm('3000', '0')], { nodeName: 'node1' }),
      reqPod('e2', [cm('3000', '5000')], { nodeName: 'node2' }),
    ],
    resources: defaultResources,
    want: [
      ['node1', 57],
      ['node2', 45],
    ],
  },
  {
    name: 'resources requested, pods scheduled with resources, differently sized nodes',
    pod: twoContainerPod(),
    nodes: [capacityNode('node1', cm('10000', '20000')), capacityNode('node2', cm('10000', '50000'))],
    existing: [
      reqPod('e1', [cm('3000', '0')], { nodeName: 'node1' }),
      reqPod('e2', [cm('3000', '5000')], { nodeName: 'node2' }),
    ],
    resources: defaultResources,
    want: [
      ['node1', 57],
      ['node2', 60],
    ],
  },
  {
    name: 'requested resources exceed node capacity',
    pod: reqPod('p', [cm('3000', '0')]),
    nodes: [capacityNode('node1', cm('4000', '10000')), capacityNode('node2', cm('4000', '10000'))],
    existing: [
      reqPod('e1', [cm('3000', '0')], { nodeName: 'node1' }),
      reqPod('e2', [cm('3000', '5000')], { nodeName: 'node2' }),
    ],
    resources: defaultResources,
    want: [
      ['node1', 50],
      ['node2', 25],
    ],
  },
  {
    name: 'zero node resources, pods scheduled with resources',
    pod: reqPod('p'),
    nodes: [capacityNode('node1'), capacityNode('node2')],
    existing: [
      reqPod('e1', [cm('3000', '0')], { nodeName: 'node1' }),
      reqPod('e2', [cm('3000', '5000')], { nodeName: 'node2' }),
    ],
    resources: defaultResources,
    want: [
      ['node1', MIN_NODE_SCORE],
      ['node2', MIN_NODE_SCORE],
    ],
  },
  {
    name: 'nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes',
    pod: twoContainerPod(),
    nodes: [capacityNode('node1', cm('4000', '10000')), capacityNode('node2', cm('6000', '10000'))],
    resources: [
      { name: 'memory', weight: 2 },
      { name: 'cpu', weight: 1 },
    ],
    want: [
      ['node1', 41],
      ['node2', 50],
    ],
  },
  {
    name: 'bypass extended resource if the pod does not request',
    pod: twoContainerPod(),
    nodes: [capacityNode('node1', cm('6000', '10000')), capacityNode('node2', { ...cm('6000', '10000'), [EXT]: '4' })],
    resources: extendedResourceSet,
    want: [
      ['node1', 50],
      ['node2', 50],
    ],
  },
  {
    name: 'honor extended resource if the pod requests',
    pod: reqPod('p', [{ ...cm('3000', '5000'), [EXT]: '2' }]),
    nodes: [
      capacityNode('node1', { ...cm('6000', '10000'), [EXT]: '4' }),
      capacityNode('node2', { ...cm('6000', '10000'), [EXT]: '10' }),
    ],
    resources: extendedResourceSet,
    want: [
      ['node1', 50],
      ['node2', 60],
    ],
  },
  {
    name: "if the node doesn't have a resource",
    pod: reqPod('p', [cm('3000', '4000')]),
    nodes: [capacityNode('node1', cm('6000', '10000')), capacityNode('node2', { ...cm('6000', '10000'), [EXT]: '4' })],
    resources: [
      { name: EXT, weight: 2 },
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ],
    want: [
      ['node1', 55],
      ['node2', 55],
    ],
  },
];

for (const c of cases) {
  test(`LeastAllocated: ${c.name}`, () => {
    // Built directly so an empty resources list reaches Score, as upstream's test does.
    const p = new Fit({
      ignoredResources: [],
      ignoredResourceGroups: [],
      scoringStrategy: { type: 'LeastAllocated', resources: c.resources },
    });
    const got = scoreNodes(p, c.pod, nodeInfos(c.nodes, c.existing));
    assert.deepEqual(
      got.map((r) => [r.name, r.score]),
      c.want,
    );
    for (const r of got) assert.equal(r.code, c.wantCode);
  });
}

// TestFitScore: the same two nodes under each strategy, with and without PreScore.
const fitScoreNodes = () => [capacityNode('node1', cm('4000', '10000')), capacityNode('node2', cm('6000', '10000'))];
const fitScorePods = () => [
  reqPod('e1', [cm('2000', '4000')], { nodeName: 'node1' }),
  reqPod('e2', [cm('1000', '2000')], { nodeName: 'node2' }),
];
const fitScoreCases: { name: string; args: Record<string, unknown>; pod: Pod; want: [string, number][] }[] = [
  {
    name: 'RequestedToCapacityRatio case1',
    args: {
      scoringStrategy: {
        type: 'RequestedToCapacityRatio',
        resources: defaultResources,
        requestedToCapacityRatio: {
          shape: [
            { utilization: 0, score: 10 },
            { utilization: 100, score: 0 },
          ],
        },
      },
    },
    pod: reqPod('p', [cm('3000', '5000')]),
    want: [
      ['node1', 10],
      ['node2', 32],
    ],
  },
  {
    name: 'RequestedToCapacityRatio case2',
    args: {
      scoringStrategy: {
        type: 'RequestedToCapacityRatio',
        resources: defaultResources,
        requestedToCapacityRatio: {
          shape: [
            { utilization: 0, score: 0 },
            { utilization: 100, score: 10 },
          ],
        },
      },
    },
    pod: reqPod('p', [cm('3000', '5000')]),
    want: [
      ['node1', 95],
      ['node2', 68],
    ],
  },
  {
    name: 'MostAllocated',
    args: { scoringStrategy: { type: 'MostAllocated', resources: defaultResources } },
    pod: reqPod('p', [cm('1000', '2000')]),
    want: [
      ['node1', 67],
      ['node2', 36],
    ],
  },
  {
    name: 'LeastAllocated',
    args: { scoringStrategy: { type: 'LeastAllocated', resources: defaultResources } },
    pod: reqPod('p', [cm('1000', '2000')]),
    want: [
      ['node1', 32],
      ['node2', 63],
    ],
  },
  {
    name: 'LeastAllocated by default',
    args: {},
    pod: reqPod('p', [cm('1000', '2000')]),
    want: [
      ['node1', 32],
      ['node2', 63],
    ],
  },
];

for (const c of fitScoreCases)
  for (const runPreScore of [true, false]) {
    test(`NodeResourcesFit score: ScoringStrategy ${c.name}${runPreScore ? '' : ' if PreScore is not called'}`, () => {
      const infos = nodeInfos(fitScoreNodes(), fitScorePods());
      const p = factory(c.args, fakeHandle(infos)) as Fit;
      const got = scoreNodes(p, c.pod, infos, runPreScore);
      assert.deepEqual(
        got.map((r) => [r.name, r.score]),
        c.want,
      );
    });
  }

test('NodeResourcesFit score: sidecar containers count on the node', () => {
  const nodes = [capacityNode('node1', cm('4000', '10000')), capacityNode('node2', cm('4000', '10000'))];
  const sidecar = { name: 'sidecar', restartPolicy: 'Always', resources: { requests: cm('1000', '2000') } };
  const existing = [
    reqPod('e1', [cm('1000', '2000')], { nodeName: 'node1', initContainers: [sidecar] }),
    reqPod('e2', [cm('1000', '2000')], { nodeName: 'node2' }),
  ];
  const pod = reqPod('p', [cm('1000', '2000')]);
  const run = (type: string) => {
    const infos = nodeInfos(nodes, existing);
    const p = factory({ scoringStrategy: { type, resources: defaultResources } }, fakeHandle(infos)) as Fit;
    return scoreNodes(p, pod, infos).map((r) => r.score);
  };
  assert.deepEqual(run('MostAllocated'), [67, 45]);
  assert.deepEqual(run('LeastAllocated'), [32, 55]);
});
