import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/interface.js';
import { Code, type Status } from '../../framework/status.js';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from './index.js';
import {
  barSelector,
  fooSelector,
  node,
  nodeAffinityIn,
  pod,
  podsOn,
  runFilter,
  setup,
  spread,
  unschedulableTaint,
  zoneNode,
} from './testing.js';

const { Success: OK, Unschedulable: NO, UnschedulableAndUnresolvable: NEVER } = Code;
const fourNodes = () => [
  zoneNode('node-a', 'zone1'),
  zoneNode('node-b', 'zone1'),
  zoneNode('node-x', 'zone2'),
  zoneNode('node-y', 'zone2'),
];
const foo = { foo: '' };
const onZone = (maxSkew = 1, selector = fooSelector, extra = {}) =>
  spread(maxSkew, 'zone', 'DoNotSchedule', selector, extra);
const onNode = (maxSkew = 1, selector = fooSelector, extra = {}) =>
  spread(maxSkew, 'node', 'DoNotSchedule', selector, extra);

// Upstream's TestSingleConstraint and TestMultipleConstraints.
const cases: { name: string; pod: Pod; nodes?: Node[]; pods?: Pod[]; want: Record<string, Code> }[] = [
  {
    name: 'no existing pods',
    pod: pod({ labels: foo, constraints: [onZone()] }),
    want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK },
  },
  {
    name: "no existing pods, incoming pod doesn't match itself",
    pod: pod({ labels: foo, constraints: [onZone(1, barSelector)] }),
    want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK },
  },
  {
    name: 'existing pods in a different namespace do not count',
    pod: pod({ labels: foo, constraints: [onZone()] }),
    pods: [
      pod({ namespace: 'ns1', node: 'node-a', labels: foo }),
      pod({ namespace: 'ns2', node: 'node-a', labels: foo }),
      pod({ node: 'node-x', labels: foo }),
      pod({ node: 'node-y', labels: foo }),
    ],
    want: { 'node-a': OK, 'node-b': OK, 'node-x': NO, 'node-y': NO },
  },
  {
    name: 'existing pods do not match a null selector',
    pod: pod({ labels: foo, constraints: [spread(1, 'zone', 'DoNotSchedule', undefined)] }),
    pods: [pod({ node: 'node-x', labels: foo }), pod({ node: 'node-y', labels: foo })],
    want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK },
  },
  {
    name: 'pods spread across zones as 3/3, all nodes fit',
    pod: pod({ labels: foo, constraints: [onZone()] }),
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-y', 3)],
    want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK },
  },
  {
    name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
    pod: pod({ labels: foo, constraints: [onZone()] }),
    nodes: [
      zoneNode('node-a', 'zone1'),
      node('node-b', { zon: 'zone1', node: 'node-b' }),
      zoneNode('node-x', 'zone2'),
      zoneNode('node-y', 'zone2'),
    ],
    pods: [...podsOn('node-a', 1), ...podsOn('node-b', 1), ...podsOn('node-x', 1), ...podsOn('node-y', 1)],
    want: { 'node-a': OK, 'node-b': NEVER, 'node-x': NO, 'node-y': NO },
  },
  {
    name: "no node has label 'rack'",
    pod: pod({ labels: foo, constraints: [spread(1, 'rack', 'DoNotSchedule', fooSelector)] }),
    nodes: [zoneNode('node-a', 'zone1'), zoneNode('node-x', 'zone2')],
    want: { 'node-a': NEVER, 'node-x': NEVER },
  },
  {
    name: 'pods spread across nodes as 2/1/0/3, only node-x fits',
    pod: pod({ labels: foo, constraints: [onNode()] }),
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-y', 3)],
    want: { 'node-a': NO, 'node-b': NO, 'node-x': OK, 'node-y': NO },
  },
  {
    name: 'pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit',
    pod: pod({ labels: foo, constraints: [onNode(2)] }),
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-y', 3)],
    want: { 'node-a': NO, 'node-b': OK, 'node-x': OK, 'node-y': NO },
  },
  {
    name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
    pod: pod({ labels: { bar: '' }, constraints: [onNode()] }),
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-y', 3)],
    want: { 'node-a': NO, 'node-b': OK, 'node-x': OK, 'node-y': NO },
  },
  {
    name: 'incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits',
    pod: pod({ labels: foo, constraints: [onNode()], spec: nodeAffinityIn('node', ['node-a', 'node-y']) }),
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-y', 3)],
    want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': NO },
  },
  {
    name: 'terminating pods are excluded',
    pod: pod({ labels: foo, constraints: [onNode()] }),
    nodes: [node('node-a', { node: 'node-a' }), node('node-b', { node: 'node-b' })],
    pods: [pod({ node: 'node-a', labels: foo, terminating: true }), pod({ node: 'node-b', labels: foo })],
    want: { 'node-a': OK, 'node-b': NO },
  },
  {
    name: 'incoming pod has nodeAffinity, pods spread as 0/~2~/0/1, hence node-a fits',
    pod: pod({ labels: foo, constraints: [onZone()], spec: nodeAffinityIn('node', ['node-b'], 'NotIn') }),
    pods: [...podsOn('node-b', 2), ...podsOn('node-y', 1)],
    want: { 'node-a': OK, 'node-b': OK, 'node-x': NO, 'node-y': NO },
  },
  {
    name: 'spread 2/2/1, maxSkew 2, fewer domains than minDomains: only the third node fits',
    pod: pod({ labels: foo, constraints: [onNode(2, fooSelector, { minDomains: 4 })] }),
    nodes: ['node-a', 'node-b', 'node-c'].map((n) => node(n, { node: n })),
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 2), ...podsOn('node-c', 1)],
    want: { 'node-a': NO, 'node-b': NO, 'node-c': OK },
  },
  {
    name: 'spread 2/2/1, maxSkew 2, more domains than minDomains: all nodes fit',
    pod: pod({ labels: foo, constraints: [onNode(2, fooSelector, { minDomains: 2 })] }),
    nodes: ['node-a', 'node-b', 'node-c'].map((n) => node(n, { node: n })),
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 2), ...podsOn('node-c', 1)],
    want: { 'node-a': OK, 'node-b': OK, 'node-c': OK },
  },
  {
    name: 'zones 2/1, maxSkew 2, fewer domains than minDomains: zone2 fits',
    pod: pod({ labels: foo, constraints: [onZone(2, fooSelector, { minDomains: 3 })] }),
    pods: [...podsOn('node-a', 1), ...podsOn('node-b', 1), ...podsOn('node-y', 1)],
    want: { 'node-a': NO, 'node-b': NO, 'node-x': OK, 'node-y': OK },
  },
  {
    name: 'zones 2/1, maxSkew 2, enough domains: all fit',
    pod: pod({ labels: foo, constraints: [onZone(2, fooSelector, { minDomains: 1 })] }),
    pods: [...podsOn('node-a', 1), ...podsOn('node-b', 1), ...podsOn('node-y', 1)],
    want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK },
  },
  {
    name: 'NodeAffinityPolicy Ignore counts nodes outside the node affinity',
    pod: pod({
      labels: foo,
      constraints: [onNode(1, fooSelector, { nodeAffinityPolicy: 'Ignore' })],
      spec: nodeAffinityIn('foo', ['']),
    }),
    nodes: [
      ...['node-a', 'node-b', 'node-x'].map((n) => node(n, { node: n, foo: '' })),
      node('node-y', { node: 'node-y' }),
    ],
    pods: [...podsOn('node-a', 1), ...podsOn('node-b', 1), ...podsOn('node-y', 1)],
    want: { 'node-a': NO, 'node-b': NO, 'node-x': OK, 'node-y': NO },
  },
  {
    name: 'NodeTaintsPolicy Honor leaves out untolerated tainted nodes',
    pod: pod({ labels: foo, constraints: [onNode(1, fooSelector, { nodeTaintsPolicy: 'Honor' })] }),
    nodes: [
      ...['node-a', 'node-b', 'node-x'].map((n) => node(n, { node: n, foo: '' })),
      node('node-y', { node: 'node-y' }, unschedulableTaint),
    ],
    pods: [...podsOn('node-a', 1), ...podsOn('node-b', 1), ...podsOn('node-y', 1)],
    want: { 'node-a': NO, 'node-b': NO, 'node-x': OK, 'node-y': OK },
  },
  {
    name: 'NodeTaintsPolicy Ignore (default) counts tainted nodes',
    pod: pod({ labels: foo, constraints: [onNode()] }),
    nodes: [
      ...['node-a', 'node-b', 'node-x'].map((n) => node(n, { node: n, foo: '' })),
      node('node-y', { node: 'node-y' }, unschedulableTaint),
    ],
    pods: [...podsOn('node-a', 1), ...podsOn('node-b', 1), ...podsOn('node-y', 1)],
    want: { 'node-a': NO, 'node-b': NO, 'node-x': OK, 'node-y': NO },
  },
  {
    name: 'two constraints, spreads = [3/3, 2/1/0/3]',
    pod: pod({ labels: foo, constraints: [onZone(), onNode()] }),
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-y', 3)],
    want: { 'node-a': NO, 'node-b': NO, 'node-x': OK, 'node-y': NO },
  },
  {
    name: 'two constraints, spreads = [3/4, 2/1/0/4]',
    pod: pod({ labels: foo, constraints: [onZone(), onNode()] }),
    pods: [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-y', 4)],
    want: { 'node-a': NO, 'node-b': NO, 'node-x': NO, 'node-y': NO },
  },
  {
    name: 'different selectors, spreads = [1/0, 1/0/0/1]',
    pod: pod({ labels: { foo: '', bar: '' }, constraints: [onZone(), onNode(1, barSelector)] }),
    pods: [pod({ node: 'node-a', labels: foo }), pod({ node: 'node-y', labels: { bar: '' } })],
    want: { 'node-a': NO, 'node-b': NO, 'node-x': OK, 'node-y': NO },
  },
  {
    name: 'different selectors, spreads = [2/3, 1/0/0/1]',
    pod: pod({ labels: { foo: '', bar: '' }, constraints: [onZone(), onNode(1, barSelector)] }),
    pods: [
      pod({ node: 'node-a', labels: foo }),
      pod({ node: 'node-a', labels: { foo: '', bar: '' } }),
      pod({ node: 'node-y', labels: foo }),
      pod({ node: 'node-y', labels: { foo: '', bar: '' } }),
      pod({ node: 'node-y', labels: foo }),
    ],
    want: { 'node-a': NO, 'node-b': OK, 'node-x': NO, 'node-y': NO },
  },
  {
    name: "different selectors, pod doesn't match itself on 'zone'",
    pod: pod({ labels: { bar: '' }, constraints: [onZone(), onNode(1, barSelector)] }),
    pods: [
      pod({ node: 'node-a', labels: foo }),
      pod({ node: 'node-x', labels: { bar: '' } }),
      pod({ node: 'node-y', labels: { bar: '' } }),
    ],
    want: { 'node-a': OK, 'node-b': OK, 'node-x': NO, 'node-y': NO },
  },
  {
    name: "two constraints, node-x lacks label 'node'",
    pod: pod({ labels: foo, constraints: [onZone(), onNode()] }),
    nodes: [
      zoneNode('node-a', 'zone1'),
      zoneNode('node-b', 'zone1'),
      node('node-x', { zone: 'zone2' }),
      zoneNode('node-y', 'zone2'),
    ],
    pods: [...podsOn('node-a', 1), ...podsOn('node-y', 1)],
    want: { 'node-a': NO, 'node-b': OK, 'node-x': NEVER, 'node-y': NO },
  },
  {
    name: 'matchLabelKeys narrows the selector to the pod’s revision',
    pod: pod({ labels: { foo: '', rev: '2' }, constraints: [onNode(1, fooSelector, { matchLabelKeys: ['rev'] })] }),
    pods: [...podsOn('node-a', 2, { foo: '', rev: '1' }), ...podsOn('node-b', 1, { foo: '', rev: '2' })],
    want: { 'node-a': OK, 'node-b': NO, 'node-x': OK, 'node-y': OK },
  },
];

for (const tc of cases) {
  test(`PodTopologySpread filter: ${tc.name}`, () => {
    assert.deepEqual(runFilter(tc.pod, tc.nodes ?? fourNodes(), tc.pods ?? []), tc.want);
  });
}

test('PodTopologySpread filter: reasons', () => {
  const p = pod({ labels: foo, constraints: [onZone()] });
  const nodes = [zoneNode('node-a', 'zone1'), zoneNode('node-x', 'zone2'), node('node-z', {})];
  const { pl, infos } = setup(nodes, podsOn('node-a', 2));
  const state = new CycleState();
  assert.equal(pl.preFilter(state, p, infos), undefined);
  assert.equal(pl.filter(state, p, infos[1]), undefined);
  assert.deepEqual(pl.filter(state, p, infos[0])?.reasons, [ERR_REASON_CONSTRAINTS_NOT_MATCH]);
  assert.deepEqual(pl.filter(state, p, infos[2])?.reasons, [ERR_REASON_NODE_LABEL_NOT_MATCH]);
  assert.equal(
    ERR_REASON_NODE_LABEL_NOT_MATCH,
    "node(s) didn't match pod topology spread constraints (missing required label)",
  );
});

test('PodTopologySpread preFilter: Skip without DoNotSchedule constraints, Error on a bad selector', () => {
  const skipped = runFilter(pod({ constraints: [spread(1, 'zone', 'ScheduleAnyway', fooSelector)] }), fourNodes(), []);
  assert.equal((skipped as Status).code, Code.Skip);
  assert.equal((runFilter(pod(), fourNodes(), []) as Status).code, Code.Skip);
  const bad = runFilter(
    pod({ constraints: [onZone(1, { matchExpressions: [{ key: 'foo', operator: 'In', values: [] }] })] }),
    fourNodes(),
    [],
  ) as Status;
  assert.equal(bad.code, Code.Error);
  assert.match(bad.message(), /^obtaining pod's hard topology spread constraints: /);
});
