// NodeResourcesFit's PreFilter and Filter, ported from upstream's fit_test.go (TestEnoughRequests,
// TestNotEnoughRequests, TestStorageRequests, TestRestartableInitContainers, TestPreFilterDisabled).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Code } from '../../framework/status.js';
import { fakeHandle, makeNode, makePod, nodeInfo } from '../../framework/testing.js';
import { factory, fits, Fit, type InsufficientResource } from './index.js';

const EXT_A = 'example.com/aaa';
const EXT_B = 'example.com/bbb';
const K8S_IO_A = 'kubernetes.io/something';
const K8S_IO_B = 'subdomain.kubernetes.io/something';
const HUGE_A = 'hugepages-2Mi';

/** Upstream's `framework.Resource` literal: cpu in millicores. */
interface Usage {
  cpu?: number;
  memory?: number;
  storage?: number;
  scalars?: Record<string, number>;
}

// newResourcePod sets cpu, memory and ephemeral-storage on every container, zero or not.
function container(u: Usage, i: number): Container {
  const requests: Record<string, string> = {
    cpu: `${u.cpu ?? 0}m`,
    memory: String(u.memory ?? 0),
    'ephemeral-storage': String(u.storage ?? 0),
  };
  for (const [k, v] of Object.entries(u.scalars ?? {})) requests[k] = String(v);
  return { name: `c${i}`, image: 'pause', resources: { requests } };
}

let n = 0;
const resourcePod = (...usage: Usage[]): Pod => makePod(`p${++n}`, { containers: usage.map(container) });
const withInit = (pod: Pod, ...usage: Usage[]): Pod => ({
  ...pod,
  spec: { ...pod.spec!, initContainers: usage.map((u, i) => ({ ...container(u, i), name: `init${i}` })) },
});
const withOverhead = (pod: Pod, overhead: Record<string, string>): Pod => ({
  ...pod,
  spec: { ...pod.spec!, overhead },
});

/** Upstream's makeAllocatableResources(milliCPU, memory, pods, extendedA, storage, hugePageA). */
function alloc(cpu: number, memory: number, pods: number, extA: number, storage: number, huge: number) {
  return {
    cpu: `${cpu}m`,
    memory: String(memory),
    pods: String(pods),
    [EXT_A]: String(extA),
    'ephemeral-storage': String(storage),
    [HUGE_A]: String(huge),
  };
}

/** A node with `allocatable` running one pod that uses `existing`. */
const nodeRunning = (allocatable: Record<string, string>, ...existing: Usage[]): NodeInfo =>
  nodeInfo(makeNode('node', { allocatable }), resourcePod(...existing));

function runFilter(pod: Pod, ni: NodeInfo, args?: Record<string, unknown>) {
  const p = factory(args, fakeHandle([ni])) as Fit;
  const state = new CycleState();
  assert.equal(p.preFilter(state, pod), undefined);
  return p.filter(state, pod, ni);
}

const big = alloc(10, 20, 32, 5, 20, 5);
const reason = (r: string) => `Insufficient ${r}`;

interface Case {
  name: string;
  pod: Pod;
  existing: Usage;
  args?: Record<string, unknown>;
  want?: string[];
  wantInsufficient?: Partial<InsufficientResource>[];
}

const enough: Case[] = [
  {
    name: 'no resources requested always fits',
    pod: makePod('empty', { containers: [] }),
    existing: { cpu: 10, memory: 20 },
  },
  {
    name: 'too many resources fails',
    pod: resourcePod({ cpu: 1, memory: 1 }),
    existing: { cpu: 10, memory: 20 },
    want: [reason('cpu'), reason('memory')],
    wantInsufficient: [
      { resourceName: 'cpu', requested: 1, used: 10, capacity: 10 },
      { resourceName: 'memory', requested: 1, used: 20, capacity: 20 },
    ],
  },
  {
    name: 'too many resources fails due to init container cpu',
    pod: withInit(resourcePod({ cpu: 1, memory: 1 }), { cpu: 3, memory: 1 }),
    existing: { cpu: 8, memory: 19 },
    want: [reason('cpu')],
    wantInsufficient: [{ resourceName: 'cpu', requested: 3, used: 8, capacity: 10 }],
  },
  {
    name: 'too many resources fails due to highest init container cpu',
    pod: withInit(resourcePod({ cpu: 1, memory: 1 }), { cpu: 3, memory: 1 }, { cpu: 2, memory: 1 }),
    existing: { cpu: 8, memory: 19 },
    want: [reason('cpu')],
  },
  {
    name: 'too many resources fails due to init container memory',
    pod: withInit(resourcePod({ cpu: 1, memory: 1 }), { cpu: 1, memory: 3 }),
    existing: { cpu: 9, memory: 19 },
    want: [reason('memory')],
    wantInsufficient: [{ resourceName: 'memory', requested: 3, used: 19, capacity: 20 }],
  },
  {
    name: "init container fits because it's the max, not sum, of containers and init containers",
    pod: withInit(resourcePod({ cpu: 1, memory: 1 }), { cpu: 1, memory: 1 }, { cpu: 1, memory: 1 }),
    existing: { cpu: 9, memory: 19 },
  },
  { name: 'both resources fit', pod: resourcePod({ cpu: 1, memory: 1 }), existing: { cpu: 5, memory: 5 } },
  {
    name: 'one resource memory fits',
    pod: resourcePod({ cpu: 2, memory: 1 }),
    existing: { cpu: 9, memory: 5 },
    want: [reason('cpu')],
  },
  {
    name: 'one resource cpu fits',
    pod: resourcePod({ cpu: 1, memory: 2 }),
    existing: { cpu: 5, memory: 19 },
    want: [reason('memory')],
  },
  { name: 'equal edge case', pod: resourcePod({ cpu: 5, memory: 1 }), existing: { cpu: 5, memory: 19 } },
  {
    name: 'equal edge case for init container',
    pod: withInit(resourcePod({ cpu: 4, memory: 1 }), { cpu: 5, memory: 1 }),
    existing: { cpu: 5, memory: 19 },
  },
  { name: 'extended resource fits', pod: resourcePod({ scalars: { [EXT_A]: 1 } }), existing: {} },
  {
    name: 'extended resource capacity enforced',
    pod: resourcePod({ cpu: 1, memory: 1, scalars: { [EXT_A]: 10 } }),
    existing: { scalars: { [EXT_A]: 0 } },
    want: [reason(EXT_A)],
    wantInsufficient: [{ resourceName: EXT_A, requested: 10, used: 0, capacity: 5 }],
  },
  {
    name: 'extended resource allocatable enforced for init container',
    pod: withInit(resourcePod({}), { cpu: 1, memory: 1, scalars: { [EXT_A]: 1 } }),
    existing: { scalars: { [EXT_A]: 5 } },
    want: [reason(EXT_A)],
  },
  {
    name: 'extended resource allocatable enforced for multiple containers',
    pod: resourcePod({ cpu: 1, memory: 1, scalars: { [EXT_A]: 3 } }, { cpu: 1, memory: 1, scalars: { [EXT_A]: 3 } }),
    existing: { scalars: { [EXT_A]: 2 } },
    want: [reason(EXT_A)],
    wantInsufficient: [{ resourceName: EXT_A, requested: 6, used: 2, capacity: 5 }],
  },
  {
    name: 'extended resource allocatable admits multiple init containers',
    pod: withInit(resourcePod({}), { cpu: 1, memory: 1, scalars: { [EXT_A]: 3 } }, { scalars: { [EXT_A]: 3 } }),
    existing: { scalars: { [EXT_A]: 2 } },
  },
  {
    name: 'extended resource allocatable enforced for unknown resource',
    pod: resourcePod({ cpu: 1, memory: 1, scalars: { [EXT_B]: 1 } }),
    existing: {},
    want: [reason(EXT_B)],
    wantInsufficient: [{ resourceName: EXT_B, requested: 1, used: 0, capacity: 0 }],
  },
  {
    name: 'kubernetes.io resource capacity enforced',
    pod: resourcePod({ cpu: 1, memory: 1, scalars: { [K8S_IO_A]: 10 } }),
    existing: {},
    want: [reason(K8S_IO_A)],
  },
  {
    name: 'kubernetes.io resource capacity enforced for init container',
    pod: withInit(resourcePod({}), { cpu: 1, memory: 1, scalars: { [K8S_IO_B]: 10 } }),
    existing: {},
    want: [reason(K8S_IO_B)],
  },
  {
    name: 'hugepages resource allocatable enforced for multiple containers',
    pod: resourcePod({ cpu: 1, memory: 1, scalars: { [HUGE_A]: 3 } }, { cpu: 1, memory: 1, scalars: { [HUGE_A]: 3 } }),
    existing: { scalars: { [HUGE_A]: 2 } },
    want: [reason(HUGE_A)],
  },
  {
    name: 'skip checking ignored extended resource',
    pod: resourcePod({ cpu: 1, memory: 1, scalars: { [EXT_B]: 1 } }),
    existing: {},
    args: { ignoredResources: [EXT_B] },
  },
  {
    name: 'resources + pod overhead fits',
    pod: withOverhead(resourcePod({ cpu: 1, memory: 1 }), { cpu: '3m', memory: '13' }),
    existing: { cpu: 5, memory: 5 },
  },
  {
    name: 'requests + overhead does not fit for memory',
    pod: withOverhead(resourcePod({ cpu: 1, memory: 1 }), { cpu: '1m', memory: '15' }),
    existing: { cpu: 5, memory: 5 },
    want: [reason('memory')],
    wantInsufficient: [{ resourceName: 'memory', requested: 16, used: 5, capacity: 20 }],
  },
  {
    name: 'skip checking ignored extended resource via resource groups',
    pod: resourcePod({ cpu: 1, memory: 1, scalars: { [EXT_B]: 1, [K8S_IO_A]: 1 } }),
    existing: {},
    args: { ignoredResourceGroups: ['example.com'] },
    want: [reason(K8S_IO_A)],
  },
  {
    name: 'skip checking extended resource request with quantity zero via resource groups',
    pod: resourcePod({ cpu: 1, memory: 1, scalars: { [EXT_A]: 0 } }),
    existing: { scalars: { [EXT_A]: 6 } },
  },
];

for (const c of enough) {
  test(`NodeResourcesFit filter: ${c.name}`, () => {
    const ni = nodeRunning(big, c.existing);
    const status = runFilter(c.pod, ni, c.args);
    if (!c.want) assert.equal(status, undefined);
    else {
      assert.equal(status?.code, Code.Unschedulable);
      assert.deepEqual(status?.reasons, c.want);
    }
    if (c.wantInsufficient && !c.args) {
      const got = fits(c.pod, ni).map(({ resourceName, requested, used, capacity }) => ({
        resourceName,
        requested,
        used,
        capacity,
      }));
      assert.deepEqual(got, c.wantInsufficient);
    }
  });
}

const tooMany: { name: string; pod: Pod; existing: Usage }[] = [
  {
    name: "even without specified resources, predicate fails when there's no space for additional pod",
    pod: makePod('empty', { containers: [] }),
    existing: { cpu: 10, memory: 20 },
  },
  {
    name: "even if both resources fit, predicate fails when there's no space for additional pod",
    pod: resourcePod({ cpu: 1, memory: 1 }),
    existing: { cpu: 5, memory: 5 },
  },
  {
    name: "even for equal edge case, predicate fails when there's no space for additional pod due to init container",
    pod: withInit(resourcePod({ cpu: 5, memory: 1 }), { cpu: 5, memory: 1 }),
    existing: { cpu: 5, memory: 19 },
  },
];

for (const c of tooMany) {
  test(`NodeResourcesFit filter: ${c.name}`, () => {
    const status = runFilter(c.pod, nodeRunning(alloc(10, 20, 1, 0, 0, 0), c.existing));
    assert.equal(status?.code, Code.Unschedulable);
    assert.deepEqual(status?.reasons, ['Too many pods']);
  });
}

const storage: { name: string; pod: Pod; existing: Usage; want?: string[] }[] = [
  {
    name: 'empty storage requested, and pod fits',
    pod: resourcePod({ cpu: 1, memory: 1 }),
    existing: { cpu: 2, memory: 10 },
  },
  {
    name: 'storage ephemeral local storage request exceeds allocatable',
    pod: resourcePod({ storage: 25 }),
    existing: { cpu: 2, memory: 2 },
    want: [reason('ephemeral-storage')],
  },
  {
    name: 'ephemeral local storage is sufficient',
    pod: resourcePod({ storage: 5 }),
    existing: { cpu: 2, memory: 2, storage: 10 },
  },
  { name: 'pod fits', pod: resourcePod({ storage: 10 }), existing: { cpu: 2, memory: 2 } },
];

for (const c of storage) {
  test(`NodeResourcesFit filter storage: ${c.name}`, () => {
    const status = runFilter(c.pod, nodeRunning(big, c.existing));
    assert.deepEqual(status?.reasons, c.want);
  });
}

test('NodeResourcesFit filter: restartable init containers count toward the running requests', () => {
  const sidecarPod = (cpu: string, sidecarCPU: string) =>
    makePod('sidecar', {
      containers: [{ name: 'regular', resources: { requests: { cpu } } }],
      spec: {
        initContainers: [{ name: 'init', restartPolicy: 'Always', resources: { requests: { cpu: sidecarCPU } } }],
      },
    });
  const node = () => nodeInfo(makeNode('n', { allocatable: { cpu: '2m', memory: '0', pods: '1' } }));
  assert.equal(runFilter(sidecarPod('1m', '1m'), node()), undefined);
  assert.deepEqual(runFilter(sidecarPod('1m', '2m'), node())?.reasons, ['Insufficient cpu']);
});

test('NodeResourcesFit filter: an Error status when PreFilter did not run', () => {
  const ni = nodeInfo(makeNode('n'));
  const p = factory(undefined, fakeHandle([ni])) as Fit;
  const status = p.filter(new CycleState(), makePod('p'), ni);
  assert.equal(status?.code, Code.Error);
  assert.equal(status?.message(), 'error reading "PreFilterNodeResourcesFit" from cycleState: not found');
});

test('NodeResourcesFit prefilter state survives CycleState.clone', () => {
  const ni = nodeRunning(big, { cpu: 9, memory: 5 });
  const p = factory(undefined, fakeHandle([ni])) as Fit;
  const state = new CycleState();
  const pod = resourcePod({ cpu: 2, memory: 1 });
  p.preFilter(state, pod);
  assert.deepEqual(p.filter(state.clone(), pod, ni)?.reasons, ['Insufficient cpu']);
});
