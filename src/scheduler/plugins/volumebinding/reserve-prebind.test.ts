import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/interface.js';
import { Status } from '../../framework/status.js';
import { fakeHandle, makeNode, nodeInfo } from '../../framework/testing.js';
import { ERR_REASON_BIND_CONFLICT, VolumeBinding, type VolumeBindingOptions } from './index.js';
import { makePV, makePVC, makeSC, podWithClaims } from './test-fixtures.js';

const classes = [makeSC('wait-sc'), makeSC('provision-sc', { provisioner: 'csi.example.com' })];

/** A cluster with one node, the given objects, and a plugin whose PreBind polls on a fake clock. */
function setup(pvcs: PersistentVolumeClaim[], pvs: PersistentVolume[], pods: Pod[], opts: VolumeBindingOptions = {}) {
  const nodes = [nodeInfo(makeNode('node-a')), nodeInfo(makeNode('node-b'))];
  const handle = fakeHandle(nodes, {
    persistentVolumeClaims: pvcs,
    persistentVolumes: pvs,
    storageClasses: classes,
    pods,
  });
  let clock = 0;
  const ticks: (() => void)[] = [];
  const pl = new VolumeBinding(handle, {
    bindTimeoutSeconds: 10,
    pollIntervalMs: 1000,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
      ticks.shift()?.();
    },
    ...opts,
  });
  /** Runs PreFilter, Filter on every node, and Reserve on `node`; returns the cycle state. */
  const schedule = (pod: Pod, node = 'node-a') => {
    const state = new CycleState();
    const pre = pl.preFilter(state, pod)?.status;
    if (pre) return { state, status: pre };
    const statuses = nodes.map((n) => pl.filter(state, pod, n));
    const status = statuses[nodes.findIndex((n) => n.name === node)];
    if (status) return { state, status };
    return { state, status: pl.reserve(state, pod, node) };
  };
  return { handle, pl, schedule, ticks, replace: replaceIn };
}

/** Swaps the object with the same name in a lister's array, as an informer update would. */
function replaceIn<T extends { metadata?: { name?: string } }>(items: T[], obj: T): void {
  const i = items.findIndex((o) => o.metadata?.name === obj.metadata?.name);
  items[i] = obj;
}

test('Reserve assumes the PV so the next pod cannot take it; Unreserve gives it back', () => {
  const pvcs = [makePVC('pvc-1', 'wait-sc'), makePVC('pvc-2', 'wait-sc')];
  const pvs = [makePV('pv-a', 'wait-sc', { nodeAffinity: { 'kubernetes.io/hostname': ['node-a'] } })];
  const pod1 = podWithClaims('pod-1', ['pvc-1']);
  const pod2 = podWithClaims('pod-2', ['pvc-2']);
  const { pl, schedule } = setup(pvcs, pvs, [pod1, pod2]);
  const first = schedule(pod1);
  assert.equal(first.status, undefined);
  assert.equal(pl.binder.pvCache.get('pv-a')?.spec?.claimRef?.name, 'pvc-1');
  assert.equal(pl.binder.pvCache.get('pv-a')?.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
  assert.deepEqual(schedule(pod2).status, Status.unresolvable(ERR_REASON_BIND_CONFLICT));
  pl.unreserve(first.state, pod1, 'node-a');
  assert.equal(pl.binder.pvCache.get('pv-a')?.spec?.claimRef, undefined);
  assert.equal(schedule(pod2).status, undefined);
});

test('Reserve assumes the selected node; another pod of the claim must follow it', () => {
  const pvcs = [makePVC('pvc-1', 'provision-sc')];
  const pod1 = podWithClaims('pod-1', ['pvc-1']);
  const pod2 = podWithClaims('pod-2', ['pvc-1']);
  const { pl, schedule } = setup(pvcs, [], [pod1, pod2]);
  assert.equal(schedule(pod1, 'node-b').status, undefined);
  assert.equal(
    pl.binder.pvcCache.get('default/pvc-1')?.metadata?.annotations?.['volume.kubernetes.io/selected-node'],
    'node-b',
  );
  assert.deepEqual(schedule(pod2, 'node-a').status, Status.unresolvable(ERR_REASON_BIND_CONFLICT));
  assert.equal(schedule(pod2, 'node-b').status, undefined);
});

test('an informer update supersedes what was assumed', () => {
  const pvcs = [makePVC('pvc-1', 'wait-sc')];
  const pvs = [makePV('pv-a', 'wait-sc')];
  const pod1 = podWithClaims('pod-1', ['pvc-1']);
  const { pl, schedule } = setup(pvcs, pvs, [pod1]);
  assert.equal(schedule(pod1).status, undefined);
  replaceIn(pvs, makePV('pv-a', 'wait-sc', { resourceVersion: '2', labels: { fresh: 'yes' } }));
  assert.equal(pl.binder.pvCache.get('pv-a')?.metadata?.labels?.fresh, 'yes');
});

test('PreBind with all claims bound makes no API call', async () => {
  const pvcs = [makePVC('pvc-1', 'wait-sc', { boundPV: 'pv-a' })];
  const pod1 = podWithClaims('pod-1', ['pvc-1']);
  const { pl, schedule, handle } = setup(pvcs, [makePV('pv-a', 'wait-sc')], [pod1]);
  const { state } = schedule(pod1);
  assert.equal(await pl.preBind(state, pod1, 'node-a'), undefined);
  assert.deepEqual(handle.client.calls, []);
});

test('PreBind writes the claimRef and waits for the PV controller', async () => {
  const pvcs = [makePVC('pvc-1', 'wait-sc', { resourceVersion: '5' })];
  const pvs = [makePV('pv-a', 'wait-sc', { resourceVersion: '7' })];
  const pod1 = podWithClaims('pod-1', ['pvc-1']);
  const { pl, schedule, handle, ticks } = setup(pvcs, pvs, [pod1]);
  const { state } = schedule(pod1);
  const claimRef = { name: 'pvc-1', namespace: 'default', uid: 'pvc-uid-pvc-1' };
  ticks.push(
    () => {}, // The informer has not seen our write yet.
    () => replaceIn(pvs, makePV('pv-a', 'wait-sc', { resourceVersion: '8', claimRef, phase: 'Bound' })),
    () => replaceIn(pvcs, makePVC('pvc-1', 'wait-sc', { resourceVersion: '6', boundPV: 'pv-a' })),
  );
  assert.equal(await pl.preBind(state, pod1, 'node-a'), undefined);
  assert.equal(ticks.length, 0);
  assert.deepEqual(handle.client.calls, [
    {
      verb: 'mergePatch',
      args: [
        { group: '', version: 'v1', resource: 'persistentvolumes', name: 'pv-a' },
        {
          metadata: { resourceVersion: '7', annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' } },
          spec: { claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', ...claimRef, resourceVersion: '5' } },
        },
      ],
    },
  ]);
});

test('PreBind sets the selected node and waits for provisioning', async () => {
  const pvcs = [makePVC('pvc-1', 'provision-sc')];
  const pod1 = podWithClaims('pod-1', ['pvc-1']);
  const pvs: PersistentVolume[] = [];
  const { pl, schedule, handle, ticks } = setup(pvcs, pvs, [pod1]);
  const { state } = schedule(pod1, 'node-b');
  const selected = { 'volume.kubernetes.io/selected-node': 'node-b' };
  ticks.push(
    () =>
      replaceIn(
        pvcs,
        makePVC('pvc-1', 'provision-sc', { resourceVersion: '2', annotations: selected, boundPV: 'pv-new' }),
      ),
    // Bound to a PV the informer has not delivered yet: keep waiting.
    () => pvs.push(makePV('pv-new', 'provision-sc', { nodeAffinity: { 'kubernetes.io/hostname': ['node-b'] } })),
  );
  assert.equal(await pl.preBind(state, pod1, 'node-b'), undefined);
  assert.deepEqual(handle.client.calls, [
    {
      verb: 'mergePatch',
      args: [
        { group: '', version: 'v1', resource: 'persistentvolumeclaims', namespace: 'default', name: 'pvc-1' },
        { metadata: { resourceVersion: '1', annotations: selected } },
      ],
    },
  ]);
});

test('PreBind fails when the controller reverts or time runs out', async (t) => {
  const claimRef = { name: 'pvc-1', namespace: 'default', uid: 'pvc-uid-pvc-1' };
  const cases: {
    name: string;
    pvc: string;
    node?: string;
    tick: (pvcs: PersistentVolumeClaim[], pvs: PersistentVolume[], pods: Pod[]) => void;
    want: string;
  }[] = [
    { name: 'timeout', pvc: 'wait-sc', tick: () => {}, want: 'binding volumes: context deadline exceeded' },
    {
      name: 'claimRef reset',
      pvc: 'wait-sc',
      tick: (_c, pvs) => replaceIn(pvs, makePV('pv-a', 'wait-sc', { resourceVersion: '2' })),
      want: 'binding volumes: ClaimRef got reset for pv "pv-a"',
    },
    {
      name: 'PV node affinity no longer matches',
      pvc: 'wait-sc',
      tick: (_c, pvs) =>
        replaceIn(pvs, makePV('pv-a', 'wait-sc', { resourceVersion: '2', claimRef, nodeAffinity: { zone: ['z'] } })),
      want: 'binding volumes: pv "pv-a" node affinity doesn\'t match node "node-a": no matching NodeSelectorTerms',
    },
    {
      name: 'provisioning failed',
      pvc: 'provision-sc',
      tick: (pvcs) => replaceIn(pvcs, makePVC('pvc-1', 'provision-sc', { resourceVersion: '2' })),
      want: 'binding volumes: provisioning failed for PVC "pvc-1"',
    },
    {
      name: 'pod deleted',
      pvc: 'provision-sc',
      tick: (_c, _v, pods) => pods.splice(0),
      want: 'binding volumes: pod does not exist any more: pods "pod-1" not found',
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const pvcs = [makePVC('pvc-1', c.pvc)];
      const pvs = [makePV('pv-a', 'wait-sc')];
      const pods = [podWithClaims('pod-1', ['pvc-1'])];
      const { pl, schedule, ticks } = setup(pvcs, pvs, pods);
      const { state } = schedule(pods[0]);
      ticks.push(() => c.tick(pvcs, pvs, pods));
      assert.deepEqual(await pl.preBind(state, pods[0], 'node-a'), Status.error(c.want));
    });
  }
});

test('PreBind returns the API error and drops assumptions it did not write', async () => {
  const pvcs = [makePVC('pvc-1', 'wait-sc')];
  const pvs = [makePV('pv-a', 'wait-sc')];
  const pod1 = podWithClaims('pod-1', ['pvc-1']);
  const { pl, schedule, handle } = setup(pvcs, pvs, [pod1]);
  const { state } = schedule(pod1);
  handle.client.mergePatch = async () => {
    throw new Error('persistentvolumes "pv-a" is forbidden');
  };
  assert.deepEqual(await pl.preBind(state, pod1, 'node-a'), Status.error('persistentvolumes "pv-a" is forbidden'));
  assert.equal(pl.binder.pvCache.get('pv-a')?.spec?.claimRef, undefined);
});

test('PreBind times out at once with bindTimeoutSeconds 0', async () => {
  const pvcs = [makePVC('pvc-1', 'provision-sc')];
  const pod1 = podWithClaims('pod-1', ['pvc-1']);
  const { pl, schedule } = setup(pvcs, [], [pod1], { bindTimeoutSeconds: 0 });
  const { state } = schedule(pod1);
  assert.deepEqual(await pl.preBind(state, pod1, 'node-a'), Status.error('binding volumes: context deadline exceeded'));
});
