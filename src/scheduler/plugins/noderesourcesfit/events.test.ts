// NodeResourcesFit's events and queueing hints, ported from upstream's fit_test.go
// (TestEventsToRegister, Test_isSchedulableAfterPodChange, Test_isSchedulableAfterNodeChange,
// TestIsFit, TestHaveAnyRequestedResourcesIncreased).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { ActionType, type QueueingHint } from '../../framework/interface.js';
import { makePod } from '../../framework/testing.js';
import {
  fitEventsToRegister,
  haveAnyRequestedResourcesIncreased,
  isFit,
  isSchedulableAfterNodeChange,
  isSchedulableAfterPodEvent,
} from './index.js';
import { capacityNode, reqPod } from './testing.js';

const EXT_A = 'example.com/aaa';
const EXT_B = 'example.com/bbb';

/** `st.MakePod().Name(name).UID(uid).Req(requests).Node(nodeName)`. */
const pod = (name: string, requests: Record<string, string>, opts: { uid?: string; nodeName?: string } = {}): Pod =>
  makePod(name, { uid: opts.uid, requests, nodeName: opts.nodeName });
const node = (resources: Record<string, string>): Node => capacityNode('n', resources);

test('NodeResourcesFit eventsToRegister: pod delete or scale-down, node add or allocatable change', () => {
  const got = fitEventsToRegister().map((e) => e.event);
  assert.deepEqual(got, [
    { resource: 'Pod', actionType: ActionType.Delete | ActionType.UpdatePodScaleDown },
    { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable },
  ]);
});

const podCases: { name: string; pod: Pod; oldObj: unknown; newObj?: unknown; want: QueueingHint }[] = [
  { name: 'backoff-wrong-old-object', pod: reqPod('p'), oldObj: 'not-a-pod', want: 'Queue' },
  { name: 'backoff-wrong-new-object', pod: reqPod('p'), oldObj: reqPod('o'), newObj: 'not-a-pod', want: 'Queue' },
  {
    name: 'queue-on-other-pod-deleted',
    pod: pod('pod1', { cpu: '1' }),
    oldObj: pod('pod2', { cpu: '1' }, { nodeName: 'fake' }),
    want: 'Queue',
  },
  { name: 'skip-queue-on-unscheduled-pod-deleted', pod: reqPod('p'), oldObj: reqPod('o'), want: 'QueueSkip' },
  {
    name: 'skip-queue-on-other-unscheduled-pod',
    pod: pod('pod1', { cpu: '1' }, { uid: 'uid0' }),
    oldObj: pod('pod2', { cpu: '2' }, { uid: 'uid1' }),
    newObj: pod('pod2', { cpu: '1' }, { uid: 'uid1' }),
    want: 'QueueSkip',
  },
  {
    name: 'skip-queue-on-other-pod-unrelated-resource-scaled-down',
    pod: pod('pod1', { cpu: '1' }, { uid: 'pod1' }),
    oldObj: pod('pod2', { memory: '2' }, { uid: 'pod2', nodeName: 'fake' }),
    newObj: pod('pod2', { memory: '1' }, { uid: 'pod2', nodeName: 'fake' }),
    want: 'QueueSkip',
  },
  {
    name: 'queue-on-other-pod-some-resource-scale-down',
    pod: pod('pod1', { cpu: '1' }, { uid: 'pod1' }),
    oldObj: pod('pod2', { cpu: '2' }, { uid: 'pod2', nodeName: 'fake' }),
    newObj: pod('pod2', { cpu: '1' }, { uid: 'pod2', nodeName: 'fake' }),
    want: 'Queue',
  },
  {
    name: 'queue-on-target-pod-some-resource-scale-down',
    pod: pod('pod1', { cpu: '1' }, { uid: 'pod1' }),
    oldObj: pod('pod1', { cpu: '2' }, { uid: 'pod1' }),
    newObj: pod('pod1', { cpu: '1' }, { uid: 'pod1' }),
    want: 'Queue',
  },
];

for (const c of podCases)
  test(`NodeResourcesFit isSchedulableAfterPodEvent: ${c.name}`, () => {
    assert.equal(isSchedulableAfterPodEvent(c.pod, c.oldObj, c.newObj), c.want);
  });

const nodeCases: { name: string; pod: Pod; oldObj?: unknown; newObj: unknown; want: QueueingHint }[] = [
  { name: 'backoff-wrong-new-object', pod: reqPod('p'), newObj: 'not-a-node', want: 'Queue' },
  { name: 'backoff-wrong-old-object', pod: reqPod('p'), oldObj: 'not-a-node', newObj: node({}), want: 'Queue' },
  {
    name: 'skip-queue-on-node-add-without-sufficient-resources',
    pod: reqPod('p', [{ memory: '2' }]),
    newObj: node({ memory: '1' }),
    want: 'QueueSkip',
  },
  {
    name: 'skip-queue-on-node-add-without-required-resource-type',
    pod: reqPod('p', [{ [EXT_A]: '1' }]),
    newObj: node({ [EXT_B]: '1' }),
    want: 'QueueSkip',
  },
  {
    name: 'queue-on-node-add-with-sufficient-resources',
    pod: reqPod('p', [{ memory: '2', [EXT_A]: '1' }]),
    newObj: node({ memory: '4', [EXT_A]: '2' }),
    want: 'Queue',
  },
  {
    name: 'skip-queue-on-node-unrelated-changes',
    pod: reqPod('p', [{ memory: '2', [EXT_A]: '1' }]),
    oldObj: node({ memory: '2', [EXT_A]: '2' }),
    newObj: node({ memory: '2', [EXT_A]: '1', [EXT_B]: '2' }),
    want: 'QueueSkip',
  },
  {
    name: 'queue-on-pod-requested-resources-increase',
    pod: reqPod('p', [{ memory: '2', [EXT_A]: '1' }]),
    oldObj: node({ memory: '2', [EXT_A]: '1' }),
    newObj: node({ memory: '2', [EXT_A]: '2' }),
    want: 'Queue',
  },
  {
    name: 'skip-queue-on-node-changes-from-suitable-to-unsuitable',
    pod: reqPod('p', [{ memory: '2', [EXT_A]: '1' }]),
    oldObj: node({ memory: '4', [EXT_A]: '2' }),
    newObj: node({ memory: '1', [EXT_A]: '2' }),
    want: 'QueueSkip',
  },
  {
    name: 'queue-on-node-changes-from-unsuitable-to-suitable',
    pod: reqPod('p', [{ memory: '2', [EXT_A]: '1' }]),
    oldObj: node({ memory: '1', [EXT_A]: '2' }),
    newObj: node({ memory: '4', [EXT_A]: '2' }),
    want: 'Queue',
  },
];

for (const c of nodeCases)
  test(`NodeResourcesFit isSchedulableAfterNodeChange: ${c.name}`, () => {
    assert.equal(isSchedulableAfterNodeChange(c.pod, c.oldObj, c.newObj), c.want);
  });

test('NodeResourcesFit isFit', () => {
  assert.equal(isFit(reqPod('p'), undefined), false);
  assert.equal(isFit(reqPod('p', [{ cpu: '2' }]), node({ cpu: '1' })), false);
  assert.equal(isFit(reqPod('p', [{ cpu: '1' }]), node({ cpu: '2' })), true);
});

const full = (pods: string, cpu: string, memory: string, storage: string, extA: string) => ({
  pods,
  cpu,
  memory,
  'ephemeral-storage': storage,
  [EXT_A]: extA,
});
const withPods = (r: Record<string, string>): Node => ({ ...node({}), status: { allocatable: r, capacity: r } });
const requestsAll = { cpu: '2m', memory: '2', 'ephemeral-storage': '2', [EXT_A]: '2' };

const increased: { name: string; pod: Pod; original: Node; modified: Node; want: boolean }[] = [
  {
    name: 'no-requested-resources',
    pod: reqPod('p', [{}]),
    original: withPods(full('1', '1', '1', '1', '1')),
    modified: withPods(full('1', '2', '2', '2', '2')),
    want: false,
  },
  {
    name: 'no-requested-resources-pods-increased',
    pod: reqPod('p', [{}]),
    original: withPods(full('1', '1', '1', '1', '1')),
    modified: withPods(full('2', '1', '1', '1', '1')),
    want: true,
  },
  {
    name: 'requested-resources-decreased',
    pod: reqPod('p', [requestsAll]),
    original: withPods(full('32', '1', '2', '3', '4')),
    modified: withPods(full('32', '1', '2', '1', '1')),
    want: false,
  },
  {
    name: 'requested-resources-increased',
    pod: reqPod('p', [requestsAll]),
    original: withPods(full('32', '1', '2', '3', '4')),
    modified: withPods(full('32', '3', '4', '3', '4')),
    want: true,
  },
  {
    name: 'non-requested-resources-decreased',
    pod: reqPod('p', [{ cpu: '2m', memory: '2' }]),
    original: withPods(full('32', '1', '2', '3', '4')),
    modified: withPods(full('32', '1', '2', '1', '1')),
    want: false,
  },
  {
    name: 'non-requested-resources-increased',
    pod: reqPod('p', [{ cpu: '2m', memory: '2' }]),
    original: withPods(full('32', '1', '2', '3', '4')),
    modified: withPods(full('32', '1', '2', '5', '6')),
    want: false,
  },
];

for (const c of increased)
  test(`NodeResourcesFit haveAnyRequestedResourcesIncreased: ${c.name}`, () => {
    assert.equal(haveAnyRequestedResourcesIncreased(c.pod, c.original, c.modified), c.want);
  });
