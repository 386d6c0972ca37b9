import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ActionType, CycleState } from '../../framework/interface.js';
import { Code } from '../../framework/status.js';
import { fakeHandle, makeNode, makePod, nodeInfo } from '../../framework/testing.js';
import { ERR_REASON, NAME, NodeName, factory } from './index.js';

// Ported from upstream's TestNodeName.
const cases: { name: string; pod: Pod; node: string; want?: { code: Code; reasons: string[] } }[] = [
  { name: 'no host specified', pod: makePod('p'), node: 'foo' },
  { name: 'host matches', pod: makePod('p', { nodeName: 'foo' }), node: 'foo' },
  {
    name: "host doesn't match",
    pod: makePod('p', { nodeName: 'bar' }),
    node: 'foo',
    want: { code: Code.UnschedulableAndUnresolvable, reasons: [ERR_REASON] },
  },
];

for (const c of cases) {
  test(`NodeName.filter: ${c.name}`, () => {
    const s = new NodeName().filter(new CycleState(), c.pod, nodeInfo(makeNode(c.node)));
    assert.deepEqual(s && { code: s.code, reasons: [...s.reasons] }, c.want);
  });
}

test('NodeName reason is upstream wording', () => {
  assert.equal(ERR_REASON, "node(s) didn't match the requested node name");
});

test('NodeName registers node add without a hint', () => {
  const pl = factory(undefined, fakeHandle([])) as NodeName;
  assert.equal(pl.name, NAME);
  assert.deepEqual(pl.eventsToRegister(), [{ event: { resource: 'Node', actionType: ActionType.Add } }]);
});
