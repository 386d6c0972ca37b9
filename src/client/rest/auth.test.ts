import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type TestControlPlane } from '../../apiserver/testing/cluster.js';
import { certPem, newCertificateAuthority, newSignedCert, privateKeyPem } from '../../pki/x509.js';
import { ApiError } from '../../machinery/errors.js';
import { loadRestConfig } from '../kubeconfig/load.js';
import { RestClient } from './client.js';
import { ResourceClient } from './resource-client.js';

let cp: TestControlPlane;
let dir: string;
let kubeconfig: string;
const clients: RestClient[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-client-auth-'));
  const ca = await newCertificateAuthority({ commonName: 'kubernetes' });
  const carol = await newSignedCert(ca, {
    commonName: 'carol',
    organization: ['system:masters'],
    usages: ['clientAuth'],
  });
  writeFileSync(join(dir, 'client-ca.crt'), certPem(ca.cert));
  writeFileSync(join(dir, 'carol.crt'), certPem(carol.cert));
  writeFileSync(join(dir, 'carol.key'), privateKeyPem(carol.key));
  writeFileSync(join(dir, 'tokens.csv'), 'admin-token,admin,1,"system:masters"\nalice-token,alice,2\n');
  writeFileSync(join(dir, 'admin.token'), 'admin-token\n');
  cp = await startControlPlane({
    authorizationMode: 'RBAC',
    tokenAuthFile: join(dir, 'tokens.csv'),
    clientCaFile: join(dir, 'client-ca.crt'),
  });
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
current-context: admin
clusters:
- name: k8ts
  cluster:
    server: ${cp.url}
    certificate-authority-data: ${cp.apiserver.caCert.toString('base64')}
users:
- { name: admin, user: { tokenFile: admin.token } }
- { name: alice, user: { token: alice-token } }
- { name: carol, user: { client-certificate: carol.crt, client-key: carol.key } }
- { name: mallory, user: { token: wrong } }
contexts:
- { name: admin, context: { cluster: k8ts, user: admin } }
- { name: alice, context: { cluster: k8ts, user: alice, namespace: default } }
- { name: carol, context: { cluster: k8ts, user: carol } }
- { name: mallory, context: { cluster: k8ts, user: mallory } }
`,
  );
});
after(async () => {
  for (const c of clients) c.close();
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function clientFor(context: string): RestClient {
  const c = new RestClient(loadRestConfig({ kubeconfig, context }));
  clients.push(c);
  return c;
}

async function whoami(c: RestClient): Promise<string> {
  const res = await c.request<{ status: { userInfo: { username: string } } }>({
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
  });
  return res.body.status.userInfo.username;
}

const secrets = (c: RestClient) =>
  new ResourceClient(c, { group: '', version: 'v1', resource: 'secrets', namespaced: true });

test('a bearer token from a token file authenticates; system:masters may do anything under RBAC', async () => {
  const admin = clientFor('admin');
  assert.equal(await whoami(admin), 'admin');
  assert.ok(Array.isArray((await secrets(admin).list({ namespace: 'kube-system' })).items));
});

test('a user without bindings is Forbidden (403 ApiError in upstream words)', async () => {
  const alice = clientFor('alice');
  assert.equal(await whoami(alice), 'alice');
  await assert.rejects(secrets(alice).list({ namespace: 'default' }), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 403);
    assert.equal(e.reason, 'Forbidden');
    assert.equal(
      e.message,
      'secrets is forbidden: User "alice" cannot list resource "secrets" in API group "" in the namespace "default"',
    );
    return true;
  });
});

test('a client certificate from kubeconfig files (relative paths) authenticates', async () => {
  const carol = clientFor('carol');
  assert.equal(await whoami(carol), 'carol');
});

test('a wrong token is 401 Unauthorized, not retried', async () => {
  await assert.rejects(whoami(clientFor('mallory')), { code: 401, reason: 'Unauthorized' });
});
