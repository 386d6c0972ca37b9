import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { x509User } from './x509.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

async function makeCert(name: string): Promise<X509Certificate> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3600_000),
    signingAlgorithm: alg,
    keys,
  });
  return new X509Certificate(Buffer.from(cert.rawData));
}

test('x509User takes the user from CN and groups from every O', async () => {
  const cert = await makeCert('CN=alice, O=devs, O=system:masters');
  const user = x509User(cert);
  assert.equal(user?.name, 'alice');
  assert.deepEqual(user?.groups, ['devs', 'system:masters']);
  const fp = createHash('sha256').update(cert.raw).digest('hex');
  assert.deepEqual(user?.extra, { 'authentication.kubernetes.io/credential-id': [`X509SHA256=${fp}`] });
});

test('x509User reads a tls PeerCertificate-like object by its raw DER', async () => {
  const cert = await makeCert('CN=system:node:worker-1, O=system:nodes');
  const user = x509User({ raw: cert.raw, subject: { CN: 'ignored' } });
  assert.equal(user?.name, 'system:node:worker-1');
  assert.deepEqual(user?.groups, ['system:nodes']);
});

test('x509User yields no user without a certificate or without a CommonName', async () => {
  assert.equal(x509User(undefined), undefined);
  assert.equal(x509User({}), undefined);
  assert.equal(x509User(await makeCert('O=devs')), undefined);
});
