/**
 * Events: one stored object, served as core/v1 Event and as events.k8s.io/v1 Event, kept in etcd
 * under a lease so that it expires after --event-ttl.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Etcd3 } from 'etcd3';
import { startControlPlane, type TestControlPlane } from './testing/cluster.js';
import { testClient, type TestClient } from './testing/http.js';

let cp: TestControlPlane;
let api: TestClient;
before(async () => {
  cp = await startControlPlane({ eventTtlSeconds: 120 });
  api = testClient(cp.url, cp.apiserver.caCert);
});
after(() => cp.stop());

test('a core/v1 Event is served by events.k8s.io/v1 too, and stored under a lease of at least --event-ttl', async () => {
  const created = await api.request('POST', '/api/v1/namespaces/default/events', {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web.1' },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u-1' },
    reason: 'Scheduled',
    message: 'Successfully assigned default/web to node-1',
    type: 'Normal',
    source: { component: 'default-scheduler' },
    firstTimestamp: '2026-12-02T10:00:00Z',
    lastTimestamp: '2026-12-02T10:00:00Z',
    count: 1,
  });
  assert.equal(created.status, 201, created.text);

  const viaEvents = await api.request('GET', '/apis/events.k8s.io/v1/namespaces/default/events/web.1');
  assert.equal(viaEvents.status, 200, viaEvents.text);
  assert.equal(viaEvents.body.apiVersion, 'events.k8s.io/v1');
  assert.equal(viaEvents.body.note, 'Successfully assigned default/web to node-1');
  assert.equal(viaEvents.body.regarding.name, 'web');
  assert.equal(viaEvents.body.deprecatedSource.component, 'default-scheduler');
  assert.equal(viaEvents.body.metadata.resourceVersion, created.body.metadata.resourceVersion);

  const etcd = new Etcd3({ hosts: [cp.etcd.endpoint] });
  try {
    const res = await etcd.kv.range({ key: Buffer.from('/registry/events/default/web.1') });
    const lease = res.kvs[0]?.lease;
    assert.ok(lease && lease !== '0', 'the stored event has no lease');
    const ttl = await etcd.leaseClient.leaseTimeToLive({ ID: lease, keys: false });
    assert.ok(Number(ttl.grantedTTL) >= 120, `lease granted for ${ttl.grantedTTL} s`);
    assert.ok(Number(ttl.TTL) > 0);
  } finally {
    etcd.close();
  }
  // The other kinds are stored without one.
  await api.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'no-lease' } });
  const etcd2 = new Etcd3({ hosts: [cp.etcd.endpoint] });
  try {
    const res = await etcd2.kv.range({ key: Buffer.from('/registry/configmaps/default/no-lease') });
    assert.equal(res.kvs[0]?.lease, '0');
  } finally {
    etcd2.close();
  }
});
