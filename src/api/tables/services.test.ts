import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cellsFor } from './index.js';

// The services and endpoints tables, against the cells upstream's printers (1.32) produce.

const now = new Date('2024-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const S = 1000;
const meta = (name: string, extra: object = {}) => ({ name, creationTimestamp: ago(10 * 60 * S), ...extra });
const cells = (resource: string, obj: unknown) => cellsFor('', resource, obj, now);

describe('services and endpoints', () => {
  const svc = (spec: object, status: object = {}) => ({ metadata: meta('svc'), spec, status });
  it('ClusterIP and NodePort services', () => {
    assert.deepEqual(
      cells('services', svc({ type: 'ClusterIP', clusterIPs: ['10.9.8.7'], ports: [{ protocol: 'TCP', port: 2233 }] })),
      ['svc', 'ClusterIP', '10.9.8.7', '<none>', '2233/TCP', '10m', '<none>'],
    );
    assert.deepEqual(
      cells(
        'services',
        svc({
          type: 'NodePort',
          clusterIP: '10.9.8.7',
          ports: [{ protocol: 'UDP', port: 8888, nodePort: 9999 }],
          selector: { app: 'web', tier: 'fe' },
        }),
      ),
      ['svc', 'NodePort', '10.9.8.7', '<none>', '8888:9999/UDP', '10m', 'app=web,tier=fe'],
    );
    assert.equal(cells('services', svc({ type: 'ClusterIP', clusterIP: 'None' }))[2], 'None');
    assert.equal(cells('services', svc({ type: 'ClusterIP' }))[4], '<none>');
    assert.equal(
      cells('services', svc({ type: 'ClusterIP', externalIPs: ['1.1.1.1', '2.2.2.2'] }))[3],
      '1.1.1.1,2.2.2.2',
    );
    assert.equal(cells('services', svc({ type: 'ExternalName', externalName: 'db.example.com' }))[3], 'db.example.com');
  });
  it('LoadBalancer EXTERNAL-IP: <pending>, sorted addresses, never clipped', () => {
    const ports = [
      { port: 80, protocol: 'TCP' },
      { port: 8090, protocol: 'UDP' },
      { port: 8000, protocol: 'TCP' },
      { port: 7777, protocol: 'SCTP' },
    ];
    assert.deepEqual(cells('services', svc({ type: 'LoadBalancer', clusterIPs: ['1.3.4.5'], ports })).slice(0, 5), [
      'svc',
      'LoadBalancer',
      '1.3.4.5',
      '<pending>',
      '80/TCP,8090/UDP,8000/TCP,7777/SCTP',
    ]);
    const ingress = [{ ip: '3.4.5.6' }, { ip: '2.3.4.5' }, { ip: '5.6.7.8', hostname: 'host5678' }];
    const lb = svc({ type: 'LoadBalancer', clusterIPs: ['1.5.6.7'] }, { loadBalancer: { ingress } });
    assert.equal(cells('services', lb)[3], '2.3.4.5,3.4.5.6,5.6.7.8');
    const both = svc(
      { type: 'LoadBalancer', externalIPs: ['9.9.9.9'] },
      { loadBalancer: { ingress: [{ hostname: 'lb.example' }] } },
    );
    assert.equal(cells('services', both)[3], 'lb.example,9.9.9.9');
  });
  it('ENDPOINTS: host:port pairs, three shown', () => {
    const ep = (subsets: object[]) => ({ metadata: meta('ep'), subsets });
    assert.deepEqual(cells('endpoints', ep([])), ['ep', '<none>', '10m']);
    assert.equal(
      cells(
        'endpoints',
        ep([{ addresses: [{ ip: '2.3.4.5' }, { ip: '3.4.5.6' }], ports: [{ port: 8001, protocol: 'TCP' }] }]),
      )[1],
      '2.3.4.5:8001,3.4.5.6:8001',
    );
    assert.equal(
      cells('endpoints', ep([{ addresses: [{ ip: '::1' }, { ip: '::2' }], ports: [{ port: 80 }, { port: 81 }] }]))[1],
      '[::1]:80,[::2]:80,[::1]:81 + 1 more...',
    );
    assert.equal(cells('endpoints', ep([{ addresses: [{ ip: '10.0.0.1' }] }]))[1], '10.0.0.1');
  });
});
