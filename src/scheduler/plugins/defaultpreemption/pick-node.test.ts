import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { earliestPodStartTime, pickOneNodeForPreemption, type Candidate } from './pick-node.js';
import { HIGH, LOW, MID, NEG, pod } from './testing.js';

const NOW = 1_000_000_000;
const c = (name: string, pods: Pod[], numPDBViolations = 0): Candidate => ({
  name,
  victims: { pods, numPDBViolations },
});
const v = (priority: number, start = 0) => pod(`v${priority}-${start}`, { priority, start });

test('pickOneNodeForPreemption', async (t) => {
  const cases: { name: string; candidates: Candidate[]; want: string }[] = [
    { name: 'none', candidates: [], want: '' },
    { name: 'one', candidates: [c('n1', [v(MID)])], want: 'n1' },
    {
      name: 'fewest PDB violations first',
      candidates: [c('n1', [v(LOW)], 1), c('n2', [v(HIGH), v(MID)], 0)],
      want: 'n2',
    },
    {
      name: 'lowest highest-priority victim',
      candidates: [c('n1', [v(MID), v(MID)]), c('n2', [v(MID), v(LOW)]), c('n3', [v(LOW), v(LOW)])],
      want: 'n3',
    },
    {
      name: 'then smallest sum of priorities',
      candidates: [c('n1', [v(MID), v(MID)]), c('n2', [v(MID), v(LOW)]), c('n3', [v(MID), v(MID)])],
      want: 'n2',
    },
    {
      name: 'sum uses priorities shifted above zero, so fewer negative victims win',
      candidates: [c('n1', [v(MID), v(NEG), v(NEG)]), c('n2', [v(MID), v(NEG)]), c('n3', [v(MID), v(LOW), v(NEG)])],
      want: 'n2',
    },
    {
      // Upstream's "highest priority and sum are the same" case: with priorities shifted above zero
      // the sum already prefers fewer victims, so the count criterion rarely decides.
      name: 'equal raw sums: fewer victims win',
      candidates: [
        c('n1', [v(MID), v(NEG), v(MID), v(NEG)]),
        c('n2', [v(MID), v(NEG)]),
        c('n3', [v(MID), v(NEG), v(LOW)]),
      ],
      want: 'n2',
    },
    {
      name: 'then the latest start of the highest-priority victims',
      candidates: [c('n1', [v(MID, 2), v(MID, 2)]), c('n2', [v(MID, 3), v(MID, 3)]), c('n3', [v(MID, 1), v(MID, 1)])],
      want: 'n2',
    },
    {
      name: 'start time of the earliest highest-priority victim counts',
      candidates: [c('n1', [v(MID, 4), v(MID, 2)]), c('n2', [v(MID, 5), v(MID, 1)]), c('n3', [v(MID, 3), v(MID, 6)])],
      want: 'n3',
    },
    {
      name: 'lower-priority victims do not count for start time',
      candidates: [c('n1', [v(MID, 2), v(LOW, 4)]), c('n2', [v(MID, 6), v(LOW, 1)]), c('n3', [v(MID, 5), v(LOW, 3)])],
      want: 'n2',
    },
    {
      name: 'full tie: the first',
      candidates: [c('n1', [v(MID, 1)]), c('n2', [v(MID, 1)])],
      want: 'n1',
    },
  ];
  for (const tc of cases)
    await t.test(tc.name, () => assert.equal(pickOneNodeForPreemption(tc.candidates, NOW), tc.want));
});

test('earliestPodStartTime', () => {
  assert.equal(earliestPodStartTime([], NOW), undefined);
  assert.equal(earliestPodStartTime([v(MID, 5), v(HIGH, 7), v(HIGH, 6), v(LOW, 1)], NOW), 6000);
  // Pods that have not started count as starting now.
  assert.equal(earliestPodStartTime([pod('x', { priority: MID })], NOW), NOW);
});
