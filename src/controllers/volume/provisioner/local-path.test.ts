import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import { isUnderBase, persistentVolumeFor, shouldDelete, shouldProvision, standardStorageClass } from './local-path.js';

const claim = (annotations: Record<string, string>): PersistentVolumeClaim => ({
  metadata: { name: 'data', namespace: 'ns', uid: 'u-1', resourceVersion: '7', annotations },
  spec: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '3Gi' } } },
});
const ASKED = { 'volume.kubernetes.io/storage-provisioner': 'k8ts.io/local-path' };
const NODE = { 'volume.kubernetes.io/selected-node': 'node-a' };

describe('local-path provisioner', () => {
  it('provisions only claims handed to it, with a node when the class waits for one', () => {
    const sc = standardStorageClass();
    assert.equal(shouldProvision(claim({ ...ASKED, ...NODE }), sc).provision, true);
    assert.equal(shouldProvision(claim({ ...ASKED }), sc).provision, false);
    assert.equal(shouldProvision(claim({ ...NODE }), sc).provision, false);
    assert.equal(
      shouldProvision(claim({ 'volume.kubernetes.io/storage-provisioner': 'other', ...NODE }), sc).provision,
      false,
    );
    assert.equal(shouldProvision(claim({ ...ASKED, ...NODE }), { ...sc, provisioner: 'other' }).provision, false);
    assert.deepEqual(shouldProvision(claim({ ...ASKED }), { ...sc, volumeBindingMode: 'Immediate' }), {
      provision: false,
      why: 'configuration error, no node was specified',
    });
  });

  it('builds a hostPath PV pinned to the selected node', () => {
    const pv = persistentVolumeFor(claim({ ...ASKED, ...NODE }), standardStorageClass(), '/base');
    assert.equal(pv.metadata?.name, 'pvc-u-1');
    assert.deepEqual(pv.metadata?.annotations, { 'pv.kubernetes.io/provisioned-by': 'k8ts.io/local-path' });
    assert.deepEqual(pv.spec?.hostPath, { path: '/base/ns-data-u-1', type: 'DirectoryOrCreate' });
    assert.deepEqual(pv.spec?.capacity, { storage: '3Gi' });
    assert.equal(pv.spec?.persistentVolumeReclaimPolicy, 'Delete');
    assert.equal(pv.spec?.storageClassName, 'standard');
    assert.deepEqual(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms, [
      { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-a'] }] },
    ]);
    assert.deepEqual(pv.spec?.claimRef, {
      kind: 'PersistentVolumeClaim',
      apiVersion: 'v1',
      namespace: 'ns',
      name: 'data',
      uid: 'u-1',
      resourceVersion: '7',
    });
  });

  it('removes directories only strictly below the base', () => {
    assert.equal(isUnderBase('/base', '/base/ns-data-u'), true);
    assert.equal(isUnderBase('/base', '/base'), false);
    assert.equal(isUnderBase('/base', '/base/../etc'), false);
    assert.equal(isUnderBase('/base', '/basement/x'), false);
  });

  it('deletes only its own released volumes with policy Delete', () => {
    const pv = persistentVolumeFor(claim({ ...ASKED, ...NODE }), standardStorageClass(), '/base');
    assert.equal(shouldDelete({ ...pv, status: { phase: 'Released' } }), true);
    assert.equal(shouldDelete({ ...pv, status: { phase: 'Bound' } }), false);
    assert.equal(
      shouldDelete({
        ...pv,
        spec: { ...pv.spec, persistentVolumeReclaimPolicy: 'Retain' },
        status: { phase: 'Released' },
      }),
      false,
    );
    assert.equal(shouldDelete({ ...pv, metadata: { name: 'x' }, status: { phase: 'Released' } }), false);
  });
});
