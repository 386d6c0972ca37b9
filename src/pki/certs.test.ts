import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generatePki, type PkiOptions } from './certs.js';
import { loadCertificateAuthority, newSignedCert, certPem } from './x509.js';

const DAY = 24 * 3600_000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

describe('generatePki', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-pki-'));
  const certDir = join(dir, 'pki');
  const lines: string[] = [];
  const opts: PkiOptions = {
    certDir,
    nodeName: 'CP1',
    advertiseAddress: '192.168.1.10',
    serviceCidr: '10.100.0.0/16',
    dnsDomain: 'example.internal',
    apiServerCertSans: ['api.example.com', '10.0.0.5', 'bad_name'],
    log: (l) => lines.push(l),
  };
  const cert = (base: string) => new X509Certificate(readFileSync(join(certDir, `${base}.crt`)));
  const openssl = (base: string) =>
    execFileSync('openssl', ['x509', '-noout', '-text', '-in', join(certDir, `${base}.crt`)], { encoding: 'utf8' });

  before(async () => {
    await generatePki(opts);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints kubeadm progress lines', () => {
    assert.equal(lines[0], `[certs] Using certificateDir folder "${certDir}"`);
    assert.ok(lines.includes('[certs] Generating "ca" certificate and key'));
    assert.ok(lines.includes('[certs] Generating "etcd/healthcheck-client" certificate and key'));
    assert.ok(lines.includes('[certs] Generating "sa" key and public key'));
    assert.ok(
      lines.includes(
        '[certs] apiserver serving cert is signed for DNS names [api.example.com cp1 kubernetes kubernetes.default ' +
          'kubernetes.default.svc kubernetes.default.svc.example.internal localhost] and IPs [10.100.0.1 192.168.1.10 127.0.0.1 10.0.0.5]',
      ),
      lines.join('\n'),
    );
    assert.ok(lines.some((l) => l.includes("'bad_name' was not added to the 'apiserver' SAN")));
  });

  it('makes three self-signed CAs valid for ten years', () => {
    for (const [base, cn] of [
      ['ca', 'kubernetes'],
      ['front-proxy-ca', 'front-proxy-ca'],
      ['etcd/ca', 'etcd-ca'],
    ]) {
      const c = cert(base);
      assert.equal(c.subject, `CN=${cn}`);
      assert.equal(c.issuer, `CN=${cn}`);
      assert.equal(c.ca, true);
      assert.ok(c.verify(c.publicKey));
      const years = (Date.parse(c.validTo) - Date.now()) / (365 * DAY);
      assert.ok(years > 9.99 && years <= 10, `${base} valid ${years} years`);
      const text = openssl(base);
      assert.match(text, /X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment, Certificate Sign/);
      assert.match(text, /CA:TRUE/);
      assert.match(text, /Public-Key: \(2048 bit\)/);
    }
  });

  it('signs each leaf with its CA, with kubeadm subjects and usages', () => {
    const leaves: [string, string, string, string[]][] = [
      ['apiserver', 'ca', 'CN=kube-apiserver', [SERVER_AUTH]],
      ['apiserver-kubelet-client', 'ca', 'O=kubeadm:cluster-admins\nCN=kube-apiserver-kubelet-client', [CLIENT_AUTH]],
      ['front-proxy-client', 'front-proxy-ca', 'CN=front-proxy-client', [CLIENT_AUTH]],
      ['etcd/server', 'etcd/ca', 'CN=cp1', [SERVER_AUTH, CLIENT_AUTH]],
      ['etcd/peer', 'etcd/ca', 'CN=cp1', [SERVER_AUTH, CLIENT_AUTH]],
      ['etcd/healthcheck-client', 'etcd/ca', 'CN=kube-etcd-healthcheck-client', [CLIENT_AUTH]],
      ['apiserver-etcd-client', 'etcd/ca', 'CN=kube-apiserver-etcd-client', [CLIENT_AUTH]],
    ];
    for (const [base, caBase, subject, eku] of leaves) {
      const c = cert(base);
      const ca = cert(caBase);
      assert.equal(c.subject, subject, base);
      assert.equal(c.issuer, ca.subject, base);
      assert.equal(c.ca, false);
      assert.deepEqual(c.keyUsage, eku, base);
      assert.ok(c.verify(ca.publicKey), `${base} verifies with ${caBase}`);
      assert.ok(!c.verify(cert(caBase === 'ca' ? 'etcd/ca' : 'ca').publicKey), `${base} not by another CA`);
      const days = (Date.parse(c.validTo) - Date.now()) / DAY;
      assert.ok(days > 364.9 && days <= 365, `${base} valid ${days} days`);
      const text = openssl(base);
      assert.match(text, /X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment\n/);
      assert.match(text, /CA:FALSE/);
      assert.match(text, /X509v3 Authority Key Identifier/);
      execFileSync('openssl', ['verify', '-CAfile', join(certDir, `${caBase}.crt`), join(certDir, `${base}.crt`)]);
    }
  });

  it('puts the right SANs in the serving certificates', () => {
    const san = (base: string) => (cert(base).subjectAltName ?? '').split(', ').sort();
    assert.deepEqual(
      san('apiserver'),
      [
        'DNS:api.example.com',
        'DNS:cp1',
        'DNS:kubernetes',
        'DNS:kubernetes.default',
        'DNS:kubernetes.default.svc',
        'DNS:kubernetes.default.svc.example.internal',
        'DNS:localhost',
        'IP Address:10.0.0.5',
        'IP Address:10.100.0.1',
        'IP Address:127.0.0.1',
        'IP Address:192.168.1.10',
      ].sort(),
    );
    for (const base of ['etcd/server', 'etcd/peer']) {
      assert.deepEqual(san(base), [
        'DNS:cp1',
        'DNS:localhost',
        'IP Address:0:0:0:0:0:0:0:1',
        'IP Address:127.0.0.1',
        'IP Address:192.168.1.10',
      ]);
    }
    assert.equal(cert('apiserver-etcd-client').subjectAltName, undefined);
    assert.ok(cert('apiserver').checkIP('10.100.0.1'));
    assert.ok(cert('etcd/server').checkIP('::1'));
  });

  it('writes keys as RSA 2048 PKCS#1 PEM with mode 0600, and a matching sa.pub', () => {
    for (const base of ['ca', 'apiserver', 'etcd/peer', 'front-proxy-client', 'sa']) {
      const file = join(certDir, `${base}.key`);
      assert.equal(statSync(file).mode & 0o777, 0o600, file);
      const pem = readFileSync(file, 'utf8');
      assert.match(pem, /^-----BEGIN RSA PRIVATE KEY-----\n/);
      assert.equal(createPrivateKey(pem).asymmetricKeyDetails?.modulusLength, 2048);
    }
    assert.equal(statSync(join(certDir, 'ca.crt')).mode & 0o777, 0o644);
    const pub = readFileSync(join(certDir, 'sa.pub'), 'utf8');
    assert.match(pub, /^-----BEGIN PUBLIC KEY-----\n/);
    const fromKey = createPublicKey(readFileSync(join(certDir, 'sa.key'))).export({ type: 'spki', format: 'pem' });
    assert.equal(pub, fromKey);
    assert.ok(cert('apiserver').checkPrivateKey(createPrivateKey(readFileSync(join(certDir, 'apiserver.key')))));
  });

  it('keeps existing files on a second run, regenerates with force', async () => {
    const before = readFileSync(join(certDir, 'apiserver.crt'), 'utf8');
    const sa = readFileSync(join(certDir, 'sa.key'), 'utf8');
    const log: string[] = [];
    const r = await generatePki({ ...opts, log: (l) => log.push(l) });
    assert.deepEqual(r.generated, []);
    assert.equal(r.existing.length, 11);
    assert.equal(readFileSync(join(certDir, 'apiserver.crt'), 'utf8'), before);
    assert.equal(readFileSync(join(certDir, 'sa.key'), 'utf8'), sa);
    assert.ok(log.includes('[certs] Using existing ca certificate authority'));
    assert.ok(log.includes('[certs] Using existing apiserver certificate and key on disk'));
    assert.ok(log.includes('[certs] Using the existing "sa" key'));

    const other = join(dir, 'forced');
    await generatePki({ ...opts, certDir: other });
    const first = readFileSync(join(other, 'ca.crt'), 'utf8');
    const r2 = await generatePki({ ...opts, certDir: other, force: true });
    assert.equal(r2.generated.length, 11);
    assert.notEqual(readFileSync(join(other, 'ca.crt'), 'utf8'), first);
  });

  it('refuses existing leaves that lack SANs, are signed by another CA, or lack a key', async () => {
    await assert.rejects(
      generatePki({ ...opts, apiServerCertSans: ['new.example.com'] }),
      /certificate apiserver is invalid: it is not valid for \[new.example.com\]/,
    );
    const etcdCa = loadCertificateAuthority(certDir, 'etcd/ca');
    const saved = readFileSync(join(certDir, 'front-proxy-client.crt'));
    const wrong = await newSignedCert(etcdCa, { commonName: 'front-proxy-client', usages: ['clientAuth'] });
    writeFileSync(join(certDir, 'front-proxy-client.crt'), certPem(wrong.cert));
    await assert.rejects(generatePki(opts), /certificate front-proxy-client is not signed by corresponding CA/);
    writeFileSync(join(certDir, 'front-proxy-client.crt'), saved);
    unlinkSync(join(certDir, 'apiserver-etcd-client.key'));
    await assert.rejects(generatePki(opts), /apiserver-etcd-client certificate and key: only the certificate exists/);
  });
});
