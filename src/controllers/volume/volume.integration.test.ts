import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Event, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { isNotFound } from '../../machinery/errors.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { newPersistentVolumeBinderController } from './binder/index.js';
import { newLocalPathProvisionerController } from './provisioner/index.js';

const base = path.join(tmpdir(), `k8ts-local-path-test-${process.pid}`);
const removed: string[] = [];

const claim = (
  name: string,
  storageClassName: string,
  annotations?: Record<string, string>,
): PersistentVolumeClaim => ({
  metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
  spec: { storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
});

describe('persistentvolume-binder-controller and local-path-provisioner', () => {
  let h: ControllerHarness;
  before(async () => {
    h = await startControllers([
      newPersistentVolumeBinderController({ syncPeriodMs: 500 }),
      // Records instead of deleting: nothing is ever created or removed on this machine.
      newLocalPathProvisionerController({ basePath: base, removeDir: async (p) => void removed.push(p) }),
    ]);
  });
  after(() => h.stop());

  const pvs = () => h.resource<PersistentVolume>(RESOURCES.persistentvolumes);
  const pvcs = () => h.resource<PersistentVolumeClaim>(RESOURCES.persistentvolumeclaims);

  it('creates the default StorageClass standard', async () => {
    const sc = await eventually(
      async () => h.resource<StorageClass>(RESOURCES.storageclasses).get('standard'),
      10_000,
      'StorageClass standard',
    );
    assert.equal(sc.provisioner, 'k8ts.io/local-path');
    assert.equal(sc.volumeBindingMode, 'WaitForFirstConsumer');
    assert.equal(sc.reclaimPolicy, 'Delete');
    assert.equal(sc.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'], 'true');
  });

  it('binds a claim and the smallest matching static volume both ways', async () => {
    for (const [name, size] of [
      ['big', '10Gi'],
      ['small', '2Gi'],
      ['tiny', '512Mi'],
    ] as const) {
      await pvs().create({
        metadata: { name },
        spec: {
          capacity: { storage: size },
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'manual',
          hostPath: { path: `/srv/${name}` },
        },
      });
    }
    await pvcs().create(claim('data', 'manual'));
    const bound = await eventually(
      async () => {
        const c = await pvcs().get('data', { namespace: 'default' });
        return c.status?.phase === 'Bound' ? c : undefined;
      },
      10_000,
      'claim Bound',
    );
    assert.equal(bound.spec?.volumeName, 'small');
    assert.equal(bound.metadata?.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
    assert.equal(bound.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.equal(bound.status?.capacity?.storage, '2Gi');
    const pv = await eventually(
      async () => {
        const v = await pvs().get('small');
        return v.status?.phase === 'Bound' ? v : undefined;
      },
      10_000,
      'volume Bound',
    );
    assert.equal(pv.spec?.claimRef?.name, 'data');
    assert.equal(pv.spec?.claimRef?.uid, bound.metadata?.uid);
    assert.equal(pv.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.equal((await pvs().get('big')).status?.phase, 'Available');
  });

  it('releases and keeps a Retain volume when its claim goes', async () => {
    await pvcs().delete('data', { namespace: 'default' });
    await pvcs().patch('data', 'merge', { metadata: { finalizers: null } }, { namespace: 'default' });
    const pv = await eventually(
      async () => {
        const v = await pvs().get('small');
        return v.status?.phase === 'Released' ? v : undefined;
      },
      10_000,
      'Retain volume Released',
    );
    assert.equal(pv.spec?.persistentVolumeReclaimPolicy, 'Retain');
    assert.equal(pv.metadata?.deletionTimestamp, undefined);
  });

  it('provisions a local volume for a standard claim on its selected node, and deletes it with the claim', async () => {
    const created = await pvcs().create(claim('cache', 'standard', { 'volume.kubernetes.io/selected-node': 'node-1' }));
    const uid = created.metadata!.uid!;
    const bound = await eventually(
      async () => {
        const c = await pvcs().get('cache', { namespace: 'default' });
        return c.status?.phase === 'Bound' ? c : undefined;
      },
      10_000,
      'provisioned claim Bound',
    );
    assert.equal(bound.spec?.volumeName, `pvc-${uid}`);
    assert.equal(bound.metadata?.annotations?.['volume.kubernetes.io/storage-provisioner'], 'k8ts.io/local-path');
    const pv = await pvs().get(`pvc-${uid}`);
    assert.equal(pv.metadata?.annotations?.['pv.kubernetes.io/provisioned-by'], 'k8ts.io/local-path');
    assert.equal(pv.spec?.hostPath?.path, path.join(base, `default-cache-${uid}`));
    assert.equal(pv.spec?.capacity?.storage, '1Gi');
    assert.equal(pv.spec?.persistentVolumeReclaimPolicy, 'Delete');
    assert.deepEqual(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]?.values, [
      'node-1',
    ]);
    assert.equal(pv.spec?.claimRef?.uid, uid);
    const events = await h.resource<Event>(RESOURCES.events).list({ namespace: 'default' });
    const reasons = new Set(events.items.filter((e) => e.involvedObject.name === 'cache').map((e) => e.reason));
    for (const r of ['ExternalProvisioning', 'Provisioning', 'ProvisioningSucceeded']) assert.ok(reasons.has(r), r);

    await pvcs().delete('cache', { namespace: 'default' });
    // Stand in for the pvc-protection controller, which these tests do not run.
    await pvcs().patch('cache', 'merge', { metadata: { finalizers: null } }, { namespace: 'default' });
    await eventually(
      async () => {
        try {
          const v = await pvs().get(`pvc-${uid}`);
          return v.metadata?.deletionTimestamp !== undefined;
        } catch (err) {
          return isNotFound(err);
        }
      },
      10_000,
      'provisioned volume deleted',
    );
    assert.deepEqual(removed, [path.join(base, `default-cache-${uid}`)]);
  });

  it('waits for a consumer when a standard claim has no node yet', async () => {
    await pvcs().create(claim('later', 'standard'));
    await eventually(
      async () => {
        const list = await h.resource<Event>(RESOURCES.events).list({ namespace: 'default' });
        return list.items.some(
          (e) =>
            e.involvedObject.name === 'later' &&
            e.reason === 'WaitForFirstConsumer' &&
            e.message === 'waiting for first consumer to be created before binding',
        );
      },
      10_000,
      'WaitForFirstConsumer event',
    );
    assert.equal((await pvcs().get('later', { namespace: 'default' })).status?.phase, 'Pending');
  });
});
