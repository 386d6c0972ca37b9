/**
 * The `kubescheduler.config.k8s.io/v1` KubeSchedulerConfiguration as kube-scheduler 1.32 reads
 * it, after upstream's `k8s.io/kube-scheduler/config/v1` types. Field names and shapes are the v1
 * JSON ones, so a defaulted object prints at /configz as upstream would encode it.
 */

/** The API group of the scheduler's configuration. */
export const GROUP = 'kubescheduler.config.k8s.io';
/** The only version 1.32 registers (v1beta2 and v1beta3 were removed). */
export const VERSION = 'v1';
/** `kubescheduler.config.k8s.io/v1`. */
export const API_VERSION = `${GROUP}/${VERSION}`;
/** The configuration's kind. */
export const KIND = 'KubeSchedulerConfiguration';
/** The name upstream's scheme carries (the call site of `runtime.NewScheme()`), quoted in its errors. */
export const SCHEME_NAME = 'k8s.io/kubernetes/pkg/scheduler/apis/config/scheme/scheme.go:30';
/** The name the lone default profile gets (core/v1's `DefaultSchedulerName`). */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** The framework's extension points in the order upstream's `Plugins` type declares them. */
export const EXTENSION_POINTS = [
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
] as const;

/** One extension point of the scheduling framework. */
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** A `plugins` key: an extension point or `multiPoint`. */
export type PluginSetName = ExtensionPoint | 'multiPoint';

/** Every `plugins` key in upstream's declaration order. */
export const PLUGIN_SET_NAMES: readonly PluginSetName[] = [...EXTENSION_POINTS, 'multiPoint'];

/** A plugin reference; the weight only matters at `score` (and through `multiPoint`). */
export interface PluginRef {
  name: string;
  weight?: number;
}

/** Plugins enabled and disabled at one extension point; `disabled: [{name: '*'}]` drops every default. */
export interface PluginSet {
  enabled?: PluginRef[];
  disabled?: PluginRef[];
}

/** A profile's plugins at every extension point, plus `multiPoint`. */
export type Plugins = Record<PluginSetName, PluginSet>;

/** Arguments for one plugin; in-tree kinds carry `apiVersion` and `kind`, others are kept as given. */
export interface PluginConfig {
  name: string;
  args: unknown;
}

/** A scheduling profile: the scheduler name pods select and its plugins. */
export interface KubeSchedulerProfile {
  /** Set on every profile that passed validation. */
  schedulerName?: string;
  percentageOfNodesToScore?: number;
  plugins: Plugins;
  pluginConfig?: PluginConfig[];
}

/** Leader election settings. Durations are Go duration strings, as the v1 JSON carries them (`15s`, `1m30s`). */
export interface LeaderElectionConfiguration {
  leaderElect: boolean;
  leaseDuration: string;
  renewDeadline: string;
  retryPeriod: string;
  resourceLock: string;
  resourceName: string;
  resourceNamespace: string;
}

/** How the scheduler talks to the API server; qps and burst limit its client. */
export interface ClientConnectionConfiguration {
  kubeconfig: string;
  acceptContentTypes: string;
  contentType: string;
  qps: number;
  burst: number;
}

/** An extended resource an extender manages. */
export interface ExtenderManagedResource {
  name: string;
  ignoredByScheduler?: boolean;
}

/** TLS settings for reaching an extender; the `*Data` fields are base64 PEM. */
export interface ExtenderTLSConfig {
  insecure?: boolean;
  serverName?: string;
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  certData?: string;
  keyData?: string;
  caData?: string;
}

/** A scheduler extender: an HTTP endpoint consulted at filter, prioritize, preempt or bind. */
export interface Extender {
  urlPrefix: string;
  filterVerb?: string;
  preemptVerb?: string;
  prioritizeVerb?: string;
  weight?: number;
  bindVerb?: string;
  enableHTTPS?: boolean;
  tlsConfig?: ExtenderTLSConfig;
  httpTimeout: string;
  nodeCacheCapable?: boolean;
  managedResources?: ExtenderManagedResource[];
  ignorable?: boolean;
}

/** The defaulted v1 KubeSchedulerConfiguration, keys in upstream's encoding order. */
export interface SchedulerConfiguration {
  kind: typeof KIND;
  apiVersion: typeof API_VERSION;
  parallelism: number;
  leaderElection: LeaderElectionConfiguration;
  clientConnection: ClientConnectionConfiguration;
  enableProfiling: boolean;
  /** Defaulted to true only when profiling is enabled. */
  enableContentionProfiling?: boolean;
  /** 0 lets the scheduler pick an adaptive percentage. */
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  profiles: KubeSchedulerProfile[];
  extenders?: Extender[];
  delayCacheUntilActive?: boolean;
}

/** Every field optional, all the way down: the shape of a decoded but not yet defaulted object. */
export type Loose<T> = T extends (infer U)[] ? Loose<U>[] : T extends object ? { [K in keyof T]?: Loose<T[K]> } : T;

/** A profile resolved against the plugins the scheduler knows: what the framework runtime runs. */
export interface ResolvedProfile {
  schedulerName: string;
  percentageOfNodesToScore?: number;
  /** Plugins per extension point in run order; weight is the score weight at `score`, 0 elsewhere. */
  points: Record<ExtensionPoint, { name: string; weight: number }[]>;
  /** Args of the profile's enabled plugins (in-tree kinds without `apiVersion`/`kind`). */
  pluginArgs: Map<string, Record<string, unknown>>;
}

/** What the scheduler knows of a plugin: the extension points it implements. */
export interface KnownPlugin {
  extensionPoints: ReadonlySet<ExtensionPoint>;
}

/** One problem a plugin's args validator found; `field` is relative to the args (`''` for the args). */
export interface ArgsFieldError {
  field: string;
  /** The error body after the field, in upstream's form: `Invalid value: 101: not in valid range [0, 100]`. */
  message: string;
}

/** A plugin's args validation, plugged in by the scheduler core (upstream's `Validate<Plugin>Args`). */
export type ArgsValidator = (args: Record<string, unknown>) => ArgsFieldError[];

/**
 * A configuration that cannot be used. The message is what kube-scheduler prints for the same
 * mistake; `k8ts scheduler --config` prints it and exits 1.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    /** The file or label the configuration came from. */
    readonly source?: string,
  ) {
    super(message);
  }
}
