/**
 * `k8ts controller-manager`: connects with the kubeconfig, serves the secure port (health,
 * metrics), and — once leading the `kube-system/kube-controller-manager` Lease, when leader
 * election is on — runs the selected controllers in this one process.
 */
import { setMaxListeners } from 'node:events';
import pino, { type Logger } from 'pino';
import { Gauge, Registry } from 'prom-client';
import { loadRestConfig } from '../client/kubeconfig/index.js';
import { leadOrRun } from '../client/leaderelection/lead.js';
import { RestClient } from '../client/rest/client.js';
import { DelegatedAuth } from '../client/serving/delegated-auth.js';
import { startSecureServer } from '../client/serving/secure-server.js';
import { PrometheusMetricsProvider } from '../client/workqueue/prometheus-metrics.js';
import type { ControllerOptions } from './context.js';
import { buildContext, runControllers, selectControllers } from './manager.js';
import { ALL_CONTROLLERS, SERVICE_ACCOUNTS } from './registry.js';
import { serviceAccountClient } from './sa-credentials.js';

export interface ControllerManagerConfig extends ControllerOptions {
  kubeconfig?: string;
  /** `--controllers`: `*`, `name`, `-name`. */
  controllers: string[];
  leaderElect: boolean;
  leaderElectLeaseDurationMs: number;
  leaderElectRenewDeadlineMs: number;
  leaderElectRetryPeriodMs: number;
  leaderElectResourceNamespace: string;
  leaderElectResourceName: string;
  bindAddress: string;
  securePort: number;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  kubeApiQps: number;
  kubeApiBurst: number;
  /** `--use-service-account-credentials`: each controller writes as its own kube-system ServiceAccount. */
  useServiceAccountCredentials: boolean;
}

export interface RunningControllerManager {
  port: number;
  /** The names of the controllers this process runs when leading. */
  controllers: string[];
  stop(): Promise<void>;
}

/** Starts serving and contending; resolves once the secure port listens. */
export async function start(
  config: ControllerManagerConfig,
  signal: AbortSignal,
  log: Logger = pino({ base: { component: 'controller-manager' } }, pino.destination(2)),
): Promise<RunningControllerManager> {
  const selected = selectControllers(ALL_CONTROLLERS, config.controllers);
  const rest = loadRestConfig({ kubeconfig: config.kubeconfig });
  rest.qps = config.kubeApiQps;
  rest.burst = config.kubeApiBurst;
  rest.userAgent = 'kube-controller-manager';
  const client = new RestClient(rest);
  const registry = new Registry();
  const leaderGauge = new Gauge({
    name: 'leader_election_master_status',
    help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.',
    labelNames: ['name'],
    registers: [registry],
  });
  const { ctx, broadcaster } = buildContext({
    client,
    options: config,
    log,
    metricsProvider: new PrometheusMetricsProvider(registry),
  });
  const stopping = new AbortController();
  setMaxListeners(1000, stopping.signal);
  signal.addEventListener('abort', () => stopping.abort(), { once: true });
  let synced = false;
  const { healthz, running } = leadOrRun(
    {
      client,
      leaderElect: config.leaderElect,
      namespace: config.leaderElectResourceNamespace,
      name: config.leaderElectResourceName,
      leaseDurationMs: config.leaderElectLeaseDurationMs,
      renewDeadlineMs: config.leaderElectRenewDeadlineMs,
      retryPeriodMs: config.leaderElectRetryPeriodMs,
      lead: async (leading) => {
        const clients: RestClient[] = [];
        const clientFor = config.useServiceAccountCredentials
          ? (d: { name: string }) => {
              const account = SERVICE_ACCOUNTS[d.name];
              if (!account) return undefined;
              const c = serviceAccountClient(rest, client, account);
              clients.push(c);
              return c;
            }
          : undefined;
        const done = runControllers(ctx, selected, leading, clientFor).finally(() => clients.forEach((c) => c.close()));
        await ctx.informers.waitForCacheSync(leading);
        synced = true;
        log.info({ controllers: selected.length }, 'caches synced; controllers running');
        await done;
      },
      onLeaderStatus: (v) => leaderGauge.set({ name: config.leaderElectResourceName }, v),
      log,
    },
    stopping,
  );
  const served = await startSecureServer({
    bindAddress: config.bindAddress,
    port: config.securePort,
    certFile: config.tlsCertFile,
    keyFile: config.tlsPrivateKeyFile,
    commonName: 'localhost',
    healthChecks: healthz ? [healthz] : [],
    readyChecks: [
      {
        name: 'informer-sync',
        check: () => {
          if (!synced && !config.leaderElect) throw new Error('not synced');
        },
      },
    ],
    registry,
    auth: new DelegatedAuth(client),
  });
  log.info({ port: served.port }, 'serving securely');
  return {
    port: served.port,
    controllers: selected.map((d) => d.name),
    async stop() {
      stopping.abort();
      await running.catch(() => undefined);
      await broadcaster.shutdown();
      served.server.close();
      served.server.closeAllConnections();
      client.close();
    },
  };
}

/** Runs until `signal` aborts. */
export async function run(config: ControllerManagerConfig, signal: AbortSignal): Promise<void> {
  const s = await start(config, signal);
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await s.stop();
}
