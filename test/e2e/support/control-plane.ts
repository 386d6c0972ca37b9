/**
 * A whole control plane for e2e tests, set up as kubeadm sets one up: `startCluster` with PKI
 * (etcd on mutual TLS, the apiserver under Node,RBAC with ServiceAccount admission), the
 * `kubeadm:cluster-admins` binding for admin.conf, then `k8ts scheduler`, `k8ts controller-manager`
 * (service-account credentials, short node-monitor periods) and `k8ts kwok` as their own processes.
 */
import { join } from 'node:path';
import type { Node } from 'kubernetes-types/core/v1.js';
import { loadRestConfig } from '../../../src/client/kubeconfig/index.js';
import { RestClient } from '../../../src/client/rest/client.js';
import { freePort } from '../../../src/machinery/ports.js';
import { startCluster, type Component, type E2ECluster } from './cluster.js';
import { kubectlPath, runBinary } from './kubectl.js';

export interface FullCluster {
  cluster: E2ECluster;
  /** A client with admin.conf's identity. */
  client: RestClient;
  controllerManager: Component;
  kwok: Component;
  /** Starts another controller manager candidate. */
  startControllerManager(): Promise<Component>;
  stop(): Promise<void>;
}

/** Short periods so that node failure shows in seconds (upstream: 5 s / 50 s). */
export const NODE_MONITOR_PERIOD = '500ms';
export const NODE_MONITOR_GRACE_PERIOD = '5s';
/** kwok renews each node's Lease every quarter of this: 1 s, well inside the grace period. */
export const NODE_LEASE_DURATION_SECONDS = '4';

export async function startFullCluster(opts: { kwokNodes: number }): Promise<FullCluster> {
  const cluster = await startCluster({
    pki: true,
    apiserverArgs: [
      '--authorization-mode',
      'Node,RBAC',
      '--enable-admission-plugins',
      'NodeRestriction,ServiceAccount',
    ],
  });
  const pki = join(cluster.dir, 'pki');
  const bound = await runBinary(kubectlPath(), [
    '--kubeconfig',
    join(cluster.dir, 'super-admin.conf'),
    'create',
    'clusterrolebinding',
    'kubeadm:cluster-admins',
    '--clusterrole=cluster-admin',
    '--group=kubeadm:cluster-admins',
  ]);
  if (bound.code !== 0) throw new Error(bound.stderr);
  const client = new RestClient(loadRestConfig({ kubeconfig: cluster.kubeconfig }));
  const spawnControllerManager = async () =>
    cluster.spawn([
      'controller-manager',
      '--kubeconfig',
      join(cluster.dir, 'controller-manager.conf'),
      '--use-service-account-credentials',
      'true',
      '--bind-address',
      '127.0.0.1',
      '--secure-port',
      String(await freePort()),
      '--root-ca-file',
      join(pki, 'ca.crt'),
      '--cluster-cidr',
      '10.244.0.0/16',
      '--allocate-node-cidrs',
      'true',
      '--node-monitor-period',
      NODE_MONITOR_PERIOD,
      '--node-monitor-grace-period',
      NODE_MONITOR_GRACE_PERIOD,
      '--node-eviction-rate',
      '10',
      '--leader-elect-lease-duration',
      '4s',
      '--leader-elect-renew-deadline',
      '3s',
      '--leader-elect-retry-period',
      '500ms',
      '--kube-api-qps',
      '200',
      '--kube-api-burst',
      '400',
    ]);
  cluster.spawn([
    'scheduler',
    '--kubeconfig',
    join(cluster.dir, 'scheduler.conf'),
    '--bind-address',
    '127.0.0.1',
    '--secure-port',
    String(await freePort()),
  ]);
  const controllerManager = await spawnControllerManager();
  const kwok = spawnKwok(cluster, opts.kwokNodes);
  // Ready, and free of the not-ready taint the node lifecycle controller lifts.
  await until(`${opts.kwokNodes} schedulable nodes`, async () => {
    const nodes = await client.request<{ items: Node[] }>({ path: '/api/v1/nodes' });
    const ready = nodes.body.items.filter(
      (n) =>
        n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') &&
        !n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/not-ready'),
    );
    return ready.length === opts.kwokNodes;
  });
  return {
    cluster,
    client,
    controllerManager,
    kwok,
    startControllerManager: spawnControllerManager,
    async stop() {
      client.close();
      await cluster.stop();
    },
  };
}

/** `k8ts kwok` with `nodes` nodes whose Leases fit the short grace period. */
export function spawnKwok(cluster: E2ECluster, nodes: number): Component {
  return cluster.spawn([
    'kwok',
    '--kubeconfig',
    cluster.kubeconfig,
    '--nodes',
    String(nodes),
    '--node-lease-duration-seconds',
    NODE_LEASE_DURATION_SECONDS,
  ]);
}

/** Polls `probe` every 100 ms until it returns something other than undefined/false. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
