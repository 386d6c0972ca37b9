import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1.js';
import { ActionType, CycleState } from '../../framework/interface.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { fakeHandle, makeNode, makePod, nodeInfo } from '../../framework/testing.js';
import { makePVC, podWithClaims } from '../volumebinding/test-fixtures.js';
import {
  ERR_REASON_DISK_CONFLICT,
  ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT,
  NAME,
  VolumeRestrictions,
  factory,
} from './index.js';

const withVolumes = (name: string, ...volumes: Volume[]) => makePod(name, { spec: { volumes } });
const gce = (pdName: string, readOnly = false): Volume => ({ name: 'v', gcePersistentDisk: { pdName, readOnly } });
const ebs = (volumeID: string): Volume => ({ name: 'v', awsElasticBlockStore: { volumeID } });
const rbd = (monitors: string[], image: string, readOnly = false): Volume => ({
  name: 'v',
  rbd: { monitors, pool: 'rbd', image, readOnly },
});
const iscsi = (iqn: string, readOnly = false): Volume => ({
  name: 'v',
  iscsi: { targetPortal: '127.0.0.1:3260', iqn, lun: 0, readOnly },
});

const diskCases: { name: string; pod: Pod; existing: Pod[]; want?: Status }[] = [
  { name: 'nothing', pod: makePod('p'), existing: [] },
  { name: 'one GCE PD state', pod: withVolumes('p', gce('foo')), existing: [withVolumes('e', gce('bar'))] },
  {
    name: 'same GCE PD',
    pod: withVolumes('p', gce('foo')),
    existing: [withVolumes('e', gce('foo'))],
    want: Status.unschedulable(ERR_REASON_DISK_CONFLICT),
  },
  {
    name: 'same GCE PD both read-only',
    pod: withVolumes('p', gce('foo', true)),
    existing: [withVolumes('e', gce('foo', true))],
  },
  {
    name: 'same GCE PD, one read-write',
    pod: withVolumes('p', gce('foo', true)),
    existing: [withVolumes('e', gce('foo'))],
    want: Status.unschedulable(ERR_REASON_DISK_CONFLICT),
  },
  { name: 'different EBS', pod: withVolumes('p', ebs('foo')), existing: [withVolumes('e', ebs('bar'))] },
  {
    name: 'same EBS',
    pod: withVolumes('p', ebs('foo')),
    existing: [withVolumes('e', ebs('foo'))],
    want: Status.unschedulable(ERR_REASON_DISK_CONFLICT),
  },
  {
    name: 'RBD sharing a monitor and image',
    pod: withVolumes('p', rbd(['a', 'b'], 'img')),
    existing: [withVolumes('e', rbd(['b', 'c'], 'img'))],
    want: Status.unschedulable(ERR_REASON_DISK_CONFLICT),
  },
  {
    name: 'RBD with no monitor in common',
    pod: withVolumes('p', rbd(['a'], 'img')),
    existing: [withVolumes('e', rbd(['c'], 'img'))],
  },
  {
    name: 'RBD other image',
    pod: withVolumes('p', rbd(['a'], 'img')),
    existing: [withVolumes('e', rbd(['a'], 'other'))],
  },
  {
    name: 'RBD read-only',
    pod: withVolumes('p', rbd(['a'], 'img', true)),
    existing: [withVolumes('e', rbd(['a'], 'img', true))],
  },
  {
    name: 'same iSCSI IQN',
    pod: withVolumes('p', iscsi('iqn.2016-12.server:storage.target01')),
    existing: [withVolumes('e', iscsi('iqn.2016-12.server:storage.target01'))],
    want: Status.unschedulable(ERR_REASON_DISK_CONFLICT),
  },
  {
    name: 'iSCSI read-only',
    pod: withVolumes('p', iscsi('iqn.2016-12.server:storage.target01', true)),
    existing: [withVolumes('e', iscsi('iqn.2016-12.server:storage.target01', true))],
  },
];

for (const c of diskCases) {
  test(`VolumeRestrictions disk conflict: ${c.name}`, () => {
    const ni = nodeInfo(makeNode('node-a'), ...c.existing);
    const pl = new VolumeRestrictions(fakeHandle([ni]));
    const state = new CycleState();
    const pre = pl.preFilter(state, c.pod)?.status;
    if (pre) {
      // Nothing to check: PreFilter skips and Filter never runs.
      assert.deepEqual(pre, Status.skip());
      assert.equal(c.want, undefined);
      return;
    }
    assert.deepEqual(pl.filter(state, c.pod, ni), c.want);
  });
}

const rwop = (name: string) => makePVC(name, 'sc', { accessModes: ['ReadWriteOncePod'] });
const rwx = (name: string) => makePVC(name, 'sc', { accessModes: ['ReadWriteMany'] });

const rwopCases: {
  name: string;
  pod: Pod;
  existing: Pod[];
  pvcs: PersistentVolumeClaim[];
  wantPreFilter?: Status;
  want?: Status;
}[] = [
  {
    name: 'claim not found',
    pod: podWithClaims('p', ['rwop-1']),
    existing: [],
    pvcs: [],
    wantPreFilter: Status.unresolvable('persistentvolumeclaim "rwop-1" not found'),
  },
  {
    name: 'RWOP claim unused: skip',
    pod: podWithClaims('p', ['rwop-1']),
    existing: [podWithClaims('e', ['rwx'], { nodeName: 'node-a' })],
    pvcs: [rwop('rwop-1'), rwx('rwx')],
    wantPreFilter: Status.skip(),
  },
  {
    name: 'RWOP claim used by a pod on another node',
    pod: podWithClaims('p', ['rwop-1', 'rwx']),
    existing: [podWithClaims('e', ['rwop-1'], { nodeName: 'node-b' })],
    pvcs: [rwop('rwop-1'), rwx('rwx')],
    want: Status.unschedulable(ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT),
  },
  {
    name: 'RWX claim may be shared',
    pod: podWithClaims('p', ['rwx']),
    existing: [podWithClaims('e', ['rwx'], { nodeName: 'node-a' })],
    pvcs: [rwx('rwx')],
    wantPreFilter: Status.skip(),
  },
];

for (const c of rwopCases) {
  test(`VolumeRestrictions ReadWriteOncePod: ${c.name}`, () => {
    const a = nodeInfo(makeNode('node-a'), ...c.existing.filter((p) => p.spec?.nodeName === 'node-a'));
    const b = nodeInfo(makeNode('node-b'), ...c.existing.filter((p) => p.spec?.nodeName === 'node-b'));
    const pl = new VolumeRestrictions(fakeHandle([a, b], { persistentVolumeClaims: c.pvcs }));
    const state = new CycleState();
    const pre = pl.preFilter(state, c.pod)?.status;
    assert.deepEqual(pre, c.wantPreFilter);
    if (pre) return;
    assert.deepEqual(pl.filter(state, c.pod, a), c.want);
  });
}

test('VolumeRestrictions: removePod and addPod track the claim users (preemption)', () => {
  const holder = podWithClaims('holder', ['rwop-1'], { nodeName: 'node-a' });
  const a = nodeInfo(makeNode('node-a'), holder);
  const pl = new VolumeRestrictions(fakeHandle([a], { persistentVolumeClaims: [rwop('rwop-1')] }));
  const pod = podWithClaims('p', ['rwop-1']);
  const state = new CycleState();
  assert.equal(pl.preFilter(state, pod), undefined);
  const ext = pl.preFilterExtensions();
  const copy = state.clone();
  assert.equal(ext.removePod(copy, pod, new PodInfo(holder), a), undefined);
  assert.equal(pl.filter(copy, pod, a), undefined);
  // The original state is untouched by the what-if on its clone.
  assert.deepEqual(pl.filter(state, pod, a), Status.unschedulable(ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT));
  ext.addPod(copy, pod, new PodInfo(holder), a);
  assert.deepEqual(pl.filter(copy, pod, a), Status.unschedulable(ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT));
});

test('VolumeRestrictions: events, hints and factory', () => {
  const pl = factory(undefined, fakeHandle([])) as VolumeRestrictions;
  assert.equal(pl.name, NAME);
  const events = new Map(pl.eventsToRegister().map((e) => [e.event.resource, e]));
  assert.equal(events.get('Pod')!.event.actionType, ActionType.Delete);
  assert.equal(events.get('Node')!.event.actionType, ActionType.Add);
  const podHint = events.get('Pod')!.hint!;
  const pod = makePod('p', {
    spec: { volumes: [gce('foo'), { name: 'c', persistentVolumeClaim: { claimName: 'c1' } }] },
  });
  assert.equal(podHint(pod, withVolumes('e', gce('foo')), undefined), 'Queue');
  assert.equal(podHint(pod, podWithClaims('e', ['c1']), undefined), 'Queue');
  assert.equal(podHint(pod, podWithClaims('e', ['c2']), undefined), 'QueueSkip');
  assert.equal(podHint(pod, podWithClaims('e', ['c1'], { namespace: 'other' }), undefined), 'QueueSkip');
  const claimHint = events.get('PersistentVolumeClaim')!.hint!;
  assert.equal(claimHint(pod, undefined, makePVC('c1', 'sc')), 'Queue');
  assert.equal(claimHint(pod, undefined, makePVC('c9', 'sc')), 'QueueSkip');
});
