import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { ActionType, CycleState, MAX_NODE_SCORE, type NodeScore } from '../../framework/interface.js';
import { Code, Status } from '../../framework/status.js';
import { fakeHandle, makeNode, makePod, nodeInfo } from '../../framework/testing.js';
import {
  NAME,
  TaintToleration,
  factory,
  isSchedulableAfterNodeChange,
  isSchedulableAfterPodTolerationChange,
} from './index.js';

const podWith = (tolerations: Toleration[], uid?: string): Pod => makePod('pod1', { uid, spec: { tolerations } });
const nodeWith = (name: string, taints: Taint[]) => makeNode(name, { taints });

// Ported from upstream's TestTaintTolerationFilter.
const filterCases: { name: string; pod: Pod; taints: Taint[]; want?: string }[] = [
  {
    name: "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
    pod: podWith([]),
    taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
    want: 'node(s) had untolerated taint {dedicated: user1}',
  },
  {
    name: 'A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule',
    pod: podWith([{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]),
    taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
  },
  {
    name: "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
    pod: podWith([{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }]),
    taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
    want: 'node(s) had untolerated taint {dedicated: user1}',
  },
  {
    name: 'A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node',
    pod: podWith([{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }]),
    taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
  },
  {
    name: 'A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node',
    pod: podWith([
      { key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' },
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
    ]),
    taints: [
      { key: 'dedicated', value: 'user2', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
    ],
  },
  {
    name: "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
    pod: podWith([{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }]),
    taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
    want: 'node(s) had untolerated taint {foo: bar}',
  },
  {
    name: 'The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node',
    pod: podWith([{ key: 'foo', operator: 'Equal', value: 'bar' }]),
    taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
  },
  {
    name: "The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
    pod: podWith([{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }]),
    taints: [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }],
  },
  {
    name: 'The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node',
    pod: podWith([]),
    taints: [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }],
  },
  {
    name: 'a NoExecute taint is filtered too, and a taint without a value prints an empty one',
    pod: podWith([]),
    taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }],
    want: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
  },
];

for (const c of filterCases) {
  test(`TaintToleration.filter: ${c.name}`, () => {
    const s = new TaintToleration().filter(new CycleState(), c.pod, nodeInfo(nodeWith('nodeA', c.taints)));
    const want = c.want === undefined ? undefined : { code: Code.UnschedulableAndUnresolvable, reasons: [c.want] };
    assert.deepEqual(s && { code: s.code, reasons: [...s.reasons] }, want);
  });
}

// Ported from upstream's TestTaintTolerationScore.
const pns = (key: string, value: string, effect: Taint['effect'] = 'PreferNoSchedule') => ({ key, value, effect });
const tol = (key: string, value: string, effect: Toleration['effect'] = 'PreferNoSchedule'): Toleration => ({
  key,
  operator: 'Equal',
  value,
  effect,
});
const scoreCases: { name: string; pod: Pod; nodes: [string, Taint[]][]; want: number[] }[] = [
  {
    name: 'node with taints tolerated by the pod, gets a higher score than those node with intolerable taints',
    pod: podWith([tol('foo', 'bar')]),
    nodes: [
      ['nodeA', [pns('foo', 'bar')]],
      ['nodeB', [pns('foo', 'blah')]],
    ],
    want: [MAX_NODE_SCORE, 0],
  },
  {
    name: 'the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has',
    pod: podWith([tol('cpu-type', 'arm64'), tol('disk-type', 'ssd')]),
    nodes: [
      ['nodeA', []],
      ['nodeB', [pns('cpu-type', 'arm64')]],
      ['nodeC', [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]],
    ],
    want: [MAX_NODE_SCORE, MAX_NODE_SCORE, MAX_NODE_SCORE],
  },
  {
    name: 'the more intolerable taints a node has, the lower score it gets.',
    pod: podWith([tol('foo', 'bar')]),
    nodes: [
      ['nodeA', []],
      ['nodeB', [pns('cpu-type', 'arm64')]],
      ['nodeC', [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]],
    ],
    want: [MAX_NODE_SCORE, 50, 0],
  },
  {
    name: 'only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function',
    pod: podWith([tol('cpu-type', 'arm64', 'NoSchedule'), tol('disk-type', 'ssd', 'NoSchedule')]),
    nodes: [
      ['nodeA', []],
      ['nodeB', [pns('cpu-type', 'arm64', 'NoSchedule')]],
      ['nodeC', [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]],
    ],
    want: [MAX_NODE_SCORE, MAX_NODE_SCORE, 0],
  },
  {
    name: 'Default behaviour No taints and tolerations, lands on node with no taints',
    pod: podWith([]),
    nodes: [
      ['nodeA', []],
      ['nodeB', [pns('cpu-type', 'arm64')]],
    ],
    want: [MAX_NODE_SCORE, 0],
  },
];

for (const c of scoreCases) {
  test(`TaintToleration score: ${c.name}`, () => {
    const infos = c.nodes.map(([name, taints]) => nodeInfo(nodeWith(name, taints)));
    const pl = factory(undefined, fakeHandle(infos)) as TaintToleration;
    const state = new CycleState();
    assert.equal(pl.preScore(state, c.pod), undefined);
    const scores: NodeScore[] = infos.map((ni) => {
      const s = pl.score(state, c.pod, ni);
      assert.equal(typeof s, 'number');
      return { name: ni.name, score: s as number };
    });
    assert.equal(pl.scoreExtensions().normalizeScore(state, c.pod, scores), undefined);
    assert.deepEqual(
      scores,
      c.nodes.map(([name], i) => ({ name, score: c.want[i] })),
    );
  });
}

test('TaintToleration score without PreScore is an Error', () => {
  const s = new TaintToleration().score(new CycleState(), podWith([]), nodeInfo(nodeWith('n', [])));
  assert.ok(s instanceof Status);
  assert.equal(s.code, Code.Error);
});

// Ported from upstream's TestIsSchedulableAfterNodeChange.
const user2 = podWith([{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }]);
const ns = (value: string): Taint => ({ key: 'dedicated', value, effect: 'NoSchedule' });
const nodeHintCases: { name: string; pod: Pod; oldObj: unknown; newObj: unknown; want: string }[] = [
  { name: 'backoff-wrong-new-object', pod: user2, oldObj: undefined, newObj: 'not-a-node', want: 'Queue' },
  {
    name: 'backoff-wrong-old-object',
    pod: user2,
    oldObj: 'not-a-node',
    newObj: nodeWith('nodeA', [ns('user1')]),
    want: 'Queue',
  },
  {
    name: 'skip-queue-on-untoleratedtaint-node-added',
    pod: user2,
    oldObj: undefined,
    newObj: nodeWith('nodeA', [ns('user1')]),
    want: 'QueueSkip',
  },
  {
    name: 'queue-on-toleratedtaint-node-added',
    pod: user2,
    oldObj: undefined,
    newObj: nodeWith('nodeA', [ns('user2')]),
    want: 'Queue',
  },
  {
    name: 'skip-unrelated-change',
    pod: user2,
    oldObj: nodeWith('nodeA', [ns('user1')]),
    newObj: nodeWith('nodeA', [ns('user1'), ns('user3')]),
    want: 'QueueSkip',
  },
  {
    name: 'queue-on-taint-change',
    pod: user2,
    oldObj: nodeWith('nodeA', [ns('user1')]),
    newObj: nodeWith('nodeA', [ns('user2')]),
    want: 'Queue',
  },
];

for (const c of nodeHintCases) {
  test(`TaintToleration node hint: ${c.name}`, () => {
    assert.equal(isSchedulableAfterNodeChange(c.pod, c.oldObj, c.newObj), c.want);
  });
}

// Ported from upstream's Test_isSchedulableAfterPodChange.
const fooNoSchedule: Toleration[] = [{ key: 'foo', effect: 'NoSchedule' }];
const podHintCases: { name: string; pod: Pod; oldObj: unknown; newObj: unknown; want: string }[] = [
  { name: 'backoff-wrong-new-object', pod: podWith([]), oldObj: undefined, newObj: 'not-a-pod', want: 'Queue' },
  {
    name: 'skip-updates-other-pod',
    pod: podWith([], 'uid0'),
    oldObj: podWith([], 'uid1'),
    newObj: podWith(fooNoSchedule, 'uid1'),
    want: 'QueueSkip',
  },
  {
    name: 'skip-updates-not-toleration',
    pod: podWith([], 'uid0'),
    oldObj: podWith([], 'uid0'),
    newObj: { ...podWith([], 'uid0'), metadata: { name: 'pod1', uid: 'uid0', labels: { foo: 'bar' } } },
    want: 'QueueSkip',
  },
  {
    name: 'queue-on-toleration-added',
    pod: podWith([], 'uid0'),
    oldObj: podWith([], 'uid0'),
    newObj: podWith(fooNoSchedule, 'uid0'),
    want: 'Queue',
  },
];

for (const c of podHintCases) {
  test(`TaintToleration pod hint: ${c.name}`, () => {
    assert.equal(isSchedulableAfterPodTolerationChange(c.pod, c.oldObj, c.newObj), c.want);
  });
}

test('TaintToleration registers node add/taint and pod toleration events', () => {
  const pl = new TaintToleration();
  assert.equal(pl.name, NAME);
  assert.deepEqual(
    pl.eventsToRegister().map((e) => [e.event, !!e.hint]),
    [
      [{ resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint }, true],
      [{ resource: 'Pod', actionType: ActionType.UpdatePodTolerations }, true],
    ],
  );
});
