import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NODE_LEASE_RENEW_INTERVAL_MS, buildNodeLease, renewLease } from './lease.js';

const T0 = Date.UTC(2026, 11, 2, 22, 0, 0);

test('buildNodeLease shapes the lease as the kubelet does', () => {
  assert.deepEqual(buildNodeLease('kwok-node-0', 'uid-0', T0), {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: 'kwok-node-0',
      namespace: 'kube-node-lease',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'kwok-node-0', uid: 'uid-0' }],
    },
    spec: {
      holderIdentity: 'kwok-node-0',
      leaseDurationSeconds: 40,
      renewTime: '2026-12-02T22:00:00.000000Z',
    },
  });
  assert.equal(buildNodeLease('n', undefined, T0).metadata?.ownerReferences, undefined);
  assert.equal(NODE_LEASE_RENEW_INTERVAL_MS, 10_000);
});

test('renewLease moves renewTime, keeps metadata, fills missing owners', () => {
  const built = buildNodeLease('n', undefined, T0);
  const lease = {
    ...built,
    metadata: { ...built.metadata, resourceVersion: '42' },
    spec: { ...built.spec, leaseTransitions: 2 },
  };
  const renewed = renewLease(lease, new Date(T0 + 10_500), 'uid-n');
  assert.equal(renewed.spec?.renewTime, '2026-12-02T22:00:10.500000Z');
  assert.equal(renewed.spec?.leaseTransitions, 2);
  assert.equal(renewed.metadata?.resourceVersion, '42');
  assert.deepEqual(renewed.metadata?.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'n', uid: 'uid-n' }]);
  assert.equal(lease.spec?.renewTime, '2026-12-02T22:00:00.000000Z', 'input untouched');
  assert.equal(lease.metadata?.ownerReferences, undefined, 'input untouched');
  const again = renewLease(renewed, T0 + 20_000, 'other');
  assert.equal(again.metadata?.ownerReferences?.[0].uid, 'uid-n');
});

test('renewLease takes the lease back for the node and restores the duration', () => {
  const lease = buildNodeLease('n', 'u', T0);
  lease.spec = { holderIdentity: 'someone', leaseDurationSeconds: 5 };
  const renewed = renewLease(lease, T0);
  assert.equal(renewed.spec?.holderIdentity, 'n');
  assert.equal(renewed.spec?.leaseDurationSeconds, 40);
});
