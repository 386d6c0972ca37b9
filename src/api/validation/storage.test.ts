import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../defaults/index.js';
import { validate, validateUpdate } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const check = (group: string, resource: string, o: Any) => {
  applyDefaults(group, resource, o);
  return validate(group, resource, o).map(String);
};

describe('storage', () => {
  const S = 'storage.k8s.io';
  it('checks storage classes and their updates', () => {
    assert.deepEqual(
      check(S, 'storageclasses', { metadata: { name: 'fast' }, provisioner: 'rancher.io/local-path' }),
      [],
    );
    assert.deepEqual(
      check(S, 'storageclasses', {
        metadata: { name: 'x' },
        provisioner: '',
        reclaimPolicy: 'Recycle',
        volumeBindingMode: 'Later',
      }),
      [
        'provisioner: Required value',
        'reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"',
        'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
      ],
    );
    const old = {
      metadata: { name: 'x', resourceVersion: '1' },
      provisioner: 'a.io/b',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
      parameters: { a: 'b' },
    };
    assert.deepEqual(validateUpdate(S, 'storageclasses', { ...old, parameters: { a: 'c' } }, old).map(String), [
      'parameters: Forbidden: updates to parameters are forbidden.',
    ]);
  });

  it('checks CSI drivers, CSI nodes and volume attachments', () => {
    assert.deepEqual(check(S, 'csidrivers', { metadata: { name: 'Bad_Driver' }, spec: {} }).length, 1);
    assert.deepEqual(
      check(S, 'csinodes', { metadata: { name: 'n' }, spec: { drivers: [{ name: 'csi.example.com' }] } }),
      ['spec.drivers[0].nodeID: Required value: nodeID of the driver must be defined'],
    );
    assert.deepEqual(
      check(S, 'volumeattachments', {
        metadata: { name: 'va' },
        spec: { attacher: 'csi.example.com', source: {}, nodeName: 'n1' },
      }),
      ['spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName'],
    );
  });
});
