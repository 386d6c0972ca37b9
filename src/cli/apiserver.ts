/** `k8ts apiserver`: flags (named as kube-apiserver's) → ApiServerConfig → run. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULTS, type ApiServerConfig } from '../apiserver/config.js';
import { enabledPlugins, PLUGIN_NAMES } from '../apiserver/admission/plugins.js';

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`invalid value "${v}": not a non-negative integer`);
  return n;
};
const bool = (v: string) => v === 'true' || v === '1';
/** Go durations as kube-apiserver takes them (`1h`, `30m`, `90s`), in seconds. */
const seconds = (v: string) => {
  if (v === '0') return 0;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v);
  if (!m || !v) throw new InvalidArgumentError(`invalid duration "${v}"`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
};

type ApiServerFlags = Omit<
  ApiServerConfig,
  'eventTtlSeconds' | 'requestTimeoutSeconds' | 'etcdCompactionIntervalSeconds'
> & {
  eventTtl: number;
  etcdCompactionInterval: number;
  requestTimeout: number;
};

export function apiserverCommand(): Command {
  const d = DEFAULTS;
  return new Command('apiserver')
    .description('the Kubernetes API server: REST and watch over HTTPS, storing in etcd')
    .option(
      '--etcd-servers <urls>',
      'comma-separated etcd servers to connect to (scheme://ip:port)',
      list,
      d.etcdServers,
    )
    .option('--etcd-prefix <prefix>', 'the prefix to prepend to all resource paths in etcd', d.etcdPrefix)
    .option('--etcd-cafile <file>', 'SSL Certificate Authority file used to secure etcd communication')
    .option('--etcd-certfile <file>', 'SSL certification file used to secure etcd communication')
    .option('--etcd-keyfile <file>', 'SSL key file used to secure etcd communication')
    .option(
      '--secure-port <port>',
      'the port on which to serve HTTPS with authentication and authorization',
      int,
      d.securePort,
    )
    .option('--bind-address <ip>', 'the IP address on which to listen for the --secure-port port', d.bindAddress)
    .option('--advertise-address <ip>', 'the IP address on which to advertise the apiserver to members of the cluster')
    .option(
      '--cert-dir <dir>',
      'the directory where the TLS certs are located (ignored if --tls-cert-file and --tls-private-key-file are given)',
      d.certDir,
    )
    .option('--tls-cert-file <file>', 'file containing the default x509 certificate for HTTPS')
    .option('--tls-private-key-file <file>', 'file containing the default x509 private key matching --tls-cert-file')
    .option(
      '--service-cluster-ip-range <cidr>',
      'a CIDR notation IP range from which to assign service cluster IPs',
      d.serviceClusterIpRange,
    )
    .option(
      '--service-node-port-range <range>',
      'a port range to reserve for services with NodePort visibility',
      d.serviceNodePortRange,
    )
    .option(
      '--authorization-mode <modes>',
      'ordered list of plug-ins to do authorization on secure port',
      d.authorizationMode,
    )
    .option(
      '--anonymous-auth <bool>',
      'enables anonymous requests to the secure port of the API server',
      bool,
      d.anonymousAuth,
    )
    .option(
      '--client-ca-file <file>',
      'if set, any request presenting a client certificate signed by one of the authorities in the client-ca-file is authenticated with an identity corresponding to the CommonName of the client certificate',
    )
    .option(
      '--token-auth-file <file>',
      'if set, the file that will be used to secure the secure port of the API server via token authentication',
    )
    .option(
      '--service-account-signing-key-file <file>',
      'path to the file that contains the current private key of the service account token issuer; without it the TokenRequest API is not served',
    )
    .option(
      '--service-account-key-file <file...>',
      'file containing PEM-encoded x509 RSA or ECDSA public or private keys, used to verify ServiceAccount tokens',
    )
    .option('--service-account-issuer <url>', 'identifier of the service account token issuer', d.serviceAccountIssuer)
    .option('--api-audiences <list>', 'identifiers of the API; the service account issuer by default', (v: string) =>
      v.split(',').filter(Boolean),
    )
    .option('--audit-policy-file <file>', 'path to the file that defines the audit policy configuration')
    .option(
      '--audit-log-path <file>',
      'if set, all requests coming to the apiserver will be logged to this file; "-" means standard out',
    )
    .option(
      '--audit-log-maxage <days>',
      'the maximum number of days to retain old audit log files based on the timestamp encoded in their filename',
      int,
    )
    .option('--audit-log-maxbackup <n>', 'the maximum number of old audit log files to retain; 0 means no limit', int)
    .option(
      '--audit-log-maxsize <megabytes>',
      'the maximum size in megabytes of the audit log file before it gets rotated',
      int,
    )
    .option('--audit-log-format <format>', 'format of saved audits: "legacy" or "json"', 'json')
    .option(
      '--encryption-provider-config <file>',
      'the file containing configuration for encryption providers to be used for storing secrets in etcd',
    )
    .option(
      '--enable-admission-plugins <names>',
      `admission plugins that should be enabled in addition to default enabled ones (${enabledPlugins().join(', ')}); comma-separated, in any order. All: ${PLUGIN_NAMES.join(', ')}`,
      list,
    )
    .option(
      '--disable-admission-plugins <names>',
      'admission plugins that should be disabled although they are in the default enabled plugins list',
      list,
    )
    .option(
      '--enable-priority-and-fairness <bool>',
      'if true, replace the max-in-flight handler with an enhanced one that queues and dispatches with priority and fairness',
      bool,
      d.enablePriorityAndFairness,
    )
    .option(
      '--max-requests-inflight <n>',
      "the maximum number of non-mutating requests in flight at a given time; with priority and fairness, this and --max-mutating-requests-inflight are summed to determine the server's total concurrency limit",
      int,
      d.maxRequestsInflight,
    )
    .option(
      '--max-mutating-requests-inflight <n>',
      'the maximum number of mutating requests in flight at a given time',
      int,
      d.maxMutatingRequestsInflight,
    )
    .option(
      '--http2-max-streams-per-connection <n>',
      "the limit that the server gives to clients for the maximum number of streams in an HTTP/2 connection. Zero means to use golang's default",
      int,
      d.http2MaxStreamsPerConnection,
    )
    .addOption(
      new Option(
        '--etcd-compaction-interval <duration>',
        'the interval of compaction requests. If 0, the compaction request from apiserver is disabled.',
      )
        .argParser(seconds)
        .default(d.etcdCompactionIntervalSeconds, '5m0s'),
    )
    .addOption(
      new Option('--event-ttl <duration>', 'amount of time to retain events')
        .argParser(seconds)
        .default(d.eventTtlSeconds, '1h0m0s'),
    )
    .addOption(
      new Option(
        '--request-timeout <duration>',
        'the duration a handler must keep a request open before timing it out; watches are exempt',
      )
        .argParser(seconds)
        .default(d.requestTimeoutSeconds, '1m0s'),
    )
    .action(async (flags: ApiServerFlags) => {
      const { eventTtl, requestTimeout, etcdCompactionInterval, ...rest } = flags;
      const config: ApiServerConfig = {
        ...DEFAULTS,
        ...rest,
        advertiseAddress: flags.advertiseAddress ?? '',
        eventTtlSeconds: eventTtl,
        requestTimeoutSeconds: requestTimeout,
        etcdCompactionIntervalSeconds: etcdCompactionInterval,
      };
      // Unknown plugin names stop the start, in kube-apiserver's words.
      enabledPlugins(config.enableAdmissionPlugins, config.disableAdmissionPlugins);
      const controller = new AbortController();
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());
      const { run } = await import('../apiserver/run.js');
      await run(config, controller.signal);
      // Stopped serving: a retry timer or a client library's handle must not keep the process up.
      process.exit(0);
    });
}
