import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type TestControlPlane } from '../testing/cluster.js';
import { certPem, newCertificateAuthority, newSignedCert, privateKeyPem } from '../../pki/x509.js';

let cp: TestControlPlane;
let dir: string;
let alice: { cert: string; key: string };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-authn-'));
  const ca = await newCertificateAuthority({ commonName: 'kubernetes' });
  const signed = await newSignedCert(ca, { commonName: 'alice', organization: ['dev', 'ops'], usages: ['clientAuth'] });
  alice = { cert: certPem(signed.cert), key: privateKeyPem(signed.key) };
  writeFileSync(join(dir, 'ca.crt'), certPem(ca.cert));
  writeFileSync(join(dir, 'tokens.csv'), 'bob-token,bob,1001,"admins,dev"\n');
  cp = await startControlPlane({ clientCaFile: join(dir, 'ca.crt'), tokenAuthFile: join(dir, 'tokens.csv') });
});
after(async () => {
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** One request with the given credentials; the status and the parsed body. */
function call(method: string, path: string, creds: { token?: string; cert?: string; key?: string }, body?: object) {
  const url = new URL(cp.url);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const payload = body && JSON.stringify(body);
    const req = https.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method,
        ca: cp.apiserver.caCert,
        cert: creds.cert,
        key: creds.key,
        headers: {
          Accept: 'application/json',
          ...(creds.token ? { Authorization: `Bearer ${creds.token}` } : {}),
          ...(payload
            ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const whoami = (creds: Parameters<typeof call>[2]) =>
  call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', creds, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
  });

test('a client certificate from --client-ca-file is its CN and O, authenticated', async () => {
  const r = await whoami(alice);
  assert.equal(r.status, 201);
  assert.deepEqual(r.body.status.userInfo.username, 'alice');
  assert.deepEqual(r.body.status.userInfo.groups, ['dev', 'ops', 'system:authenticated']);
});

test('a token from --token-auth-file is its user, uid and groups; an unknown token is 401, not anonymous', async () => {
  const r = await whoami({ token: 'bob-token' });
  assert.equal(r.status, 201);
  assert.deepEqual(r.body.status.userInfo, {
    username: 'bob',
    uid: '1001',
    groups: ['admins', 'dev', 'system:authenticated'],
  });
  const bad = await call('GET', '/api/v1/namespaces', { token: 'nope' });
  assert.equal(bad.status, 401);
  assert.deepEqual([bad.body.kind, bad.body.reason, bad.body.message], ['Status', 'Unauthorized', 'Unauthorized']);
});

test('no credentials: system:anonymous in system:unauthenticated', async () => {
  const r = await whoami({});
  assert.deepEqual(r.body.status.userInfo, { username: 'system:anonymous', groups: ['system:unauthenticated'] });
});

test('TokenReview says who a token stands for', async () => {
  const review = (token: string) =>
    call('POST', '/apis/authentication.k8s.io/v1/tokenreviews', alice, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      spec: { token },
    });
  const ok = await review('bob-token');
  assert.equal(ok.status, 201);
  assert.equal(ok.body.status.authenticated, true);
  assert.equal(ok.body.status.user.username, 'bob');
  const no = await review('nope');
  assert.deepEqual(no.body.status, { user: {} });
});
