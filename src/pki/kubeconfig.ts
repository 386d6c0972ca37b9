/**
 * The kubeconfig files of `kubeadm init phase kubeconfig all`: each embeds the cluster CA and a
 * client certificate (signed by that CA) for one identity, with cluster `kubernetes` and context
 * `<user>@kubernetes`. Files that exist are kept when their CA is the current one, as kubeadm does.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { algorithmOf, certPem, loadCertificateAuthority, newSignedCert, privateKeyPem } from './x509.js';

/** kubeadm's default cluster name. */
export const DEFAULT_CLUSTER_NAME = 'kubernetes';
/** Where kubeadm writes kubeconfigs. */
export const DEFAULT_KUBECONFIG_DIR = '/etc/kubernetes';
/** The server URL written when none is given. */
export const DEFAULT_SERVER = 'https://127.0.0.1:6443';

/** One kubeconfig kubeadm writes: file name, user (the certificate's CN) and groups (its O). */
export interface KubeconfigSpec {
  fileName: string;
  user: string;
  groups: string[];
}

/**
 * kubeadm's files, in its order: admin.conf (`kubeadm:cluster-admins`, bound to cluster-admin by
 * RBAC), super-admin.conf (`system:masters`, bypasses RBAC), kubelet.conf for the first node (more
 * nodes get `kubelet-<node>.conf`), controller-manager.conf and scheduler.conf.
 */
export function kubeconfigSpecs(nodeNames: string[]): KubeconfigSpec[] {
  const nodes = nodeNames.map((n, i) => ({
    fileName: i === 0 ? 'kubelet.conf' : `kubelet-${n}.conf`,
    user: `system:node:${n}`,
    groups: ['system:nodes'],
  }));
  return [
    { fileName: 'admin.conf', user: 'kubernetes-admin', groups: ['kubeadm:cluster-admins'] },
    { fileName: 'super-admin.conf', user: 'kubernetes-super-admin', groups: ['system:masters'] },
    ...nodes,
    { fileName: 'controller-manager.conf', user: 'system:kube-controller-manager', groups: [] },
    { fileName: 'scheduler.conf', user: 'system:kube-scheduler', groups: [] },
  ];
}

/** What goes into one kubeconfig, all PEM. */
export interface KubeconfigContent {
  server: string;
  clusterName?: string;
  user: string;
  caCert: string;
  clientCert: string;
  clientKey: string;
}

const b64 = (pem: string) => Buffer.from(pem).toString('base64');

/** A kubeconfig as YAML, keys and layout as client-go's `clientcmd.Write` emits them. */
export function buildKubeconfig(c: KubeconfigContent): string {
  const cluster = c.clusterName ?? DEFAULT_CLUSTER_NAME;
  const context = `${c.user}@${cluster}`;
  const doc = {
    apiVersion: 'v1',
    clusters: [{ cluster: { 'certificate-authority-data': b64(c.caCert), server: c.server }, name: cluster }],
    contexts: [{ context: { cluster, user: c.user }, name: context }],
    'current-context': context,
    kind: 'Config',
    preferences: {},
    users: [
      { name: c.user, user: { 'client-certificate-data': b64(c.clientCert), 'client-key-data': b64(c.clientKey) } },
    ],
  };
  return stringify(doc, { indentSeq: false, lineWidth: 0 });
}

/** The current context's cluster and user of a kubeconfig, with the embedded data decoded to PEM. */
export interface KubeconfigCredentials {
  server: string;
  caCert?: string;
  clientCert?: string;
  clientKey?: string;
}

interface Named<T> {
  name: string;
  [k: string]: T | string;
}

/** Reads `file` and returns what its current context points at. */
export function readKubeconfig(file: string): KubeconfigCredentials {
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const find = (list: unknown, name: string, key: string) =>
    ((list as Named<Record<string, string>>[] | undefined)?.find((e) => e.name === name)?.[key] ?? {}) as Record<
      string,
      string
    >;
  const ctx = find(doc.contexts, String(doc['current-context'] ?? ''), 'context');
  if (!ctx.cluster) throw new Error(`invalid kubeconfig ${file}: no current context`);
  const cluster = find(doc.clusters, ctx.cluster, 'cluster');
  const user = find(doc.users, ctx.user, 'user');
  const dec = (v?: string) => (v ? Buffer.from(v, 'base64').toString('utf8') : undefined);
  return {
    server: cluster.server,
    caCert: dec(cluster['certificate-authority-data']),
    clientCert: dec(user['client-certificate-data']),
    clientKey: dec(user['client-key-data']),
  };
}

/** What `writeKubeconfigs` needs. */
export interface KubeconfigOptions {
  /** Holds `ca.crt` and `ca.key`. */
  certDir: string;
  kubeconfigDir: string;
  /** The apiserver URL written into every file (default `https://127.0.0.1:6443`). */
  server?: string;
  clusterName?: string;
  /** Nodes that get a kubelet kubeconfig (default: this host's name). */
  nodeNames?: string[];
  /** Overwrite files that exist already. */
  force?: boolean;
  log?: (line: string) => void;
}

/** Writes every kubeconfig of `kubeconfigSpecs`; returns the file names written and kept. */
export async function writeKubeconfigs(o: KubeconfigOptions): Promise<{ written: string[]; existing: string[] }> {
  const log = o.log ?? (() => {});
  const server = o.server ?? DEFAULT_SERVER;
  const nodeNames = o.nodeNames?.length ? o.nodeNames : [hostname().toLowerCase()];
  const ca = loadCertificateAuthority(o.certDir, 'ca');
  const caPem = certPem(ca.cert);
  const result = { written: [] as string[], existing: [] as string[] };
  log(`[kubeconfig] Using kubeconfig folder "${o.kubeconfigDir}"`);
  mkdirSync(o.kubeconfigDir, { recursive: true, mode: 0o755 });
  for (const spec of kubeconfigSpecs(nodeNames)) {
    const file = join(o.kubeconfigDir, spec.fileName);
    if (!o.force && existsSync(file)) {
      const current = readKubeconfig(file);
      if (current.caCert?.trim() !== caPem.trim()) {
        throw new Error(`a kubeconfig file "${file}" exists already but has got the wrong CA cert`);
      }
      if (current.server !== server) {
        log(
          `[kubeconfig] WARNING: a kubeconfig file "${file}" exists already but has an unexpected API Server URL: expected: ${server}, got: ${current.server}`,
        );
      }
      log(`[kubeconfig] Using existing kubeconfig file: "${file}"`);
      result.existing.push(spec.fileName);
      continue;
    }
    log(`[kubeconfig] Writing "${spec.fileName}" kubeconfig file`);
    const made = await newSignedCert(ca, {
      commonName: spec.user,
      organization: spec.groups,
      usages: ['clientAuth'],
      // Client keys of the CA's kind: kubeadm makes every key of its one encryptionAlgorithm.
      encryptionAlgorithm: algorithmOf(ca.key),
    });
    const text = buildKubeconfig({
      server,
      clusterName: o.clusterName,
      user: spec.user,
      caCert: caPem,
      clientCert: certPem(made.cert),
      clientKey: privateKeyPem(made.key),
    });
    writeFileSync(file, text, { mode: 0o600 });
    chmodSync(file, 0o600);
    result.written.push(spec.fileName);
  }
  return result;
}
