import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { authenticate, bearerToken, unauthorizedStatus, type AuthenticationConfig } from './authenticate.js';
import { TokenFile } from './token-file.js';
import { issueToken } from './service-account-token.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const issuer = 'https://kubernetes.default.svc.cluster.local';
const config: AuthenticationConfig = {
  tokenFile: TokenFile.parse('static-token,alice,1,devs\n'),
  serviceAccounts: { issuers: [issuer], audiences: [issuer], keys: [rsa.publicKey] },
  anonymous: true,
};

test('a token-file token authenticates and gains system:authenticated', async () => {
  const r = await authenticate({ headers: { authorization: 'Bearer static-token' } }, config);
  assert.deepEqual(r, { user: { name: 'alice', uid: '1', groups: ['devs', 'system:authenticated'] } });
});

test('a service-account token authenticates through the chain', async () => {
  const { token } = await issueToken({
    issuer,
    namespace: 'ns',
    serviceAccount: { name: 'sa', uid: 'u' },
    signingKey: rsa.privateKey,
  });
  const r = await authenticate({ headers: new Headers({ Authorization: `bearer ${token}` }) }, config);
  assert.ok('user' in r);
  assert.deepEqual(r.user.groups, ['system:serviceaccounts', 'system:serviceaccounts:ns', 'system:authenticated']);
});

test('a client certificate wins over a bearer token', async () => {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '02',
    name: 'CN=kubelet, O=system:nodes',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3600_000),
    signingAlgorithm: alg,
    keys,
  });
  const peerCertificate = new X509Certificate(Buffer.from(cert.rawData));
  const r = await authenticate({ headers: { authorization: 'Bearer static-token' }, peerCertificate }, config);
  assert.ok('user' in r);
  assert.equal(r.user.name, 'kubelet');
  assert.deepEqual(r.user.groups, ['system:nodes', 'system:authenticated']);
});

test('no credentials: anonymous when allowed, else Unauthorized', async () => {
  assert.deepEqual(await authenticate({ headers: {} }, config), {
    anonymous: { name: 'system:anonymous', groups: ['system:unauthenticated'] },
  });
  assert.deepEqual(
    await authenticate({ headers: { authorization: 'Basic Zm9vOmJhcg==' } }, { ...config, anonymous: false }),
    {
      error: 'Unauthorized',
      reasons: [],
    },
  );
});

test('a bad token is Unauthorized even with anonymous allowed', async () => {
  assert.deepEqual(await authenticate({ headers: { authorization: 'Bearer wrong' } }, config), {
    error: 'Unauthorized',
    reasons: ['invalid bearer token'],
  });
  const { token } = await issueToken({
    issuer,
    namespace: 'ns',
    serviceAccount: { name: 'sa', uid: 'u' },
    signingKey: rsa.privateKey,
    now: 0,
  });
  const r = await authenticate({ headers: { authorization: `Bearer ${token}` } }, config);
  assert.deepEqual(r, { error: 'Unauthorized', reasons: ['service account token has expired'] });
  assert.deepEqual(unauthorizedStatus(), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Unauthorized',
    reason: 'Unauthorized',
    code: 401,
  });
});

test('bearerToken reads the WebSocket subprotocol token on upgrades only', () => {
  const proto = `base64url.bearer.authorization.k8s.io.${Buffer.from('static-token').toString('base64url')}, v5.channel.k8s.io`;
  assert.equal(bearerToken({ upgrade: 'websocket', 'sec-websocket-protocol': proto }), 'static-token');
  assert.equal(bearerToken({ 'sec-websocket-protocol': proto }), '');
  assert.equal(bearerToken({ authorization: 'Bearer  spaced' }), '');
});
