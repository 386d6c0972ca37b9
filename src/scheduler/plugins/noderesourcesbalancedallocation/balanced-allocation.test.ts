// NodeResourcesBalancedAllocation, ported from upstream's balanced_allocation_test.go (as of 1.32,
// before best-effort pods were skipped): expected scores are upstream's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Node, Pod } from 'kubernetes-types/core/v1.js';
import { MAX_NODE_SCORE } from '../../framework/interface.js';
import { Code } from '../../framework/status.js';
import { fakeHandle, makeNode, makePod } from '../../framework/testing.js';
import { nodeInfos, reqPod, scoreNodes } from '../noderesourcesfit/testing.js';
import {
  BalancedAllocation,
  balancedResourceScorer,
  defaultArgs,
  factory,
  validateArgs,
  type NodeResourcesBalancedAllocationArgs,
} from './index.js';

const GPU = 'nvidia.com/gpu';
const c = (requests: Record<string, string>): Container => ({ name: 'c', resources: { requests } });
const podOn = (name: string, nodeName: string, containers: Container[]): Pod =>
  makePod(name, { nodeName, containers: containers.map((x, i) => ({ ...x, name: `c${i}` })) });

const cpuAndMemory = [c({ cpu: '1000m', memory: '2000' }), c({ cpu: '2000m', memory: '3000' })];
const cpuOnly = [c({ cpu: '1000m', memory: '0' }), c({ cpu: '2000m', memory: '0' })];
const cpuAndMemoryAndGPU = [c({ cpu: '1000m', memory: '2000' }), c({ cpu: '2000m', memory: '3000', [GPU]: '3' })];

/** upstream's makeNode(name, milliCPU, memory, extended). */
function node(name: string, milliCPU: number, memory: number, extended: Record<string, number> = {}): Node {
  const allocatable: Record<string, string> = { cpu: `${milliCPU}m`, memory: String(memory) };
  for (const [k, v] of Object.entries(extended)) allocatable[k] = String(v);
  return makeNode(name, { allocatable });
}

const defaultSet = {
  resources: [
    { name: 'cpu', weight: 1 },
    { name: 'memory', weight: 1 },
  ],
};
const withGPU = { resources: [...defaultSet.resources, { name: GPU, weight: 1 }] };
// Existing pods: cpuOnly on node1, cpuAndMemory on node2.
const cpuOnlyAndCpuAndMemory = () => [podOn('e1', 'node1', cpuOnly), podOn('e2', 'node2', cpuAndMemory)];

const cases: {
  name: string;
  pod: Pod;
  nodes: Node[];
  pods?: Pod[];
  args: NodeResourcesBalancedAllocationArgs;
  want: number[];
  runPreScore?: boolean;
}[] = [
  {
    name: 'nothing scheduled, nothing requested',
    pod: reqPod('p'),
    nodes: [node('node1', 4000, 10000), node('node2', 4000, 10000)],
    args: defaultSet,
    want: [MAX_NODE_SCORE, MAX_NODE_SCORE],
  },
  {
    name: 'nothing scheduled, resources requested, differently sized nodes',
    pod: podOn('p', 'node2', cpuAndMemory),
    nodes: [node('node1', 4000, 10000), node('node2', 6000, 10000)],
    args: defaultSet,
    want: [87, MAX_NODE_SCORE],
  },
  {
    name: 'resources requested, pods scheduled with resources',
    pod: podOn('p', 'node2', cpuAndMemory),
    nodes: [node('node1', 10000, 20000), node('node2', 10000, 20000)],
    pods: cpuOnlyAndCpuAndMemory(),
    args: defaultSet,
    want: [82, 95],
  },
  {
    name: 'resources requested, pods scheduled with resources, differently sized nodes',
    pod: podOn('p', 'node2', cpuAndMemory),
    nodes: [node('node1', 10000, 20000), node('node2', 10000, 50000)],
    pods: cpuOnlyAndCpuAndMemory(),
    args: defaultSet,
    want: [82, 80],
  },
  {
    name: 'requested resources at node capacity',
    pod: podOn('p', 'node1', cpuOnly),
    nodes: [node('node1', 6000, 10000), node('node2', 6000, 10000)],
    pods: cpuOnlyAndCpuAndMemory(),
    args: defaultSet,
    want: [50, 75],
  },
  {
    name: 'include scalar resource on a node for balanced resource allocation',
    pod: reqPod('p', [{ memory: '0', [GPU]: '1' }]),
    nodes: [node('node1', 3500, 40000, { [GPU]: 8 }), node('node2', 3500, 40000, { [GPU]: 8 })],
    pods: [podOn('e1', 'node2', cpuAndMemory), podOn('e2', 'node1', cpuAndMemoryAndGPU)],
    args: withGPU,
    want: [70, 65],
  },
  {
    name: 'node without the scalar resource should skip the scalar resource',
    pod: podOn('p', 'node2', cpuAndMemory),
    nodes: [node('node1', 3500, 40000, { [GPU]: 8 }), node('node2', 3500, 40000)],
    args: withGPU,
    want: [63, 63],
  },
  {
    name: 'resources requested, pods scheduled with resources if PreScore not called',
    pod: podOn('p', 'node2', cpuAndMemory),
    nodes: [node('node1', 10000, 20000), node('node2', 10000, 20000)],
    pods: cpuOnlyAndCpuAndMemory(),
    args: defaultSet,
    want: [82, 95],
    runPreScore: false,
  },
];

for (const tc of cases)
  test(`NodeResourcesBalancedAllocation: ${tc.name}`, () => {
    const infos = nodeInfos(tc.nodes, tc.pods);
    const p = factory(tc.args as unknown as Record<string, unknown>, fakeHandle(infos)) as BalancedAllocation;
    const got = scoreNodes(p, tc.pod, infos, tc.runPreScore ?? true);
    assert.deepEqual(
      got.map((r) => r.score),
      tc.want,
    );
  });

test('NodeResourcesBalancedAllocation: an Error status when no resources are configured', () => {
  const infos = nodeInfos([node('node1', 4000, 10000)]);
  const got = scoreNodes(new BalancedAllocation({ resources: [] }), reqPod('p'), infos);
  assert.equal(got[0].code, Code.Error);
});

test('balancedResourceScorer: std over three or more fractions, capped at 1', () => {
  // fractions 1 (capped), 0, 0.5: mean 0.5, std sqrt(0.5/3) ≈ 0.408 → 59.
  assert.equal(balancedResourceScorer([12, 0, 5], [10, 10, 10]), 59);
  // one offered resource: std 0.
  assert.equal(balancedResourceScorer([3, 7], [10, 0]), 100);
});

test('NodeResourcesBalancedAllocation defaultArgs and validateArgs', () => {
  assert.deepEqual(defaultArgs(undefined), defaultSet);
  assert.deepEqual(defaultArgs({ resources: [{ name: 'cpu' }] }), { resources: [{ name: 'cpu', weight: 1 }] });
  assert.deepEqual(
    validateArgs({
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'cpu', weight: 2 },
      ],
    }),
    [
      { field: 'resources[1].name', message: 'Duplicate value: "cpu"' },
      { field: 'resources[1].weight', message: 'Invalid value: 2: must be 1' },
    ],
  );
  // A weight left at 0 is defaulted to 1 before validation, as upstream's config loading does.
  assert.deepEqual(validateArgs({ resources: [{ name: 'cpu', weight: 0 }] }), []);
  assert.throws(() => factory({ resources: [{ name: 'memory', weight: 3 }] }, fakeHandle([])), {
    message: 'resources[0].weight: Invalid value: 3: must be 1',
  });
});
