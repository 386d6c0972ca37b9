/**
 * What every controller in `k8ts controller-manager` is given (upstream's `ControllerContext`):
 * the API client, one shared informer factory, an event recorder per component, the clocks, the
 * manager's options and a metrics provider for the work queues. Controllers meet each other only
 * through the API: none imports another's folder.
 */
import type { Logger } from 'pino';
import type { EventRecorder } from '../client/events/index.js';
import type { SharedInformerFactory } from '../client/informers/factory.js';
import type { SharedIndexInformer } from '../client/informers/shared-informer.js';
import type { RestClient } from '../client/rest/client.js';
import { ResourceClient, type ObjectLike, type ResourceRef } from '../client/rest/resource-client.js';
import type { Clock } from '../client/workqueue/clock.js';
import type { MetricsProvider } from '../client/workqueue/metrics.js';

/** The manager's flags that controllers read (upstream's names, times in ms). */
export interface ControllerOptions {
  /** `--concurrent-<name>-syncs` by controller (`deployment`, `replicaset`, …); default per controller. */
  concurrentSyncs: Record<string, number>;
  /** `--node-monitor-period` (5 s). */
  nodeMonitorPeriodMs: number;
  /** `--node-monitor-grace-period` (50 s). */
  nodeMonitorGracePeriodMs: number;
  /** `--node-startup-grace-period` (60 s). */
  nodeStartupGracePeriodMs: number;
  /** `--node-eviction-rate` (0.1 nodes/s). */
  nodeEvictionRate: number;
  /** `--cluster-cidr` (empty: none). */
  clusterCIDR: string;
  /** `--allocate-node-cidrs`. */
  allocateNodeCIDRs: boolean;
  /** `--node-cidr-mask-size` (24). */
  nodeCIDRMaskSize: number;
  /** `--service-account-private-key-file`. */
  serviceAccountPrivateKeyFile?: string;
  /** `--root-ca-file`: the CA published as kube-root-ca.crt. */
  rootCAFile?: string;
  /** `--terminated-pod-gc-threshold` (12500). */
  terminatedPodGCThreshold: number;
}

/** Upstream's defaults for {@link ControllerOptions}. */
export function defaultControllerOptions(): ControllerOptions {
  return {
    concurrentSyncs: {},
    nodeMonitorPeriodMs: 5_000,
    nodeMonitorGracePeriodMs: 50_000,
    nodeStartupGracePeriodMs: 60_000,
    nodeEvictionRate: 0.1,
    clusterCIDR: '',
    allocateNodeCIDRs: false,
    nodeCIDRMaskSize: 24,
    terminatedPodGCThreshold: 12_500,
  };
}

export interface ControllerContext {
  client: RestClient;
  informers: SharedInformerFactory;
  /** A recorder whose events carry `component` as their source (`deployment-controller`, …). */
  recorder(component: string): EventRecorder;
  /** Monotonic time and timers for work queues and periods. */
  clock: Clock;
  /** Wall time for timestamps (conditions, lastTransitionTime); `Date.now` outside tests. */
  now(): number;
  options: ControllerOptions;
  metricsProvider?: MetricsProvider;
  log: Logger;
}

/** The shared informer of `ref`, typed as `T` (kubernetes-types' kinds). */
export function informerOf<T extends ObjectLike>(ctx: ControllerContext, ref: ResourceRef): SharedIndexInformer<T> {
  return ctx.informers.forResource(ref) as unknown as SharedIndexInformer<T>;
}

/** A client for the verbs of `ref`, typed as `T`. */
export function clientOf<T extends ObjectLike>(ctx: ControllerContext, ref: ResourceRef): ResourceClient<T> {
  return new ResourceClient<T>(ctx.client, ref);
}

/** The workers a controller runs: `--concurrent-<syncsName>-syncs`, else `fallback`. */
export function workersOf(ctx: ControllerContext, syncsName: string, fallback: number): number {
  return ctx.options.concurrentSyncs[syncsName] ?? fallback;
}

/**
 * A controller as the manager knows it (upstream's `ControllerDescriptor`). `init` runs before the
 * informers start: it asks for its informers and registers its handlers, and returns what runs
 * once every cache has synced, until the signal aborts.
 */
export interface ControllerDescriptor {
  /** The canonical name (`deployment-controller`). */
  name: string;
  /** Older names `--controllers` still accepts (`deployment`). */
  aliases: string[];
  /** Off unless named in `--controllers` (upstream's disabled-by-default set). */
  disabledByDefault?: boolean;
  init(ctx: ControllerContext): (signal: AbortSignal) => Promise<void>;
}

/** The resources controllers watch and write, by plural. */
export const RESOURCES = {
  pods: { group: '', version: 'v1', resource: 'pods', namespaced: true, kind: 'Pod' },
  nodes: { group: '', version: 'v1', resource: 'nodes', namespaced: false, kind: 'Node' },
  namespaces: { group: '', version: 'v1', resource: 'namespaces', namespaced: false, kind: 'Namespace' },
  services: { group: '', version: 'v1', resource: 'services', namespaced: true, kind: 'Service' },
  endpoints: { group: '', version: 'v1', resource: 'endpoints', namespaced: true, kind: 'Endpoints' },
  configmaps: { group: '', version: 'v1', resource: 'configmaps', namespaced: true, kind: 'ConfigMap' },
  secrets: { group: '', version: 'v1', resource: 'secrets', namespaced: true, kind: 'Secret' },
  serviceaccounts: { group: '', version: 'v1', resource: 'serviceaccounts', namespaced: true, kind: 'ServiceAccount' },
  replicationcontrollers: {
    group: '',
    version: 'v1',
    resource: 'replicationcontrollers',
    namespaced: true,
    kind: 'ReplicationController',
  },
  resourcequotas: { group: '', version: 'v1', resource: 'resourcequotas', namespaced: true, kind: 'ResourceQuota' },
  persistentvolumes: {
    group: '',
    version: 'v1',
    resource: 'persistentvolumes',
    namespaced: false,
    kind: 'PersistentVolume',
  },
  persistentvolumeclaims: {
    group: '',
    version: 'v1',
    resource: 'persistentvolumeclaims',
    namespaced: true,
    kind: 'PersistentVolumeClaim',
  },
  events: { group: '', version: 'v1', resource: 'events', namespaced: true, kind: 'Event' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true, kind: 'Deployment' },
  replicasets: { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true, kind: 'ReplicaSet' },
  statefulsets: { group: 'apps', version: 'v1', resource: 'statefulsets', namespaced: true, kind: 'StatefulSet' },
  daemonsets: { group: 'apps', version: 'v1', resource: 'daemonsets', namespaced: true, kind: 'DaemonSet' },
  controllerrevisions: {
    group: 'apps',
    version: 'v1',
    resource: 'controllerrevisions',
    namespaced: true,
    kind: 'ControllerRevision',
  },
  jobs: { group: 'batch', version: 'v1', resource: 'jobs', namespaced: true, kind: 'Job' },
  cronjobs: { group: 'batch', version: 'v1', resource: 'cronjobs', namespaced: true, kind: 'CronJob' },
  leases: { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true, kind: 'Lease' },
  endpointslices: {
    group: 'discovery.k8s.io',
    version: 'v1',
    resource: 'endpointslices',
    namespaced: true,
    kind: 'EndpointSlice',
  },
  poddisruptionbudgets: {
    group: 'policy',
    version: 'v1',
    resource: 'poddisruptionbudgets',
    namespaced: true,
    kind: 'PodDisruptionBudget',
  },
  horizontalpodautoscalers: {
    group: 'autoscaling',
    version: 'v2',
    resource: 'horizontalpodautoscalers',
    namespaced: true,
    kind: 'HorizontalPodAutoscaler',
  },
  storageclasses: {
    group: 'storage.k8s.io',
    version: 'v1',
    resource: 'storageclasses',
    namespaced: false,
    kind: 'StorageClass',
  },
  clusterroles: {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'clusterroles',
    namespaced: false,
    kind: 'ClusterRole',
  },
} as const satisfies Record<string, ResourceRef>;
