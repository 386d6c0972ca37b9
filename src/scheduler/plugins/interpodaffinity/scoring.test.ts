import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Namespace, Node, Pod, PodAffinityTerm } from 'kubernetes-types/core/v1.js';
import type { NodeScore } from '../../framework/interface.js';
import { Code } from '../../framework/status.js';
import { exprs, namespace, node, pod, runScore, term, weighted } from './testing.js';

// Upstream's TestPreferredAffinity and TestPreferredAffinityWithHardPodAffinitySymmetricWeight.
const NAMESPACES: Namespace[] = [
  namespace('subteam1.team1', { team: 'team1' }),
  namespace('subteam2.team1', { team: 'team1' }),
  namespace('subteam1.team2', { team: 'team2' }),
  namespace('subteam2.team2', { team: 'team2' }),
];
const china = { region: 'China' };
const india = { region: 'India' };
const az1 = { az: 'az1' };
const az2 = { az: 'az2' };
const chinaAz1 = { region: 'China', az: 'az1' };
const s1 = { security: 'S1' };
const s2 = { security: 'S2' };

const stayWithS1InRegion = [weighted(5, term('security', 'In', ['S1'], 'region'))];
const stayWithS2InRegion = [weighted(6, term('security', 'In', ['S2'], 'region'))];
const affinity3 = [
  weighted(8, {
    labelSelector: exprs(['security', 'NotIn', ['S1']], ['security', 'In', ['S2']]),
    topologyKey: 'region',
  }),
  weighted(2, { labelSelector: exprs(['security', 'Exists'], ['wrongkey', 'DoesNotExist']), topologyKey: 'region' }),
];
const hardAffinity: PodAffinityTerm[] = [
  term('security', 'In', ['S1', 'value2'], 'region'),
  { labelSelector: exprs(['security', 'Exists'], ['wrongkey', 'DoesNotExist']), topologyKey: 'region' },
];
const awayFromS1InAz = [weighted(5, term('security', 'In', ['S1'], 'az'))];
const awayFromS2InAz = [weighted(5, term('security', 'In', ['S2'], 'az'))];
const withS1AwayFromS2 = {
  preferredAffinity: [weighted(8, term('security', 'In', ['S1'], 'region'))],
  preferredAntiAffinity: [weighted(5, term('security', 'In', ['S2'], 'az'))],
};
const nsSelectorTerm = term('security', 'In', ['S1'], 'region', {
  namespaces: ['subteam2.team2'],
  namespaceSelector: exprs(['team', 'In', ['team1']]),
});

const nodes = (...labels: Record<string, string>[]): Node[] => labels.map((l, i) => node(`node${i + 1}`, l));
const scores = (...s: number[]): NodeScore[] => s.map((score, i) => ({ name: `node${i + 1}`, score }));

const cases: {
  name: string;
  pod: Pod;
  pods?: Pod[];
  nodes: Node[];
  args?: Record<string, unknown>;
  want?: NodeScore[];
  status?: { code: Code; contains?: string };
}[] = [
  {
    name: 'no affinity anywhere: Skip',
    pod: pod({ labels: s1 }),
    nodes: nodes(china, india, az1),
    status: { code: Code.Skip },
  },
  {
    name: 'affinity: matching topology key and pods scores highest',
    pod: pod({ labels: s1, preferredAffinity: stayWithS1InRegion }),
    pods: [pod({ node: 'node1', labels: s1 }), pod({ node: 'node2', labels: s2 }), pod({ node: 'node3', labels: s1 })],
    nodes: nodes(china, india, az1),
    want: scores(100, 0, 0),
  },
  {
    name: 'affinity: every node in the matching domain scores the same',
    pod: pod({ preferredAffinity: stayWithS1InRegion }),
    pods: [pod({ node: 'node1', labels: s1 })],
    nodes: nodes(china, chinaAz1, india),
    want: scores(100, 100, 0),
  },
  {
    name: 'affinity: the region with more matching pods wins',
    pod: pod({ labels: s1, preferredAffinity: stayWithS2InRegion }),
    pods: ['node1', 'node1', 'node2', 'node3', 'node4', 'node5'].map((n) => pod({ node: n, labels: s2 })),
    nodes: nodes(china, india, china, china, india),
    want: scores(100, 0, 100, 100, 0),
  },
  {
    name: 'affinity: different operators, some terms not matching',
    pod: pod({ labels: s1, preferredAffinity: affinity3 }),
    pods: [pod({ node: 'node1', labels: s1 }), pod({ node: 'node2', labels: s2 }), pod({ node: 'node3', labels: s1 })],
    nodes: nodes(china, india, az1),
    want: scores(20, 100, 0),
  },
  {
    name: "symmetry: existing pods' preferred affinity",
    pod: pod({ labels: s2 }),
    pods: [
      pod({ node: 'node1', labels: s1, preferredAffinity: stayWithS1InRegion }),
      pod({ node: 'node2', labels: s2, preferredAffinity: stayWithS2InRegion }),
    ],
    nodes: nodes(china, india, az1),
    want: scores(0, 100, 0),
  },
  {
    name: 'symmetry: affinity with a namespaceSelector',
    pod: pod({ namespace: 'subteam1.team1', labels: s1 }),
    pods: [
      pod({ node: 'node1', labels: s1, preferredAffinity: [weighted(5, nsSelectorTerm)] }),
      pod({ node: 'node2', labels: s2, preferredAffinity: stayWithS2InRegion }),
    ],
    nodes: nodes(china, india, az1),
    want: scores(100, 0, 0),
  },
  {
    name: 'symmetry: anti-affinity with a namespaceSelector',
    pod: pod({ namespace: 'subteam1.team1', labels: s1 }),
    pods: [
      pod({ node: 'node1', labels: s1, preferredAntiAffinity: [weighted(5, nsSelectorTerm)] }),
      pod({ node: 'node2', labels: s2, preferredAffinity: stayWithS2InRegion }),
    ],
    nodes: nodes(china, india, az1),
    want: scores(0, 100, 100),
  },
  {
    name: "symmetry: existing pods' required affinity weighs hardPodAffinityWeight",
    pod: pod({ labels: s1 }),
    pods: [
      pod({ node: 'node1', labels: s1, affinity: hardAffinity }),
      pod({ node: 'node2', labels: s2, affinity: hardAffinity }),
    ],
    nodes: nodes(china, india, az1),
    want: scores(100, 100, 0),
  },
  {
    name: 'anti-affinity: the node hosting a matching pod scores lowest',
    pod: pod({ labels: s1, preferredAntiAffinity: awayFromS1InAz }),
    pods: [pod({ node: 'node1', labels: s1 }), pod({ node: 'node2', labels: s2 })],
    nodes: nodes(az1, china),
    want: scores(0, 100),
  },
  {
    name: 'anti-affinity: more matching pods, lower score',
    pod: pod({ labels: s1, preferredAntiAffinity: awayFromS1InAz }),
    pods: [pod({ node: 'node1', labels: s1 }), pod({ node: 'node1', labels: s1 }), pod({ node: 'node2', labels: s2 })],
    nodes: nodes(az1, india),
    want: scores(0, 100),
  },
  {
    name: "anti-affinity symmetry: existing pods' preferred anti-affinity",
    pod: pod({ labels: s2 }),
    pods: [
      pod({ node: 'node1', labels: s1, preferredAntiAffinity: awayFromS2InAz }),
      pod({ node: 'node2', labels: s2, preferredAntiAffinity: awayFromS1InAz }),
    ],
    nodes: nodes(az1, az2),
    want: scores(0, 100),
  },
  {
    name: 'affinity and anti-affinity of pods with the same labels',
    pod: pod({ labels: s1, ...withS1AwayFromS2 }),
    pods: ['node1', 'node1', 'node2', 'node3', 'node3', 'node4', 'node5'].map((n) => pod({ node: n, labels: s1 })),
    nodes: nodes(chinaAz1, india, china, china, india),
    want: scores(100, 0, 100, 100, 0),
  },
  {
    name: 'affinity, anti-affinity and both symmetries',
    pod: pod({ labels: s1, ...withS1AwayFromS2 }),
    pods: [
      pod({ node: 'node1', labels: s1 }),
      pod({ node: 'node2', labels: s2 }),
      pod({ node: 'node3', ...withS1AwayFromS2 }),
      pod({ node: 'node4', preferredAntiAffinity: awayFromS1InAz }),
    ],
    nodes: nodes(china, az1, india, az2),
    want: scores(100, 0, 100, 0),
  },
  {
    name: 'no panic when some nodes of a domain host no pods with affinity',
    pod: pod({ labels: s1 }),
    pods: [pod({ node: 'node1', labels: s1 }), pod({ node: 'node2', ...withS1AwayFromS2 })],
    nodes: nodes(china, china),
    want: scores(0, 0),
  },
  {
    name: 'an invalid affinity selector fails PreScore',
    pod: pod({ preferredAffinity: [weighted(8, term('security', 'In', ['{{.bad-value.}}'], 'region'))] }),
    nodes: nodes(china, china),
    status: { code: Code.Error, contains: 'Invalid value: "{{.bad-value.}}"' },
  },
  {
    name: 'affinity with pods matching the namespaceSelector',
    pod: pod({ namespace: 'subteam1.team1', labels: s1, preferredAffinity: [weighted(5, nsSelectorTerm)] }),
    pods: [
      pod({ node: 'node1', namespace: 'subteam1.team1', labels: s1 }),
      pod({ node: 'node1', namespace: 'subteam1.team1', labels: s1 }),
      pod({ node: 'node1', namespace: 'subteam1.team2', labels: s1 }),
      pod({ node: 'node2', namespace: 'subteam2.team1', labels: s1 }),
    ],
    nodes: nodes(china, india),
    want: scores(100, 0),
  },
  {
    name: 'anti-affinity with pods matching both namespaceSelector and namespaces',
    pod: pod({ namespace: 'subteam1.team1', labels: s1, preferredAntiAffinity: [weighted(5, nsSelectorTerm)] }),
    pods: [
      pod({ node: 'node1', namespace: 'subteam1.team1', labels: s1 }),
      pod({ node: 'node1', namespace: 'subteam1.team1', labels: s1 }),
      pod({ node: 'node1', namespace: 'subteam2.team2', labels: s1 }),
      pod({ node: 'node2', namespace: 'subteam2.team1', labels: s1 }),
    ],
    nodes: nodes(china, india),
    want: scores(0, 100),
  },
  {
    name: 'ignorePreferredTermsOfExistingPods skips a pod without preferred terms',
    pod: pod({ labels: s2 }),
    pods: [
      pod({ node: 'node1', labels: s1, ...withS1AwayFromS2 }),
      pod({ node: 'node2', labels: s2, preferredAffinity: stayWithS2InRegion }),
    ],
    nodes: nodes(china, india),
    args: { ignorePreferredTermsOfExistingPods: true },
    status: { code: Code.Skip },
  },
  {
    name: "existing pods' preferred terms count by default",
    pod: pod({ labels: s2 }),
    pods: [
      pod({ node: 'node1', labels: s1, ...withS1AwayFromS2 }),
      pod({ node: 'node2', labels: s2, preferredAffinity: stayWithS2InRegion }),
    ],
    nodes: nodes(china, india),
    want: scores(0, 100),
  },
  {
    name: 'no nodes: Skip',
    pod: pod({ labels: s2 }),
    nodes: [],
    status: { code: Code.Skip },
  },
];

for (const tc of cases) {
  test(`InterPodAffinity score: ${tc.name}`, () => {
    const got = runScore(tc.pod, tc.nodes, tc.pods ?? [], { args: tc.args, namespaces: NAMESPACES });
    if (tc.status) {
      assert.equal(got.status?.code, tc.status.code);
      if (tc.status.contains) assert.ok(got.status!.message().includes(tc.status.contains), got.status!.message());
      return;
    }
    assert.equal(got.status, undefined, got.status?.message());
    assert.deepEqual(got.scores, tc.want);
  });
}

const hardPodAffinity: PodAffinityTerm[] = [
  term('service', 'In', ['S1'], 'region', {
    namespaces: ['', 'subteam2.team2'],
    namespaceSelector: exprs(['team', 'In', ['team1']]),
  }),
];
const hardCases: { name: string; ns: string; weight: number; want?: NodeScore[] }[] = [
  { name: 'with default weight', ns: '', weight: 1, want: scores(100, 100, 0) },
  { name: 'with zero weight', ns: '', weight: 0 },
  { name: 'with no matching namespace', ns: 'subteam1.team2', weight: 1 },
  { name: 'with matching NamespaceSelector', ns: 'subteam1.team1', weight: 1, want: scores(100, 100, 0) },
  { name: 'with matching Namespaces', ns: 'subteam2.team2', weight: 1, want: scores(100, 100, 0) },
];

for (const tc of hardCases) {
  test(`InterPodAffinity score, hardPodAffinityWeight: ${tc.name}`, () => {
    const got = runScore(
      pod({ namespace: tc.ns, labels: { service: 'S1' } }),
      nodes(china, india, az1),
      [pod({ node: 'node1', affinity: hardPodAffinity }), pod({ node: 'node2', affinity: hardPodAffinity })],
      { args: { hardPodAffinityWeight: tc.weight }, namespaces: NAMESPACES },
    );
    if (!tc.want) return assert.equal(got.status?.code, Code.Skip);
    assert.deepEqual(got.scores, tc.want);
  });
}
