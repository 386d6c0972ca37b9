/**
 * A pod's service-account token, end to end: the ServiceAccount admission plugin gives the pod
 * its projected kube-api-access volume; the token the kubelet would put there (a TokenRequest
 * bound to the pod, with the volume's expiry) works with @kubernetes/client-node as the account,
 * within its RBAC bindings; a tampered or expired token, or one whose pod is gone, is 401.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { SignJWT, importPKCS8 } from 'jose';
import { startControlPlane, type TestControlPlane } from '../testing/cluster.js';
import { testClient, type TestClient } from '../testing/http.js';

let cp: TestControlPlane;
let dir: string;
let admin: TestClient;
let pem: string;
const ADMIN = { Authorization: 'Bearer admin' };
const NS = '/api/v1/namespaces/default';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-projected-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(join(dir, 'sa.key'), pem);
  writeFileSync(join(dir, 'tokens.csv'), 'admin,admin,1,"system:masters"\n');
  cp = await startControlPlane({
    authorizationMode: 'Node,RBAC',
    tokenAuthFile: join(dir, 'tokens.csv'),
    serviceAccountSigningKeyFile: join(dir, 'sa.key'),
    enableAdmissionPlugins: ['ServiceAccount'],
  });
  admin = testClient(cp.url, cp.apiserver.caCert);
});
after(async () => {
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function clientWith(token: string): k8s.CoreV1Api {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'k8ts', server: cp.url, caData: cp.apiserver.caCert.toString('base64') }],
    users: [{ name: 'pod', token }],
    contexts: [{ name: 'pod', cluster: 'k8ts', user: 'pod' }],
    currentContext: 'pod',
  });
  return kc.makeApiClient(k8s.CoreV1Api);
}

const status = async (p: Promise<unknown>) => {
  try {
    await p;
    return 200;
  } catch (err) {
    return (err as { code?: number }).code;
  }
};

test("a pod's projected token works with client-node as its service account; tampered, expired or orphaned tokens are 401", async () => {
  await admin.request('POST', `${NS}/serviceaccounts`, { metadata: { name: 'app' } }, ADMIN);
  await admin.request(
    'POST',
    '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
    {
      metadata: { name: 'app-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: 'default' }],
    },
    ADMIN,
  );
  const pod = await admin.request(
    'POST',
    `${NS}/pods`,
    { metadata: { name: 'web' }, spec: { serviceAccountName: 'app', containers: [{ name: 'c', image: 'busybox' }] } },
    ADMIN,
  );
  assert.equal(pod.status, 201, pod.text);
  const projection = pod.body.spec.volumes[0].projected.sources[0].serviceAccountToken;
  assert.deepEqual(projection, { expirationSeconds: 3607, path: 'token' });

  // What the kubelet does for the volume: a token bound to the pod, as long-lived as the projection says.
  const tr = await admin.request(
    'POST',
    `${NS}/serviceaccounts/app/token`,
    {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        expirationSeconds: projection.expirationSeconds,
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: pod.body.metadata.uid },
      },
    },
    ADMIN,
  );
  assert.equal(tr.status, 201, tr.text);
  const token: string = tr.body.status.token;

  const core = clientWith(token);
  const pods = await core.listNamespacedPod({ namespace: 'default' });
  assert.deepEqual(
    pods.items.map((p) => p.metadata?.name),
    ['web'],
  );
  assert.equal(await status(core.listNamespacedSecret({ namespace: 'default' })), 403, 'view does not read secrets');

  const tampered = token.slice(0, -6) + (token.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
  assert.equal(await status(clientWith(tampered).listNamespacedPod({ namespace: 'default' })), 401);

  // The same claims, signed with the same key, but expired a minute ago.
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 })
    .setProtectedHeader(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()))
    .sign(await importPKCS8(pem, 'RS256'));
  assert.equal(await status(clientWith(expired).listNamespacedPod({ namespace: 'default' })), 401);

  assert.equal((await admin.request('DELETE', `${NS}/pods/web?gracePeriodSeconds=0`, undefined, ADMIN)).status, 200);
  assert.equal(await status(core.listNamespacedPod({ namespace: 'default' })), 401, 'the pod it was bound to is gone');
});
