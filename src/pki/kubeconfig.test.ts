import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { generatePki } from './certs.js';
import { readKubeconfig, writeKubeconfigs } from './kubeconfig.js';
import { signClientCert } from './x509.js';

/** GETs https://127.0.0.1:port/ presenting `cert`/`key`, trusting `ca`; resolves the server's reply. */
function get(port: number, ca: string, cert: string, key: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', ca, cert, key, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve(`${res.statusCode} ${body}`));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An HTTPS server with the apiserver's certificate, answering with the verified client's CN/O. */
async function apiserverLike(certDir: string): Promise<Server> {
  const server = createServer(
    {
      cert: readFileSync(join(certDir, 'apiserver.crt')),
      key: readFileSync(join(certDir, 'apiserver.key')),
      ca: readFileSync(join(certDir, 'ca.crt')),
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      const sock = req.socket as TLSSocket;
      const peer = sock.getPeerCertificate();
      res.end(sock.authorized ? `${peer.subject.CN}/${peer.subject.O}` : `unauthorized`);
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

/** GETs as the kubeconfig's user. */
function getAs(port: number, kubeconfig: string): Promise<string> {
  const k = readKubeconfig(kubeconfig);
  return get(port, k.caCert as string, k.clientCert as string, k.clientKey as string);
}

describe('writeKubeconfigs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-kubeconfig-'));
  const certDir = join(dir, 'pki');
  const lines: string[] = [];
  before(async () => {
    await generatePki({ certDir, nodeName: 'cp1', advertiseAddress: '192.168.1.10' });
    await writeKubeconfigs({ certDir, kubeconfigDir: dir, nodeNames: ['cp1', 'w1'], log: (l) => lines.push(l) });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes kubeadm files with the right identities', () => {
    assert.deepEqual(lines.slice(1), [
      '[kubeconfig] Writing "admin.conf" kubeconfig file',
      '[kubeconfig] Writing "super-admin.conf" kubeconfig file',
      '[kubeconfig] Writing "kubelet.conf" kubeconfig file',
      '[kubeconfig] Writing "kubelet-w1.conf" kubeconfig file',
      '[kubeconfig] Writing "controller-manager.conf" kubeconfig file',
      '[kubeconfig] Writing "scheduler.conf" kubeconfig file',
    ]);
    const ca = new X509Certificate(readFileSync(join(certDir, 'ca.crt')));
    const expected: [string, string, string][] = [
      ['admin.conf', 'kubernetes-admin', 'O=kubeadm:cluster-admins\nCN=kubernetes-admin'],
      ['super-admin.conf', 'kubernetes-super-admin', 'O=system:masters\nCN=kubernetes-super-admin'],
      ['kubelet.conf', 'system:node:cp1', 'O=system:nodes\nCN=system:node:cp1'],
      ['kubelet-w1.conf', 'system:node:w1', 'O=system:nodes\nCN=system:node:w1'],
      ['controller-manager.conf', 'system:kube-controller-manager', 'CN=system:kube-controller-manager'],
      ['scheduler.conf', 'system:kube-scheduler', 'CN=system:kube-scheduler'],
    ];
    for (const [file, user, subject] of expected) {
      const path = join(dir, file);
      assert.equal(statSync(path).mode & 0o777, 0o600);
      const doc = parse(readFileSync(path, 'utf8'));
      assert.equal(doc.kind, 'Config');
      assert.equal(doc['current-context'], `${user}@kubernetes`);
      assert.deepEqual(doc.contexts, [{ context: { cluster: 'kubernetes', user }, name: `${user}@kubernetes` }]);
      assert.equal(doc.clusters[0].name, 'kubernetes');
      assert.equal(doc.clusters[0].cluster.server, 'https://127.0.0.1:6443');
      assert.equal(doc.users[0].name, user);
      const creds = readKubeconfig(path);
      assert.equal(creds.caCert?.trim(), readFileSync(join(certDir, 'ca.crt'), 'utf8').trim());
      const client = new X509Certificate(creds.clientCert as string);
      assert.equal(client.subject, subject, file);
      assert.deepEqual(client.keyUsage, ['1.3.6.1.5.5.7.3.2']);
      assert.ok(client.verify(ca.publicKey));
      assert.match(creds.clientKey as string, /^-----BEGIN RSA PRIVATE KEY-----/);
    }
    assert.match(readFileSync(join(dir, 'admin.conf'), 'utf8'), /^apiVersion: v1\nclusters:\n- cluster:\n/);
  });

  it("lets admin.conf's client talk to a TLS server using apiserver.crt", async () => {
    const server = await apiserverLike(certDir);
    try {
      const { port } = server.address() as AddressInfo;
      assert.equal(await getAs(port, join(dir, 'admin.conf')), '200 kubernetes-admin/kubeadm:cluster-admins');
      const signed = await signClientCert(certDir, 'jane', ['devs']);
      assert.equal(await get(port, signed.ca, signed.cert, signed.key), '200 jane/devs');
      const foreign = await signClientCert(certDir, 'mallory', [], 'front-proxy-ca');
      assert.equal(await get(port, signed.ca, foreign.cert, foreign.key), '200 unauthorized');
      const wrongTrust = readFileSync(join(certDir, 'etcd/ca.crt'), 'utf8');
      await assert.rejects(get(port, wrongTrust, signed.cert, signed.key), /self-signed|unable to verify|certificate/i);
    } finally {
      server.close();
    }
  });

  it('keeps existing kubeconfigs and refuses one with another CA', async () => {
    const text = readFileSync(join(dir, 'admin.conf'), 'utf8');
    const log: string[] = [];
    const r = await writeKubeconfigs({ certDir, kubeconfigDir: dir, nodeNames: ['cp1'], log: (l) => log.push(l) });
    assert.deepEqual(r.written, []);
    assert.equal(readFileSync(join(dir, 'admin.conf'), 'utf8'), text);
    assert.ok(log.includes(`[kubeconfig] Using existing kubeconfig file: "${join(dir, 'admin.conf')}"`));
    const otherPki = join(dir, 'other-pki');
    await generatePki({ certDir: otherPki, nodeName: 'cp1', advertiseAddress: '192.168.1.10' });
    await assert.rejects(
      writeKubeconfigs({ certDir: otherPki, kubeconfigDir: dir, nodeNames: ['cp1'] }),
      /exists already but has got the wrong CA cert/,
    );
  });
});

describe('an ECDSA-P256 cluster (k8ts server makes one, as k3s does)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-kubeconfig-ec-'));
  const certDir = join(dir, 'pki');
  before(async () => {
    await generatePki({ certDir, nodeName: 'cp1', advertiseAddress: '127.0.0.1', encryptionAlgorithm: 'ECDSA-P256' });
    await writeKubeconfigs({ certDir, kubeconfigDir: dir, nodeNames: ['cp1'] });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('makes every key P-256, certificates without key encipherment, and clients that TLS accepts', async () => {
    for (const base of ['ca', 'apiserver', 'etcd/server', 'front-proxy-ca', 'sa']) {
      const pem = readFileSync(join(certDir, `${base}.key`), 'utf8');
      assert.match(pem, /^-----BEGIN EC PRIVATE KEY-----\n/, base);
      assert.equal(createPrivateKey(pem).asymmetricKeyDetails?.namedCurve, 'prime256v1', base);
    }
    const admin = readKubeconfig(join(dir, 'admin.conf'));
    assert.equal(createPrivateKey(admin.clientKey as string).asymmetricKeyType, 'ec');
    const text = execFileSync('openssl', ['x509', '-noout', '-text', '-in', join(certDir, 'apiserver.crt')], {
      encoding: 'utf8',
    });
    assert.match(text, /X509v3 Key Usage: critical\n\s+Digital Signature\n/);
    assert.match(text, /Signature Algorithm: ecdsa-with-SHA256/);
    const server = await apiserverLike(certDir);
    try {
      const { port } = server.address() as AddressInfo;
      assert.equal(await getAs(port, join(dir, 'admin.conf')), '200 kubernetes-admin/kubeadm:cluster-admins');
    } finally {
      server.close();
    }
  });
});
