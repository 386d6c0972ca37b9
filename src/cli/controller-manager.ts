/** `k8ts controller-manager`: flags (named as kube-controller-manager's) → config → run. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultControllerOptions } from '../controllers/context.js';
import type { ControllerManagerConfig } from '../controllers/run.js';
import { parseDuration } from '../machinery/duration.js';

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`invalid port "${v}"`);
  return n;
};
const num = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`invalid number "${v}"`);
  return n;
};
/** Durations are given as Go writes them (`15s`); defaults stay strings so `--help` shows them so. */
const ms = (v: number | string) => (typeof v === 'number' ? v : parseDuration(v));
const duration = (v: string): number | string => {
  try {
    return parseDuration(v);
  } catch {
    throw new InvalidArgumentError(`invalid duration "${v}"`);
  }
};
const bool = (v: string) => v === 'true' || v === '1';

/** `--concurrent-<flag>-syncs` → the key controllers read, and upstream's default. */
const CONCURRENT_SYNCS: [flag: string, key: string, dflt: number][] = [
  ['deployment', 'deployment', 5],
  ['replicaset', 'replicaset', 5],
  ['rc', 'rc', 5],
  ['statefulset', 'statefulset', 5],
  ['daemonset', 'daemonset', 2],
  ['job', 'job', 5],
  ['cron-job', 'cronjob', 5],
  ['endpoint', 'endpoint', 5],
  ['service-endpoint', 'endpointslice', 5],
  ['gc', 'gc', 20],
  ['namespace', 'namespace', 10],
  ['serviceaccount-token', 'serviceaccount-token', 5],
  ['resource-quota', 'resourcequota', 5],
  ['horizontal-pod-autoscaler', 'horizontalpodautoscaler', 5],
  ['ttl-after-finished', 'ttl-after-finished', 5],
];

const camel = (s: string) => s.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

export function controllerManagerCommand(): Command {
  const d = defaultControllerOptions();
  const cmd = new Command('controller-manager')
    .description('the Kubernetes controller manager: the control loops that drive the cluster to its desired state')
    .option('--kubeconfig <file>', 'path to a kubeconfig file with authorization and master location information')
    .option(
      '--controllers <list>',
      "a list of controllers to enable: '*' enables all on-by-default controllers, 'foo' enables the controller named 'foo', '-foo' disables it",
      (v: string) => v.split(','),
      ['*'],
    )
    .option(
      '--leader-elect [bool]',
      'start a leader election client and gain leadership before executing the main loop',
      bool,
      true,
    )
    .option(
      '--leader-elect-lease-duration <duration>',
      'the duration non-leader candidates wait before trying to acquire leadership',
      duration,
      '15s',
    )
    .option(
      '--leader-elect-renew-deadline <duration>',
      'the interval the leader tries to renew its slot before it stops leading',
      duration,
      '10s',
    )
    .option(
      '--leader-elect-retry-period <duration>',
      'the duration clients wait between attempts to acquire and renew leadership',
      duration,
      '2s',
    )
    .option(
      '--leader-elect-resource-namespace <ns>',
      'the namespace of the lease object used for locking',
      'kube-system',
    )
    .option(
      '--leader-elect-resource-name <name>',
      'the name of the lease object used for locking',
      'kube-controller-manager',
    )
    .option(
      '--use-service-account-credentials [bool]',
      'if true, use individual service account credentials for each controller',
      bool,
      false,
    )
    .option('--bind-address <ip>', 'the IP address on which to listen for the --secure-port port', '0.0.0.0')
    .option(
      '--secure-port <port>',
      'the port on which to serve HTTPS with authentication and authorization',
      port,
      10257,
    )
    .option('--tls-cert-file <file>', 'file containing the default x509 certificate for HTTPS')
    .option('--tls-private-key-file <file>', 'file containing the default x509 private key matching --tls-cert-file')
    .option('--kube-api-qps <qps>', 'QPS to use while talking with the API server', num, 20)
    .option('--kube-api-burst <n>', 'burst to use while talking with the API server', num, 30)
    .option(
      '--node-monitor-period <duration>',
      'the period for syncing NodeStatus in the node lifecycle controller',
      duration,
      '5s',
    )
    .option(
      '--node-monitor-grace-period <duration>',
      'amount of time a running node may be unresponsive before it is marked unhealthy',
      duration,
      '50s',
    )
    .option(
      '--node-startup-grace-period <duration>',
      'amount of time a starting node may be unresponsive before it is marked unhealthy',
      duration,
      '1m0s',
    )
    .option(
      '--node-eviction-rate <rate>',
      'number of nodes per second on which pods are deleted when a zone is healthy',
      num,
      d.nodeEvictionRate,
    )
    .option('--cluster-cidr <cidr>', 'CIDR range for pods in the cluster', d.clusterCIDR)
    .option('--allocate-node-cidrs [bool]', 'should CIDRs for pods be allocated and set on the nodes', bool, false)
    .option('--node-cidr-mask-size <n>', 'mask size for the node CIDRs in the cluster', num, d.nodeCIDRMaskSize)
    .option(
      '--service-account-private-key-file <file>',
      'PEM-encoded private RSA or ECDSA key used to sign service account tokens',
    )
    .option(
      '--root-ca-file <file>',
      "root certificate authority published in each namespace's kube-root-ca.crt ConfigMap",
    )
    .option(
      '--terminated-pod-gc-threshold <n>',
      'number of terminated pods that can exist before the terminated pod garbage collector starts deleting them',
      num,
      d.terminatedPodGCThreshold,
    );
  for (const [flag, , dflt] of CONCURRENT_SYNCS) {
    cmd.addOption(
      new Option(`--concurrent-${flag}-syncs <n>`, `the number of ${flag} objects allowed to sync concurrently`)
        .argParser(num)
        .default(dflt),
    );
  }
  return cmd.action(async (flags: Record<string, unknown>) => {
    const concurrentSyncs: Record<string, number> = {};
    for (const [flag, key] of CONCURRENT_SYNCS)
      concurrentSyncs[key] = flags[camel(`concurrent-${flag}-syncs`)] as number;
    const f = flags as Record<string, never>;
    const config: ControllerManagerConfig = {
      kubeconfig: f.kubeconfig,
      controllers: f.controllers,
      leaderElect: f.leaderElect,
      leaderElectLeaseDurationMs: ms(f.leaderElectLeaseDuration),
      leaderElectRenewDeadlineMs: ms(f.leaderElectRenewDeadline),
      leaderElectRetryPeriodMs: ms(f.leaderElectRetryPeriod),
      leaderElectResourceNamespace: f.leaderElectResourceNamespace,
      leaderElectResourceName: f.leaderElectResourceName,
      bindAddress: f.bindAddress,
      securePort: f.securePort,
      tlsCertFile: f.tlsCertFile,
      tlsPrivateKeyFile: f.tlsPrivateKeyFile,
      kubeApiQps: f.kubeApiQps,
      kubeApiBurst: f.kubeApiBurst,
      concurrentSyncs,
      useServiceAccountCredentials: f.useServiceAccountCredentials,
      nodeMonitorPeriodMs: ms(f.nodeMonitorPeriod),
      nodeMonitorGracePeriodMs: ms(f.nodeMonitorGracePeriod),
      nodeStartupGracePeriodMs: ms(f.nodeStartupGracePeriod),
      nodeEvictionRate: f.nodeEvictionRate,
      clusterCIDR: f.clusterCidr,
      allocateNodeCIDRs: f.allocateNodeCidrs,
      nodeCIDRMaskSize: f.nodeCidrMaskSize,
      serviceAccountPrivateKeyFile: f.serviceAccountPrivateKeyFile,
      rootCAFile: f.rootCaFile,
      terminatedPodGCThreshold: f.terminatedPodGcThreshold,
    };
    const controller = new AbortController();
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());
    const { run } = await import('../controllers/run.js');
    await run(config, controller.signal);
    process.exit(process.exitCode ?? 0);
  });
}
