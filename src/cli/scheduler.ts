/** `k8ts scheduler`: flags (named as kube-scheduler's) → SchedulerRunConfig → run. */
import { Command, InvalidArgumentError } from 'commander';
import type { SchedulerRunConfig } from '../scheduler/run.js';

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`invalid port "${v}"`);
  return n;
};
const num = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`invalid number "${v}"`);
  return n;
};
const bool = (v: string) => v === 'true' || v === '1';

export function schedulerCommand(): Command {
  return new Command('scheduler')
    .description('the Kubernetes scheduler: assigns each pending pod a node, through the API server')
    .option('--kubeconfig <file>', 'path to a kubeconfig file with authorization and master location information')
    .option('--config <file>', 'the path to the KubeSchedulerConfiguration file')
    .option(
      '--leader-elect [bool]',
      'start a leader election client and gain leadership before executing the main loop (overrides the configuration file)',
      bool,
    )
    .option('--bind-address <ip>', 'the IP address on which to listen for the --secure-port port', '0.0.0.0')
    .option(
      '--secure-port <port>',
      'the port on which to serve HTTPS with authentication and authorization',
      port,
      10259,
    )
    .option('--tls-cert-file <file>', 'file containing the default x509 certificate for HTTPS')
    .option('--tls-private-key-file <file>', 'file containing the default x509 private key matching --tls-cert-file')
    .option(
      '--kube-api-qps <qps>',
      'QPS to use while talking with the API server (overrides clientConnection.qps)',
      num,
    )
    .option(
      '--kube-api-burst <n>',
      'burst to use while talking with the API server (overrides clientConnection.burst)',
      num,
    )
    .option('--write-config-to <file>', 'if set, write the configuration values to this file and exit')
    .action(async (flags: SchedulerRunConfig & { writeConfigTo?: string }) => {
      // A bad configuration stops the start with the field named, before anything connects.
      const { loadSchedulerConfig, run } = await import('../scheduler/run.js');
      const { cfg } = loadSchedulerConfig(flags.config);
      if (flags.writeConfigTo) {
        const { writeFileSync } = await import('node:fs');
        const { stringify } = await import('yaml');
        writeFileSync(flags.writeConfigTo, stringify(cfg));
        return;
      }
      const controller = new AbortController();
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());
      await run(flags, controller.signal);
      process.exit(process.exitCode ?? 0);
    });
}
