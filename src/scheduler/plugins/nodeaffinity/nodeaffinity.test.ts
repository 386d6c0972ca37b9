import { test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  NodeAffinity as NodeAffinitySpec,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
} from 'kubernetes-types/core/v1.js';
import { ActionType, CycleState } from '../../framework/interface.js';
import { Code, Status } from '../../framework/status.js';
import { fakeHandle, makeNode, makePod, nodeInfo } from '../../framework/testing.js';
import {
  ERR_REASON_CONFLICT,
  ERR_REASON_ENFORCED,
  ERR_REASON_POD,
  NAME,
  NodeAffinity,
  type NodeAffinityArgs,
  factory,
  validateArgs,
} from './index.js';

const expr = (key: string, operator: string, values?: string[]): NodeSelectorRequirement => ({ key, operator, values });
const nameIn = (...values: string[]): NodeSelectorRequirement => ({ key: 'metadata.name', operator: 'In', values });
const required = (...nodeSelectorTerms: NodeSelectorTerm[]): NodeAffinitySpec => ({
  requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms },
});
const podWith = (opts: { nodeSelector?: Record<string, string>; nodeAffinity?: NodeAffinitySpec } = {}): Pod =>
  makePod('p', {
    spec: {
      nodeSelector: opts.nodeSelector,
      affinity: opts.nodeAffinity ? { nodeAffinity: opts.nodeAffinity } : undefined,
    },
  });
const podRequiring = (...terms: NodeSelectorTerm[]) => podWith({ nodeAffinity: required(...terms) });

type Want = { code: Code; reasons: string[] } | undefined;
const unresolvable = (reason: string): Want => ({ code: Code.UnschedulableAndUnresolvable, reasons: [reason] });
const plain = (s: Status | undefined): Want => s && { code: s.code, reasons: [...s.reasons] };

interface FilterCase {
  name: string;
  pod: Pod;
  labels?: Record<string, string>;
  nodeName?: string;
  args?: NodeAffinityArgs;
  runPreFilter?: boolean;
  wantPreFilter?: Want;
  wantNodeNames?: string[];
  want?: Want;
}

// Ported from upstream's TestNodeAffinity.
const filterCases: FilterCase[] = [
  { name: 'missing labels', pod: podWith({ nodeSelector: { foo: 'bar' } }), want: unresolvable(ERR_REASON_POD) },
  { name: 'same labels', pod: podWith({ nodeSelector: { foo: 'bar' } }), labels: { foo: 'bar' } },
  {
    name: 'node labels are superset',
    pod: podWith({ nodeSelector: { foo: 'bar' } }),
    labels: { foo: 'bar', baz: 'blah' },
  },
  {
    name: 'node labels are subset',
    pod: podWith({ nodeSelector: { foo: 'bar', baz: 'blah' } }),
    labels: { foo: 'bar' },
    want: unresolvable(ERR_REASON_POD),
  },
  {
    name: 'Pod with matchExpressions using In operator that matches the existing node',
    pod: podRequiring({ matchExpressions: [expr('foo', 'In', ['bar', 'value2'])] }),
    labels: { foo: 'bar' },
  },
  {
    name: 'Pod with matchExpressions using Gt operator that matches the existing node',
    pod: podRequiring({ matchExpressions: [expr('kernel-version', 'Gt', ['0204'])] }),
    labels: { 'kernel-version': '0206' },
  },
  {
    name: 'Pod with matchExpressions using NotIn operator that matches the existing node',
    pod: podRequiring({ matchExpressions: [expr('mem-type', 'NotIn', ['DDR', 'DDR2'])] }),
    labels: { 'mem-type': 'DDR3' },
  },
  {
    name: 'Pod with matchExpressions using Exists operator that matches the existing node',
    pod: podRequiring({ matchExpressions: [expr('GPU', 'Exists')] }),
    labels: { GPU: 'NVIDIA-GRID-K1' },
  },
  {
    name: "Pod with affinity that don't match node's labels won't schedule onto the node",
    pod: podRequiring({ matchExpressions: [expr('foo', 'In', ['value1', 'value2'])] }),
    labels: { foo: 'bar' },
    want: unresolvable(ERR_REASON_POD),
  },
  {
    name: "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node",
    pod: podRequiring({ matchExpressions: [] }),
    labels: { foo: 'bar' },
    want: unresolvable(ERR_REASON_POD),
  },
  {
    name: 'Pod with no Affinity will schedule onto a node',
    pod: podWith(),
    labels: { foo: 'bar' },
    wantPreFilter: { code: Code.Skip, reasons: [] },
  },
  {
    name: 'Pod with Affinity but nil NodeSelector will schedule onto a node',
    pod: podWith({ nodeAffinity: {} }),
    labels: { foo: 'bar' },
    wantPreFilter: { code: Code.Skip, reasons: [] },
  },
  {
    name: 'Pod with multiple matchExpressions ANDed that matches the existing node',
    pod: podRequiring({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'NotIn', ['AMD', 'INTER'])] }),
    labels: { GPU: 'NVIDIA-GRID-K1' },
  },
  {
    name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
    pod: podRequiring({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'In', ['AMD', 'INTER'])] }),
    labels: { GPU: 'NVIDIA-GRID-K1' },
    want: unresolvable(ERR_REASON_POD),
  },
  {
    name: "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
    pod: podRequiring(
      { matchExpressions: [expr('foo', 'In', ['bar', 'value2'])] },
      { matchExpressions: [expr('diffkey', 'In', ['wrong', 'value2'])] },
    ),
    labels: { foo: 'bar' },
  },
  {
    name: 'Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node',
    pod: podWith({
      nodeSelector: { foo: 'bar' },
      nodeAffinity: required({ matchExpressions: [expr('foo', 'Exists')] }),
    }),
    labels: { foo: 'bar' },
  },
  {
    name: "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
    pod: podWith({
      nodeSelector: { foo: 'bar' },
      nodeAffinity: required({ matchExpressions: [expr('foo', 'Exists')] }),
    }),
    labels: { foo: 'barrrrrr' },
    want: unresolvable(ERR_REASON_POD),
  },
  {
    name: "Pod with an invalid value in Affinity term won't be scheduled onto the node",
    pod: podRequiring({ matchExpressions: [expr('foo', 'NotIn', ['invalid value: ___@#$%^'])] }),
    labels: { foo: 'bar' },
    want: unresolvable(ERR_REASON_POD),
  },
  {
    name: 'Pod with matchFields using In operator that matches the existing node',
    pod: podRequiring({ matchFields: [nameIn('node1')] }),
    nodeName: 'node1',
    wantNodeNames: ['node1'],
  },
  {
    name: 'Pod with matchFields using In operator that does not match the existing node',
    pod: podRequiring({ matchFields: [nameIn('node1')] }),
    nodeName: 'node2',
    wantNodeNames: ['node1'],
    want: unresolvable(ERR_REASON_POD),
  },
  {
    name: 'Pod with two terms: matchFields does not match, but matchExpressions matches',
    pod: podRequiring(
      { matchFields: [nameIn('node1'), nameIn('node2')] },
      { matchExpressions: [expr('foo', 'In', ['bar'])] },
    ),
    nodeName: 'node2',
    labels: { foo: 'bar' },
  },
  {
    name: 'Pod with one term: matchFields does not match, but matchExpressions matches',
    pod: podRequiring({ matchFields: [nameIn('node1')], matchExpressions: [expr('foo', 'In', ['bar'])] }),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    wantNodeNames: ['node1'],
    want: unresolvable(ERR_REASON_POD),
  },
  {
    name: 'Pod with one term: both matchFields and matchExpressions match',
    pod: podRequiring({ matchFields: [nameIn('node1')], matchExpressions: [expr('foo', 'In', ['bar'])] }),
    nodeName: 'node1',
    labels: { foo: 'bar' },
    wantNodeNames: ['node1'],
  },
  {
    name: 'Pod with two terms: both matchFields and matchExpressions do not match',
    pod: podRequiring(
      { matchFields: [nameIn('node1')] },
      { matchExpressions: [expr('foo', 'In', ['not-match-to-bar'])] },
    ),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: unresolvable(ERR_REASON_POD),
  },
  {
    name: 'Pod with two terms of node.Name affinity',
    pod: podRequiring({ matchFields: [nameIn('node1')] }, { matchFields: [nameIn('node2')] }),
    nodeName: 'node2',
    wantNodeNames: ['node1', 'node2'],
  },
  {
    name: 'Pod with two conflicting mach field requirements',
    pod: podRequiring({ matchFields: [nameIn('node1'), nameIn('node2')] }),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    wantPreFilter: unresolvable(ERR_REASON_CONFLICT),
    want: unresolvable(ERR_REASON_POD),
  },
  {
    name: "Matches added affinity and Pod's node affinity",
    pod: podRequiring({ matchExpressions: [expr('zone', 'In', ['foo'])] }),
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: { addedAffinity: required({ matchFields: [nameIn('node2')] }) },
  },
  {
    name: "Matches added affinity but not Pod's node affinity",
    pod: podRequiring({ matchExpressions: [expr('zone', 'In', ['bar'])] }),
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: { addedAffinity: required({ matchFields: [nameIn('node2')] }) },
    want: unresolvable(ERR_REASON_POD),
  },
  {
    name: "Doesn't match added affinity",
    pod: podWith(),
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: { addedAffinity: required({ matchExpressions: [expr('zone', 'In', ['bar'])] }) },
    want: unresolvable(ERR_REASON_ENFORCED),
  },
  {
    name: 'Matches node selector correctly even if PreFilter is not called',
    pod: podWith({ nodeSelector: { foo: 'bar' } }),
    labels: { foo: 'bar', baz: 'blah' },
    runPreFilter: false,
  },
  {
    name: 'Matches node affinity correctly even if PreFilter is not called',
    pod: podRequiring({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'NotIn', ['AMD', 'INTER'])] }),
    labels: { GPU: 'NVIDIA-GRID-K1' },
    runPreFilter: false,
  },
  {
    name: 'a matchFields requirement with several values does not parse, so its term matches nothing',
    pod: podRequiring({ matchFields: [nameIn('node1', 'node2')] }),
    nodeName: 'node1',
    wantNodeNames: ['node1', 'node2'],
    want: unresolvable(ERR_REASON_POD),
  },
];

for (const c of filterCases) {
  test(`NodeAffinity filter: ${c.name}`, () => {
    const pl = new NodeAffinity(c.args);
    const state = new CycleState();
    if (c.runPreFilter !== false) {
      const pre = pl.preFilter(state, c.pod);
      assert.deepEqual(plain(pre?.status), c.wantPreFilter);
      assert.deepEqual(pre?.result?.nodeNames && [...pre.result.nodeNames].sort(), c.wantNodeNames);
    }
    const node = makeNode(c.nodeName ?? 'node', { labels: c.labels });
    assert.deepEqual(plain(pl.filter(state, c.pod, nodeInfo(node))), c.want);
  });
}

// Ported from upstream's Test_isSchedulableAfterNodeChange.
const podFooBar = podRequiring({ matchExpressions: [expr('foo', 'In', ['bar'])] });
const enforced: NodeAffinityArgs = { addedAffinity: required({ matchExpressions: [expr('foo', 'In', ['bar'])] }) };
const plainNode = (labels?: Record<string, string>) => makeNode('n', { labels });
const hintCases: { name: string; args?: NodeAffinityArgs; oldObj: unknown; newObj: unknown; want: string }[] = [
  { name: 'backoff-wrong-new-object', oldObj: undefined, newObj: 'not-a-node', want: 'Queue' },
  { name: 'backoff-wrong-old-object', oldObj: 'not-a-node', newObj: plainNode(), want: 'Queue' },
  { name: 'skip-queue-on-add', oldObj: undefined, newObj: plainNode(), want: 'QueueSkip' },
  { name: 'queue-on-add', oldObj: undefined, newObj: plainNode({ foo: 'bar' }), want: 'Queue' },
  {
    name: 'skip-unrelated-changes',
    oldObj: plainNode(),
    newObj: { ...plainNode(), status: {} },
    want: 'QueueSkip',
  },
  { name: 'skip-unrelated-changes-on-labels', oldObj: plainNode(), newObj: plainNode({ k: 'v' }), want: 'QueueSkip' },
  {
    name: 'skip-labels-changes-on-node-from-suitable-to-unsuitable',
    oldObj: plainNode({ foo: 'bar' }),
    newObj: plainNode({ k: 'v' }),
    want: 'QueueSkip',
  },
  {
    name: 'queue-on-labels-change-makes-pod-schedulable',
    oldObj: plainNode(),
    newObj: plainNode({ foo: 'bar' }),
    want: 'Queue',
  },
  {
    name: 'skip-queue-on-add-scheduler-enforced-node-affinity',
    args: enforced,
    oldObj: undefined,
    newObj: plainNode(),
    want: 'QueueSkip',
  },
  {
    name: 'queue-on-add-scheduler-enforced-node-affinity',
    args: enforced,
    oldObj: undefined,
    newObj: plainNode({ foo: 'bar' }),
    want: 'Queue',
  },
];

for (const c of hintCases) {
  test(`NodeAffinity node hint: ${c.name}`, () => {
    const pl = new NodeAffinity(c.args);
    assert.equal(pl.isSchedulableAfterNodeChange(podFooBar, c.oldObj, c.newObj), c.want);
    const [event] = pl.eventsToRegister();
    assert.equal(event.hint?.(podFooBar, c.oldObj, c.newObj), c.want);
  });
}

test('NodeAffinity registers node add and label change', () => {
  const pl = new NodeAffinity();
  assert.equal(pl.name, NAME);
  assert.deepEqual(
    pl.eventsToRegister().map((e) => e.event),
    [{ resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel }],
  );
});

test('NodeAffinity rejects an unparsable addedAffinity', () => {
  const args = { addedAffinity: required({ matchExpressions: [expr('invalid key', 'In', ['bar'])] }) };
  assert.throws(
    () => factory(args, fakeHandle([])),
    (err: Error) =>
      err.message.startsWith(
        'addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: Invalid value: "invalid key"',
      ),
  );
  const bad = {
    addedAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 1, preference: { matchFields: [{ key: 'metadata.name', operator: 'Exists' }] } },
      ],
    },
  };
  assert.throws(
    () => new NodeAffinity(bad),
    /^Error: addedAffinity\.preferredDuringSchedulingIgnoredDuringExecution\[0\]\.matchFields\[0\]\.operator: Unsupported value: "Exists": supported values: "In", "NotIn"$/,
  );
});

test('NodeAffinity validateArgs', () => {
  assert.deepEqual(validateArgs({}), []);
  assert.deepEqual(validateArgs({ addedAffinity: required({ matchFields: [nameIn('node1')] }) }), []);
  assert.deepEqual(
    validateArgs({
      addedAffinity: required({ matchFields: [nameIn('a', 'b')] }, { matchExpressions: [expr('k', 'Gt', ['x'])] }),
    }),
    [
      {
        field:
          'addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values',
        message: 'Invalid value: []string{"a", "b"}: must have one element',
      },
      {
        field:
          'addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[1].matchExpressions[0].values[0]',
        message: `Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`,
      },
    ],
  );
});
