/**
 * The serving certificate. With `--tls-cert-file`/`--tls-private-key-file` those are used; without,
 * kube-apiserver makes a self-signed one in `--cert-dir` (`apiserver.crt`, `apiserver.key`) and
 * reuses it on later starts. Ours is an ECDSA P-256 certificate, its own CA, valid for localhost,
 * the loopback and advertise addresses, the first service IP and the `kubernetes` service names.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selfSigned } from '../pki/self-signed.js';

export interface ServingCert {
  cert: Buffer;
  key: Buffer;
  certFile: string;
}

export { selfSigned };

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
