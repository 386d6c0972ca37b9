import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cellsFor, columnsFor } from './index.js';

// The smaller core-group tables, against the cells upstream's printers (1.32) produce for the same objects.

const now = new Date('2024-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const S = 1000;
const meta = (name: string, extra: object = {}) => ({ name, creationTimestamp: ago(10 * 60 * S), ...extra });
const cells = (resource: string, obj: unknown) => cellsFor('', resource, obj, now);
const headers = (resource: string) => columnsFor('', resource).map((c) => (c.priority ? `(${c.name})` : c.name));

describe('other core kinds', () => {
  it('namespaces, configmaps, secrets, serviceaccounts', () => {
    assert.deepEqual(cells('namespaces', { metadata: meta('default'), status: { phase: 'Active' } }), [
      'default',
      'Active',
      '10m',
    ]);
    assert.deepEqual(
      cells('configmaps', { metadata: meta('cm'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }),
      ['cm', 3, '10m'],
    );
    assert.deepEqual(
      cells('secrets', { metadata: meta('s'), type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }),
      ['s', 'kubernetes.io/tls', 2, '10m'],
    );
    assert.deepEqual(cells('serviceaccounts', { metadata: meta('default') }), ['default', 0, '10m']);
  });
  it('persistentvolumes and persistentvolumeclaims', () => {
    const pv = {
      metadata: meta('pv1'),
      spec: {
        capacity: { storage: '1024Mi' },
        accessModes: ['ReadWriteOncePod', 'ReadWriteOnce', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { namespace: 'ns', name: 'data' },
        storageClassName: 'standard',
      },
      status: { phase: 'Bound' },
    };
    assert.deepEqual(cells('persistentvolumes', pv), [
      'pv1',
      '1Gi',
      'RWO,RWOP',
      'Retain',
      'Bound',
      'ns/data',
      'standard',
      '<unset>',
      '',
      '10m',
      '<unset>',
    ]);
    const pvc = {
      metadata: meta('data', { annotations: { 'volume.beta.kubernetes.io/storage-class': 'beta' } }),
      spec: {
        volumeName: 'pv1',
        storageClassName: 'standard',
        volumeMode: 'Filesystem',
        resources: { requests: { storage: '1Gi' } },
      },
      status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] },
    };
    assert.deepEqual(cells('persistentvolumeclaims', pvc), [
      'data',
      'Bound',
      'pv1',
      '1Gi',
      'RWO,ROX',
      'beta',
      '<unset>',
      '10m',
      'Filesystem',
    ]);
    const pending = { metadata: meta('p', { deletionTimestamp: ago(S) }), spec: {}, status: { phase: 'Pending' } };
    assert.deepEqual(cells('persistentvolumeclaims', pending).slice(0, 6), ['p', 'Terminating', '', '', '', '']);
  });
  it('replicationcontrollers, podtemplates, componentstatuses, resourcequotas', () => {
    const template = {
      metadata: { labels: { app: 'x' } },
      spec: {
        containers: [
          { name: 'a', image: 'ia' },
          { name: 'b', image: 'ib' },
        ],
      },
    };
    assert.deepEqual(
      cells('replicationcontrollers', {
        metadata: meta('rc'),
        spec: { replicas: 3, selector: { app: 'x' }, template },
        status: { replicas: 2, readyReplicas: 1 },
      }),
      ['rc', 3, 2, 1, '10m', 'a,b', 'ia,ib', 'app=x'],
    );
    assert.deepEqual(cells('podtemplates', { metadata: meta('pt'), template }), ['pt', 'a,b', 'ia,ib', 'app=x']);
    assert.deepEqual(
      cells('componentstatuses', {
        metadata: { name: 'etcd-0' },
        conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }],
      }),
      ['etcd-0', 'Healthy', 'ok', ''],
    );
    const quota = {
      metadata: meta('q'),
      status: {
        hard: { pods: '10', 'limits.cpu': '2', 'requests.memory': '1Gi', 'limits.memory': '2048Mi' },
        used: { pods: '3', 'limits.cpu': '500m', 'requests.memory': '512Mi' },
      },
    };
    assert.deepEqual(cells('resourcequotas', quota), [
      'q',
      'pods: 3/10, requests.memory: 512Mi/1Gi',
      'limits.cpu: 500m/2, limits.memory: 0/2Gi',
      '10m',
    ]);
  });
  it('limitranges have no printer: the default table', () => {
    assert.deepEqual(headers('limitranges'), ['Name', 'Created At']);
    assert.deepEqual(cells('limitranges', { metadata: { name: 'lr', creationTimestamp: '2024-05-01T10:20:30Z' } }), [
      'lr',
      '2024-05-01T10:20:30Z',
    ]);
  });
});
