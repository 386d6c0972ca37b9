/** DefaultPreemption's eligibility rules and the API calls it makes once a node is chosen. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { errors } from '../../../machinery/errors.js';
import { CycleState } from '../../framework/interface.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { defaultArgs } from './args.js';
import { DefaultPreemption, NOT_ELIGIBLE_TERMINATING } from './default-preemption.js';
import { HIGH, LOW, MID, SMALL, VERY_LARGE, handleWith, node, pod, statuses, type TestHandle } from './testing.js';

const NOW = Date.parse('2024-06-01T00:00:00Z');
const plugin = (h: TestHandle, schedulerName?: string) =>
  new DefaultPreemption(h, defaultArgs(undefined), { randomInt: () => 0, now: () => NOW, schedulerName });
const byPreemption = { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }] };

test('podEligibleToPreemptOthers', async (t) => {
  const nominated = (extra: Pod['status'] = {}) =>
    pod('p', { priority: HIGH, status: { nominatedNodeName: 'node1', ...extra } });
  const cases: { name: string; preemptor: Pod; pods: Pod[]; status?: Status; want?: string }[] = [
    {
      name: 'nominated node became unresolvable: may preempt again',
      preemptor: nominated(),
      pods: [pod('p1', { node: 'node1', priority: LOW, terminating: true, status: byPreemption })],
      status: Status.unresolvable('node(s) had untolerated taint {foo: bar}'),
    },
    { name: 'pod without nominated node', preemptor: pod('p', { priority: HIGH }), pods: [] },
    {
      name: "pod with 'PreemptNever' preemption policy",
      preemptor: pod('p', { priority: HIGH, extra: { preemptionPolicy: 'Never' } }),
      pods: [],
      want: 'not eligible due to preemptionPolicy=Never.',
    },
    {
      name: 'preemption victim pod terminating, as indicated by the dedicated DisruptionTarget condition',
      preemptor: nominated(),
      pods: [pod('p1', { node: 'node1', priority: LOW, terminating: true, status: byPreemption })],
      status: Status.unschedulable('Insufficient cpu'),
      want: NOT_ELIGIBLE_TERMINATING,
    },
    {
      name: 'non-victim pods terminating',
      preemptor: nominated(),
      pods: [pod('p1', { node: 'node1', priority: LOW, terminating: true })],
      status: Status.unschedulable('Insufficient cpu'),
    },
    {
      name: 'terminating victim of higher priority does not count',
      preemptor: nominated(),
      pods: [pod('p1', { node: 'node1', priority: HIGH, terminating: true, status: byPreemption })],
      status: Status.unschedulable('Insufficient cpu'),
    },
    {
      name: 'nominated node absent from the map counts as unresolvable',
      preemptor: nominated(),
      pods: [pod('p1', { node: 'node1', priority: LOW, terminating: true, status: byPreemption })],
    },
  ];
  for (const c of cases)
    await t.test(c.name, () => {
      const h = handleWith([node('node1')], c.pods);
      const m = new Map(c.status ? [['node1', c.status]] : []);
      assert.equal(plugin(h).podEligibleToPreemptOthers(c.preemptor, m), c.want);
    });
});

test('postFilter: not eligible because of a terminating victim keeps the nomination', async () => {
  const preemptor = pod('p', { priority: HIGH, status: { nominatedNodeName: 'node1' } });
  const h = handleWith(
    [node('node1')],
    [pod('p1', { node: 'node1', priority: LOW, terminating: true, status: byPreemption })],
  );
  const { result, status } = await plugin(h).postFilter(new CycleState(), preemptor, statuses(['node1']));
  assert.equal(result, undefined);
  assert.equal(status?.code, Code.Unschedulable);
  assert.equal(status?.message(), 'preemption: not eligible due to a terminating pod on the nominated node.');
});

test('postFilter: decides on the latest version of the pod from the lister', async () => {
  const stale = pod('p', { priority: HIGH });
  const latest = pod('p', { priority: HIGH, extra: { preemptionPolicy: 'Never' } });
  const h = handleWith([node('node1')], [pod('p1', { node: 'node1', priority: LOW })], { lister: [latest] });
  const { status } = await plugin(h).postFilter(new CycleState(), stale, statuses(['node1']));
  assert.equal(status?.message(), 'preemption: not eligible due to preemptionPolicy=Never.');
});

function basic(extraPods: Pod[] = [], nominated?: Map<string, PodInfo[]>) {
  // Upstream's "basic preemption logic": node1 has the lowest-priority victims.
  const pods = [
    pod('p1.1', { node: 'node1', priority: LOW, req: SMALL }),
    pod('p1.2', { node: 'node1', priority: LOW, req: SMALL }),
    pod('p2.1', { node: 'node2', priority: HIGH, req: { cpu: '300m', memory: '300' } }),
    pod('p3.1', { node: 'node3', priority: MID, req: { cpu: '200m', memory: '200' } }),
    ...extraPods,
  ];
  return handleWith(
    ['node1', 'node2', 'node3'].map((n) => node(n)),
    pods,
    { nominated },
  );
}
const preemptor = () => pod('p', { priority: HIGH, req: VERY_LARGE });

test('postFilter: evicts the victims with a condition, a delete and an event', async () => {
  const h = basic();
  const { result, status } = await plugin(h).postFilter(
    new CycleState(),
    preemptor(),
    statuses(['node1', 'node2', 'node3']),
  );
  assert.equal(status, undefined);
  assert.deepEqual(result, { nominatedNodeName: 'node1' });
  const condition = {
    type: 'DisruptionTarget',
    status: 'True',
    reason: 'PreemptionByScheduler',
    message: 'default-scheduler: preempting to accommodate a higher priority pod',
    lastTransitionTime: '2024-06-01T00:00:00Z',
  };
  for (const v of ['p1.1', 'p1.2']) {
    const calls = h.client.calls.filter((c) => c.args[0] === v).map((c) => c.verb);
    assert.deepEqual(calls, ['patchStatus', 'delete', 'event'], v);
  }
  assert.deepEqual(
    h.client.calls.filter((c) => c.verb === 'patchStatus').map((c) => c.args),
    [
      ['p1.1', { condition }],
      ['p1.2', { condition }],
    ],
  );
  assert.deepEqual(
    h.client.calls.filter((c) => c.verb === 'event').map((c) => c.args),
    [
      ['p1.1', 'Normal', 'Preempted', 'Preempting', 'Preempted by pod p on node node1'],
      ['p1.2', 'Normal', 'Preempted', 'Preempting', 'Preempted by pod p on node node1'],
    ],
  );
  assert.equal(h.client.calls.length, 6);
});

test("postFilter: the condition names the preemptor's scheduler, else the profile's", async () => {
  for (const [spec, profile, want] of [
    [undefined, 'my-scheduler', 'my-scheduler'],
    ['other', 'my-scheduler', 'other'],
  ] as const) {
    const h = basic();
    const p = pod('p', { priority: HIGH, req: VERY_LARGE, extra: spec ? { schedulerName: spec } : {} });
    await plugin(h, profile).postFilter(new CycleState(), p, statuses(['node1', 'node2', 'node3']));
    const patch = h.client.calls.find((c) => c.verb === 'patchStatus')!.args[1] as { condition: { message: string } };
    assert.equal(patch.condition.message, `${want}: preempting to accommodate a higher priority pod`);
  }
});

test('postFilter: clears the nomination of lower-priority pods nominated to the node', async () => {
  const nominated = new Map([
    [
      'node1',
      [
        new PodInfo(pod('low-nominated', { priority: MID, status: { nominatedNodeName: 'node1' } })),
        new PodInfo(pod('high-nominated', { priority: HIGH, status: { nominatedNodeName: 'node1' } })),
        new PodInfo(pod('low-unpatched', { priority: LOW })),
      ],
    ],
    ['node3', [new PodInfo(pod('elsewhere', { priority: LOW, status: { nominatedNodeName: 'node3' } }))]],
  ]);
  const h = basic([], nominated);
  await plugin(h).postFilter(new CycleState(), preemptor(), statuses(['node1', 'node2', 'node3']));
  const cleared = h.client.calls.filter((c) => c.verb === 'patchStatus' && !('condition' in (c.args[1] as object)));
  assert.deepEqual(
    cleared.map((c) => c.args),
    [['low-nominated', { nominatedNodeName: null }]],
  );
  assert.equal(h.client.calls.at(-1), cleared[0], 'nominations are cleared after the evictions');
});

test('postFilter: victims already being deleted get no API call', async () => {
  const h = handleWith(
    [node('node1')],
    [
      pod('gone', { node: 'node1', priority: LOW, req: SMALL, terminating: true }),
      pod('live', { node: 'node1', priority: LOW, req: SMALL }),
    ],
  );
  const { result } = await plugin(h).postFilter(new CycleState(), preemptor(), statuses(['node1']));
  assert.equal(result?.nominatedNodeName, 'node1');
  assert.deepEqual([...new Set(h.client.calls.map((c) => c.args[0]))], ['live']);
});

test('postFilter: a victim with the condition already is not patched again', async () => {
  const message = 'default-scheduler: preempting to accommodate a higher priority pod';
  const h = handleWith(
    [node('node1')],
    [
      pod('v', {
        node: 'node1',
        priority: LOW,
        req: SMALL,
        status: { conditions: [{ ...byPreemption.conditions[0], message }] },
      }),
    ],
  );
  await plugin(h).postFilter(new CycleState(), pod('p', { priority: HIGH, req: VERY_LARGE }), statuses(['node1']));
  assert.deepEqual(
    h.client.calls.map((c) => c.verb),
    ['delete', 'event'],
  );
});

test('postFilter: a victim deleted meanwhile is fine, without an event', async () => {
  const h = basic();
  h.client.deletePod = async () => {
    throw errors.notFound({ group: '', name: 'pods' }, 'x');
  };
  const { result, status } = await plugin(h).postFilter(
    new CycleState(),
    preemptor(),
    statuses(['node1', 'node2', 'node3']),
  );
  assert.equal(status, undefined);
  assert.equal(result?.nominatedNodeName, 'node1');
  assert.equal(h.client.calls.filter((c) => c.verb === 'event').length, 0);
});

test('postFilter: a failed eviction is an Error and nominates nothing', async () => {
  const h = basic();
  h.client.patchPodStatus = async () => {
    throw new Error('connection refused');
  };
  const { result, status } = await plugin(h).postFilter(
    new CycleState(),
    preemptor(),
    statuses(['node1', 'node2', 'node3']),
  );
  assert.equal(result, undefined);
  assert.equal(status?.code, Code.Error);
  assert.equal(status?.message(), 'preemption: connection refused');
});
