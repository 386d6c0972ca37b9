/** `k8ts server`: flags (named as k3s server's where it has them) → ServerConfig → the control plane. */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { ServerConfig } from '../cluster/server.js';

/** Components `--disable` may leave out. */
const OPTIONAL_COMPONENTS = ['etcd', 'scheduler', 'controller-manager'];

const num = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`invalid number "${v}"`);
  return n;
};
const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').filter(Boolean)];

export function serverCommand(): Command {
  return new Command('server')
    .description(
      'run the whole control plane: k8ts etcd, apiserver, scheduler and controller-manager as separate processes, restarted when they die, stopped on Ctrl-C',
    )
    .option(
      '-d, --data-dir <dir>',
      'folder to hold state: certificates, kubeconfigs, the store and component logs',
      '.k8ts',
    )
    .option('--https-listen-port <port>', 'the apiserver listen port (0 picks a free one)', num, 6443)
    .option('--bind-address <ip>', 'the apiserver bind address', '127.0.0.1')
    .option('--etcd-client-port <port>', 'the port of k8ts etcd (0 picks a free one)', num, 2379)
    .option(
      '--scheduler-secure-port <port>',
      "the scheduler's health and metrics port (0 picks a free one)",
      num,
      10259,
    )
    .option(
      '--controller-manager-secure-port <port>',
      "the controller manager's health and metrics port (0 picks a free one)",
      num,
      10257,
    )
    .option('--etcd-servers <urls>', 'use this external etcd instead of starting k8ts etcd', list)
    .option('--etcd-cafile <file>', 'CA of the external etcd')
    .option('--etcd-certfile <file>', 'client certificate for the external etcd')
    .option('--etcd-keyfile <file>', 'client key for the external etcd')
    .option(`--disable <components>`, `leave components out: ${OPTIONAL_COMPONENTS.join(', ')}`, list, [])
    .option('--kwok-nodes <n>', 'add N simulated nodes (k8ts kwok)', num, 0)
    .option('--cluster-cidr <cidr>', 'pod CIDR; each node gets a /24 of it', '10.244.0.0/16')
    .option('--service-cidr <cidr>', 'service ClusterIP range', '10.96.0.0/12')
    .action(async (flags: Omit<ServerConfig, 'dataDir'> & { dataDir: string }) => {
      for (const d of flags.disable) {
        if (!(OPTIONAL_COMPONENTS as readonly string[]).includes(d)) {
          throw new InvalidArgumentError(
            `--disable: unknown component "${d}" (known: ${OPTIONAL_COMPONENTS.join(', ')})`,
          );
        }
      }
      const controller = new AbortController();
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());
      const { startServer } = await import('../cluster/server.js');
      const server = await startServer({ ...flags, dataDir: resolve(flags.dataDir) }, (l) => console.log(l));
      console.log(`control plane ready in ${(server.readyMs / 1000).toFixed(2)}s`);
      console.log(`  export KUBECONFIG=${server.adminKubeconfig}`);
      console.log(`  kubectl get nodes,pods -A`);
      console.log(`component logs: ${resolve(flags.dataDir, 'logs')}/; Ctrl-C stops everything`);
      if (!controller.signal.aborted)
        await new Promise((r) => controller.signal.addEventListener('abort', r, { once: true }));
      console.log('stopping');
      await server.stop();
    });
}
