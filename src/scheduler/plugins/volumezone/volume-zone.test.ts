import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { ActionType, CycleState } from '../../framework/interface.js';
import { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { fakeHandle, makePod } from '../../framework/testing.js';
import { makeSC, podWithClaims } from '../volumebinding/test-fixtures.js';
import { ERR_REASON_CONFLICT, NAME, VolumeZone, factory } from './index.js';

const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const BETA_REGION = 'failure-domain.beta.kubernetes.io/region';
const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';

const pv = (name: string, labels: Record<string, string>): PersistentVolume => ({ metadata: { name, labels } });
const pvc = (name: string, spec: PersistentVolumeClaim['spec']): PersistentVolumeClaim => ({
  metadata: { name, namespace: 'default' },
  spec,
});

const pvs = [
  pv('Vol_1', { [BETA_ZONE]: 'us-west1-a' }),
  pv('Vol_2', { [BETA_REGION]: 'us-west1', uselessLabel: 'none' }),
  pv('Vol_Multi', { [BETA_ZONE]: 'us-west1-c__us-west1-a' }),
  pv('Vol_Stable_1', { [ZONE]: 'us-west1-a' }),
  pv('Vol_Stable_2', { [REGION]: 'us-west1', uselessLabel: 'none' }),
  pv('Vol_Stable_3', { [ZONE]: 'us-west1-a', [REGION]: 'us-west1-a' }),
  pv('Vol_Stable_Multi', { [ZONE]: 'us-west1-c__us-west1-a' }),
  pv('Vol_Bad', { [ZONE]: 'us-west1-c__' }),
];
const pvcs = [
  ...pvs.map((v) => pvc(`PVC${v.metadata!.name!.slice(3)}`, { volumeName: v.metadata!.name })),
  pvc('PVC_4', { volumeName: 'Vol_not_exist' }),
  pvc('PVC_NoSC', { storageClassName: 'Class_0' }),
  pvc('PVC_EmptySC', {}),
  pvc('PVC_WaitSC', { storageClassName: 'Class_Wait' }),
  pvc('PVC_ImmediateSC', { storageClassName: 'Class_Immediate' }),
  pvc('PVC_ImmediateMode', { storageClassName: 'Class_Immediate_Mode' }),
];
const scs = [
  makeSC('Class_Wait'),
  makeSC('Class_Immediate', { mode: null }),
  makeSC('Class_Immediate_Mode', { mode: 'Immediate' }),
];

const withClaim = (claim: string) => podWithClaims('pod_1', [claim]);
const nodeWith = (labels: Record<string, string>) => new NodeInfo({ metadata: { name: 'host1', labels } });

const cases: { name: string; pod: Pod; labels: Record<string, string>; wantPreFilter?: Status; want?: Status }[] = [
  {
    name: 'pod without volume',
    pod: makePod('pod_1'),
    labels: { [BETA_ZONE]: 'us-west1-a' },
    wantPreFilter: Status.skip(),
  },
  { name: 'node without labels', pod: withClaim('PVC_1'), labels: {} },
  {
    name: 'beta zone label matched',
    pod: withClaim('PVC_1'),
    labels: { [BETA_ZONE]: 'us-west1-a', uselessLabel: 'none' },
  },
  { name: 'beta region label matched', pod: withClaim('PVC_2'), labels: { [BETA_REGION]: 'us-west1' } },
  {
    name: "beta region label doesn't match",
    pod: withClaim('PVC_2'),
    labels: { [BETA_REGION]: 'no_us-west1' },
    want: Status.unresolvable(ERR_REASON_CONFLICT),
  },
  {
    name: "beta zone label doesn't match",
    pod: withClaim('PVC_1'),
    labels: { [BETA_ZONE]: 'no_us-west1-a' },
    want: Status.unresolvable(ERR_REASON_CONFLICT),
  },
  { name: 'zone label matched', pod: withClaim('PVC_Stable_1'), labels: { [ZONE]: 'us-west1-a' } },
  { name: 'region label matched', pod: withClaim('PVC_Stable_2'), labels: { [REGION]: 'us-west1' } },
  {
    name: 'pv with zone and region, node with only zone',
    pod: withClaim('PVC_Stable_3'),
    labels: { [ZONE]: 'us-west1-a' },
    want: Status.unresolvable(ERR_REASON_CONFLICT),
  },
  {
    name: 'pv with GA zone, node with beta zone',
    pod: withClaim('PVC_Stable_1'),
    labels: { [BETA_ZONE]: 'us-west1-a' },
    want: Status.unresolvable(ERR_REASON_CONFLICT),
  },
  {
    name: 'pv with beta label, node with GA label, matched',
    pod: withClaim('PVC_1'),
    labels: { [ZONE]: 'us-west1-a' },
  },
  {
    name: "pv with beta label, node with GA label, don't match",
    pod: withClaim('PVC_1'),
    labels: { [ZONE]: 'us-west1-b' },
    want: Status.unresolvable(ERR_REASON_CONFLICT),
  },
  { name: 'multi-zone beta label matched', pod: withClaim('PVC_Multi'), labels: { [BETA_ZONE]: 'us-west1-a' } },
  { name: 'multi-zone GA label matched', pod: withClaim('PVC_Stable_Multi'), labels: { [ZONE]: 'us-west1-c' } },
  {
    name: 'multi-zone label not matched',
    pod: withClaim('PVC_Stable_Multi'),
    labels: { [ZONE]: 'us-west1-b' },
    want: Status.unresolvable(ERR_REASON_CONFLICT),
  },
  {
    name: 'a label with an empty zone is ignored',
    pod: withClaim('PVC_Bad'),
    labels: { [ZONE]: 'x' },
    wantPreFilter: Status.skip(),
  },
  {
    name: 'pv not found',
    pod: withClaim('PVC_4'),
    labels: { [ZONE]: 'x' },
    wantPreFilter: Status.unresolvable('persistentvolume "Vol_not_exist" not found'),
    want: Status.unresolvable('persistentvolume "Vol_not_exist" not found'),
  },
  {
    name: 'pvc not found',
    pod: withClaim('PVC_none'),
    labels: { [ZONE]: 'x' },
    wantPreFilter: Status.unresolvable('persistentvolumeclaim "PVC_none" not found'),
    want: Status.unresolvable('persistentvolumeclaim "PVC_none" not found'),
  },
  {
    name: 'unbound volume empty storage class',
    pod: withClaim('PVC_EmptySC'),
    labels: { [BETA_ZONE]: 'us-west1-a' },
    wantPreFilter: Status.unresolvable('PersistentVolumeClaim had no pv name and storageClass name'),
    want: Status.unresolvable('PersistentVolumeClaim had no pv name and storageClass name'),
  },
  {
    name: 'unbound volume no storage class',
    pod: withClaim('PVC_NoSC'),
    labels: { [BETA_ZONE]: 'us-west1-a' },
    wantPreFilter: Status.unresolvable('storageclass.storage.k8s.io "Class_0" not found'),
    want: Status.unresolvable('storageclass.storage.k8s.io "Class_0" not found'),
  },
  {
    name: 'unbound volume storage class without binding mode',
    pod: withClaim('PVC_ImmediateSC'),
    labels: { [BETA_ZONE]: 'us-west1-a' },
    wantPreFilter: Status.unresolvable('VolumeBindingMode not set for StorageClass "Class_Immediate"'),
    want: Status.unresolvable('VolumeBindingMode not set for StorageClass "Class_Immediate"'),
  },
  {
    name: 'unbound volume immediate binding mode',
    pod: withClaim('PVC_ImmediateMode'),
    labels: { [BETA_ZONE]: 'us-west1-a' },
    wantPreFilter: Status.unresolvable('PersistentVolume had no name'),
    want: Status.unresolvable('PersistentVolume had no name'),
  },
  {
    name: 'unbound volume wait binding mode',
    pod: withClaim('PVC_WaitSC'),
    labels: { [BETA_ZONE]: 'us-west1-a' },
    wantPreFilter: Status.skip(),
  },
  {
    name: 'bound and unbound wait claims together',
    pod: podWithClaims('pod_1', ['PVC_WaitSC', 'PVC_1']),
    labels: { [BETA_ZONE]: 'us-west1-b' },
    want: Status.unresolvable(ERR_REASON_CONFLICT),
  },
];

for (const c of cases) {
  test(`VolumeZone: ${c.name}`, () => {
    const ni = nodeWith(c.labels);
    const pl = new VolumeZone(
      fakeHandle([ni], { persistentVolumes: pvs, persistentVolumeClaims: pvcs, storageClasses: scs }),
    );
    const state = new CycleState();
    assert.deepEqual(pl.preFilter(state, c.pod)?.status, c.wantPreFilter);
    // As upstream's test does, Filter runs even after a failed PreFilter (it recomputes).
    assert.deepEqual(pl.filter(state, c.pod, ni), c.want);
  });
}

test('VolumeZone: events, hints and factory', () => {
  const pl = factory(undefined, fakeHandle([])) as VolumeZone;
  assert.equal(pl.name, NAME);
  const events = new Map(pl.eventsToRegister().map((e) => [e.event.resource, e]));
  assert.equal(events.get('Node')!.event.actionType, ActionType.Add | ActionType.UpdateNodeLabel);
  const pod = withClaim('PVC_1');
  const scHint = events.get('StorageClass')!.hint!;
  assert.equal(scHint(pod, undefined, makeSC('w')), 'Queue');
  assert.equal(scHint(pod, undefined, makeSC('i', { mode: 'Immediate' })), 'QueueSkip');
  const claimHint = events.get('PersistentVolumeClaim')!.hint!;
  assert.equal(claimHint(pod, undefined, pvc('PVC_1', {})), 'Queue');
  assert.equal(claimHint(pod, undefined, pvc('PVC_2', {})), 'QueueSkip');
  const pvHint = events.get('PersistentVolume')!.hint!;
  assert.equal(pvHint(pod, undefined, pvs[0]), 'Queue');
  assert.equal(pvHint(pod, pvs[0], pv('Vol_1', { [BETA_ZONE]: 'us-west1-a', other: 'x' })), 'QueueSkip');
  assert.equal(pvHint(pod, pvs[0], pv('Vol_1', { [BETA_ZONE]: 'us-west1-b' })), 'Queue');
});
