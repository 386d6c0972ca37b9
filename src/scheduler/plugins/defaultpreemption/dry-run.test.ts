import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { CycleState } from '../../framework/interface.js';
import { defaultArgs } from './args.js';
import { DefaultPreemption } from './default-preemption.js';
import {
  HIGH,
  LARGE,
  LOW,
  MEDIUM,
  MID,
  NEG,
  SMALL,
  VERY_HIGH,
  VERY_LARGE,
  handleWith,
  node,
  pdb,
  pod,
  statuses,
} from './testing.js';

/** Ported from upstream's TestDryRunPreemption and TestSelectBestCandidate. */
const NOW = Date.parse('2024-06-01T00:00:00Z');
const plugin = (h: ReturnType<typeof handleWith>, args?: Record<string, unknown>) =>
  new DefaultPreemption(h, defaultArgs(args), { randomInt: () => 0, now: () => NOW });

test('dryRunPreemption', async (t) => {
  const large = (name: string, n: string, priority = MID, labels?: Record<string, string>) =>
    pod(name, { node: n, priority, req: LARGE, labels });
  const five = ['node1', 'node2', 'node3', 'node4', 'node5'];
  const cases: {
    name: string;
    args?: Record<string, unknown>;
    nodes: string[];
    preemptors: Pod[];
    pods: Pod[];
    pdbs?: PodDisruptionBudget[];
    offsets?: number[];
    want: { name: string; victims: string[]; pdb?: number }[][];
  }[] = [
    {
      name: 'a pod that fits on both nodes when lower priority pods are preempted',
      nodes: ['node1', 'node2'],
      preemptors: [pod('p', { priority: HIGH, req: LARGE })],
      pods: [large('p1', 'node1'), large('p2', 'node2')],
      want: [
        [
          { name: 'node1', victims: ['p1'] },
          { name: 'node2', victims: ['p2'] },
        ],
      ],
    },
    {
      name: 'other pods running are higher priority, no preemption would happen',
      nodes: ['node1', 'node2'],
      preemptors: [pod('p', { priority: LOW, req: LARGE })],
      pods: [large('p1', 'node1'), large('p2', 'node2')],
      want: [[]],
    },
    {
      name: 'all nodes are possible candidates, but DefaultPreemptionArgs limits to 2',
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 },
      nodes: five,
      preemptors: [pod('p', { priority: HIGH, req: LARGE })],
      pods: five.map((n, i) => large(`p${i + 1}`, n)),
      offsets: [4],
      want: [
        [
          { name: 'node5', victims: ['p5'] },
          { name: 'node1', victims: ['p1'] },
        ],
      ],
    },
    {
      name: 'some nodes are not possible candidates, DefaultPreemptionArgs limits to 2',
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 },
      nodes: five,
      preemptors: [pod('p', { priority: HIGH, req: LARGE })],
      pods: five.map((n, i) => large(`p${i + 1}`, n, n === 'node2' || n === 'node5' ? VERY_HIGH : MID)),
      offsets: [4],
      want: [
        [
          { name: 'node1', victims: ['p1'] },
          { name: 'node3', victims: ['p3'] },
        ],
      ],
    },
    {
      name: 'preemption offset across multiple scheduling cycles and wrap around',
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 },
      nodes: five,
      preemptors: ['tp1', 'tp2', 'tp3'].map((n) => pod(n, { priority: HIGH, req: LARGE })),
      pods: five.map((n, i) => large(`p${i + 1}`, n)),
      offsets: [4, 1, 3],
      want: [
        [
          { name: 'node5', victims: ['p5'] },
          { name: 'node1', victims: ['p1'] },
        ],
        [
          { name: 'node2', victims: ['p2'] },
          { name: 'node3', victims: ['p3'] },
        ],
        [
          { name: 'node4', victims: ['p4'] },
          { name: 'node5', victims: ['p5'] },
        ],
      ],
    },
    {
      name: 'preemption looks past numCandidates until a non-PDB violating node is found',
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 2 },
      nodes: five,
      preemptors: [pod('p', { priority: HIGH, req: LARGE })],
      pods: five.map((n, i) =>
        large(`p${i + 1}`, n, MID, ['node1', 'node2', 'node5'].includes(n) ? { app: 'foo' } : undefined),
      ),
      pdbs: [pdb('x', 'foo', 0)],
      offsets: [4],
      // node5 and node1 violate the PDB, node2 too but the violating list is full, node3 does not.
      want: [
        [
          { name: 'node3', victims: ['p3'], pdb: 0 },
          { name: 'node5', victims: ['p5'], pdb: 1 },
          { name: 'node1', victims: ['p1'], pdb: 1 },
        ],
      ],
    },
  ];
  for (const c of cases)
    await t.test(c.name, () => {
      const h = handleWith(
        c.nodes.map((n) => node(n)),
        c.pods,
        { pdbs: c.pdbs },
      );
      let cycle = 0;
      const pl = new DefaultPreemption(h, defaultArgs(c.args), {
        randomInt: () => c.offsets?.[cycle] ?? 0,
        now: () => NOW,
      });
      const nodes = h.snapshot().list();
      for (; cycle < c.preemptors.length; cycle++) {
        const { offset, numCandidates } = pl.getOffsetAndNumCandidates(nodes.length);
        const { candidates } = pl.dryRunPreemption(
          new CycleState(),
          c.preemptors[cycle],
          nodes,
          c.pdbs ?? [],
          offset,
          numCandidates,
        );
        const got = candidates.map((cd) => ({
          name: cd.name,
          victims: cd.victims.pods.map((p) => p.metadata!.name!),
          pdb: cd.victims.numPDBViolations,
        }));
        assert.deepEqual(
          got,
          c.want[cycle].map((w) => ({ pdb: 0, ...w })),
          `cycle ${cycle}`,
        );
      }
      // The snapshot's nodes keep their pods: the dry run works on copies.
      assert.equal(
        nodes.reduce((n, ni) => n + ni.pods.length, 0),
        c.pods.length,
      );
    });
});

test('dryRunPreemption stops once enough candidates are found', () => {
  const names = ['node1', 'node2', 'node3', 'node4', 'node5'];
  const h = handleWith(
    names.map((n) => node(n)),
    names.map((n, i) => pod(`p${i}`, { node: n, priority: MID, req: LARGE })),
  );
  const pl = plugin(h, { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 });
  pl.dryRunPreemption(new CycleState(), pod('p', { priority: HIGH, req: LARGE }), h.snapshot().list(), [], 0, 2);
  // Two nodes, each: one fit check without the victim, one reprieve attempt.
  assert.equal(h.filterCalls, 4);
});

test('postFilter picks the best candidate', async (t) => {
  const n3 = ['node1', 'node2', 'node3'];
  const cases: { name: string; nodes: string[]; preemptor: Pod; pods: Pod[]; want: string }[] = [
    {
      name: 'node with min highest priority pod is picked',
      nodes: n3,
      preemptor: pod('p', { priority: HIGH, req: VERY_LARGE }),
      pods: [
        pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, start: 0 }),
        pod('p1.2', { node: 'node1', priority: MID, req: LARGE, start: 0 }),
        pod('p2.1', { node: 'node2', priority: MID, req: MEDIUM, start: 0 }),
        pod('p2.2', { node: 'node2', priority: LOW, req: MEDIUM, start: 0 }),
        pod('p3.1', { node: 'node3', priority: LOW, req: MEDIUM, start: 0 }),
        pod('p3.2', { node: 'node3', priority: LOW, req: MEDIUM, start: 0 }),
      ],
      want: 'node3',
    },
    {
      name: 'when highest priorities are the same, minimum sum of priorities is picked',
      nodes: n3,
      preemptor: pod('p', { priority: HIGH, req: VERY_LARGE }),
      pods: [
        pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, start: 0 }),
        pod('p1.2', { node: 'node1', priority: MID, req: LARGE, start: 0 }),
        pod('p2.1', { node: 'node2', priority: MID, req: LARGE, start: 0 }),
        pod('p2.2', { node: 'node2', priority: LOW, req: MEDIUM, start: 0 }),
        pod('p3.1', { node: 'node3', priority: MID, req: MEDIUM, start: 0 }),
        pod('p3.2', { node: 'node3', priority: MID, req: MEDIUM, start: 0 }),
      ],
      want: 'node2',
    },
    {
      name: 'non-overlapping lowest high priority, sum priorities, and number of pods',
      nodes: ['node1', 'node2', 'node3', 'node4'],
      preemptor: pod('p', { priority: VERY_HIGH, req: VERY_LARGE }),
      pods: [
        pod('p1.1', { node: 'node1', priority: MID, req: SMALL, start: 0 }),
        pod('p1.2', { node: 'node1', priority: LOW, req: SMALL, start: 0 }),
        pod('p1.3', { node: 'node1', priority: LOW, req: SMALL, start: 0 }),
        pod('p2.1', { node: 'node2', priority: HIGH, req: LARGE, start: 0 }),
        pod('p3.1', { node: 'node3', priority: MID, req: MEDIUM, start: 0 }),
        pod('p3.2', { node: 'node3', priority: LOW, req: SMALL, start: 0 }),
        pod('p3.3', { node: 'node3', priority: LOW, req: SMALL, start: 0 }),
        pod('p3.4', { node: 'node3', priority: LOW, req: MEDIUM, start: 0 }),
        pod('p4.1', { node: 'node4', priority: MID, req: MEDIUM, start: 0 }),
        pod('p4.2', { node: 'node4', priority: MID, req: SMALL, start: 0 }),
        pod('p4.3', { node: 'node4', priority: MID, req: SMALL, start: 0 }),
        pod('p4.4', { node: 'node4', priority: NEG, req: SMALL, start: 0 }),
      ],
      want: 'node1',
    },
    {
      name: 'same priority, same number of victims, different start time for each node',
      nodes: n3,
      preemptor: pod('p', { priority: HIGH, req: VERY_LARGE }),
      pods: [
        pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, start: 2 }),
        pod('p1.2', { node: 'node1', priority: MID, req: MEDIUM, start: 2 }),
        pod('p2.1', { node: 'node2', priority: MID, req: MEDIUM, start: 3 }),
        pod('p2.2', { node: 'node2', priority: MID, req: MEDIUM, start: 3 }),
        pod('p3.1', { node: 'node3', priority: MID, req: MEDIUM, start: 1 }),
        pod('p3.2', { node: 'node3', priority: MID, req: MEDIUM, start: 1 }),
      ],
      want: 'node2',
    },
    {
      name: 'different priority, same number of victims, different start time for all pods',
      nodes: n3,
      preemptor: pod('p', { priority: HIGH, req: VERY_LARGE }),
      pods: [
        pod('p1.1', { node: 'node1', priority: LOW, req: MEDIUM, start: 4 }),
        pod('p1.2', { node: 'node1', priority: MID, req: MEDIUM, start: 2 }),
        pod('p2.1', { node: 'node2', priority: MID, req: MEDIUM, start: 6 }),
        pod('p2.2', { node: 'node2', priority: LOW, req: MEDIUM, start: 1 }),
        pod('p3.1', { node: 'node3', priority: LOW, req: MEDIUM, start: 3 }),
        pod('p3.2', { node: 'node3', priority: MID, req: MEDIUM, start: 5 }),
      ],
      want: 'node2',
    },
  ];
  for (const c of cases)
    await t.test(c.name, async () => {
      const h = handleWith(
        c.nodes.map((n) => node(n)),
        c.pods,
      );
      const { result, status } = await plugin(h).postFilter(new CycleState(), c.preemptor, statuses(c.nodes));
      assert.equal(status, undefined);
      assert.equal(result?.nominatedNodeName, c.want);
    });
});
