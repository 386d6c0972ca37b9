import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { ActionType, CycleState } from '../../framework/interface.js';
import { NodeInfo } from '../../framework/node-info.js';
import { Code } from '../../framework/status.js';
import { fakeHandle, makeNode, makePod, nodeInfo } from '../../framework/testing.js';
import {
  ERR_REASON_UNKNOWN_CONDITION,
  ERR_REASON_UNSCHEDULABLE,
  NAME,
  NodeUnschedulable,
  factory,
  isSchedulableAfterNodeChange,
  isSchedulableAfterPodTolerationChange,
} from './index.js';

const withTolerations = (tolerations: Toleration[], uid?: string): Pod => makePod('p', { uid, spec: { tolerations } });
const node = (unschedulable: boolean, taints?: Taint[]) => makeNode('n', { unschedulable, taints });

type Want = { code: Code; reasons: string[] } | undefined;
const unresolvable = (reason: string): Want => ({ code: Code.UnschedulableAndUnresolvable, reasons: [reason] });

// Ported from upstream's TestNodeUnschedulable, plus the nil-node case of older upstream.
const filterCases: { name: string; pod: Pod; nodeInfo: NodeInfo; want: Want }[] = [
  {
    name: 'Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)',
    pod: makePod('p'),
    nodeInfo: nodeInfo(node(true)),
    want: unresolvable(ERR_REASON_UNSCHEDULABLE),
  },
  { name: 'Schedule pod to normal node', pod: makePod('p'), nodeInfo: nodeInfo(node(false)), want: undefined },
  {
    name: 'Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)',
    pod: withTolerations([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]),
    nodeInfo: nodeInfo(node(true)),
    want: undefined,
  },
  {
    name: 'a toleration of every taint tolerates the unschedulable node too',
    pod: withTolerations([{ operator: 'Exists' }]),
    nodeInfo: nodeInfo(node(true)),
    want: undefined,
  },
  {
    name: 'a NoExecute-only toleration does not tolerate it',
    pod: withTolerations([{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }]),
    nodeInfo: nodeInfo(node(true)),
    want: unresolvable(ERR_REASON_UNSCHEDULABLE),
  },
  {
    name: 'NodeInfo without a node',
    pod: makePod('p'),
    nodeInfo: new NodeInfo(),
    want: unresolvable(ERR_REASON_UNKNOWN_CONDITION),
  },
];

for (const c of filterCases) {
  test(`NodeUnschedulable.filter: ${c.name}`, () => {
    const s = new NodeUnschedulable().filter(new CycleState(), c.pod, c.nodeInfo);
    assert.deepEqual(s && { code: s.code, reasons: [...s.reasons] }, c.want);
  });
}

// Ported from upstream's TestIsSchedulableAfterNodeChange.
const nodeHintCases: { name: string; oldObj: unknown; newObj: unknown; want: string }[] = [
  { name: 'backoff-wrong-new-object', oldObj: undefined, newObj: 'not-a-node', want: 'Queue' },
  { name: 'backoff-wrong-old-object', oldObj: 'not-a-node', newObj: node(true), want: 'Queue' },
  { name: 'skip-queue-on-unschedulable-node-added', oldObj: undefined, newObj: node(true), want: 'QueueSkip' },
  { name: 'queue-on-schedulable-node-added', oldObj: undefined, newObj: node(false), want: 'Queue' },
  {
    name: 'skip-unrelated-change',
    oldObj: node(true),
    newObj: node(true, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]),
    want: 'QueueSkip',
  },
  { name: 'queue-on-unschedulable-field-change', oldObj: node(true), newObj: node(false), want: 'Queue' },
];

for (const c of nodeHintCases) {
  test(`NodeUnschedulable node hint: ${c.name}`, () => {
    assert.equal(isSchedulableAfterNodeChange(makePod('p'), c.oldObj, c.newObj), c.want);
  });
}

// Ported from upstream's TestIsSchedulableAfterPodTolerationChange.
const tolerate = [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const }];
const podHintCases: { name: string; pod: Pod; oldObj: unknown; newObj: unknown; want: string }[] = [
  { name: 'backoff-wrong-new-object', pod: makePod('p'), oldObj: undefined, newObj: 'not-a-pod', want: 'Queue' },
  {
    name: 'skip-updates-other-pod',
    pod: withTolerations([], 'uid0'),
    oldObj: withTolerations([], 'uid1'),
    newObj: withTolerations(tolerate, 'uid1'),
    want: 'QueueSkip',
  },
  {
    name: 'skip-updates-not-toleration',
    pod: withTolerations([], 'uid0'),
    oldObj: withTolerations([], 'uid0'),
    newObj: withTolerations([{ key: 'foo', effect: 'NoSchedule' }], 'uid0'),
    want: 'QueueSkip',
  },
  {
    name: 'queue-on-toleration-added',
    pod: withTolerations([], 'uid0'),
    oldObj: withTolerations([], 'uid0'),
    newObj: withTolerations(tolerate, 'uid0'),
    want: 'Queue',
  },
];

for (const c of podHintCases) {
  test(`NodeUnschedulable pod hint: ${c.name}`, () => {
    assert.equal(isSchedulableAfterPodTolerationChange(c.pod, c.oldObj, c.newObj), c.want);
  });
}

test('NodeUnschedulable registers node add/taint and pod toleration events', () => {
  const pl = factory(undefined, fakeHandle([])) as NodeUnschedulable;
  assert.equal(pl.name, NAME);
  assert.deepEqual(
    pl.eventsToRegister().map((e) => [e.event, !!e.hint]),
    [
      [{ resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint }, true],
      [{ resource: 'Pod', actionType: ActionType.UpdatePodTolerations }, true],
    ],
  );
});
