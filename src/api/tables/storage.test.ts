import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cellsFor, columnsFor } from './index.js';

// The storage.k8s.io and discovery.k8s.io tables.

const now = new Date('2024-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const S = 1000;
const D = 24 * 3600 * S;
const meta = (name: string, extra: object = {}) => ({ name, creationTimestamp: ago(10 * 365 * D), ...extra });
const headers = (group: string, resource: string) =>
  columnsFor(group, resource).map((c) => (c.priority ? `(${c.name})` : c.name));

describe('storage.k8s.io and discovery.k8s.io', () => {
  it('storageclasses: "(default)" and the defaults', () => {
    const sc = {
      metadata: meta('standard', { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
      provisioner: 'rancher.io/local-path',
      volumeBindingMode: 'WaitForFirstConsumer',
    };
    assert.deepEqual(cellsFor('storage.k8s.io', 'storageclasses', sc, now), [
      'standard (default)',
      'rancher.io/local-path',
      'Delete',
      'WaitForFirstConsumer',
      false,
      '10y',
    ]);
  });
  it('csidrivers, csinodes, volumeattachments', () => {
    const driver = {
      metadata: meta('csi.example.com'),
      spec: { tokenRequests: [{ audience: 'a' }, { audience: 'b' }] },
    };
    assert.deepEqual(cellsFor('storage.k8s.io', 'csidrivers', driver, now), [
      'csi.example.com',
      true,
      false,
      false,
      'a,b',
      false,
      '<none>',
      '10y',
    ]);
    assert.deepEqual(cellsFor('storage.k8s.io', 'csinodes', { metadata: meta('n'), spec: { drivers: [{}] } }, now), [
      'n',
      1,
      '10y',
    ]);
    const va = {
      metadata: meta('va'),
      spec: { attacher: 'x', source: { persistentVolumeName: 'pv' }, nodeName: 'n1' },
    };
    assert.deepEqual(cellsFor('storage.k8s.io', 'volumeattachments', va, now), ['va', 'x', 'pv', 'n1', false, '10y']);
  });
  it('csistoragecapacities use the default table, as upstream registers them', () => {
    assert.deepEqual(headers('storage.k8s.io', 'csistoragecapacities'), ['Name', 'Created At']);
  });
  it('endpointslices: ADDRESSTYPE, PORTS, ENDPOINTS', () => {
    const slice = {
      metadata: meta('kubernetes'),
      addressType: 'IPv4',
      ports: [{ name: 'https', port: 6443 }, { name: 'dns' }, {}],
      endpoints: [{ addresses: ['10.0.0.1', '10.0.0.2'] }, { addresses: ['10.0.0.3', '10.0.0.4'] }],
    };
    assert.deepEqual(cellsFor('discovery.k8s.io', 'endpointslices', slice, now), [
      'kubernetes',
      'IPv4',
      '6443,dns,*',
      '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...',
      '10y',
    ]);
    assert.equal(cellsFor('discovery.k8s.io', 'endpointslices', { metadata: meta('e') }, now)[2], '<unset>');
  });
});
