/**
 * `k8ts certs generate` (kubeadm's `init phase certs all`) and `k8ts certs check-expiration`
 * (kubeadm's `certs check-expiration`): flags, named as kubeadm's, → options → the pki library.
 */
import { dirname } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_CERT_DIR, generatePki, type PkiOptions } from '../pki/certs.js';
import { checkExpiration, formatExpirationReport } from '../pki/expiration.js';
import { canonicalIP, DEFAULT_DNS_DOMAIN, DEFAULT_SERVICE_CIDR } from '../pki/net.js';
import { ENCRYPTION_ALGORITHMS, type EncryptionAlgorithm } from '../pki/x509.js';

const list = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];
const ip = (v: string) => {
  if (!canonicalIP(v))
    throw new InvalidArgumentError(
      `couldn't use "${v}" as "apiserver-advertise-address", must be ipv4 or ipv6 address`,
    );
  return v;
};

/** The flags of `certs generate`, camel-cased by commander. */
interface GenerateFlags {
  certDir: string;
  apiserverCertExtraSans?: string[];
  apiserverAdvertiseAddress?: string;
  serviceCidr: string;
  serviceDnsDomain: string;
  nodeName?: string;
  encryptionAlgorithm?: EncryptionAlgorithm;
  force?: boolean;
}

/** Maps `certs generate` flags to `generatePki` options. */
export function toPkiOptions(f: GenerateFlags, log: (line: string) => void): PkiOptions {
  return {
    certDir: f.certDir,
    apiServerCertSans: f.apiserverCertExtraSans,
    advertiseAddress: f.apiserverAdvertiseAddress,
    serviceCidr: f.serviceCidr,
    dnsDomain: f.serviceDnsDomain,
    nodeName: f.nodeName,
    encryptionAlgorithm: f.encryptionAlgorithm,
    force: f.force,
    log,
  };
}

/** `k8ts certs`; `out` receives each line printed (default: stdout). */
export function certsCommand(out: (line: string) => void = (l) => console.log(l)): Command {
  const certs = new Command('certs').description('Commands related to handling kubernetes certificates');
  certs
    .command('generate')
    .description(
      'Generate the certificates a Kubernetes cluster needs: the kubernetes, front-proxy and etcd CAs, the certificates they sign, and the service account key pair (sa.key, sa.pub), laid out as kubeadm lays out /etc/kubernetes/pki. Files that exist already are kept.',
    )
    .option('--cert-dir <dir>', 'The path where to save and store the certificates.', DEFAULT_CERT_DIR)
    .option(
      '--apiserver-advertise-address <ip>',
      "The IP address the API Server will advertise it's listening on. If not set the default network interface will be used.",
      ip,
    )
    .option(
      '--apiserver-cert-extra-sans <sans>',
      'Optional extra Subject Alternative Names (SANs) to use for the API Server serving certificate. Can be both IP addresses and DNS names.',
      list,
    )
    .option('--service-cidr <cidr>', 'Use alternative range of IP address for service VIPs.', DEFAULT_SERVICE_CIDR)
    .option(
      '--service-dns-domain <domain>',
      'Use alternative domain for services, e.g. "myorg.internal".',
      DEFAULT_DNS_DOMAIN,
    )
    .option('--node-name <name>', 'Specify the node name.')
    .addOption(
      new Option(
        '--encryption-algorithm <algorithm>',
        "The kind of every key, as kubeadm's ClusterConfiguration encryptionAlgorithm sets it.",
      )
        .choices(ENCRYPTION_ALGORITHMS)
        .default('RSA-2048'),
    )
    .option('--force', 'Regenerate certificates and keys that exist already.')
    .action(async (flags: GenerateFlags) => {
      await generatePki(toPkiOptions(flags, out));
    });
  certs
    .command('check-expiration')
    .description(
      'Checks expiration for the certificates in the local PKI managed by kubeadm: those under --cert-dir and the client certificates embedded in the kubeconfig files under --kubeconfig-dir.',
    )
    .option('--cert-dir <dir>', 'The path where to save and store the certificates.', DEFAULT_CERT_DIR)
    .option('--kubeconfig-dir <dir>', 'The path where the kubeconfig files are. (default: the parent of --cert-dir)')
    .action((flags: { certDir: string; kubeconfigDir?: string }) => {
      const report = checkExpiration(flags.certDir, flags.kubeconfigDir ?? dirname(flags.certDir));
      out(formatExpirationReport(report).replace(/\n$/, ''));
    });
  return certs;
}
