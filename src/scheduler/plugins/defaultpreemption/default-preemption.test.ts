import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { CycleState } from '../../framework/interface.js';
import { Code, Status } from '../../framework/status.js';
import { defaultArgs } from './args.js';
import { DefaultPreemption } from './default-preemption.js';
import {
  HIGH,
  LARGE,
  LOW,
  MEDIUM,
  MID,
  ONE_POD,
  SMALL,
  VERY_HIGH,
  handleWith,
  node,
  pdb,
  pod,
  statuses,
  type TestHandle,
} from './testing.js';

const NOW = Date.parse('2024-06-01T00:00:00Z');
const NODE_RES = { cpu: '200m', memory: '400' };

function plugin(h: TestHandle, args?: Record<string, unknown>, offset = 0) {
  return new DefaultPreemption(h, defaultArgs(args), { randomInt: () => offset, now: () => NOW });
}

test('postFilter', async (t) => {
  const cases: {
    name: string;
    preemptor: Pod;
    pods: Pod[];
    nodes: Node[];
    statuses: Map<string, Status>;
    pdbs?: PodDisruptionBudget[];
    wantNode?: string;
    wantStatus?: { code: Code; message: string };
  }[] = [
    {
      name: 'pod with higher priority can be made schedulable',
      preemptor: pod('p', { priority: HIGH }),
      pods: [pod('p1', { node: 'node1' })],
      nodes: [node('node1', ONE_POD)],
      statuses: statuses(['node1']),
      wantNode: 'node1',
    },
    {
      name: 'pod with tied priority is still unschedulable',
      preemptor: pod('p'),
      pods: [pod('p1', { node: 'node1' })],
      nodes: [node('node1', ONE_POD)],
      statuses: statuses(['node1']),
      wantNode: '',
      wantStatus: {
        code: Code.Unschedulable,
        message: 'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
      },
    },
    {
      name: 'preemption should respect filteredNodesStatuses',
      preemptor: pod('p', { priority: HIGH }),
      pods: [pod('p1', { node: 'node1' })],
      nodes: [node('node1', ONE_POD)],
      statuses: statuses(['node1'], ['node1']),
      wantNode: '',
      wantStatus: {
        code: Code.Unschedulable,
        message: 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
      },
    },
    {
      name: 'absent nodes are unresolvable',
      preemptor: pod('p', { priority: HIGH }),
      pods: [pod('p1', { node: 'node1' })],
      nodes: [node('node1', ONE_POD)],
      statuses: new Map(),
      wantNode: '',
      wantStatus: {
        code: Code.Unschedulable,
        message: 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
      },
    },
    {
      name: 'pod can be made schedulable on one node',
      preemptor: pod('p', { priority: MID }),
      pods: [pod('p1', { node: 'node1', priority: HIGH }), pod('p2', { node: 'node2', priority: LOW })],
      nodes: [node('node1', ONE_POD), node('node2', ONE_POD)],
      statuses: statuses(['node1', 'node2']),
      wantNode: 'node2',
    },
    {
      name: 'pod can be made schedulable on minHighestPriority node',
      preemptor: pod('p', { priority: VERY_HIGH }),
      pods: [
        pod('p1', { node: 'node1', priority: HIGH, labels: { app: 'ok' } }),
        pod('p2', { node: 'node1', priority: LOW, labels: { app: 'protected' } }),
        pod('p3', { node: 'node2', priority: MID, labels: { app: 'protected' } }),
      ],
      pdbs: [pdb('violating', 'protected', 0), pdb('non-violating', 'ok', 2 ** 31 - 1)],
      nodes: [node('node1', ONE_POD), node('node2', ONE_POD)],
      statuses: statuses(['node1', 'node2']),
      wantNode: 'node2',
    },
    {
      name: 'no candidate nodes found, no enough resource after removing low priority pods',
      preemptor: pod('p', { priority: HIGH, req: LARGE }),
      pods: [pod('p1', { node: 'node1' }), pod('p2', { node: 'node2' })],
      nodes: [node('node1', NODE_RES), node('node2', NODE_RES)],
      statuses: statuses(['node1', 'node2']),
      wantNode: '',
      wantStatus: { code: Code.Unschedulable, message: 'preemption: 0/2 nodes are available: 2 Insufficient cpu.' },
    },
    {
      name: 'no candidate nodes found with mixed reasons',
      preemptor: pod('p', { priority: HIGH, req: LARGE }),
      pods: [
        pod('p1', { node: 'node1', priority: HIGH }),
        pod('p2', { node: 'node2' }),
        pod('p3', { node: 'node3', priority: HIGH }),
      ],
      nodes: [node('node1', ONE_POD), node('node2', NODE_RES), node('node3', ONE_POD)],
      statuses: statuses(['node1', 'node2', 'node3']),
      wantNode: '',
      wantStatus: {
        code: Code.Unschedulable,
        message:
          'preemption: 0/3 nodes are available: 1 Insufficient cpu, 2 No preemption victims found for incoming pod.',
      },
    },
    {
      name: 'no candidate nodes found: unresolvable and absent nodes are not helped',
      preemptor: pod('p', { priority: HIGH, req: LARGE }),
      pods: [pod('p1', { node: 'node1' }), pod('p2', { node: 'node2' })],
      nodes: ['node1', 'node2', 'node3', 'node4'].map((n) => node(n, NODE_RES)),
      statuses: statuses(['node1', 'node2', 'node4'], ['node4']),
      wantNode: '',
      wantStatus: {
        code: Code.Unschedulable,
        message: 'preemption: 0/4 nodes are available: 2 Insufficient cpu, 2 Preemption is not helpful for scheduling.',
      },
    },
    {
      name: 'only one node but failed with TestPlugin',
      preemptor: pod('p', { priority: HIGH, req: LARGE }),
      pods: [pod('p1', { node: 'node1' })],
      nodes: [node('node1', LARGE, { error: 'true' })],
      statuses: statuses(['node1']),
      wantStatus: {
        code: Code.Error,
        message: 'preemption: running RemovePod on PreFilter plugin "test-plugin": failed to remove pod: p',
      },
    },
    {
      name: 'one failed with TestPlugin and the other pass',
      preemptor: pod('p', { priority: HIGH, req: LARGE }),
      pods: [pod('p1', { node: 'node1' }), pod('p2', { node: 'node2', req: MEDIUM })],
      nodes: [node('node1', LARGE, { error: 'true' }), node('node2', LARGE)],
      statuses: statuses(['node1', 'node2']),
      wantNode: 'node2',
    },
    {
      name: 'a pod that fits without preemption: no victims is an error',
      preemptor: pod('p', { priority: HIGH, req: SMALL }),
      pods: [pod('p1', { node: 'node1', req: SMALL })],
      nodes: [node('node1')],
      statuses: statuses(['node1']),
      wantStatus: { code: Code.Error, message: 'preemption: expected at least one victim pod on node "node1"' },
    },
    {
      name: 'errors on several nodes are aggregated',
      preemptor: pod('p', { priority: HIGH, req: SMALL }),
      pods: [pod('p1', { node: 'node1', req: SMALL }), pod('p2', { node: 'node2', req: SMALL })],
      nodes: [node('node1'), node('node2')],
      statuses: statuses(['node1', 'node2']),
      wantStatus: {
        code: Code.Error,
        message:
          'preemption: [expected at least one victim pod on node "node1", expected at least one victim pod on node "node2"]',
      },
    },
    {
      name: 'preemptionPolicy Never',
      preemptor: pod('p', { priority: HIGH, extra: { preemptionPolicy: 'Never' } }),
      pods: [pod('p1', { node: 'node1' })],
      nodes: [node('node1', ONE_POD)],
      statuses: statuses(['node1']),
      wantStatus: { code: Code.Unschedulable, message: 'preemption: not eligible due to preemptionPolicy=Never.' },
    },
    {
      name: 'no nodes',
      preemptor: pod('p', { priority: HIGH }),
      pods: [],
      nodes: [],
      statuses: new Map(),
      wantStatus: { code: Code.Error, message: 'preemption: no nodes available' },
    },
  ];
  for (const c of cases)
    await t.test(c.name, async () => {
      const h = handleWith(c.nodes, c.pods, { pdbs: c.pdbs });
      const { result, status } = await plugin(h).postFilter(new CycleState(), c.preemptor, c.statuses);
      assert.equal(result?.nominatedNodeName, c.wantNode);
      assert.deepEqual(status && { code: status.code, message: status.message() }, c.wantStatus);
      if (!c.wantNode) assert.deepEqual(h.client.calls, []);
    });
});
