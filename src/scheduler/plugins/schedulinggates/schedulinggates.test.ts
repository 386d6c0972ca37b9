import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ActionType } from '../../framework/interface.js';
import { Code } from '../../framework/status.js';
import { fakeHandle, makePod } from '../../framework/testing.js';
import { NAME, SchedulingGates, factory, isSchedulableAfterGatesEliminated } from './index.js';

const gated = (name: string, gates: string[], uid?: string): Pod =>
  makePod(name, { uid, spec: { schedulingGates: gates.map((g) => ({ name: g })) } });

// Ported from upstream's TestPreEnqueue.
const preEnqueueCases: { name: string; pod: Pod; want?: { code: Code; reasons: string[] } }[] = [
  { name: 'pod does not carry scheduling gates', pod: makePod('p') },
  { name: 'pod with an empty gate list', pod: gated('p', []) },
  {
    name: 'pod carries scheduling gates',
    pod: gated('p', ['foo', 'bar']),
    want: { code: Code.UnschedulableAndUnresolvable, reasons: ['waiting for scheduling gates: [foo bar]'] },
  },
];

for (const c of preEnqueueCases) {
  test(`SchedulingGates.preEnqueue: ${c.name}`, () => {
    const s = new SchedulingGates().preEnqueue(c.pod);
    assert.deepEqual(s && { code: s.code, reasons: [...s.reasons] }, c.want);
  });
}

// Ported from upstream's Test_isSchedulableAfterUpdatePodSchedulingGatesEliminated.
const hintCases: { name: string; pod: Pod; oldObj: unknown; newObj: unknown; want: string }[] = [
  { name: 'backoff-wrong-new-object', pod: makePod('p'), oldObj: undefined, newObj: 'not-a-pod', want: 'Queue' },
  {
    name: 'skip-queue-on-other-pod-updated',
    pod: gated('p', ['foo', 'bar'], 'uid0'),
    oldObj: gated('p1', ['foo', 'bar'], 'uid1'),
    newObj: gated('p1', ['foo'], 'uid1'),
    want: 'QueueSkip',
  },
  {
    name: 'queue-on-the-unsched-pod-updated',
    pod: gated('p', ['foo'], 'uid0'),
    oldObj: gated('p', ['foo'], 'uid0'),
    newObj: gated('p', [], 'uid0'),
    want: 'Queue',
  },
];

for (const c of hintCases) {
  test(`SchedulingGates hint: ${c.name}`, () => {
    assert.equal(isSchedulableAfterGatesEliminated(c.pod, c.oldObj, c.newObj), c.want);
  });
}

test('SchedulingGates registers the gates-eliminated pod update', () => {
  const pl = factory(undefined, fakeHandle([])) as SchedulingGates;
  assert.equal(pl.name, NAME);
  const events = pl.eventsToRegister();
  assert.deepEqual(
    events.map((e) => e.event),
    [{ resource: 'Pod', actionType: ActionType.UpdatePodSchedulingGatesEliminated }],
  );
  assert.ok(events[0].hint);
});
