import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXTENSION_POINTS } from '../config/types.js';
import { CycleState, type Handle, type PluginFactory } from './interface.js';
import { makeNode, makePod, nodeInfo } from './testing.js';
import { Framework, type ProfileSpec } from './runtime.js';
import { Status } from './status.js';

/** Filter plugins that reject every node, and one PreFilter that skips those named in `skipping`. */
function frameworkWith(skipping: string[]): Framework {
  const registry = new Map<string, PluginFactory>([
    ['Sort', () => ({ name: 'Sort', less: () => true })],
    ['Bind', () => ({ name: 'Bind', bind: () => undefined })],
    ['Skipper', () => ({ name: 'Skipper', preFilter: () => ({ status: Status.skip() }) })],
    ...['A', 'B', 'C'].map(
      (name) =>
        [
          name,
          () => ({
            name,
            preFilter: () => (skipping.includes(name) ? { status: Status.skip() } : undefined),
            filter: () => Status.unschedulable(`rejected by ${name}`),
          }),
        ] as [string, PluginFactory],
    ),
  ]);
  const points = Object.fromEntries(EXTENSION_POINTS.map((p) => [p, []])) as unknown as ProfileSpec['points'];
  points.queueSort = [{ name: 'Sort', weight: 0 }];
  points.bind = [{ name: 'Bind', weight: 0 }];
  points.preFilter = ['Skipper', 'A', 'B', 'C'].map((name) => ({ name, weight: 0 }));
  points.filter = ['A', 'B', 'C'].map((name) => ({ name, weight: 0 }));
  return new Framework({ schedulerName: 'test', points, pluginArgs: new Map() }, registry, {} as Handle);
}

test('runFilterPlugins runs the Filter plugins PreFilter did not skip, in order, each cycle anew', () => {
  const fwk = frameworkWith(['A']);
  const pod = makePod('p');
  const ni = nodeInfo(makeNode('n1'));
  const state = new CycleState();
  assert.equal(fwk.runPreFilterPlugins(state, pod, [ni]).status, undefined);
  assert.equal(fwk.runFilterPlugins(state, pod, ni)?.plugin, 'B');
  // A later cycle's skip set is its own, and a plugin added to it is skipped too.
  const next = new CycleState();
  fwk.runPreFilterPlugins(next, pod, [ni]);
  assert.equal(fwk.runFilterPlugins(next, pod, ni)?.plugin, 'B');
  next.skipFilterPlugins.add('B');
  assert.equal(fwk.runFilterPlugins(next, pod, ni)?.plugin, 'C');
  assert.equal(fwk.runFilterPlugins(state, pod, ni)?.plugin, 'B');
  // Nothing skipped: the first plugin answers.
  assert.equal(fwk.runFilterPlugins(new CycleState(), pod, ni)?.plugin, 'A');
});

test('CycleState reads what was last written under each key, read in any order, and a clone has its own', () => {
  const state = new CycleState();
  assert.equal(state.read('a'), undefined);
  state.write('a', 1);
  assert.equal(state.read('a'), 1);
  state.write('b', 2);
  assert.equal(state.read('a'), 1);
  assert.equal(state.read('b'), 2);
  state.write('b', 3);
  assert.equal(state.read('b'), 3);
  const copy = state.clone();
  copy.write('a', 4);
  assert.equal(state.read('a'), 1);
  assert.equal(copy.read('a'), 4);
  assert.equal(copy.read('b'), 3);
});
