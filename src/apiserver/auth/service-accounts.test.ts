import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type TestControlPlane } from '../testing/cluster.js';
import { testClient, type TestClient } from '../testing/http.js';

let cp: TestControlPlane;
let dir: string;
let client: TestClient;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-sa-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
  cp = await startControlPlane({ serviceAccountSigningKeyFile: join(dir, 'sa.key') });
  client = testClient(cp.url, cp.apiserver.caCert);
});
after(async () => {
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const SA = '/api/v1/namespaces/default/serviceaccounts';
const whoami = (token: string) =>
  client.request(
    'POST',
    '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    { Authorization: `Bearer ${token}` },
  );

test('TokenRequest issues a token that authenticates as the service account, until it is deleted', async () => {
  const made = await client.request('POST', SA, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'builder' },
  });
  assert.equal(made.status, 201);
  const tr = await client.request('POST', `${SA}/builder/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds: 600 },
  });
  assert.equal(tr.status, 201);
  assert.equal(tr.body.kind, 'TokenRequest');
  assert.deepEqual(tr.body.spec.audiences, ['https://kubernetes.default.svc.cluster.local']);
  assert.equal(tr.body.spec.expirationSeconds, 600);
  const token: string = tr.body.status.token;
  assert.equal(token.split('.').length, 3);
  const exp = Date.parse(tr.body.status.expirationTimestamp) - Date.now();
  assert.ok(exp > 590_000 && exp <= 600_000, String(exp));

  const who = await whoami(token);
  assert.equal(who.status, 201);
  assert.deepEqual(who.body.status.userInfo.username, 'system:serviceaccount:default:builder');
  assert.deepEqual(who.body.status.userInfo.groups, [
    'system:serviceaccounts',
    'system:serviceaccounts:default',
    'system:authenticated',
  ]);
  const tampered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  assert.equal((await whoami(tampered)).status, 401);

  assert.equal((await client.request('DELETE', `${SA}/builder`)).status, 200);
  assert.equal((await whoami(token)).status, 401, 'a token of a deleted service account is refused');
});

test('TokenRequest for a missing service account or bound object is 404', async () => {
  const missing = await client.request('POST', `${SA}/ghost/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: {},
  });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.message, 'serviceaccounts "ghost" not found');
  await client.request('POST', SA, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'bound' } });
  const noPod = await client.request('POST', `${SA}/bound/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'nope' } },
  });
  assert.equal(noPod.status, 404);
  assert.equal(noPod.body.message, 'pods "nope" not found');
});

test('the issuer discovery document and key set verify the tokens this apiserver signs', async () => {
  const config = await client.request('GET', '/.well-known/openid-configuration');
  assert.equal(config.status, 200);
  assert.equal(config.body.issuer, 'https://kubernetes.default.svc.cluster.local');
  assert.match(config.body.jwks_uri, /^https:\/\/127\.0\.0\.1:\d+\/openid\/v1\/jwks$/);
  assert.deepEqual(config.body.id_token_signing_alg_values_supported, ['RS256']);
  const set = await client.request('GET', '/openid/v1/jwks');
  assert.equal(set.status, 200);
  assert.equal(set.headers['content-type'], 'application/jwk-set+json');
  assert.equal(set.body.keys.length, 1);
  await client.request('POST', SA, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'oidc' } });
  const tr = await client.request('POST', `${SA}/oidc/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: {},
  });
  const header = JSON.parse(Buffer.from(tr.body.status.token.split('.')[0], 'base64url').toString());
  assert.equal(header.kid, set.body.keys[0].kid, 'tokens name the published key');
  assert.equal(header.alg, 'RS256');
});
