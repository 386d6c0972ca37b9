import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { PersistentVolume, PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1.js';
import type { CSINode } from 'kubernetes-types/storage/v1.js';
import { ActionType, CycleState } from '../../framework/interface.js';
import { Status } from '../../framework/status.js';
import { fakeHandle, makeNode, makePod, nodeInfo } from '../../framework/testing.js';
import { makePV, makePVC, makeSC, podWithClaims } from '../volumebinding/test-fixtures.js';
import { CSILimits, ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED, NAME, factory } from './index.js';
import { csiAttachLimitKey } from './csi-volumes.js';

const EBS = 'ebs.csi.aws.com';
const GCE = 'pd.csi.storage.gke.io';

const csiNode = (limits: Record<string, number>, annotations?: Record<string, string>): CSINode => ({
  metadata: { name: 'node-a', annotations },
  spec: {
    drivers: Object.entries(limits).map(([name, count]) => ({ name, nodeID: 'node-a', allocatable: { count } })),
  },
});

// Claims "<driver>-<n>" bound to PVs of that driver with handle "<driver>-<n>".
const pvs: PersistentVolume[] = [];
const pvcs: PersistentVolumeClaim[] = [];
for (const driver of [EBS, GCE]) {
  for (let i = 0; i < 4; i++) {
    pvs.push(makePV(`${driver}-pv-${i}`, 'sc', { csi: { driver, volumeHandle: `${driver}-vol-${i}` } }));
    pvcs.push(makePVC(`${driver}-${i}`, 'sc', { boundPV: `${driver}-pv-${i}` }));
  }
}
pvcs.push(
  makePVC('ebs-unbound-0', 'ebs-sc'),
  makePVC('ebs-unbound-1', 'ebs-sc'),
  makePVC('ebs-missing-pv', 'ebs-sc', { boundPV: 'gone' }),
  makePVC('no-sc-unbound', undefined),
  makePVC('intree-unbound', 'intree-ebs-sc'),
);
pvs.push({ metadata: { name: 'intree-pv' }, spec: { awsElasticBlockStore: { volumeID: 'aws://us-east-1a/vol-1' } } });
pvcs.push(makePVC('intree-bound', 'sc', { boundPV: 'intree-pv' }));
const scs = [makeSC('ebs-sc', { provisioner: EBS }), makeSC('intree-ebs-sc', { provisioner: 'kubernetes.io/aws-ebs' })];

const ebsInline = (name: string, volumeID: string): Volume => ({ name, awsElasticBlockStore: { volumeID } });

const cases: {
  name: string;
  pod: Pod;
  existing?: Pod[];
  limits?: Record<string, number>;
  csiNodeAnnotations?: Record<string, string>;
  noCSINode?: boolean;
  allocatable?: Record<string, string>;
  want?: Status;
}[] = [
  {
    name: 'fits when node volume limit >= new pod CSI volumes',
    pod: podWithClaims('p', [`${EBS}-0`]),
    existing: [podWithClaims('e', [`${EBS}-1`, `${EBS}-2`])],
    limits: { [EBS]: 3 },
  },
  {
    name: "doesn't fit when the limit is reached",
    pod: podWithClaims('p', [`${EBS}-0`]),
    existing: [podWithClaims('e', [`${EBS}-1`, `${EBS}-2`])],
    limits: { [EBS]: 2 },
    want: Status.unschedulable(ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED),
  },
  {
    name: 'a volume already attached for another pod counts once',
    pod: podWithClaims('p', [`${EBS}-1`]),
    existing: [podWithClaims('e', [`${EBS}-1`, `${EBS}-2`])],
    limits: { [EBS]: 2 },
  },
  {
    name: 'drivers are counted separately',
    pod: podWithClaims('p', [`${GCE}-0`]),
    existing: [podWithClaims('e', [`${EBS}-1`, `${EBS}-2`])],
    limits: { [EBS]: 2, [GCE]: 1 },
  },
  {
    name: 'a driver without a limit is not limited',
    pod: podWithClaims('p', [`${GCE}-0`, `${GCE}-1`]),
    limits: { [EBS]: 1 },
  },
  {
    name: 'unbound claims count against their class provisioner',
    pod: podWithClaims('p', ['ebs-unbound-0']),
    existing: [podWithClaims('e', ['ebs-unbound-1'])],
    limits: { [EBS]: 1 },
    want: Status.unschedulable(ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED),
  },
  {
    name: 'a claim whose PV is missing counts by class',
    pod: podWithClaims('p', ['ebs-missing-pv']),
    existing: [podWithClaims('e', [`${EBS}-0`])],
    limits: { [EBS]: 1 },
    want: Status.unschedulable(ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED),
  },
  {
    name: 'an unbound claim without class is not counted',
    pod: podWithClaims('p', ['no-sc-unbound']),
    limits: { [EBS]: 0 },
  },
  {
    name: 'missing claim of the new pod',
    pod: podWithClaims('p', ['nope']),
    limits: { [EBS]: 1 },
    want: Status.unresolvable('looking up PVC default/nope: persistentvolumeclaim "nope" not found'),
  },
  {
    name: 'missing claim of an existing pod is ignored',
    pod: podWithClaims('p', [`${EBS}-0`]),
    existing: [podWithClaims('e', ['nope'])],
    limits: { [EBS]: 1 },
  },
  {
    name: 'limits from node allocatable without a CSINode',
    pod: podWithClaims('p', [`${EBS}-0`]),
    existing: [podWithClaims('e', [`${EBS}-1`])],
    noCSINode: true,
    allocatable: { cpu: '4', [csiAttachLimitKey(EBS)]: '1' },
    want: Status.unschedulable(ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED),
  },
  {
    name: 'in-tree EBS (inline, PV and provisioner) counts as the CSI driver',
    pod: podWithClaims('p', ['intree-bound'], { volumes: [ebsInline('inline', 'vol-2')] }),
    existing: [podWithClaims('e', ['intree-unbound'])],
    limits: { [EBS]: 2 },
    want: Status.unschedulable(ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED),
  },
  {
    name: 'the same in-tree EBS volume inline and as a PV counts once',
    pod: makePod('p', { spec: { volumes: [ebsInline('inline', 'vol-1')] } }),
    existing: [podWithClaims('e', ['intree-bound'])],
    limits: { [EBS]: 1 },
  },
  {
    name: 'in-tree volumes are not counted without a CSINode',
    pod: podWithClaims('p', ['intree-bound']),
    noCSINode: true,
    allocatable: { [csiAttachLimitKey(EBS)]: '0' },
  },
];

for (const c of cases) {
  test(`NodeVolumeLimits: ${c.name}`, () => {
    const node = makeNode('node-a', c.allocatable ? { allocatable: c.allocatable } : {});
    const ni = nodeInfo(node, ...(c.existing ?? []));
    const handle = fakeHandle([ni], {
      persistentVolumeClaims: pvcs,
      persistentVolumes: pvs,
      storageClasses: scs,
      csiNodes: c.noCSINode ? [] : [csiNode(c.limits ?? {}, c.csiNodeAnnotations)],
    });
    const pl = new CSILimits(handle);
    const state = new CycleState();
    assert.equal(pl.preFilter(state, c.pod), undefined);
    assert.deepEqual(pl.filter(state, c.pod, ni), c.want);
  });
}

test('NodeVolumeLimits: ephemeral volumes must belong to the pod', () => {
  const pod = makePod('p', { uid: 'pod-uid', spec: { volumes: [{ name: 'scratch', ephemeral: {} }] } });
  const owned: PersistentVolumeClaim = {
    ...makePVC('p-scratch', 'ebs-sc'),
    metadata: {
      name: 'p-scratch',
      namespace: 'default',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'pod-uid', controller: true }],
    },
  };
  const ni = nodeInfo(makeNode('node-a'));
  const run = (claims: PersistentVolumeClaim[]) =>
    new CSILimits(
      fakeHandle([ni], { persistentVolumeClaims: claims, storageClasses: scs, csiNodes: [csiNode({ [EBS]: 0 })] }),
    ).filter(new CycleState(), pod, ni);
  assert.deepEqual(run([owned]), Status.unschedulable(ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED));
  assert.deepEqual(
    run([makePVC('p-scratch', 'ebs-sc')]),
    Status.error('PVC default/p-scratch was not created for pod default/p (pod is not owner)'),
  );
});

test('NodeVolumeLimits: PreFilter skips pods without countable volumes', () => {
  const pl = new CSILimits(fakeHandle([]));
  assert.deepEqual(pl.preFilter(new CycleState(), makePod('p')), { status: Status.skip() });
  const configMapOnly = makePod('p', { spec: { volumes: [{ name: 'c', configMap: { name: 'cm' } }] } });
  assert.deepEqual(pl.preFilter(new CycleState(), configMapOnly), { status: Status.skip() });
  const inline = makePod('p', { spec: { volumes: [ebsInline('v', 'vol-1')] } });
  assert.equal(pl.preFilter(new CycleState(), inline), undefined);
});

test('NodeVolumeLimits: csiAttachLimitKey hashes long driver names', () => {
  assert.equal(csiAttachLimitKey(EBS), 'attachable-volumes-csi-ebs.csi.aws.com');
  const long = 'a'.repeat(23) + '.very-long-driver-name.example.com';
  const hash = createHash('sha1').update(long).digest('hex').slice(0, 16);
  assert.equal(csiAttachLimitKey(long), `attachable-volumes-csi-${'a'.repeat(23)}${hash}`);
  assert.ok(csiAttachLimitKey(long).length <= 63);
});

test('NodeVolumeLimits: events, hints and factory', () => {
  const pl = factory(undefined, fakeHandle([])) as CSILimits;
  assert.equal(pl.name, NAME);
  const events = new Map(pl.eventsToRegister().map((e) => [e.event.resource, e]));
  assert.equal(events.get('CSINode')!.event.actionType, ActionType.Add);
  const podHint = events.get('Pod')!.hint!;
  const pod = podWithClaims('p', ['c1']);
  assert.equal(podHint(pod, podWithClaims('e', ['x'], { nodeName: 'node-a' }), undefined), 'Queue');
  assert.equal(podHint(pod, podWithClaims('e', ['x']), undefined), 'QueueSkip');
  assert.equal(podHint(pod, makePod('e', { nodeName: 'node-a' }), undefined), 'QueueSkip');
  const claimHint = events.get('PersistentVolumeClaim')!.hint!;
  assert.equal(claimHint(pod, undefined, makePVC('c1', 'sc')), 'Queue');
  assert.equal(claimHint(pod, undefined, makePVC('c2', 'sc')), 'QueueSkip');
});
