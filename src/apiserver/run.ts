/**
 * Runs `k8ts apiserver` until `signal` aborts: connects to etcd, loads every watch cache, makes
 * what the apiserver owns, then serves. `start` returns the running server for tests and `k8ts up`.
 */
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import pino from 'pino';
import type { ApiServerConfig } from './config.js';
import { startCompactor } from './storage/compactor.js';
import { EtcdStorage } from './storage/etcd.js';
import { Registry } from './registry/registry.js';
import { CRDController } from './crd/controller.js';
import { requestAuthenticator } from './auth/request-auth.js';
import { requestAuthorizer } from './auth/authorize.js';
import { serviceAccountTokens, validationOptions } from './auth/service-accounts.js';
import { ApiHttpServer } from './server.js';
import { servingCert } from './tls.js';
import { bootstrap, bootstrapRBACPolicy } from './bootstrap.js';
import { ApiMetrics } from './metrics.js';
import { firstServiceIP } from './service-ips.js';
import { admissionChain, enabledPlugins } from './admission/plugins.js';
import { parseEncryptionConfig } from './encryption/index.js';
import { setupAudit } from './audit/index.js';

export interface RunningApiServer {
  port: number;
  /** PEM of the serving certificate (its own CA when self-signed). */
  caCert: Buffer;
  stop(): Promise<void>;
}

/** The first non-internal IPv4 address, as kube-apiserver picks its advertise address by default. */
function defaultAdvertiseAddress(bind: string): string {
  if (bind && bind !== '0.0.0.0' && bind !== '::') return bind;
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

export async function start(
  config: ApiServerConfig,
  log = pino({ base: { component: 'apiserver' } }, pino.destination(2)),
  signal?: AbortSignal,
): Promise<RunningApiServer> {
  const controller = new AbortController();
  // Every watch cache listens on this signal.
  setMaxListeners(0, controller.signal);
  // Any of the three makes the connection TLS; without a CA file the system's roots verify etcd.
  const read = (file?: string) => (file ? readFileSync(file) : undefined);
  const etcdTls =
    config.etcdCafile || config.etcdCertfile || config.etcdKeyfile
      ? { ca: read(config.etcdCafile), cert: read(config.etcdCertfile), key: read(config.etcdKeyfile) }
      : undefined;
  const metrics = new ApiMetrics();
  const prefix = config.etcdPrefix.replace(/\/?$/, '/');
  const storage = new EtcdStorage({
    endpoints: config.etcdServers,
    tls: etcdTls,
    // The type is the key's first segment under the prefix: `pods`, `deployments`, `apiextensions.k8s.io` …
    observe: (operation, key, seconds) =>
      metrics.etcd.observe({ operation, type: key.slice(prefix.length).split('/')[0] }, seconds),
  });
  const registry = new Registry(storage, config.etcdPrefix, {
    ranges: { clusterIPRange: config.serviceClusterIpRange, nodePortRange: config.serviceNodePortRange },
    eventTtlSeconds: config.eventTtlSeconds,
    encryption: config.encryptionProviderConfig
      ? parseEncryptionConfig(readFileSync(config.encryptionProviderConfig, 'utf8'), config.encryptionProviderConfig)
      : undefined,
  });
  log.info({ 'etcd-servers': config.etcdServers }, 'loading the watch caches from etcd');
  // A stop signal while the caches load (etcd may be down) ends the start; once serving, stop() does.
  let stopLoading = () => {};
  const aborted = new Promise<never>((_, reject) => {
    stopLoading = () => {
      controller.abort();
      storage.close();
      reject(new Error('stopped before serving'));
    };
  });
  aborted.catch(() => {});
  if (signal?.aborted) stopLoading();
  signal?.addEventListener('abort', stopLoading, { once: true });
  try {
    await Promise.race([
      registry.start(controller.signal, (err) => log.warn({ err }, 'watch cache restarting')),
      aborted,
    ]);
  } finally {
    signal?.removeEventListener('abort', stopLoading);
  }
  startCompactor(storage, controller.signal, {
    intervalMs: config.etcdCompactionIntervalSeconds * 1000,
    onCompacted: (revision) => log.info({ revision }, 'etcd: compacted'),
    onError: (err) => log.warn({ err }, 'etcd: compaction failed'),
  });
  // Custom resources are served from the start, as the CRDs in etcd define them.
  const crds = new CRDController(registry, storage, config.etcdPrefix, (err) => log.warn({ err }, 'CRD sync'));
  await crds.start(controller.signal);
  const advertiseAddress = config.advertiseAddress || defaultAdvertiseAddress(config.bindAddress);
  const serviceIP = firstServiceIP(config.serviceClusterIpRange);

  const hosts = [
    'localhost',
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
    '127.0.0.1',
    serviceIP,
    advertiseAddress,
  ];
  const tls = await servingCert({
    certFile: config.tlsCertFile,
    keyFile: config.tlsPrivateKeyFile,
    certDir: config.certDir,
    hosts: [...new Set(hosts)],
  });
  let bootstrapped = false;
  const saTokens = await serviceAccountTokens(config);
  const authn = await requestAuthenticator({
    ...config,
    serviceAccounts: saTokens && validationOptions(saTokens, registry),
  });
  const authz = requestAuthorizer(config.authorizationMode, registry);
  const audit = setupAudit(
    {
      policyFile: config.auditPolicyFile,
      logPath: config.auditLogPath,
      logMaxAge: config.auditLogMaxage,
      logMaxBackup: config.auditLogMaxbackup,
      logMaxSize: config.auditLogMaxsize,
      logFormat: config.auditLogFormat,
    },
    { warn: (message) => log.warn(message), onError: (err) => log.error({ err }, 'audit log') },
  );
  const admission = admissionChain(enabledPlugins(config.enableAdmissionPlugins, config.disableAdmissionPlugins), {
    registry,
  });
  const server = new ApiHttpServer(
    { registry, authn, authz, serviceAccounts: saTokens, admission, auditor: audit.auditor },
    {
      cert: tls.cert,
      key: tls.key,
      clientCA: config.clientCaFile ? readFileSync(config.clientCaFile) : undefined,
      maxRequestsInflight: config.maxRequestsInflight,
      maxMutatingRequestsInflight: config.maxMutatingRequestsInflight,
      http2MaxStreamsPerConnection: config.http2MaxStreamsPerConnection,
      enablePriorityAndFairness: config.enablePriorityAndFairness,
      requestTimeoutSeconds: config.requestTimeoutSeconds,
      serverAddress: `${advertiseAddress}:${config.securePort}`,
      metrics,
      checks: [
        { name: 'etcd', check: async () => void (await storage.revision()) },
        {
          name: 'poststarthook/bootstrap-controller',
          check: () => {
            if (!bootstrapped) throw new Error('not finished');
          },
        },
      ],
    },
  );
  const port = await server.listen(config.securePort, config.bindAddress);
  // With --secure-port 0 (tests) the port is known only now; the kubernetes Service points at it.
  await bootstrap(registry, { advertiseAddress, securePort: port, serviceIP });
  if (config.authorizationMode.split(',').includes('RBAC')) await bootstrapRBACPolicy(registry);
  bootstrapped = true;
  log.info({ port, 'etcd-servers': config.etcdServers, 'advertise-address': advertiseAddress }, 'serving securely');
  return {
    port,
    caCert: tls.cert,
    async stop() {
      controller.abort();
      await server.close();
      await audit.backend?.close();
      storage.close();
    },
  };
}

export async function run(config: ApiServerConfig, signal: AbortSignal): Promise<void> {
  const log = pino({ base: { component: 'apiserver' } }, pino.destination(2));
  let server: RunningApiServer;
  try {
    server = await start(config, log, signal);
  } catch (err) {
    if (!signal.aborted) throw err;
    log.info('stopped before serving');
    return;
  }
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await server.stop();
  log.info('stopped serving');
}
