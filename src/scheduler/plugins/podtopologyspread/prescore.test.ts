import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../../framework/interface.js';
import { Code, type Status } from '../../framework/status.js';
import { PRE_SCORE_STATE_KEY, type PreScoreState, topologyNormalizingWeight } from './index.js';
import { fooSelector, node, ownerReplicaSet, pod, rsOwner, runScore, setup, spread } from './testing.js';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
const foo = { foo: '' };
const hostNode = (name: string) => node(name, { [HOST]: name });
const soft = (maxSkew: number, key: string) => spread(maxSkew, key, 'ScheduleAnyway', fooSelector);

// Upstream's TestPreScoreSkip and TestPreScoreStateEmptyNodes.
test('PodTopologySpread preScore: Skip without soft constraints or default group', () => {
  const nodes = [hostNode('node-a'), hostNode('node-b')];
  assert.equal((runScore(pod(), nodes, [], { args: { defaultingType: 'List' } }) as Status).code, Code.Skip);
  // System defaults, but the pod has no controller to group it with.
  assert.equal((runScore(pod({ labels: foo }), nodes, []) as Status).code, Code.Skip);
  assert.equal((runScore(pod({ labels: foo, constraints: [soft(1, HOST)] }), [], []) as Status).code, Code.Skip);
});

test('PodTopologySpread preScore: system defaults count nodes without a zone as one domain', () => {
  const p = pod({ labels: { foo: 'tar', baz: 'sup' } });
  p.metadata!.ownerReferences = [rsOwner];
  const nodes = [
    node('node-a', { [HOST]: 'node-a', [ZONE]: 'mars' }),
    node('node-b', { [HOST]: 'node-b', [ZONE]: 'mars' }),
    node('node-c', { [HOST]: 'node-c' }),
    node('node-d', { [HOST]: 'node-d' }),
  ];
  const { pl, infos } = setup(nodes, [], { defaultingType: 'System' }, ownerReplicaSet({ foo: 'tar', baz: 'sup' }));
  const state = new CycleState();
  assert.equal(pl.preScore(state, p, infos), undefined);
  const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY)!;
  assert.deepEqual(
    s.constraints.map((c) => [c.topologyKey, c.maxSkew, c.selector.toString()]),
    [
      [HOST, 3, 'baz=sup,foo=tar'],
      [ZONE, 5, 'baz=sup,foo=tar'],
    ],
  );
  assert.deepEqual(s.normalizingWeight, [topologyNormalizingWeight(4), topologyNormalizingWeight(2)]);
  assert.deepEqual([...s.podCounts[1].keys()].sort(), ['', 'mars']);
  assert.equal(s.ignoredNodes.size, 0);
});

test('PodTopologySpread preScore: List defaults keep ScheduleAnyway ones; nodes missing a key are ignored', () => {
  const p = pod({ labels: { foo: 'tar', baz: 'sup' } });
  p.metadata!.ownerReferences = [rsOwner];
  const args = {
    defaultingType: 'List',
    defaultConstraints: [
      { maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: 'ScheduleAnyway' },
      { maxSkew: 2, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule' },
      { maxSkew: 2, topologyKey: 'planet', whenUnsatisfiable: 'ScheduleAnyway' },
    ],
  };
  const nodes = [
    node('node-a', { rack: 'rack1', [HOST]: 'node-a', planet: 'mars' }),
    node('node-x', { [HOST]: 'node-x' }),
  ];
  const { pl, infos } = setup(nodes, [], args, ownerReplicaSet({ foo: 'tar', baz: 'sup' }));
  const state = new CycleState();
  assert.equal(pl.preScore(state, p, infos), undefined);
  const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY)!;
  assert.deepEqual(
    s.constraints.map((c) => c.topologyKey),
    [HOST, 'planet'],
  );
  assert.deepEqual([...s.ignoredNodes], ['node-x']);
  assert.deepEqual(s.normalizingWeight, [topologyNormalizingWeight(1), topologyNormalizingWeight(1)]);
});
