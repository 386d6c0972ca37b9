/** `k8ts kwok`: flags (named as kwok's and the kubelet's where they exist) → KwokConfig → run. */
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_KWOK_CONFIG as D, resolveConfig } from '../kwok/config.js';
import type { KwokConfig } from '../kwok/run.js';

const count = (v: string) => {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`invalid value "${v}": not a non-negative integer`);
  }
  return n;
};
const num = (v: string) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`invalid number "${v}"`);
  return n;
};
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const bool = (v: string | boolean) => v === true || v === 'true' || v === '1';

const HELP = `
Simulated nodes, after kubernetes-sigs/kwok: registers --nodes Nodes, keeps each one heartbeating
(a Lease in kube-node-lease renewed every 10s, its status posted every 5m or when it changes), and
plays the kubelet for the pods bound to them: Running and Ready at once with an address from the
node's podCIDR (or its block of --cidr), finished at once when deleted. Nothing runs for real.

Annotations:
  on a Node   k8ts.io/kwok-heartbeat=false   the node's kubelet "dies": no lease renewals, no status,
                                             its pods left alone; remove it to bring the node back
  on a Pod    k8ts.io/kwok-complete=Succeeded|Failed
              k8ts.io/kwok-complete-after=<duration>   finish the running pod (after a delay)

Examples:
  k8ts kwok --kubeconfig admin.conf --nodes 100 --zones a,b,c
  kubectl annotate node kwok-node-3 k8ts.io/kwok-heartbeat=false
  kubectl annotate node kwok-node-3 k8ts.io/kwok-heartbeat-`;

export function kwokCommand(): Command {
  return new Command('kwok')
    .description('simulated nodes and kubelets: thousands of fake nodes in one process, for testing at scale')
    .option('--kubeconfig <file>', 'path to a kubeconfig file with authorization and master location information')
    .option('--nodes <n>', 'how many nodes to register', count, D.nodes)
    .option('--node-name-prefix <prefix>', 'nodes are named <prefix>0 … <prefix><n-1>', D.nodeNamePrefix)
    .option(
      '--zones <a,b,c>',
      'zones spread round-robin over the nodes (topology.kubernetes.io/zone); none by default',
      list,
    )
    .option('--node-cpu <quantity>', 'allocatable and capacity cpu of each node', D.nodeCpu)
    .option('--node-memory <quantity>', 'allocatable and capacity memory of each node', D.nodeMemory)
    .option('--node-pods <n>', 'allocatable and capacity pods of each node', D.nodePods)
    .option(
      '--cidr <cidr>',
      'pod addresses for nodes without spec.podCIDR: node i takes the i-th /24 of it and reports its .1 as InternalIP',
      D.cidr,
    )
    .option('--kube-api-qps <qps>', 'QPS to use while talking with the API server', num, D.kubeApiQps)
    .option('--kube-api-burst <n>', 'burst to use while talking with the API server', count, D.kubeApiBurst)
    .option(
      '--manage-all-nodes [bool]',
      'manage every node in the cluster, not only those annotated kwok.x-k8s.io/node (only without real kubelets)',
      bool,
      false,
    )
    .option(
      '--node-lease-duration-seconds <n>',
      "the nodes' Lease duration, as the kubelet's flag; each is renewed every quarter of it",
      count,
      40,
    )
    .addHelpText('after', HELP)
    .action(async ({ nodeLeaseDurationSeconds, ...rest }: KwokConfig & { nodeLeaseDurationSeconds: number }) => {
      const flags: KwokConfig = { ...rest, leaseRenewIntervalMs: nodeLeaseDurationSeconds * 250 };
      // A bad flag stops the start with the flag named, before anything connects.
      resolveConfig(flags);
      const controller = new AbortController();
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());
      const { run } = await import('../kwok/run.js');
      await run(flags, controller.signal);
      process.exit(process.exitCode ?? 0);
    });
}
