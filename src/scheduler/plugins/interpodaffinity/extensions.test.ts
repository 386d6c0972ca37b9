import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../../framework/interface.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Code } from '../../framework/status.js';
import {
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH as EXISTING,
  NAME,
  PRE_FILTER_STATE_KEY,
  PreFilterState,
} from './index.js';
import { node, pod, setup, term } from './testing.js';

// Upstream's TestPreFilterStateAddRemovePod, checked through the counters and through Filter.
test('InterPodAffinity addPod/removePod update the counters on a clone only', () => {
  const fooBarAnti = [term('foo', 'In', ['bar'], 'region')];
  const nodes = [
    node('nodeA', { region: 'r1', zone: 'z11' }),
    node('nodeB', { region: 'r1', zone: 'z12' }),
    node('nodeC', { region: 'r2', zone: 'z21' }),
  ];
  const pending = pod({ labels: { foo: 'bar' }, antiAffinity: fooBarAnti });
  const { pl, infos } = setup(nodes, [
    pod({ node: 'nodeA', labels: { foo: 'bar' } }),
    pod({ node: 'nodeC', antiAffinity: fooBarAnti }),
  ]);
  const state = new CycleState();
  assert.equal(pl.preFilter(state, pending, infos), undefined);
  const before = state.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
  const counts = (s: PreFilterState) => ({
    anti: [...s.antiAffinityCounts.entries()],
    existing: [...s.existingAntiAffinityCounts.entries()],
  });
  assert.deepEqual(counts(before), { anti: [['region', 'r1', 1]], existing: [['region', 'r2', 1]] });

  const what = state.clone();
  const added = new PodInfo(pod({ node: 'nodeB', labels: { foo: 'bar' }, antiAffinity: fooBarAnti }));
  assert.equal(pl.addPod(what, pending, added, infos[1]), undefined);
  const after = what.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
  assert.deepEqual(counts(after), {
    anti: [['region', 'r1', 2]],
    existing: [
      ['region', 'r2', 1],
      ['region', 'r1', 1],
    ],
  });
  assert.deepEqual(counts(before), { anti: [['region', 'r1', 1]], existing: [['region', 'r2', 1]] });
  assert.equal(pl.filter(what, pending, infos[2])?.reasons[0], EXISTING);

  assert.equal(pl.removePod(what, pending, added, infos[1]), undefined);
  assert.deepEqual(counts(what.read<PreFilterState>(PRE_FILTER_STATE_KEY)!), counts(before));
});

test('InterPodAffinity removing the only matching pod lets the first-pod rule apply', () => {
  const nodes = [node('nodeA', { zone: 'z1' }), node('nodeB', { zone: 'z2' })];
  const other = pod({ node: 'nodeA', labels: { app: 'web' } });
  const pending = pod({ labels: { app: 'web' }, affinity: [term('app', 'In', ['web'], 'zone')] });
  const { pl, infos } = setup(nodes, [other]);
  const state = new CycleState();
  pl.preFilter(state, pending, infos);
  assert.equal(pl.filter(state, pending, infos[1])?.code, Code.UnschedulableAndUnresolvable);
  assert.equal(pl.removePod(state, pending, new PodInfo(other), infos[0]), undefined);
  assert.equal(pl.filter(state, pending, infos[1]), undefined);
});

test('InterPodAffinity addPod after a skipped PreFilter is a no-op', () => {
  const { pl, infos } = setup([node('node1', { region: 'r1' })], []);
  const state = new CycleState();
  assert.deepEqual(pl.preFilter(state, pod(), infos)?.status?.code, Code.Skip);
  state.skipFilterPlugins.add(NAME);
  assert.equal(pl.addPod(state, pod(), new PodInfo(pod({ node: 'node1' })), infos[0]), undefined);
});
