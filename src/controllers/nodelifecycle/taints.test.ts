import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1.js';
import { betaLabelUpdates, noScheduleTaintChanges, noScheduleTaintsFor, swapTaints, taintSetDiff } from './taints.js';

const cond = (type: string, status: string): NodeCondition => ({ type, status });
const node = (conditions: NodeCondition[], taints?: Taint[], unschedulable?: boolean): Node => ({
  metadata: { name: 'n1' },
  spec: { taints, unschedulable },
  status: { conditions },
});
const keys = (ts: Taint[]) => ts.map((t) => `${t.key}:${t.effect}`);

describe('noScheduleTaintsFor', () => {
  // After upstream's TestTaintsNodeByCondition cases.
  const cases: { name: string; conditions: NodeCondition[]; unschedulable?: boolean; want: string[] }[] = [
    { name: 'ready node', conditions: [cond('Ready', 'True')], want: [] },
    { name: 'not ready', conditions: [cond('Ready', 'False')], want: ['node.kubernetes.io/not-ready:NoSchedule'] },
    { name: 'unknown', conditions: [cond('Ready', 'Unknown')], want: ['node.kubernetes.io/unreachable:NoSchedule'] },
    {
      name: 'memory pressure',
      conditions: [cond('Ready', 'True'), cond('MemoryPressure', 'True')],
      want: ['node.kubernetes.io/memory-pressure:NoSchedule'],
    },
    {
      name: 'disk and pid pressure',
      conditions: [cond('Ready', 'True'), cond('DiskPressure', 'True'), cond('PIDPressure', 'True')],
      want: ['node.kubernetes.io/disk-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule'],
    },
    {
      name: 'network unavailable',
      conditions: [cond('Ready', 'True'), cond('NetworkUnavailable', 'True')],
      want: ['node.kubernetes.io/network-unavailable:NoSchedule'],
    },
    {
      name: 'pressure False and Unknown do not taint',
      conditions: [cond('Ready', 'True'), cond('MemoryPressure', 'False'), cond('DiskPressure', 'Unknown')],
      want: [],
    },
    {
      name: 'unschedulable',
      conditions: [cond('Ready', 'True')],
      unschedulable: true,
      want: ['node.kubernetes.io/unschedulable:NoSchedule'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(keys(noScheduleTaintsFor(node(c.conditions, undefined, c.unschedulable))), c.want);
    });
  }
});

describe('noScheduleTaintChanges', () => {
  it('lifts the admission-time not-ready taint once the node is Ready', () => {
    const n = node([cond('Ready', 'True')], [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
    const { add, remove } = noScheduleTaintChanges(n);
    assert.deepEqual(add, []);
    assert.deepEqual(keys(remove), ['node.kubernetes.io/not-ready:NoSchedule']);
  });
  it('swaps not-ready for unreachable and leaves foreign and NoExecute taints alone', () => {
    const n = node(
      [cond('Ready', 'Unknown')],
      [
        { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
        { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      ],
    );
    const { add, remove } = noScheduleTaintChanges(n);
    assert.deepEqual(keys(add), ['node.kubernetes.io/unreachable:NoSchedule']);
    assert.deepEqual(keys(remove), ['node.kubernetes.io/not-ready:NoSchedule']);
  });
  it('has nothing to do when taints match', () => {
    const n = node([cond('Ready', 'False')], [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
    assert.deepEqual(noScheduleTaintChanges(n), { add: [], remove: [] });
  });
});

describe('taintSetDiff / swapTaints', () => {
  const a: Taint = { key: 'a', effect: 'NoSchedule' };
  const b: Taint = { key: 'b', effect: 'NoExecute', timeAdded: '2024-01-01T00:00:00Z' };
  it('diffs by key and effect', () => {
    assert.deepEqual(taintSetDiff([a], [b]), { add: [a], remove: [b] });
    assert.deepEqual(taintSetDiff([{ ...b, timeAdded: undefined }], [b]), { add: [], remove: [] });
  });
  it('keeps an existing taint (and its timeAdded) rather than rewriting it', () => {
    assert.equal(swapTaints([b], [{ key: 'b', effect: 'NoExecute', timeAdded: 'later' }], []), undefined);
  });
  it('adds and removes in one go', () => {
    assert.deepEqual(swapTaints([a, b], [{ key: 'c', effect: 'NoExecute' }], [b]), [
      a,
      { key: 'c', effect: 'NoExecute' },
    ]);
    assert.deepEqual(swapTaints(undefined, [], [a]), undefined);
    assert.deepEqual(swapTaints([a], [], [a]), []);
  });
});

describe('betaLabelUpdates', () => {
  it('adds missing and fixes differing beta labels', () => {
    const n: Node = {
      metadata: {
        labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/arch': 'arm64' },
      },
    };
    assert.deepEqual(betaLabelUpdates(n), { 'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64' });
  });
  it('leaves consistent labels alone', () => {
    const n: Node = { metadata: { labels: { 'kubernetes.io/os': 'linux', 'beta.kubernetes.io/os': 'linux' } } };
    assert.equal(betaLabelUpdates(n), undefined);
  });
});
