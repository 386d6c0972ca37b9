/**
 * The serving certificate. With `--tls-cert-file`/`--tls-private-key-file` those are used; without,
 * kube-apiserver makes a self-signed one in `--cert-dir` (`apiserver.crt`, `apiserver.key`) and
 * reuses it on later starts. Ours is an ECDSA P-256 certificate, its own CA, valid for localhost,
 * the loopback and advertise addresses, the first service IP and the `kubernetes` service names.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface ServingCert {
  cert: Buffer;
  key: Buffer;
  certFile: string;
}

const pem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END ${label}-----\n`;

/** A self-signed CA certificate and key for `hosts` (DNS names or IP addresses). */
export async function selfSigned(commonName: string, hosts: string[]): Promise<{ cert: string; key: string }> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const isIP = (h: string) => /^[\d.]+$/.test(h) || h.includes(':');
  const now = new Date();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    name: `CN=${commonName}`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 365 * 24 * 3600_000),
    signingAlgorithm: alg,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(hosts.map((h) => ({ type: isIP(h) ? 'ip' : 'dns', value: h }))),
    ],
  });
  const key = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { cert: cert.toString('pem') + '\n', key: pem('PRIVATE KEY', key) };
}

/** The certificate to serve with, made and saved in `certDir` on first use when no files are given. */
export async function servingCert(opts: {
  certFile?: string;
  keyFile?: string;
  certDir: string;
  hosts: string[];
}): Promise<ServingCert> {
  if (opts.certFile && opts.keyFile) {
    return { cert: readFileSync(opts.certFile), key: readFileSync(opts.keyFile), certFile: opts.certFile };
  }
  const certFile = join(opts.certDir, 'apiserver.crt');
  const keyFile = join(opts.certDir, 'apiserver.key');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(opts.certDir, { recursive: true, mode: 0o700 });
    const made = await selfSigned('k8ts-apiserver', opts.hosts);
    writeFileSync(keyFile, made.key, { mode: 0o600 });
    writeFileSync(certFile, made.cert);
  }
  return { cert: readFileSync(certFile), key: readFileSync(keyFile), certFile };
}
