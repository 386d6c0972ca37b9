import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActionType, ALL_ACTIONS } from '../../framework/interface.js';
import { fakeHandle } from '../../framework/testing.js';
import { argsWithDefaults, factory, InterPodAffinity, validateArgs } from './index.js';
import { namespace, node, pod, term } from './testing.js';

const NAMESPACES = [namespace('subteam1.team1', { team: 'team1' })];

test('InterPodAffinity args: defaults and validation', () => {
  assert.deepEqual(argsWithDefaults(undefined), {
    hardPodAffinityWeight: 1,
    ignorePreferredTermsOfExistingPods: false,
  });
  assert.deepEqual(validateArgs({ hardPodAffinityWeight: 101, ignorePreferredTermsOfExistingPods: false }), [
    { field: 'hardPodAffinityWeight', message: 'Invalid value: 101: not in valid range [0, 100]' },
  ]);
  assert.deepEqual(validateArgs({ hardPodAffinityWeight: -1, ignorePreferredTermsOfExistingPods: false }, 'args'), [
    { field: 'args.hardPodAffinityWeight', message: 'Invalid value: -1: not in valid range [0, 100]' },
  ]);
  assert.throws(() => factory({ hardPodAffinityWeight: 200 }, fakeHandle([])), /not in valid range \[0, 100\]/);
  assert.ok(factory(undefined, fakeHandle([])) instanceof InterPodAffinity);
});

test('InterPodAffinity events and queueing hints', () => {
  const pl = factory(undefined, fakeHandle([], { namespaces: NAMESPACES })) as InterPodAffinity;
  const [podEv, nodeEv] = pl.eventsToRegister();
  assert.deepEqual(
    [podEv.event.actionType, nodeEv.event.actionType],
    [ALL_ACTIONS, ActionType.Add | ActionType.UpdateNodeLabel],
  );
  const target = pod({
    labels: { app: 'db' },
    affinity: [term('app', 'In', ['web'], 'zone')],
    antiAffinity: [term('app', 'In', ['db'], 'zone')],
  });
  const web = pod({ node: 'n1', labels: { app: 'web' } });
  const db = pod({ node: 'n1', labels: { app: 'db' } });
  const unassigned = pod({ labels: { app: 'web' } });
  const hint = podEv.hint!;
  assert.equal(hint(target, undefined, web), 'Queue');
  assert.equal(hint(target, undefined, db), 'QueueSkip');
  assert.equal(hint(target, undefined, unassigned), 'QueueSkip');
  assert.equal(hint(target, db, undefined), 'Queue');
  assert.equal(hint(target, web, undefined), 'QueueSkip');
  assert.equal(hint(target, db, { ...db, metadata: { ...db.metadata, labels: { app: 'cache' } } }), 'Queue');
  // A deleted pod whose own anti-affinity rejected the target.
  const guard = pod({ node: 'n1', labels: { app: 'x' }, antiAffinity: [term('app', 'In', ['db'], 'zone')] });
  assert.equal(hint(target, guard, undefined), 'Queue');

  assert.equal(nodeEv.hint!(target, undefined, node('n2', { zone: 'z' })), 'Queue');
  assert.equal(nodeEv.hint!(target, undefined, node('n2', { rack: 'r' })), 'QueueSkip');
});
