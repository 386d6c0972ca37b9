/**
 * `k8ts server`: the whole control plane with one command, as `k3s server` gives it. On first
 * start it makes the PKI and kubeconfigs in the data dir, as kubeadm does; then it starts
 * `k8ts etcd`, `k8ts apiserver`, `k8ts scheduler` and `k8ts controller-manager` (and `k8ts kwok`
 * with simulated nodes) as separate processes, each awaited ready before the next, and keeps
 * them running until the signal aborts, when it stops them in reverse order.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePki } from '../pki/certs.js';
import { readKubeconfig, writeKubeconfigs } from '../pki/kubeconfig.js';
import { freePort } from '../machinery/ports.js';
import { isAlreadyExists } from '../machinery/errors.js';
import { loadRestConfig } from '../client/kubeconfig/index.js';
import { RestClient } from '../client/rest/client.js';
import { httpsOk, tcpOpen, waitFor } from './probes.js';
import { APISERVER_NODE_ARGS, ETCD_NODE_ARGS, Supervised } from './supervisor.js';

export interface ServerConfig {
  dataDir: string;
  /** The apiserver's port (`--https-listen-port`, 6443); 0 picks a free one. */
  httpsListenPort: number;
  /** Ports of the store and of the scheduler's and controller manager's health; 0 picks free ones. */
  etcdClientPort: number;
  schedulerSecurePort: number;
  controllerManagerSecurePort: number;
  bindAddress: string;
  /** External etcd endpoints; when set, no `k8ts etcd` is started. */
  etcdServers?: string[];
  etcdCafile?: string;
  etcdCertfile?: string;
  etcdKeyfile?: string;
  disable: string[];
  /** Simulated nodes (`k8ts kwok`), 0 for none. */
  kwokNodes: number;
  clusterCidr: string;
  serviceCidr: string;
  /** Extra flags per component: `apiserver` → [...]. */
  extraArgs?: Record<string, string[]>;
}

export interface RunningServer {
  adminKubeconfig: string;
  /** super-admin.conf (`system:masters`): what kwok runs with. */
  superAdminKubeconfig: string;
  url: string;
  components: Supervised[];
  /** ms from start to a ready control plane. */
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * What kubeadm and kind add once the apiserver answers, made with super-admin.conf (which bypasses
 * RBAC): the `kubeadm:cluster-admins` ClusterRoleBinding giving admin.conf's group cluster-admin,
 * and kind's default StorageClass `standard`, served by the controller manager's local-path
 * provisioner.
 */
async function bootstrapObjects(superAdmin: string): Promise<void> {
  const client = new RestClient(loadRestConfig({ kubeconfig: superAdmin }));
  const create = async (path: string, body: object) => {
    try {
      await client.request({ method: 'POST', path, body });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  };
  try {
    await create('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kubeadm:cluster-admins' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'kubeadm:cluster-admins' }],
    });
    await create('/apis/storage.k8s.io/v1/storageclasses', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'k8ts.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  } finally {
    client.close();
  }
}

const port = async (p: number) => (p === 0 ? freePort() : p);

/** Starts everything; resolves when the control plane is ready. `progress` gets each step's line. */
export async function startServer(c: ServerConfig, progress: (line: string) => void): Promise<RunningServer> {
  const t0 = Date.now();
  const say = (line: string) => progress(`[${((Date.now() - t0) / 1000).toFixed(2)}s] ${line}`);
  const dir = c.dataDir;
  const pki = join(dir, 'pki');
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const apiPort = await port(c.httpsListenPort);
  const url = `https://127.0.0.1:${apiPort}`;
  if (!existsSync(join(pki, 'ca.crt'))) {
    say(`generating certificates in ${pki}`);
    await generatePki({
      certDir: pki,
      nodeName: 'k8ts-control-plane',
      advertiseAddress: '127.0.0.1',
      serviceCidr: c.serviceCidr,
      // As k3s: P-256 keys are made in a millisecond, RSA-2048 ones in a tenth of a second or more.
      encryptionAlgorithm: 'ECDSA-P256',
    });
  }
  // Kept across restarts; remade when missing or when the apiserver's port changed (the URL is in them).
  const admin = join(dir, 'admin.conf');
  const superAdmin = join(dir, 'super-admin.conf');
  const force = existsSync(admin) && readKubeconfig(admin).server !== url;
  const made = await writeKubeconfigs({
    certDir: pki,
    kubeconfigDir: dir,
    server: url,
    nodeNames: ['k8ts-control-plane'],
    force,
  });
  if (made.written.length) say(`wrote kubeconfigs ${made.written.map((f) => f.replace(/.*\//, '')).join(', ')}`);
  const ca = readFileSync(join(pki, 'ca.crt'));
  const components: Supervised[] = [];
  const supervise = (name: string, args: string[]) => {
    const s = new Supervised({
      name,
      args: [...args, ...(c.extraArgs?.[name] ?? [])],
      nodeArgs: name === 'apiserver' ? APISERVER_NODE_ARGS : name === 'etcd' ? ETCD_NODE_ARGS : [],
      logFile: join(logs, `${name}.log`),
      onEvent: say,
    });
    s.start();
    components.push(s);
    return s;
  };
  const gone = (s: Supervised) => () =>
    s.pid === undefined && s.restarts === 0 ? `exited; see ${join(logs, `${s.name}.log`)}` : undefined;
  const stop = async () => {
    for (const s of components) s.expectExit();
    for (const s of [...components].reverse()) await s.stop();
  };

  try {
    let etcdServers = c.etcdServers;
    let etcdReady = Promise.resolve();
    let etcdTls = { ca: c.etcdCafile, cert: c.etcdCertfile, key: c.etcdKeyfile };
    if (!etcdServers?.length && !c.disable.includes('etcd')) {
      const etcdPort = await port(c.etcdClientPort);
      const etcdURL = `https://127.0.0.1:${etcdPort}`;
      const etcd = supervise('etcd', [
        'etcd',
        '--name',
        'k8ts-control-plane',
        '--data-dir',
        join(dir, 'etcd'),
        '--listen-client-urls',
        etcdURL,
        '--advertise-client-urls',
        etcdURL,
        '--cert-file',
        join(pki, 'etcd/server.crt'),
        '--key-file',
        join(pki, 'etcd/server.key'),
        '--trusted-ca-file',
        join(pki, 'etcd/ca.crt'),
        '--client-cert-auth',
      ]);
      // The apiserver starts beside it (it waits for its store), so both load their code at once.
      etcdReady = waitFor('etcd', () => tcpOpen('127.0.0.1', etcdPort), gone(etcd)).then(() =>
        say(`etcd ready at ${etcdURL} (pid ${etcd.pid})`),
      );
      etcdServers = [etcdURL];
      etcdTls = {
        ca: join(pki, 'etcd/ca.crt'),
        cert: join(pki, 'apiserver-etcd-client.crt'),
        key: join(pki, 'apiserver-etcd-client.key'),
      };
    }
    if (!etcdServers?.length) throw new Error('no etcd: give --etcd-servers when etcd is disabled');
    const apiserver = supervise('apiserver', [
      'apiserver',
      '--etcd-servers',
      etcdServers.join(','),
      ...(etcdTls.ca ? ['--etcd-cafile', etcdTls.ca] : []),
      ...(etcdTls.cert ? ['--etcd-certfile', etcdTls.cert] : []),
      ...(etcdTls.key ? ['--etcd-keyfile', etcdTls.key] : []),
      '--secure-port',
      String(apiPort),
      '--bind-address',
      c.bindAddress,
      '--advertise-address',
      '127.0.0.1',
      '--cert-dir',
      pki,
      '--tls-cert-file',
      join(pki, 'apiserver.crt'),
      '--tls-private-key-file',
      join(pki, 'apiserver.key'),
      '--client-ca-file',
      join(pki, 'ca.crt'),
      '--service-account-signing-key-file',
      join(pki, 'sa.key'),
      '--service-account-key-file',
      join(pki, 'sa.pub'),
      '--service-cluster-ip-range',
      c.serviceCidr,
      '--authorization-mode',
      'Node,RBAC',
      '--enable-admission-plugins',
      'NodeRestriction',
    ]);
    // The scheduler and controller manager start once etcd answers: they load their code while
    // the apiserver comes up (and connect, retrying, once it answers), without taking the two
    // cores from etcd's start. Their readiness is awaited after the apiserver's, in order.
    const waits: (() => Promise<void>)[] = [];
    await etcdReady;
    if (!c.disable.includes('scheduler')) {
      const p = await port(c.schedulerSecurePort);
      const s = supervise('scheduler', [
        'scheduler',
        '--kubeconfig',
        join(dir, 'scheduler.conf'),
        '--bind-address',
        '127.0.0.1',
        '--secure-port',
        String(p),
      ]);
      waits.push(() =>
        waitFor('scheduler', () => httpsOk(`https://127.0.0.1:${p}/healthz`), gone(s)).then(() =>
          say(`scheduler ready (pid ${s.pid})`),
        ),
      );
    }
    if (!c.disable.includes('controller-manager')) {
      const p = await port(c.controllerManagerSecurePort);
      const s = supervise('controller-manager', [
        'controller-manager',
        '--kubeconfig',
        join(dir, 'controller-manager.conf'),
        '--bind-address',
        '127.0.0.1',
        '--secure-port',
        String(p),
        '--root-ca-file',
        join(pki, 'ca.crt'),
        '--service-account-private-key-file',
        join(pki, 'sa.key'),
        '--cluster-cidr',
        c.clusterCidr,
        '--allocate-node-cidrs',
        'true',
        '--use-service-account-credentials',
        'true',
        '--kube-api-qps',
        '200',
        '--kube-api-burst',
        '400',
      ]);
      waits.push(() =>
        waitFor('controller-manager', () => httpsOk(`https://127.0.0.1:${p}/healthz`), gone(s)).then(() =>
          say(`controller-manager ready (pid ${s.pid})`),
        ),
      );
    }
    await waitFor('apiserver', () => httpsOk(`${url}/readyz`, ca), gone(apiserver));
    say(`apiserver ready at ${url} (pid ${apiserver.pid})`);
    await bootstrapObjects(superAdmin);

    await Promise.all(waits.map((w) => w()));
    const readyMs = Date.now() - t0;
    if (c.kwokNodes > 0) {
      // As kwokctl runs it: as an admin in `system:masters`, whose requests priority and fairness
      // exempts, so thousands of simulated nodes do not queue with the admin's own kubectl.
      supervise('kwok', ['kwok', '--kubeconfig', superAdmin, '--nodes', String(c.kwokNodes), '--cidr', c.clusterCidr]);
      say(`kwok started with ${c.kwokNodes} simulated nodes`);
    }
    return { adminKubeconfig: admin, superAdminKubeconfig: superAdmin, url, components, readyMs, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
