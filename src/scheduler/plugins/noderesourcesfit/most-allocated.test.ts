// MostAllocated scoring, ported from upstream's most_allocated_test.go: expected scores are upstream's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { MIN_NODE_SCORE } from '../../framework/interface.js';
import { Code } from '../../framework/status.js';
import { Fit, mostRequestedScore, type ResourceSpec } from './index.js';
import { capacityNode, noRequestPod, nodeInfos, reqPod, scoreNodes } from './testing.js';

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
      ['node1', MIN_NODE_SCORE],
      ['node2', MIN_NODE_SCORE],
    ],
  },
  {
    name: 'nothing scheduled, resources requested, differently sized nodes',
    pod: twoContainerPod(),
    nodes: [capacityNode('node1', cm('4000', '10000')), capacityNode('node2', cm('6000', '10000'))],
    resources: defaultResources,
    want: [
      ['node1', 62],
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
      ['node1', 30],
      ['node2', 42],
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
      ['node1', 42],
      ['node2', 55],
    ],
  },
  {
    name: 'resources requested equal node capacity',
    pod: reqPod('p', [cm('2000', '4000'), cm('3000', '5000')]),
    nodes: [capacityNode('node1', cm('5000', '10000')), capacityNode('node2', cm('10000', '9000'))],
    resources: defaultResources,
    want: [
      ['node1', 95],
      ['node2', 75],
    ],
  },
  {
    name: 'nothing scheduled, resources requested, differently sized nodes, memory weighted',
    pod: twoContainerPod(),
    nodes: [capacityNode('node1', cm('4000', '10000')), capacityNode('node2', cm('6000', '10000'))],
    resources: [
      { name: 'memory', weight: 2 },
      { name: 'cpu', weight: 1 },
    ],
    want: [
      ['node1', 58],
      ['node2', 50],
    ],
  },
  {
    // Request-less containers count 100m and 200Mi, capped at capacity.
    name: 'no resources requested, pods scheduled, nonzero request for resource',
    pod: noRequestPod('p'),
    nodes: [capacityNode('node1', cm('250m', '1000Mi')), capacityNode('node2', cm('250m', '1000Mi'))],
    existing: [noRequestPod('e1', 'node1'), noRequestPod('e2', 'node1')],
    resources: defaultResources,
    want: [
      ['node1', 80],
      ['node2', 30],
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
    name: 'honor extended resource if the pod request',
    pod: reqPod('p', [{ ...cm('3000', '5000'), [EXT]: '2' }]),
    nodes: [
      capacityNode('node1', { ...cm('6000', '10000'), [EXT]: '4' }),
      capacityNode('node2', { ...cm('6000', '10000'), [EXT]: '10' }),
    ],
    resources: extendedResourceSet,
    want: [
      ['node1', 50],
      ['node2', 40],
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
      ['node1', 45],
      ['node2', 45],
    ],
  },
];

for (const c of cases) {
  test(`MostAllocated: ${c.name}`, () => {
    const p = new Fit({
      ignoredResources: [],
      ignoredResourceGroups: [],
      scoringStrategy: { type: 'MostAllocated', resources: c.resources },
    });
    const got = scoreNodes(p, c.pod, nodeInfos(c.nodes, c.existing));
    assert.deepEqual(
      got.map((r) => [r.name, r.score]),
      c.want,
    );
    for (const r of got) assert.equal(r.code, c.wantCode);
  });
}

test('mostRequestedScore caps requests at capacity and gives 0 without capacity', () => {
  assert.equal(mostRequestedScore(300, 250), 100);
  assert.equal(mostRequestedScore(100, 250), 40);
  assert.equal(mostRequestedScore(5, 0), 0);
});
