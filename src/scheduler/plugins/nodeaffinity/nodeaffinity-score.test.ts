import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeAffinity as NodeAffinitySpec, NodeSelectorRequirement, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState, MAX_NODE_SCORE, type NodeScore } from '../../framework/interface.js';
import { NodeInfo } from '../../framework/node-info.js';
import { Code, Status } from '../../framework/status.js';
import { fakeHandle, makeNode, makePod, nodeInfo } from '../../framework/testing.js';
import { NodeAffinity, type NodeAffinityArgs, factory } from './index.js';

const expr = (key: string, operator: string, values?: string[]): NodeSelectorRequirement => ({ key, operator, values });
const podWith = (nodeAffinity?: NodeAffinitySpec): Pod =>
  makePod('p', { spec: { affinity: nodeAffinity ? { nodeAffinity } : undefined } });

type Want = { code: Code; reasons: string[] } | undefined;
const plain = (s: Status | undefined): Want => s && { code: s.code, reasons: [...s.reasons] };

// Ported from upstream's TestNodeAffinityPriority.
const label1 = { foo: 'bar' };
const label2 = { key: 'value' };
const label3 = { az: 'az1' };
const label4 = { abc: 'az11', def: 'az22' };
const label5 = { foo: 'bar', key: 'value', az: 'az1' };
const affinity1: NodeAffinitySpec = {
  preferredDuringSchedulingIgnoredDuringExecution: [
    { weight: 2, preference: { matchExpressions: [expr('foo', 'In', ['bar'])] } },
  ],
};
const affinity2: NodeAffinitySpec = {
  preferredDuringSchedulingIgnoredDuringExecution: [
    { weight: 2, preference: { matchExpressions: [expr('foo', 'In', ['bar'])] } },
    { weight: 4, preference: { matchExpressions: [expr('key', 'In', ['value'])] } },
    {
      weight: 5,
      preference: {
        matchExpressions: [expr('foo', 'In', ['bar']), expr('key', 'In', ['value']), expr('az', 'In', ['az1'])],
      },
    },
  ],
};

interface ScoreCase {
  name: string;
  pod: Pod;
  nodes: [string, Record<string, string>][];
  args?: NodeAffinityArgs;
  runPreScore?: boolean;
  wantPreScore?: Want;
  want?: number[];
}

const scoreCases: ScoreCase[] = [
  {
    name: 'all nodes are same priority as NodeAffinity is nil',
    pod: podWith(),
    nodes: [
      ['node1', label1],
      ['node2', label2],
      ['node3', label3],
    ],
    want: [0, 0, 0],
  },
  {
    name: 'Skip is returned in PreScore when NodeAffinity is nil',
    pod: podWith(),
    nodes: [['node1', label1]],
    runPreScore: true,
    wantPreScore: { code: Code.Skip, reasons: [] },
  },
  {
    name: 'PreScore returns error when an incoming Pod has a broken affinity',
    pod: podWith({
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 2, preference: { matchExpressions: [expr('invalid key', 'In', ['bar'])] } },
      ],
    }),
    nodes: [['node1', label1]],
    runPreScore: true,
    wantPreScore: {
      code: Code.Error,
      reasons: [
        `[0].matchExpressions[0].key: Invalid value: "invalid key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      ],
    },
  },
  {
    name: "no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero",
    pod: podWith(affinity1),
    nodes: [
      ['node1', label4],
      ['node2', label2],
      ['node3', label3],
    ],
    runPreScore: true,
    want: [0, 0, 0],
  },
  {
    name: 'only node1 matches the preferred scheduling requirements of pod',
    pod: podWith(affinity1),
    nodes: [
      ['node1', label1],
      ['node2', label2],
      ['node3', label3],
    ],
    runPreScore: true,
    want: [MAX_NODE_SCORE, 0, 0],
  },
  {
    name: 'all nodes matches the preferred scheduling requirements of pod but with different priorities',
    pod: podWith(affinity2),
    nodes: [
      ['node1', label1],
      ['node5', label5],
      ['node2', label2],
    ],
    runPreScore: true,
    want: [18, MAX_NODE_SCORE, 36],
  },
  {
    name: 'added affinity',
    pod: podWith(),
    nodes: [
      ['node1', label1],
      ['node2', label2],
    ],
    args: { addedAffinity: affinity1 },
    runPreScore: true,
    want: [MAX_NODE_SCORE, 0],
  },
  {
    name: 'added affinity and pod has default affinity',
    pod: podWith(affinity1),
    nodes: [
      ['node1', label1],
      ['node2', label2],
      ['node3', label5],
    ],
    args: {
      addedAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 3, preference: { matchExpressions: [expr('key', 'In', ['value'])] } },
        ],
      },
    },
    runPreScore: true,
    want: [40, 60, MAX_NODE_SCORE],
  },
  {
    name: 'calculate the priorities correctly even if PreScore is not called',
    pod: podWith(affinity2),
    nodes: [
      ['node1', label1],
      ['node5', label5],
      ['node2', label2],
    ],
    want: [18, MAX_NODE_SCORE, 36],
  },
];

for (const c of scoreCases) {
  test(`NodeAffinity score: ${c.name}`, () => {
    const infos = c.nodes.map(([name, labels]) => nodeInfo(makeNode(name, { labels })));
    const pl = factory(c.args as Record<string, unknown> | undefined, fakeHandle(infos)) as NodeAffinity;
    const state = new CycleState();
    if (c.runPreScore) {
      const s = pl.preScore(state, c.pod);
      assert.deepEqual(plain(s), c.wantPreScore);
      if (s) return;
    }
    const scores: NodeScore[] = infos.map((ni) => ({ name: ni.name, score: pl.score(state, c.pod, ni) as number }));
    assert.equal(pl.scoreExtensions().normalizeScore(state, c.pod, scores), undefined);
    assert.deepEqual(
      scores,
      c.nodes.map(([name], i) => ({ name, score: c.want![i] })),
    );
  });
}

test('NodeAffinity score without a node is an Error', () => {
  const s = new NodeAffinity().score(new CycleState(), podWith(), new NodeInfo());
  assert.ok(s instanceof Status && s.code === Code.Error);
});
