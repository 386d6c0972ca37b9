import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { ActionType, CycleState } from '../../framework/interface.js';
import { Code, Status } from '../../framework/status.js';
import { fakeHandle, makeNode, makePod, nodeInfo } from '../../framework/testing.js';
import {
  DEFAULT_BIND_TIMEOUT_SECONDS,
  ERR_REASON_BIND_CONFLICT,
  ERR_REASON_NODE_CONFLICT,
  ERR_REASON_PV_NOT_EXIST,
  NAME,
  VolumeBinding,
  factory,
  validateArgs,
} from './index.js';
import { makePV, makePVC, makeSC, podWithClaims } from './test-fixtures.js';

const waitSC = makeSC('wait-sc');
const waitHDDSC = makeSC('wait-hdd-sc');
const immediateSC = makeSC('immediate-sc', { mode: 'Immediate' });
const provisionSC = makeSC('provision-sc', { provisioner: 'csi.example.com' });
const zonalSC = makeSC('zonal-sc', {
  provisioner: 'csi.example.com',
  allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['zone-a'] }] }],
});
const classes = [waitSC, waitHDDSC, immediateSC, provisionSC, zonalSC];
const host = (n: string) => ({ 'kubernetes.io/hostname': [n] });

interface Case {
  name: string;
  pod: Pod;
  nodes?: Node[];
  pvcs?: PersistentVolumeClaim[];
  pvs?: PersistentVolume[];
  scs?: StorageClass[];
  wantPreFilter?: Status;
  /** One entry per node; undefined = fits. */
  wantFilter?: (Status | undefined)[];
  /** Node → the PV names chosen there / claims to provision. */
  wantBindings?: Record<string, string[]>;
  wantProvisions?: Record<string, string[]>;
}

const cases: Case[] = [
  { name: 'pod has no pvcs', pod: makePod('pod-a'), wantPreFilter: Status.skip() },
  {
    name: 'all bound',
    pod: podWithClaims('pod-a', ['pvc-a']),
    pvcs: [makePVC('pvc-a', 'wait-sc', { boundPV: 'pv-a' })],
    pvs: [makePV('pv-a', 'wait-sc')],
    wantFilter: [undefined],
  },
  {
    name: 'PVC does not exist',
    pod: podWithClaims('pod-a', ['pvc-a']),
    wantPreFilter: Status.unresolvable('persistentvolumeclaim "pvc-a" not found'),
  },
  {
    name: 'part of PVCs do not exist',
    pod: podWithClaims('pod-a', ['pvc-a', 'pvc-b']),
    pvcs: [makePVC('pvc-a', 'wait-sc', { boundPV: 'pv-a' })],
    wantPreFilter: Status.unresolvable('persistentvolumeclaim "pvc-b" not found'),
  },
  {
    name: 'ephemeral claim not created yet',
    pod: makePod('pod-a', { spec: { volumes: [{ name: 'scratch', ephemeral: {} }] } }),
    wantPreFilter: Status.unresolvable(
      'waiting for ephemeral volume controller to create the persistentvolumeclaim "pod-a-scratch"',
    ),
  },
  {
    name: 'ephemeral claim owned by another pod',
    pod: makePod('pod-a', { spec: { volumes: [{ name: 'scratch', ephemeral: {} }] } }),
    pvcs: [makePVC('pod-a-scratch', 'wait-sc')],
    wantPreFilter: Status.unresolvable(
      'PVC default/pod-a-scratch was not created for pod default/pod-a (pod is not owner)',
    ),
  },
  {
    name: 'immediate claims not bound',
    pod: podWithClaims('pod-a', ['pvc-a']),
    pvcs: [makePVC('pvc-a', 'immediate-sc')],
    wantPreFilter: Status.unresolvable('pod has unbound immediate PersistentVolumeClaims'),
  },
  {
    name: 'claim without class is immediate',
    pod: podWithClaims('pod-a', ['pvc-a']),
    pvcs: [makePVC('pvc-a', undefined)],
    wantPreFilter: Status.unresolvable('pod has unbound immediate PersistentVolumeClaims'),
  },
  {
    name: 'claim lost',
    pod: podWithClaims('pod-a', ['pvc-a']),
    pvcs: [makePVC('pvc-a', 'wait-sc', { boundPV: 'pv-a', phase: 'Lost' })],
    wantPreFilter: Status.unresolvable('persistentvolumeclaim "pvc-a" bound to non-existent persistentvolume "pv-a"'),
  },
  {
    name: 'claim being deleted',
    pod: podWithClaims('pod-a', ['pvc-a']),
    pvcs: [makePVC('pvc-a', 'wait-sc', { deleting: true })],
    wantPreFilter: Status.unresolvable('persistentvolumeclaim "pvc-a" is being deleted'),
  },
  {
    name: 'storage class without binding mode',
    pod: podWithClaims('pod-a', ['pvc-a']),
    pvcs: [makePVC('pvc-a', 'no-mode')],
    scs: [makeSC('no-mode', { mode: null })],
    wantPreFilter: Status.error('VolumeBindingMode not set for StorageClass "no-mode"'),
  },
  {
    name: 'unbound claims no matches',
    pod: podWithClaims('pod-a', ['pvc-a']),
    pvcs: [makePVC('pvc-a', 'wait-sc')],
    wantFilter: [Status.unresolvable(ERR_REASON_BIND_CONFLICT)],
  },
  {
    name: 'bound and unbound unsatisfied',
    pod: podWithClaims('pod-a', ['pvc-a', 'pvc-b']),
    nodes: [makeNode('node-a', { labels: { foo: 'barbar' } })],
    pvcs: [makePVC('pvc-a', 'wait-sc', { boundPV: 'pv-a' }), makePVC('pvc-b', 'wait-sc')],
    pvs: [makePV('pv-a', 'wait-sc', { nodeAffinity: { foo: ['bar'] } })],
    wantFilter: [Status.unresolvable(ERR_REASON_NODE_CONFLICT, ERR_REASON_BIND_CONFLICT)],
  },
  {
    name: 'pv not found',
    pod: podWithClaims('pod-a', ['pvc-a']),
    pvcs: [makePVC('pvc-a', 'wait-sc', { boundPV: 'pv-a' })],
    wantFilter: [Status.unresolvable(ERR_REASON_PV_NOT_EXIST)],
  },
  {
    name: 'local volumes: the smallest fitting PV on each node',
    pod: podWithClaims('pod-a', ['pvc-a']),
    nodes: [makeNode('node-a'), makeNode('node-b'), makeNode('node-c')],
    pvcs: [makePVC('pvc-a', 'wait-sc', { request: '50Gi' })],
    pvs: [
      makePV('pv-a-0', 'wait-sc', { capacity: '200Gi', nodeAffinity: host('node-a') }),
      makePV('pv-a-1', 'wait-sc', { capacity: '100Gi', nodeAffinity: host('node-a') }),
      makePV('pv-a-2', 'wait-sc', { capacity: '10Gi', nodeAffinity: host('node-a') }),
      makePV('pv-b-0', 'wait-sc', { capacity: '100Gi', nodeAffinity: host('node-b'), phase: 'Released' }),
      makePV('pv-b-1', 'wait-hdd-sc', { capacity: '100Gi', nodeAffinity: host('node-b') }),
    ],
    wantFilter: [
      undefined,
      Status.unresolvable(ERR_REASON_BIND_CONFLICT),
      Status.unresolvable(ERR_REASON_BIND_CONFLICT),
    ],
    wantBindings: { 'node-a': ['pv-a-1'] },
  },
  {
    name: 'two claims do not share one PV',
    pod: podWithClaims('pod-a', ['pvc-0', 'pvc-1']),
    pvcs: [makePVC('pvc-0', 'wait-sc', { request: '5Gi' }), makePVC('pvc-1', 'wait-sc', { request: '1Gi' })],
    pvs: [makePV('pv-0', 'wait-sc', { capacity: '10Gi' }), makePV('pv-1', 'wait-sc', { capacity: '5Gi' })],
    wantFilter: [undefined],
    // The smaller claim chooses first and takes the smaller PV.
    wantBindings: { 'node-a': ['pv-1', 'pv-0'] },
  },
  {
    name: 'access modes must match',
    pod: podWithClaims('pod-a', ['pvc-a']),
    pvcs: [makePVC('pvc-a', 'wait-sc', { accessModes: ['ReadWriteMany'] })],
    pvs: [
      makePV('pv-rwo', 'wait-sc'),
      makePV('pv-rwx', 'wait-sc', { accessModes: ['ReadWriteMany', 'ReadWriteOnce'] }),
    ],
    wantFilter: [undefined],
    wantBindings: { 'node-a': ['pv-rwx'] },
  },
  {
    name: 'a PV pre-bound to the claim wins over a smaller one',
    pod: podWithClaims('pod-a', ['pvc-a']),
    pvcs: [makePVC('pvc-a', 'wait-sc')],
    pvs: [
      makePV('pv-small', 'wait-sc', { capacity: '1Gi' }),
      makePV('pv-prebound', 'wait-sc', { capacity: '9Gi', phase: 'Pending', claimRef: { name: 'pvc-a' } }),
      makePV('pv-other', 'wait-sc', { capacity: '1Gi', claimRef: { name: 'pvc-z' } }),
    ],
    wantFilter: [undefined],
    wantBindings: { 'node-a': ['pv-prebound'] },
  },
  {
    name: 'no PV: dynamic provisioning',
    pod: podWithClaims('pod-a', ['pvc-a']),
    pvcs: [makePVC('pvc-a', 'provision-sc', { request: '1Gi' })],
    wantFilter: [undefined],
    wantProvisions: { 'node-a': ['pvc-a'] },
  },
  {
    name: 'provisioning limited by allowedTopologies',
    pod: podWithClaims('pod-a', ['pvc-a']),
    nodes: [
      makeNode('node-a', { labels: { 'topology.kubernetes.io/zone': 'zone-a' } }),
      makeNode('node-b', { labels: { 'topology.kubernetes.io/zone': 'zone-b' } }),
    ],
    pvcs: [makePVC('pvc-a', 'zonal-sc')],
    wantFilter: [undefined, Status.unresolvable(ERR_REASON_BIND_CONFLICT)],
    wantProvisions: { 'node-a': ['pvc-a'] },
  },
  {
    name: 'claim already selected for another node',
    pod: podWithClaims('pod-a', ['pvc-a']),
    nodes: [makeNode('node-a'), makeNode('node-b')],
    pvcs: [makePVC('pvc-a', 'provision-sc', { annotations: { 'volume.kubernetes.io/selected-node': 'node-b' } })],
    wantFilter: [Status.unresolvable(ERR_REASON_BIND_CONFLICT), undefined],
    wantProvisions: { 'node-b': ['pvc-a'] },
  },
  {
    name: 'claim selector picks among PVs',
    pod: podWithClaims('pod-a', ['pvc-a']),
    pvcs: [
      {
        ...makePVC('pvc-a', 'wait-sc'),
        spec: { ...makePVC('pvc-a', 'wait-sc').spec, selector: { matchLabels: { tier: 'gold' } } },
      },
    ],
    pvs: [makePV('pv-plain', 'wait-sc'), makePV('pv-gold', 'wait-sc', { capacity: '5Gi', labels: { tier: 'gold' } })],
    wantFilter: [undefined],
    wantBindings: { 'node-a': ['pv-gold'] },
  },
];

for (const c of cases) {
  test(`VolumeBinding: ${c.name}`, () => {
    const nodes = (c.nodes ?? [makeNode('node-a')]).map((n) => nodeInfo(n));
    const handle = fakeHandle(nodes, {
      persistentVolumeClaims: c.pvcs ?? [],
      persistentVolumes: c.pvs ?? [],
      storageClasses: c.scs ?? classes,
    });
    const pl = new VolumeBinding(handle);
    const state = new CycleState();
    const pre = pl.preFilter(state, c.pod)?.status;
    assert.deepEqual(pre, c.wantPreFilter);
    if (pre) return;
    nodes.forEach((ni, i) => assert.deepEqual(pl.filter(state, c.pod, ni), c.wantFilter?.[i], ni.name));
    const s = state.read<{ podVolumesByNode: Map<string, { staticBindings: { pv: PersistentVolume }[] }> }>(NAME)!;
    for (const [node, pvs] of Object.entries(c.wantBindings ?? {})) {
      assert.deepEqual(
        s.podVolumesByNode.get(node)!.staticBindings.map((b) => b.pv.metadata?.name),
        pvs,
      );
    }
    const p = state.read<{ podVolumesByNode: Map<string, { dynamicProvisions: PersistentVolumeClaim[] }> }>(NAME)!;
    for (const [node, pvcs] of Object.entries(c.wantProvisions ?? {})) {
      assert.deepEqual(
        p.podVolumesByNode.get(node)!.dynamicProvisions.map((x) => x.metadata?.name),
        pvcs,
      );
    }
  });
}

test('VolumeBinding: a claim whose class is missing cannot be provisioned', () => {
  const nodes = [nodeInfo(makeNode('node-a'))];
  const pvc = makePVC('pvc-a', 'wait-sc');
  const handle = fakeHandle(nodes, { persistentVolumeClaims: [pvc], storageClasses: [waitSC] });
  const pl = new VolumeBinding(handle);
  const state = new CycleState();
  assert.equal(pl.preFilter(state, podWithClaims('pod-a', ['pvc-a'])), undefined);
  // The class vanished between PreFilter and Filter.
  (handle.listers.storageClasses.list() as StorageClass[]).length = 0;
  assert.deepEqual(
    pl.filter(state, podWithClaims('pod-a', ['pvc-a']), nodes[0]),
    Status.error('failed to find storage class "wait-sc"'),
  );
});

test('VolumeBinding: validateArgs', () => {
  assert.deepEqual(validateArgs({}), []);
  assert.deepEqual(validateArgs({ bindTimeoutSeconds: 0 }), []);
  assert.deepEqual(validateArgs({ bindTimeoutSeconds: -10 }), [
    {
      field: 'bindTimeoutSeconds',
      message: 'Invalid value: -10: invalid BindTimeoutSeconds, should not be a negative value',
    },
  ]);
  assert.equal(validateArgs({ shape: [] })[0].field, 'shape');
});

test('VolumeBinding: factory applies defaults and rejects invalid args', () => {
  const handle = fakeHandle([]);
  const pl = factory(undefined, handle) as VolumeBinding;
  assert.equal(pl.name, 'VolumeBinding');
  assert.equal(
    (pl as unknown as { timing: { timeoutMs: number } }).timing.timeoutMs,
    DEFAULT_BIND_TIMEOUT_SECONDS * 1000,
  );
  assert.throws(() => factory({ bindTimeoutSeconds: -1 }, handle), /should not be a negative value/);
});

test('VolumeBinding: events and queueing hints', () => {
  const pl = new VolumeBinding(fakeHandle([]));
  const events = pl.eventsToRegister();
  const byResource = new Map(events.map((e) => [e.event.resource, e]));
  assert.equal(byResource.get('Node')!.event.actionType, ActionType.Add | ActionType.UpdateNodeLabel);
  assert.equal(byResource.get('StorageClass')!.event.actionType, ActionType.Add | ActionType.Update);
  const pod = podWithClaims('pod-a', ['pvc-a']);
  const claimHint = byResource.get('PersistentVolumeClaim')!.hint!;
  assert.equal(claimHint(pod, undefined, makePVC('pvc-a', 'wait-sc')), 'Queue');
  assert.equal(claimHint(pod, undefined, makePVC('pvc-b', 'wait-sc')), 'QueueSkip');
  assert.equal(claimHint(pod, undefined, makePVC('pvc-a', 'wait-sc', { namespace: 'other' })), 'QueueSkip');
  const scHint = byResource.get('StorageClass')!.hint!;
  assert.equal(scHint(pod, undefined, waitSC), 'Queue');
  assert.equal(scHint(pod, waitSC, { ...waitSC, reclaimPolicy: 'Retain' }), 'QueueSkip');
  assert.equal(scHint(pod, provisionSC, zonalSC), 'Queue');
  const csiHint = byResource.get('CSINode')!.hint!;
  const csi = { metadata: { name: 'node-a' } };
  assert.equal(csiHint(pod, undefined, csi), 'Queue');
  assert.equal(csiHint(pod, csi, { metadata: { name: 'node-a', labels: { a: 'b' } } }), 'QueueSkip');
  const migrated = {
    metadata: { name: 'node-a', annotations: { 'storage.alpha.kubernetes.io/migrated-plugins': 'x' } },
  };
  assert.equal(csiHint(pod, csi, migrated), 'Queue');
  assert.equal(Code.Skip, pl.preFilter(new CycleState(), makePod('p'))?.status?.code);
});
