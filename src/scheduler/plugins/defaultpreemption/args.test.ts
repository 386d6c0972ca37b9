import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeHandle } from '../../framework/testing.js';
import { calculateNumCandidates, defaultArgs, validateArgs, type DefaultPreemptionArgs } from './args.js';
import { DefaultPreemption, factory, NAME } from './index.js';

test('defaultArgs', () => {
  assert.deepEqual(defaultArgs(undefined), { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });
  assert.deepEqual(defaultArgs({ minCandidateNodesPercentage: 0 }), {
    minCandidateNodesPercentage: 0,
    minCandidateNodesAbsolute: 100,
  });
});

test('validateArgs', async (t) => {
  const cases: { name: string; args: DefaultPreemptionArgs; want: { field: string; message: string }[] }[] = [
    { name: 'defaults', args: defaultArgs(undefined), want: [] },
    { name: 'bounds', args: { minCandidateNodesPercentage: 100, minCandidateNodesAbsolute: 0 }, want: [] },
    {
      name: 'percentage above 100',
      args: { minCandidateNodesPercentage: 101, minCandidateNodesAbsolute: 100 },
      want: [{ field: 'minCandidateNodesPercentage', message: 'Invalid value: 101: not in valid range [0, 100]' }],
    },
    {
      name: 'negative values',
      args: { minCandidateNodesPercentage: -1, minCandidateNodesAbsolute: -1 },
      want: [
        { field: 'minCandidateNodesPercentage', message: 'Invalid value: -1: not in valid range [0, 100]' },
        { field: 'minCandidateNodesAbsolute', message: 'Invalid value: -1: not in valid range [0, inf)' },
      ],
    },
    {
      name: 'both zero',
      args: { minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0 },
      want: [
        {
          field: 'minCandidateNodesPercentage',
          message: 'Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute',
        },
        {
          field: 'minCandidateNodesAbsolute',
          message: 'Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage',
        },
      ],
    },
  ];
  for (const c of cases) await t.test(c.name, () => assert.deepEqual(validateArgs(c.args), c.want));
});

test('calculateNumCandidates', async (t) => {
  const cases: { name: string; pct: number; abs: number; nodes: number; want: number }[] = [
    { name: 'absolute dominates', pct: 10, abs: 100, nodes: 1000, want: 100 },
    { name: 'percentage dominates', pct: 10, abs: 100, nodes: 5000, want: 500 },
    { name: 'never more than the nodes', pct: 10, abs: 100, nodes: 50, want: 50 },
    { name: 'percentage rounds down', pct: 40, abs: 1, nodes: 5, want: 2 },
    { name: 'absolute floor', pct: 40, abs: 3, nodes: 5, want: 3 },
    { name: 'no nodes', pct: 10, abs: 100, nodes: 0, want: 0 },
  ];
  for (const c of cases)
    await t.test(c.name, () =>
      assert.equal(
        calculateNumCandidates({ minCandidateNodesPercentage: c.pct, minCandidateNodesAbsolute: c.abs }, c.nodes),
        c.want,
      ),
    );
});

test('factory', () => {
  const h = fakeHandle([]);
  const pl = factory(undefined, h) as DefaultPreemption;
  assert.equal(pl.name, NAME);
  assert.equal(NAME, 'DefaultPreemption');
  assert.deepEqual(pl.args, { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });
  assert.equal(pl.schedulerName, 'default-scheduler');
  const custom = factory({ minCandidateNodesAbsolute: 5, schedulerName: 'mine' }, h) as DefaultPreemption;
  assert.deepEqual(custom.args, { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 5 });
  assert.equal(custom.schedulerName, 'mine');
  assert.throws(
    () => factory({ minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0 }, h),
    new Error(
      '[minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute, ' +
        'minCandidateNodesAbsolute: Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage]',
    ),
  );
});
