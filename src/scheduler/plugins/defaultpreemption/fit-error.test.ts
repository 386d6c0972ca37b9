import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Status } from '../../framework/status.js';
import { fitErrorMessage, reasonsHistogram } from './fit-error.js';

const taint = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const m = (entries: [string, Status][]) => new Map(entries);

test('fitErrorMessage', async (t) => {
  const cases: {
    name: string;
    args: Parameters<typeof fitErrorMessage>;
    want: string;
  }[] = [
    {
      name: 'filter reasons counted and sorted, with a preemption message',
      args: [
        3,
        m([
          ['cp', Status.unresolvable(taint)],
          ['w1', Status.unschedulable('Insufficient cpu')],
          ['w2', Status.unschedulable('Insufficient cpu')],
        ]),
        undefined,
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      ],
      want:
        `0/3 nodes are available: 1 ${taint}, 2 Insufficient cpu. ` +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
    {
      name: 'a status with several reasons counts each',
      args: [
        2,
        m([
          ['a', Status.unschedulable('Insufficient cpu', 'Insufficient memory')],
          ['b', Status.unschedulable('Insufficient memory')],
        ]),
      ],
      want: '0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.',
    },
    {
      name: 'counts sort as strings, as upstream (10 before 2)',
      args: [
        12,
        m([
          ...Array.from({ length: 10 }, (_, i): [string, Status] => [`n${i}`, Status.unschedulable('b reason')]),
          ['x', Status.unschedulable('a reason')],
          ['y', Status.unschedulable('a reason')],
        ]),
      ],
      want: '0/12 nodes are available: 10 b reason, 2 a reason.',
    },
    {
      name: 'PreFilter message replaces the node histogram',
      args: [
        3,
        m([['a', Status.unresolvable('ignored')]]),
        "node(s) didn't match pod topology spread constraints (missing required label)",
      ],
      want: "0/3 nodes are available: node(s) didn't match pod topology spread constraints (missing required label).",
    },
    {
      name: 'PreFilter message and PostFilter message',
      args: [1, m([]), 'pod has unbound immediate PersistentVolumeClaims', 'preemption: not eligible.'],
      want: '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: not eligible.',
    },
    {
      name: 'absent nodes take the absent status reasons',
      args: [
        4,
        m([
          ['n1', Status.unschedulable('Insufficient cpu')],
          ['n2', Status.unschedulable('Insufficient cpu')],
        ]),
        undefined,
        undefined,
        Status.unresolvable('Preemption is not helpful for scheduling'),
      ],
      want: '0/4 nodes are available: 2 Insufficient cpu, 2 Preemption is not helpful for scheduling.',
    },
    {
      name: 'absent status without reasons adds nothing',
      args: [3, m([['n1', Status.unschedulable('Insufficient cpu')]]), undefined, undefined, Status.unresolvable()],
      want: '0/3 nodes are available: 1 Insufficient cpu.',
    },
    {
      name: 'no reasons at all',
      args: [0, m([])],
      want: '0/0 nodes are available:',
    },
    {
      name: 'statuses without reasons',
      args: [2, m([['a', Status.unschedulable()]]), undefined, 'preemption: x.'],
      want: '0/2 nodes are available: preemption: x.',
    },
  ];
  for (const c of cases) await t.test(c.name, () => assert.equal(fitErrorMessage(...c.args), c.want));
});

test('reasonsHistogram ignores an absent status when every node is in the map', () => {
  const got = reasonsHistogram(1, m([['a', Status.unschedulable('x')]]), Status.unresolvable('absent'));
  assert.deepEqual(got, ['1 x']);
});
