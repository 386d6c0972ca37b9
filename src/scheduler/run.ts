/**
 * `k8ts scheduler`: loads the configuration, connects with the kubeconfig, serves the secure
 * port, and — once leading, when leader election is on — schedules.
 */
import { setMaxListeners } from 'node:events';
import { parseDuration } from '../machinery/duration.js';
import pino from 'pino';
import { EventBroadcaster, restEventSink, type EventRecorder } from '../client/events/index.js';
import { SharedInformerFactory } from '../client/informers/factory.js';
import type { SharedIndexInformer } from '../client/informers/shared-informer.js';
import { loadRestConfig } from '../client/kubeconfig/index.js';
import { leadOrRun } from '../client/leaderelection/lead.js';
import { RestClient } from '../client/rest/client.js';
import type { KubeObject, ResourceRef } from '../client/rest/resource-client.js';
import { DelegatedAuth } from '../client/serving/delegated-auth.js';
import { startSecureServer } from '../client/serving/secure-server.js';
import { realClock } from '../client/workqueue/clock.js';
import { RestSchedulerClient } from './client.js';
import { defaultConfig, loadConfigFile, resolveProfiles, type SchedulerConfiguration } from './config/index.js';
import { addEventHandlers } from './event-handlers.js';
import type { EventResource, Handle, ObjectLister } from './framework/interface.js';
import { extensionPointsOf } from './framework/runtime.js';
import { fakeHandle } from './framework/testing.js';
import { SchedulerMetrics } from './metrics.js';
import { ARGS_VALIDATORS, IN_TREE_REGISTRY } from './plugins/registry.js';
import { Scheduler } from './scheduler.js';

export interface SchedulerRunConfig {
  kubeconfig?: string;
  /** A KubeSchedulerConfiguration file. */
  config?: string;
  /** Overrides the configuration's leaderElection.leaderElect when set. */
  leaderElect?: boolean;
  bindAddress: string;
  securePort: number;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  /** Overrides clientConnection qps/burst when set (the flags `--kube-api-qps`, `--kube-api-burst`). */
  kubeApiQps?: number;
  kubeApiBurst?: number;
}

const ref = (group: string, version: string, resource: string, namespaced: boolean): ResourceRef => ({
  group,
  version,
  resource,
  namespaced,
});

/** The configuration file (or the defaults), with the profiles resolved against the registry. */
export function loadSchedulerConfig(file: string | undefined) {
  const cfg: SchedulerConfiguration = file ? loadConfigFile(file) : defaultConfig();
  // Which extension points each plugin implements is read off an instance built on an empty handle.
  const probe = fakeHandle([]);
  const known = new Map(
    [...IN_TREE_REGISTRY].map(([name, f]) => [name, { extensionPoints: extensionPointsOf(f(undefined, probe)) }]),
  );
  const profiles = resolveProfiles(cfg, known, ARGS_VALIDATORS);
  return { cfg, profiles };
}

export interface RunningScheduler {
  port: number;
  scheduler: Scheduler;
  stop(): Promise<void>;
}

/** Starts serving and contending; resolves once the secure port listens. */
export async function start(
  config: SchedulerRunConfig,
  signal: AbortSignal,
  log = pino({ base: { component: 'scheduler' } }, pino.destination(2)),
): Promise<RunningScheduler> {
  const { cfg, profiles } = loadSchedulerConfig(config.config);
  const rest = loadRestConfig({ kubeconfig: config.kubeconfig });
  rest.qps = config.kubeApiQps ?? cfg.clientConnection.qps;
  rest.burst = config.kubeApiBurst ?? cfg.clientConnection.burst;
  rest.userAgent = 'kube-scheduler';
  const client = new RestClient(rest);
  const metrics = new SchedulerMetrics();
  const factory = new SharedInformerFactory(client);
  const inf = (r: ResourceRef) => factory.forResource<KubeObject>(r);
  const pods = inf(ref('', 'v1', 'pods', true));
  const nodes = inf(ref('', 'v1', 'nodes', false));
  const namespaces = inf(ref('', 'v1', 'namespaces', false));
  const pvcs = inf(ref('', 'v1', 'persistentvolumeclaims', true));
  const pvs = inf(ref('', 'v1', 'persistentvolumes', false));
  const storageClasses = inf(ref('storage.k8s.io', 'v1', 'storageclasses', false));
  const csiNodes = inf(ref('storage.k8s.io', 'v1', 'csinodes', false));
  const pdbs = inf(ref('policy', 'v1', 'poddisruptionbudgets', true));
  // For PodTopologySpread's default constraints (upstream's DefaultSelector).
  const services = inf(ref('', 'v1', 'services', true));
  const rcs = inf(ref('', 'v1', 'replicationcontrollers', true));
  const replicaSets = inf(ref('apps', 'v1', 'replicasets', true));
  const statefulSets = inf(ref('apps', 'v1', 'statefulsets', true));
  const lister = <T>(i: SharedIndexInformer<KubeObject>) => i.lister as unknown as ObjectLister<T>;

  const broadcaster = new EventBroadcaster();
  broadcaster.startRecordingToSink(restEventSink(client));
  const recorders = new Map<string, EventRecorder>(
    profiles.map((p: { schedulerName: string }) => [
      p.schedulerName,
      broadcaster.newRecorder({ component: p.schedulerName }),
    ]),
  );
  const handle: Pick<Handle, 'listers' | 'client' | 'recordEvent'> = {
    listers: {
      pods: lister(pods),
      namespaces: lister(namespaces),
      persistentVolumeClaims: lister(pvcs),
      persistentVolumes: lister(pvs),
      storageClasses: lister(storageClasses),
      csiNodes: lister(csiNodes),
      podDisruptionBudgets: lister(pdbs),
      services: lister(services),
      replicationControllers: lister(rcs),
      replicaSets: lister(replicaSets),
      statefulSets: lister(statefulSets),
    },
    client: new RestSchedulerClient(client),
    recordEvent: (pod, type, reason, _action, message) =>
      recorders
        .get(pod.spec?.schedulerName || 'default-scheduler')
        ?.event({ apiVersion: 'v1', kind: 'Pod', ...pod }, type, reason, message),
  };
  const scheduler = new Scheduler({
    profiles,
    registry: IN_TREE_REGISTRY,
    handle,
    clock: realClock,
    podInitialBackoffMs: cfg.podInitialBackoffSeconds * 1000,
    podMaxBackoffMs: cfg.podMaxBackoffSeconds * 1000,
    percentageOfNodesToScore: cfg.percentageOfNodesToScore ?? undefined,
    metrics,
    log: (msg) => log.warn(msg),
  });
  const others: { resource: EventResource; informer: SharedIndexInformer<KubeObject> }[] = [
    { resource: 'PersistentVolumeClaim', informer: pvcs },
    { resource: 'PersistentVolume', informer: pvs },
    { resource: 'StorageClass', informer: storageClasses },
    { resource: 'CSINode', informer: csiNodes },
    { resource: 'Namespace', informer: namespaces },
  ];
  addEventHandlers(scheduler, { pods, nodes, others });

  const le = cfg.leaderElection;
  const leaderElect = config.leaderElect ?? le.leaderElect;
  const stopping = new AbortController();
  // Every informer, timer and the elector listen on it.
  setMaxListeners(100, stopping.signal);
  signal.addEventListener('abort', () => stopping.abort(), { once: true });
  const { healthz, running } = leadOrRun(
    {
      client,
      leaderElect,
      namespace: le.resourceNamespace,
      name: le.resourceName,
      leaseDurationMs: parseDuration(le.leaseDuration),
      renewDeadlineMs: parseDuration(le.renewDeadline),
      retryPeriodMs: parseDuration(le.retryPeriod),
      lead: async (leading) => {
        factory.start(leading);
        await factory.waitForCacheSync(leading);
        log.info('caches synced; scheduling');
        await scheduler.run(leading);
      },
      onLeaderStatus: (v) => metrics.leaderElectionMaster.set({ name: le.resourceName }, v),
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
        name: 'sched-handler-sync',
        check: () => {
          if (!pods.hasSynced()) throw new Error('not synced');
        },
      },
    ],
    registry: metrics.registry,
    configz: { key: 'componentconfig', value: () => cfg },
    auth: new DelegatedAuth(client),
  });
  log.info({ port: served.port }, 'serving securely');
  return {
    port: served.port,
    scheduler,
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
export async function run(config: SchedulerRunConfig, signal: AbortSignal): Promise<void> {
  const log = pino({ base: { component: 'scheduler' } }, pino.destination(2));
  const s = await start(config, signal, log);
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await s.stop();
}
