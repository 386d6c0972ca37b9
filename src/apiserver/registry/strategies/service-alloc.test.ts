/**
 * ClusterIP and NodePort allocation through the API: from the configured ranges, conflict-checked
 * with upstream's messages, released on delete, and the same after an apiserver restart.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startControlPlane, type TestControlPlane } from '../../testing/cluster.js';
import { testClient } from '../../testing/http.js';

let cp: TestControlPlane;
before(async () => {
  cp = await startControlPlane({ serviceClusterIpRange: '10.0.0.0/24', serviceNodePortRange: '30000-30100' });
});
after(() => cp.stop());
const api = () => testClient(cp.url, cp.apiserver.caCert);

const SVCS = '/api/v1/namespaces/default/services';
const svc = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
});

test('ClusterIPs and NodePorts come from the ranges; a taken one is refused; a deleted one is free again', async () => {
  const a = await api().request('POST', SVCS, svc('a', { type: 'NodePort' }));
  assert.equal(a.status, 201, a.text);
  const ip: string = a.body.spec.clusterIP;
  const port: number = a.body.spec.ports[0].nodePort;
  assert.match(ip, /^10\.0\.0\.\d+$/);
  assert.notEqual(ip, '10.0.0.1'); // the kubernetes Service's
  assert.deepEqual(a.body.spec.clusterIPs, [ip]);
  assert.ok(port >= 30000 && port <= 30100, `nodePort ${port}`);

  const sameIP = await api().request('POST', SVCS, svc('b', { clusterIP: ip }));
  assert.equal(sameIP.status, 422);
  assert.equal(
    sameIP.body.message,
    `Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: provided IP is already allocated`,
  );
  const samePort = await api().request(
    'POST',
    SVCS,
    svc('c', { type: 'NodePort', ports: [{ port: 80, nodePort: port }] }),
  );
  assert.equal(samePort.status, 422);
  assert.equal(
    samePort.body.message,
    `Service "c" is invalid: spec.ports[0].nodePort: Invalid value: ${port}: provided port is already allocated`,
  );
  const outside = await api().request('POST', SVCS, svc('d', { clusterIP: '10.1.0.5' }));
  assert.equal(outside.status, 422);
  assert.match(
    outside.body.message,
    /the provided IP \(10\.1\.0\.5\) is not in the valid range\. The range of valid IPs is 10\.0\.0\.0\/24$/,
  );

  // Taken ones stay taken across a restart: the allocators rebuild from the stored Services.
  await cp.restartApiserver();
  const afterRestart = await api().request('POST', SVCS, svc('e', { clusterIP: ip }));
  assert.equal(afterRestart.status, 422, afterRestart.text);

  assert.equal((await api().request('DELETE', `${SVCS}/a`)).status, 200);
  const reuse = await api().request(
    'POST',
    SVCS,
    svc('f', { clusterIP: ip, type: 'NodePort', ports: [{ port: 80, nodePort: port }] }),
  );
  assert.equal(reuse.status, 201, reuse.text);
  assert.equal(reuse.body.spec.clusterIP, ip);
  assert.equal(reuse.body.spec.ports[0].nodePort, port);
});

test('an update may not change the clusterIP, and one that leaves it out keeps it', async () => {
  const g = await api().request('POST', SVCS, svc('g'));
  assert.equal(g.status, 201, g.text);
  const keep = await api().request('PUT', `${SVCS}/g`, { ...svc('g'), metadata: g.body.metadata });
  assert.equal(keep.status, 200, keep.text);
  assert.equal(keep.body.spec.clusterIP, g.body.spec.clusterIP);
  const change = await api().request('PUT', `${SVCS}/g`, {
    ...svc('g', { clusterIP: '10.0.0.200', clusterIPs: ['10.0.0.200'] }),
    metadata: keep.body.metadata,
  });
  assert.equal(change.status, 422);
  assert.match(
    change.body.message,
    /spec\.clusterIPs\[0\]: Invalid value: \[\]string\{"10\.0\.0\.200"\}: may not change once set/,
  );
});
