import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../../framework/interface.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { NAME, PRE_FILTER_STATE_KEY, PreFilterState } from './index.js';
import { fooSelector, node, nodeAffinityIn, pod, podsOn, setup, spread, zoneNode } from './testing.js';

const foo = { foo: '' };
const onZone = () => spread(1, 'zone', 'DoNotSchedule', fooSelector);
const onNode = () => spread(1, 'node', 'DoNotSchedule', fooSelector);
const fourNodes = () => [
  zoneNode('node-a', 'zone1'),
  zoneNode('node-b', 'zone1'),
  zoneNode('node-x', 'zone2'),
  zoneNode('node-y', 'zone2'),
];

// Upstream's TestPreFilterStateRemovePod, checked through the counters, the minimum and Filter.
test('PodTopologySpread removePod/addPod update a clone, keeping the minimum exact', () => {
  const preemptor = pod({ labels: foo, constraints: [onZone(), onNode()] });
  const nodes = [zoneNode('node-a', 'zone1'), zoneNode('node-b', 'zone1'), zoneNode('node-x', 'zone2')];
  const existing = [...podsOn('node-a', 2), ...podsOn('node-b', 1), ...podsOn('node-x', 2)];
  const { pl, infos } = setup(nodes, existing);
  const state = new CycleState();
  pl.preFilter(state, preemptor, infos);
  const what = state.clone();
  assert.equal(pl.removePod(what, preemptor, new PodInfo(existing[3]), infos[2]), undefined);
  const s = what.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
  assert.deepEqual(
    s.matchNum.map((m) => Object.fromEntries(m)),
    [
      { zone1: 3, zone2: 1 },
      { 'node-a': 2, 'node-b': 1, 'node-x': 1 },
    ],
  );
  assert.deepEqual(s.minMatchNum, [1, 1]);
  const orig = state.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
  assert.deepEqual(orig.minMatchNum, [2, 1]);

  // An irrelevant pod (no matching label) and a pod of another namespace change nothing.
  pl.removePod(what, preemptor, new PodInfo(pod({ node: 'node-a', labels: { bar: '' } })), infos[0]);
  pl.addPod(what, preemptor, new PodInfo(pod({ namespace: 'other', node: 'node-a', labels: foo })), infos[0]);
  assert.deepEqual(s.minMatchNum, [1, 1]);

  // Raising every domain at the minimum moves the minimum up.
  pl.addPod(what, preemptor, new PodInfo(pod({ node: 'node-b', labels: foo })), infos[1]);
  pl.addPod(what, preemptor, new PodInfo(pod({ node: 'node-x', labels: foo })), infos[2]);
  assert.deepEqual(s.minMatchNum, [2, 2]);
  pl.addPod(what, preemptor, new PodInfo(pod({ node: 'node-a', labels: foo })), infos[0]);
  pl.addPod(what, preemptor, new PodInfo(pod({ node: 'node-b', labels: foo })), infos[1]);
  assert.deepEqual(s.minMatchNum, [2, 2]);
  pl.addPod(what, preemptor, new PodInfo(pod({ node: 'node-x', labels: foo })), infos[2]);
  assert.deepEqual(s.minMatchNum, [3, 3]);
});

test('PodTopologySpread removePod ignores nodes outside the node affinity', () => {
  const preemptor = pod({ labels: foo, constraints: [onZone()], spec: nodeAffinityIn('foo', ['bar'], 'NotIn') });
  const nodes = [zoneNode('node-a', 'zone1', { foo: 'bar' }), zoneNode('node-b', 'zone2', { foo: '' })];
  const { pl, infos } = setup(nodes, [pod({ node: 'node-a', labels: foo }), pod({ node: 'node-b', labels: foo })]);
  const state = new CycleState();
  pl.preFilter(state, preemptor, infos);
  pl.removePod(state, preemptor, new PodInfo(pod({ node: 'node-a', labels: foo })), infos[0]);
  const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
  assert.deepEqual(Object.fromEntries(s.matchNum[0]), { zone2: 1 });
});

test('PodTopologySpread removing a victim makes the node fit', () => {
  const preemptor = pod({ labels: foo, constraints: [onNode()] });
  const nodes = [node('node-a', { node: 'node-a' }), node('node-b', { node: 'node-b' })];
  const victims = podsOn('node-a', 2);
  const { pl, infos } = setup(nodes, [...victims, ...podsOn('node-b', 1)]);
  const state = new CycleState();
  pl.preFilter(state, preemptor, infos);
  assert.equal(pl.filter(state, preemptor, infos[0])?.code, Code.Unschedulable);
  const what = state.clone();
  pl.removePod(what, preemptor, new PodInfo(victims[0]), infos[0]);
  assert.equal(pl.filter(what, preemptor, infos[0]), undefined);
  assert.equal(pl.filter(state, preemptor, infos[0])?.code, Code.Unschedulable);
});

test('PodTopologySpread addPod after a skipped PreFilter is a no-op', () => {
  const { pl, infos } = setup(fourNodes(), []);
  const state = new CycleState();
  state.skipFilterPlugins.add(NAME);
  assert.equal(pl.addPod(state, pod(), new PodInfo(pod({ node: 'node-a' })), infos[0]), undefined);
  assert.ok(pl.addPod(new CycleState(), pod(), new PodInfo(pod({ node: 'node-a' })), infos[0]) instanceof Status);
});
