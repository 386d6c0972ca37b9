/**
 * Certificate and key primitives as kubeadm's pkiutil has them: RSA 2048 keys written as PKCS#1 PEM
 * (`RSA PRIVATE KEY`), SHA-256 signatures, random positive serial numbers, CA certificates valid for
 * ten years and leaves for one, both backdated so that a slightly slow clock still accepts them.
 */
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, generateKeyPair, webcrypto, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const generateKeyPairAsync = promisify(generateKeyPair);

/** kubeadm's `CertificateValidityPeriod`: one year. */
export const CERTIFICATE_VALIDITY_MS = 365 * 24 * 3600_000;
/** kubeadm's `CACertificateValidityPeriod`: ten years. */
export const CA_CERTIFICATE_VALIDITY_MS = 10 * CERTIFICATE_VALIDITY_MS;
/** kubeadm's `CertificateBackdate`: NotBefore is set this far in the past. */
export const CERTIFICATE_BACKDATE_MS = 5 * 60_000;

/** A private key both as node:crypto and WebCrypto objects. */
export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A certificate with the key that signs with it (a CA, or a leaf we just made). */
export interface CertAndKey {
  cert: x509.X509Certificate;
  key: KeyPair;
}

/** What a certificate is for: kubeadm's `certutil.Config`. */
export interface CertConfig {
  commonName: string;
  organization?: string[];
  /** Extended key usages; none for a CA. */
  usages?: ('serverAuth' | 'clientAuth')[];
  dnsNames?: string[];
  ips?: string[];
  /** Overrides the one-year (leaf) or ten-year (CA) validity. */
  notAfter?: Date;
  /** The kind of a new key (default RSA-2048). */
  encryptionAlgorithm?: EncryptionAlgorithm;
}

/** kubeadm's `encryptionAlgorithm` values: the kind of every key it makes. */
export const ENCRYPTION_ALGORITHMS = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'ECDSA-P256', 'ECDSA-P384'] as const;
export type EncryptionAlgorithm = (typeof ENCRYPTION_ALGORITHMS)[number];

/** A new key pair of `algorithm` (kubeadm's default RSA-2048). */
export async function newPrivateKey(algorithm: EncryptionAlgorithm = 'RSA-2048'): Promise<KeyPair> {
  const [kind, size] = algorithm.split('-');
  const { privateKey, publicKey } =
    kind === 'RSA'
      ? await generateKeyPairAsync('rsa', { modulusLength: Number(size) })
      : await generateKeyPairAsync('ec', { namedCurve: size === 'P256' ? 'prime256v1' : 'secp384r1' });
  return { privateKey, publicKey };
}

/** The kind of an existing key, as `newPrivateKey` names it. */
export function algorithmOf(key: KeyPair): EncryptionAlgorithm {
  const d = key.privateKey.asymmetricKeyDetails ?? {};
  if (key.privateKey.asymmetricKeyType === 'rsa') return `RSA-${d.modulusLength}` as EncryptionAlgorithm;
  return d.namedCurve === 'secp384r1' ? 'ECDSA-P384' : 'ECDSA-P256';
}

/** Key usages of a certificate for `key`: key encipherment only for RSA keys, as Go's x509 advises. */
function keyUsages(key: KeyPair, ca: boolean): number {
  let flags = x509.KeyUsageFlags.digitalSignature | (ca ? x509.KeyUsageFlags.keyCertSign : 0);
  if (key.privateKey.asymmetricKeyType === 'rsa') flags |= x509.KeyUsageFlags.keyEncipherment;
  return flags;
}

/** The private key as PEM: PKCS#1 `RSA PRIVATE KEY` for RSA (as kubeadm writes it), SEC1 for EC. */
export function privateKeyPem(key: KeyPair): string {
  const type = key.privateKey.asymmetricKeyType === 'rsa' ? 'pkcs1' : 'sec1';
  return key.privateKey.export({ type, format: 'pem' }).toString();
}

/** The public key as a PKIX `PUBLIC KEY` PEM block (kubeadm's `sa.pub`). */
export function publicKeyPem(key: KeyPair): string {
  return key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** A key pair from a PEM private key (PKCS#1, PKCS#8 or SEC1). */
export function parsePrivateKey(pem: string | Buffer): KeyPair {
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** The certificate as PEM, one block, newline-terminated. */
export function certPem(cert: x509.X509Certificate): string {
  return cert.toString('pem').replace(/\r\n/g, '\n').trimEnd() + '\n';
}

/** Parses the first certificate of a PEM (or DER) buffer. */
export function parseCert(data: string | Buffer): x509.X509Certificate {
  return new x509.X509Certificate(typeof data === 'string' ? data : data.toString('utf8'));
}

/** The WebCrypto algorithm that signs with `key`, SHA-256 either way. */
/** An import and signing algorithm, as WebCrypto takes it. */
type SignAlgorithm = { name: string; hash: string; namedCurve?: string };

function algorithmFor(key: KeyObject): SignAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const namedCurve = curve === 'secp384r1' ? 'P-384' : curve === 'secp521r1' ? 'P-521' : 'P-256';
    return { name: 'ECDSA', namedCurve, hash: 'SHA-256' };
  }
  throw new Error(`unsupported private key type "${key.asymmetricKeyType}"`);
}

async function signingKey(key: KeyPair): Promise<webcrypto.CryptoKey> {
  const der = key.privateKey.export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', der, algorithmFor(key.privateKey), false, ['sign']);
}

async function verifyingKey(key: KeyPair): Promise<webcrypto.CryptoKey> {
  const der = key.publicKey.export({ type: 'spki', format: 'der' });
  return webcrypto.subtle.importKey('spki', der, algorithmFor(key.privateKey), true, ['verify']);
}

/** A random serial in [1, 2^63 − 1], as Go's `cryptorand.Int(MaxInt64-1) + 1`. */
function serialNumber(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(8));
  bytes[0] &= 0x7f;
  if (bytes.every((b) => b === 0)) bytes[7] = 1;
  return Buffer.from(bytes).toString('hex');
}

/** The subject as Go's pkix.Name orders it: O (one RDN, several values) before CN. */
function subjectOf(cfg: CertConfig): x509.JsonName {
  const name: x509.JsonName = [];
  if (cfg.organization?.length) name.push({ O: [...cfg.organization] });
  name.push({ CN: [cfg.commonName] });
  return name;
}

function altNamesExtension(cfg: CertConfig): x509.Extension[] {
  const names = [
    ...(cfg.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(cfg.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  return names.length ? [new x509.SubjectAlternativeNameExtension(names)] : [];
}

/** A self-signed CA certificate and a new key for it (kubeadm's `NewCertificateAuthority`). */
export async function newCertificateAuthority(cfg: CertConfig): Promise<CertAndKey> {
  const key = await newPrivateKey(cfg.encryptionAlgorithm);
  const now = Date.now();
  const publicKey = await verifyingKey(key);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: subjectOf(cfg),
    issuer: subjectOf(cfg),
    notBefore: new Date(now - CERTIFICATE_BACKDATE_MS),
    notAfter: cfg.notAfter ?? new Date(now + CA_CERTIFICATE_VALIDITY_MS),
    signingAlgorithm: algorithmFor(key.privateKey),
    publicKey,
    signingKey: await signingKey(key),
    extensions: [
      new x509.KeyUsagesExtension(keyUsages(key, true), true),
      new x509.BasicConstraintsExtension(true, undefined, true),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      ...altNamesExtension(cfg),
    ],
  });
  return { cert, key };
}

/** A certificate for `cfg` and `key` (a new one when omitted), signed by `ca` (kubeadm's `NewSignedCert`). */
export async function newSignedCert(ca: CertAndKey, cfg: CertConfig, key?: KeyPair): Promise<CertAndKey> {
  if (!cfg.commonName) throw new Error('must specify a CommonName');
  if (!cfg.usages?.length) throw new Error('must specify at least one ExtKeyUsage');
  const own = key ?? (await newPrivateKey(cfg.encryptionAlgorithm));
  const now = Date.now();
  const eku = cfg.usages.map((u) => x509.ExtendedKeyUsage[u]);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: subjectOf(cfg),
    issuer: ca.cert.subjectName,
    notBefore: new Date(now - CERTIFICATE_BACKDATE_MS),
    notAfter: cfg.notAfter ?? new Date(now + CERTIFICATE_VALIDITY_MS),
    signingAlgorithm: algorithmFor(ca.key.privateKey),
    publicKey: await verifyingKey(own),
    signingKey: await signingKey(ca.key),
    extensions: [
      new x509.KeyUsagesExtension(keyUsages(own, false), true),
      new x509.ExtendedKeyUsageExtension(eku),
      new x509.BasicConstraintsExtension(false, undefined, true),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey),
      ...altNamesExtension(cfg),
    ],
  });
  return { cert, key: own };
}

/** Loads `<dir>/<base>.crt` and `<dir>/<base>.key` and checks that the certificate is a CA. */
export function loadCertificateAuthority(dir: string, baseName: string): CertAndKey {
  const { cert, key } = loadCertAndKey(dir, baseName);
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  if (!bc?.ca) throw new Error(`${baseName} certificate is not a certificate authority`);
  return { cert, key };
}

/** Loads `<dir>/<base>.crt` and `<dir>/<base>.key`. */
export function loadCertAndKey(dir: string, baseName: string): CertAndKey {
  const certFile = `${dir}/${baseName}.crt`;
  const keyFile = `${dir}/${baseName}.key`;
  if (!existsSync(certFile)) throw new Error(`couldn't load the certificate file ${certFile}`);
  if (!existsSync(keyFile)) throw new Error(`couldn't load the private key file ${keyFile}`);
  return { cert: parseCert(readFileSync(certFile)), key: parsePrivateKey(readFileSync(keyFile)) };
}

/** Whether `cert` carries `ca`'s signature and `ca`'s subject as issuer. */
export async function isSignedBy(cert: x509.X509Certificate, ca: x509.X509Certificate): Promise<boolean> {
  if (cert.issuer !== ca.subject) return false;
  return cert.verify({ publicKey: ca.publicKey, signatureOnly: true });
}

/**
 * A client certificate for user `commonName` in groups `organization`, signed by the CA in
 * `<certDir>/<caBaseName>.crt|key` — what kubeconfigs and tests use.
 */
export async function signClientCert(
  certDir: string,
  commonName: string,
  organization: string[] = [],
  caBaseName = 'ca',
): Promise<{ cert: string; key: string; ca: string }> {
  const ca = loadCertificateAuthority(certDir, caBaseName);
  const made = await newSignedCert(ca, { commonName, organization, usages: ['clientAuth'] });
  return { cert: certPem(made.cert), key: privateKeyPem(made.key), ca: certPem(ca.cert) };
}
