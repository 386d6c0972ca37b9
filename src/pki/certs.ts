/**
 * The cluster PKI as `kubeadm init phase certs all` lays it out in /etc/kubernetes/pki: three CAs
 * (kubernetes, front-proxy, etcd), the leaves each one signs, and the service-account key pair.
 * Files already on disk are kept, as kubeadm keeps them, after checking that each leaf is signed by
 * its CA and still carries the SANs asked for; `force` regenerates everything.
 */
import 'reflect-metadata';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import * as x509 from '@peculiar/x509';
import {
  certPem,
  isSignedBy,
  loadCertAndKey,
  newCertificateAuthority,
  newPrivateKey,
  newSignedCert,
  parseCert,
  parsePrivateKey,
  privateKeyPem,
  publicKeyPem,
  type CertAndKey,
  type CertConfig,
  type EncryptionAlgorithm,
} from './x509.js';
import {
  canonicalIP,
  DEFAULT_DNS_DOMAIN,
  DEFAULT_SERVICE_CIDR,
  defaultAdvertiseAddress,
  firstServiceIP,
  isDnsName,
} from './net.js';

/** kubeadm's `--cert-dir` default. */
export const DEFAULT_CERT_DIR = '/etc/kubernetes/pki';

/** What `generatePki` needs to know; everything but `certDir` has kubeadm's default. */
export interface PkiOptions {
  certDir: string;
  /** The node's name: etcd's CN and a SAN of every serving certificate (default: the host name). */
  nodeName?: string;
  /** `--apiserver-advertise-address` (default: this host's first non-loopback IPv4). */
  advertiseAddress?: string;
  /** `--service-cidr`; its first address is a SAN of the apiserver certificate. */
  serviceCidr?: string;
  /** `--service-dns-domain`: `kubernetes.default.svc.<domain>`. */
  dnsDomain?: string;
  /** `--apiserver-cert-extra-sans`: more IPs and DNS names for the apiserver certificate. */
  apiServerCertSans?: string[];
  /** The kind of every key (kubeadm's `encryptionAlgorithm`, default RSA-2048). */
  encryptionAlgorithm?: EncryptionAlgorithm;
  /** Regenerate files that exist already. */
  force?: boolean;
  /** Where progress lines go (`[certs] Generating "ca" certificate and key`); default: nowhere. */
  log?: (line: string) => void;
}

/** The options with every default filled in. */
export type ResolvedPkiOptions = Required<Omit<PkiOptions, 'log'>> & { log: (line: string) => void };

/** One certificate kubeadm makes: kubeadm's `KubeadmCert`. */
export interface CertSpec {
  /** The name kubeadm's commands use (`apiserver`, `etcd-server`, `etcd-ca`). */
  name: string;
  /** The file name without extension, relative to the cert dir (`etcd/server`). */
  baseName: string;
  longName: string;
  /** The `name` of the signing CA; none for a CA. */
  caName?: string;
  config(o: ResolvedPkiOptions): CertConfig;
}

/** Subject alternative names: DNS names and IPs. */
export interface AltNames {
  dnsNames: string[];
  ips: string[];
}

/** Fills in kubeadm's defaults. */
export function resolvePkiOptions(o: PkiOptions): ResolvedPkiOptions {
  return {
    certDir: o.certDir,
    nodeName: (o.nodeName ?? hostname()).toLowerCase(),
    advertiseAddress: o.advertiseAddress ?? defaultAdvertiseAddress(),
    serviceCidr: o.serviceCidr ?? DEFAULT_SERVICE_CIDR,
    dnsDomain: o.dnsDomain ?? DEFAULT_DNS_DOMAIN,
    apiServerCertSans: o.apiServerCertSans ?? [],
    encryptionAlgorithm: o.encryptionAlgorithm ?? 'RSA-2048',
    force: o.force ?? false,
    log: o.log ?? (() => {}),
  };
}

/** Sorted unique DNS names, IPs unique in order (kubeadm's `RemoveDuplicateAltNames`). */
function dedupe(alt: AltNames): AltNames {
  const ips: string[] = [];
  for (const ip of alt.ips.map((i) => canonicalIP(i) ?? i)) if (!ips.includes(ip)) ips.push(ip);
  return { dnsNames: [...new Set(alt.dnsNames)].sort(), ips };
}

/** Adds each SAN to the IPs or DNS names; anything else is skipped with kubeadm's warning. */
function appendSans(alt: AltNames, sans: string[], certName: string, log: (l: string) => void): void {
  for (const san of sans) {
    if (canonicalIP(san)) alt.ips.push(san);
    else if (isDnsName(san)) alt.dnsNames.push(san);
    else
      log(
        `[certificates] WARNING: '${san}' was not added to the '${certName}' SAN, because it is not a valid IP or RFC-1123 compliant DNS entry`,
      );
  }
}

function requireIP(ip: string, flag: string): string {
  if (!canonicalIP(ip)) throw new Error(`error parsing ${flag} ${ip}: not a valid IP address`);
  return ip;
}

/**
 * The apiserver's SANs: the `kubernetes` service names, the node name, the service VIP, the
 * advertise address, plus (for local clients, beyond kubeadm) `localhost` and `127.0.0.1`, plus extras.
 */
export function apiServerAltNames(o: ResolvedPkiOptions): AltNames {
  const alt: AltNames = {
    dnsNames: [
      o.nodeName,
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      `kubernetes.default.svc.${o.dnsDomain}`,
      'localhost',
    ],
    ips: [firstServiceIP(o.serviceCidr), requireIP(o.advertiseAddress, 'apiserver advertise address'), '127.0.0.1'],
  };
  appendSans(alt, o.apiServerCertSans, 'apiserver', o.log);
  return dedupe(alt);
}

/** etcd's serving and peer SANs: `localhost`, the node name, the advertise address and both loopbacks. */
export function etcdAltNames(o: ResolvedPkiOptions): AltNames {
  return dedupe({
    dnsNames: [o.nodeName, 'localhost'],
    ips: [requireIP(o.advertiseAddress, 'apiserver advertise address'), '127.0.0.1', '::1'],
  });
}

const ca = (commonName: string) => () => ({ commonName });
const client = (commonName: string, organization?: string[]) => () => ({
  commonName,
  organization,
  usages: ['clientAuth' as const],
});
const etcdServing = (o: ResolvedPkiOptions): CertConfig => ({
  commonName: o.nodeName,
  usages: ['serverAuth', 'clientAuth'],
  ...etcdAltNames(o),
});

/** Every certificate, in the order kubeadm generates them (each CA just before its leaves). */
export const CERT_LIST: readonly CertSpec[] = [
  { name: 'ca', baseName: 'ca', longName: 'self-signed Kubernetes CA', config: ca('kubernetes') },
  {
    name: 'apiserver',
    baseName: 'apiserver',
    longName: 'certificate for serving the Kubernetes API',
    caName: 'ca',
    config: (o) => ({ commonName: 'kube-apiserver', usages: ['serverAuth'], ...apiServerAltNames(o) }),
  },
  {
    name: 'apiserver-kubelet-client',
    baseName: 'apiserver-kubelet-client',
    longName: 'certificate for the API server to connect to kubelet',
    caName: 'ca',
    config: client('kube-apiserver-kubelet-client', ['kubeadm:cluster-admins']),
  },
  {
    name: 'front-proxy-ca',
    baseName: 'front-proxy-ca',
    longName: 'self-signed CA for the front proxy',
    config: ca('front-proxy-ca'),
  },
  {
    name: 'front-proxy-client',
    baseName: 'front-proxy-client',
    longName: 'certificate for the front proxy client',
    caName: 'front-proxy-ca',
    config: client('front-proxy-client'),
  },
  { name: 'etcd-ca', baseName: 'etcd/ca', longName: 'self-signed CA for etcd', config: ca('etcd-ca') },
  {
    name: 'etcd-server',
    baseName: 'etcd/server',
    longName: 'certificate for serving etcd',
    caName: 'etcd-ca',
    config: etcdServing,
  },
  {
    name: 'etcd-peer',
    baseName: 'etcd/peer',
    longName: 'certificate for etcd nodes to communicate with each other',
    caName: 'etcd-ca',
    config: etcdServing,
  },
  {
    name: 'etcd-healthcheck-client',
    baseName: 'etcd/healthcheck-client',
    longName: 'certificate for liveness probes to healthcheck etcd',
    caName: 'etcd-ca',
    config: client('kube-etcd-healthcheck-client'),
  },
  {
    name: 'apiserver-etcd-client',
    baseName: 'apiserver-etcd-client',
    longName: 'certificate the apiserver uses to access etcd',
    caName: 'etcd-ca',
    config: client('kube-apiserver-etcd-client'),
  },
];

/** What `generatePki` did with each file set, by base name. */
export interface PkiResult {
  generated: string[];
  existing: string[];
}

function writeFile(file: string, data: string, mode: number): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
  writeFileSync(file, data, { mode });
  chmodSync(file, mode);
}

/** Writes `<base>.crt` (0644) and `<base>.key` (0600). */
export function writeCertAndKey(certDir: string, baseName: string, made: CertAndKey): void {
  writeFile(join(certDir, `${baseName}.key`), privateKeyPem(made.key), 0o600);
  writeFile(join(certDir, `${baseName}.crt`), certPem(made.cert), 0o644);
}

/** Which of `<base>.crt` and `<base>.key` exist: 'both', 'none', or the error for half a pair. */
function pairState(certDir: string, baseName: string): 'both' | 'none' {
  const crt = existsSync(join(certDir, `${baseName}.crt`));
  const key = existsSync(join(certDir, `${baseName}.key`));
  if (crt && key) return 'both';
  if (!crt && !key) return 'none';
  throw new Error(`failure loading ${baseName} certificate and key: only the ${crt ? 'certificate' : 'key'} exists`);
}

/** Throws unless an existing leaf is signed by `ca` and has every SAN `cfg` asks for. */
async function checkExisting(spec: CertSpec, leaf: x509.X509Certificate, ca: CertAndKey, cfg: CertConfig) {
  if (!(await isSignedBy(leaf, ca.cert)))
    throw new Error(`certificate ${spec.baseName} is not signed by corresponding CA`);
  const san = leaf.getExtension(x509.SubjectAlternativeNameExtension);
  const have = new Set(
    (san?.names.items ?? []).map((n) => (n.type === 'ip' ? (canonicalIP(n.value) ?? n.value) : n.value)),
  );
  const missing = [...(cfg.dnsNames ?? []), ...(cfg.ips ?? [])].filter((n) => !have.has(n));
  if (missing.length) {
    throw new Error(
      `certificate ${spec.baseName} is invalid: it is not valid for [${missing.join(' ')}]; delete it or regenerate with force`,
    );
  }
}

/** Generates (or keeps) every certificate of `CERT_LIST` and the service-account key pair. */
export async function generatePki(options: PkiOptions): Promise<PkiResult> {
  const o = resolvePkiOptions(options);
  const result: PkiResult = { generated: [], existing: [] };
  o.log(`[certs] Using certificateDir folder "${o.certDir}"`);
  const cas = new Map<string, CertAndKey>();
  for (const spec of CERT_LIST) {
    const state = o.force ? 'none' : pairState(o.certDir, spec.baseName);
    if (!spec.caName) {
      if (state === 'both') {
        const existing = loadCertAndKey(o.certDir, spec.baseName);
        if (!existing.cert.getExtension(x509.BasicConstraintsExtension)?.ca)
          throw new Error(`certificate ${spec.name} is not a CA`);
        o.log(`[certs] Using existing ${spec.baseName} certificate authority`);
        cas.set(spec.name, existing);
        result.existing.push(spec.baseName);
        continue;
      }
      o.log(`[certs] Generating "${spec.baseName}" certificate and key`);
      const made = await newCertificateAuthority({ ...spec.config(o), encryptionAlgorithm: o.encryptionAlgorithm });
      writeCertAndKey(o.certDir, spec.baseName, made);
      cas.set(spec.name, made);
      result.generated.push(spec.baseName);
      continue;
    }
    const issuer = cas.get(spec.caName) as CertAndKey;
    const cfg = { ...spec.config(o), encryptionAlgorithm: o.encryptionAlgorithm };
    if (state === 'both') {
      await checkExisting(spec, parseCert(readFileSync(join(o.certDir, `${spec.baseName}.crt`))), issuer, cfg);
      o.log(`[certs] Using existing ${spec.baseName} certificate and key on disk`);
      result.existing.push(spec.baseName);
      continue;
    }
    o.log(`[certs] Generating "${spec.baseName}" certificate and key`);
    if (cfg.dnsNames?.length || cfg.ips?.length) {
      o.log(
        `[certs] ${spec.baseName} serving cert is signed for DNS names [${(cfg.dnsNames ?? []).join(' ')}] and IPs [${(cfg.ips ?? []).join(' ')}]`,
      );
    }
    writeCertAndKey(o.certDir, spec.baseName, await newSignedCert(issuer, cfg));
    result.generated.push(spec.baseName);
  }
  await generateServiceAccountKey(o, result);
  return result;
}

/** `sa.key` (0600) and `sa.pub` (PKIX PEM), the service-account token signing pair. */
async function generateServiceAccountKey(o: ResolvedPkiOptions, result: PkiResult): Promise<void> {
  const keyFile = join(o.certDir, 'sa.key');
  const pubFile = join(o.certDir, 'sa.pub');
  if (!o.force && existsSync(keyFile)) {
    o.log('[certs] Using the existing "sa" key');
    if (!existsSync(pubFile)) writeFile(pubFile, publicKeyPem(parsePrivateKey(readFileSync(keyFile))), 0o600);
    result.existing.push('sa');
    return;
  }
  o.log('[certs] Generating "sa" key and public key');
  const key = await newPrivateKey(o.encryptionAlgorithm);
  writeFile(keyFile, privateKeyPem(key), 0o600);
  writeFile(pubFile, publicKeyPem(key), 0o600);
  result.generated.push('sa');
}
