import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inClusterConfig, isInCluster, NOT_IN_CLUSTER_MESSAGE, SERVICE_ACCOUNT_DIR } from './in-cluster.js';
import { loadRestConfig } from './load.js';

let root: string;
let sa: string;
const env = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };

before(() => {
  root = mkdtempSync(join(tmpdir(), 'k8ts-incluster-'));
  sa = join(root, SERVICE_ACCOUNT_DIR);
  mkdirSync(sa, { recursive: true });
  writeFileSync(join(sa, 'token'), 'sa-token\n');
  writeFileSync(join(sa, 'ca.crt'), 'CA');
  writeFileSync(join(sa, 'namespace'), 'kube-system');
});
after(() => rmSync(root, { recursive: true, force: true }));

test('in-cluster: server from the service variables, token file, CA, namespace file', () => {
  assert.equal(isInCluster({ root, env }), true);
  const rc = inClusterConfig({ root, env });
  assert.deepEqual(rc, {
    server: 'https://10.96.0.1:443',
    bearerToken: 'sa-token',
    bearerTokenFile: join(sa, 'token'),
    caFile: join(sa, 'ca.crt'),
    namespace: 'kube-system',
  });
});

test('in-cluster: POD_NAMESPACE wins; IPv6 hosts are bracketed', () => {
  const rc = inClusterConfig({
    root,
    env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443', POD_NAMESPACE: 'mine' },
  });
  assert.equal(rc.server, 'https://[fd00::1]:443');
  assert.equal(rc.namespace, 'mine');
});

test("not in a cluster: client-go's error; a missing token", () => {
  assert.equal(isInCluster({ root, env: {} }), false);
  assert.throws(() => inClusterConfig({ root, env: {} }), { message: NOT_IN_CLUSTER_MESSAGE });
  const empty = join(root, 'empty');
  assert.throws(() => inClusterConfig({ root: empty, env }), {
    message: `open ${join(empty, SERVICE_ACCOUNT_DIR, 'token')}: no such file or directory`,
  });
});

test('loadRestConfig falls back to the in-cluster config when no kubeconfig is found', () => {
  const rc = loadRestConfig({ env, homeDir: join(root, 'nohome'), inClusterRoot: root });
  assert.equal(rc.server, 'https://10.96.0.1:443');
  assert.equal(rc.namespace, 'kube-system');
});
