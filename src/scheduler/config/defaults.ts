/**
 * Defaulting as upstream's `pkg/scheduler/apis/config/v1` does it: the 1.32 default plugin set
 * (all through `multiPoint`), merged with each profile's own sets, default args for every enabled
 * in-tree plugin that takes args, and the component-wide defaults.
 */
import { parseGoDuration } from './go-duration.js';
import { ARGS_KINDS, CONFIGURATION } from './schema.js';
import { API_VERSION, DEFAULT_SCHEDULER_NAME, KIND, PLUGIN_SET_NAMES } from './types.js';
import type {
  Loose,
  PluginConfig,
  PluginRef,
  Plugins,
  PluginSet,
  SchedulerConfiguration,
  KubeSchedulerProfile,
} from './types.js';
import { encode } from './walk.js';

/** The 1.32 default plugins, in order, as upstream's `getDefaultPlugins` lists them under multiPoint. */
export const DEFAULT_MULTI_POINT: readonly Readonly<PluginRef>[] = [
  { name: 'SchedulingGates' },
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'VolumeRestrictions' },
  { name: 'NodeVolumeLimits' },
  { name: 'VolumeBinding' },
  { name: 'VolumeZone' },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];

/** A fresh copy of the default plugins: everything under multiPoint, every other set empty. */
export function defaultPlugins(): Plugins {
  const p = Object.fromEntries(PLUGIN_SET_NAMES.map((n) => [n, {}])) as Plugins;
  p.multiPoint = { enabled: DEFAULT_MULTI_POINT.map((r) => ({ ...r })) };
  return p;
}

const ref = (r: Loose<PluginRef>): PluginRef =>
  r.weight === undefined ? { name: r.name ?? '' } : { name: r.name ?? '', weight: r.weight };

/**
 * Upstream's `mergePluginSet`: defaults not disabled (none when `*` is) in their order, a default
 * the user enables again replaced in place by the user's entry, then the user's other plugins.
 * Disabled entries (the user's, then the defaults') are kept for multiPoint expansion.
 */
export function mergePluginSet(defaults: PluginSet, custom: Loose<PluginSet> = {}): PluginSet {
  const disabled = [...(custom.disabled ?? []), ...(defaults.disabled ?? [])].map((p) => ({ name: p.name ?? '' }));
  const disabledNames = new Set(disabled.map((p) => p.name));
  const customEnabled = (custom.enabled ?? []).map(ref);
  // Of a plugin the user lists twice, the last entry replaces the default.
  const lastIndex = new Map(customEnabled.map((p, i) => [p.name, i]));
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabledNames.has('*')) {
    for (const d of defaults.enabled ?? []) {
      if (disabledNames.has(d.name)) continue;
      const i = lastIndex.get(d.name);
      if (i === undefined) {
        enabled.push({ ...d });
      } else {
        enabled.push(customEnabled[i]);
        replaced.add(i);
      }
    }
  }
  customEnabled.forEach((p, i) => replaced.has(i) || enabled.push(p));
  const out: PluginSet = {};
  if (enabled.length) out.enabled = enabled;
  if (disabled.length) out.disabled = disabled;
  return out;
}

/** Upstream's `mergePlugins`: every set merged with the profile's; no custom plugins keeps the defaults. */
export function mergePlugins(defaults: Plugins, custom?: Loose<Plugins>): Plugins {
  if (!custom) return defaults;
  return Object.fromEntries(PLUGIN_SET_NAMES.map((n) => [n, mergePluginSet(defaults[n], custom[n])])) as Plugins;
}

/** Names enabled anywhere in a profile, sorted as Go sorts strings. */
export function enabledPluginNames(p: Plugins): string[] {
  const names = new Set<string>();
  for (const n of PLUGIN_SET_NAMES) for (const r of p[n].enabled ?? []) names.add(r.name);
  return [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

type Args = Record<string, unknown>;
type Spec = { name: string; weight?: number };
const defaultResources = (): Spec[] => [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
const weightsAtLeastOne = (rs: Spec[]) => rs.map((r) => (r.weight ? r : { ...r, weight: 1 })); // 0 means unset

/** Upstream's `SetDefaults_<Kind>` for each in-tree args kind; returns a defaulted copy. */
export const ARGS_DEFAULTERS: Record<string, (a: Args) => Args> = {
  DefaultPreemptionArgs: (a) => ({
    ...a,
    minCandidateNodesPercentage: a.minCandidateNodesPercentage ?? 10,
    minCandidateNodesAbsolute: a.minCandidateNodesAbsolute ?? 100,
  }),
  InterPodAffinityArgs: (a) => ({ ...a, hardPodAffinityWeight: a.hardPodAffinityWeight ?? 1 }),
  NodeAffinityArgs: (a) => ({ ...a }),
  // VolumeCapacityPriority is off in 1.32, so no default shape.
  VolumeBindingArgs: (a) => ({ ...a, bindTimeoutSeconds: a.bindTimeoutSeconds ?? 600 }),
  NodeResourcesBalancedAllocationArgs: (a) => {
    const rs = (a.resources as Spec[] | undefined) ?? [];
    return { ...a, resources: rs.length ? weightsAtLeastOne(rs) : defaultResources() };
  },
  PodTopologySpreadArgs: (a) => ({ ...a, defaultingType: a.defaultingType || 'System' }),
  NodeResourcesFitArgs: (a) => {
    const s = (a.scoringStrategy as Args | undefined) ?? { type: 'LeastAllocated', resources: defaultResources() };
    const rs = (s.resources as Spec[] | undefined) ?? [];
    return { ...a, scoringStrategy: { ...s, resources: rs.length ? weightsAtLeastOne(rs) : defaultResources() } };
  },
};

/** A plugin's args kind when it is an in-tree one. */
export function argsKindOf(pluginName: string): string | undefined {
  const kind = `${pluginName}Args`;
  return Object.hasOwn(ARGS_KINDS, kind) ? kind : undefined;
}

function defaultArgs(kind: string, args: Args): Args {
  return encode({ ...ARGS_DEFAULTERS[kind](args), kind, apiVersion: API_VERSION }, ARGS_KINDS[kind]) as Args;
}

function defaultProfile(p: Loose<KubeSchedulerProfile>): Loose<KubeSchedulerProfile> {
  const plugins = mergePlugins(defaultPlugins(), p.plugins as Loose<Plugins> | undefined);
  const pluginConfig: Loose<PluginConfig>[] = (p.pluginConfig ?? []).map((pc) => {
    const kind = argsKindOf(pc.name ?? '');
    return kind ? { ...pc, args: defaultArgs(kind, (pc.args as Args | undefined) ?? {}) } : pc;
  });
  const configured = new Set(pluginConfig.map((pc) => pc.name));
  for (const name of enabledPluginNames(plugins)) {
    const kind = argsKindOf(name);
    if (kind && !configured.has(name)) pluginConfig.push({ name, args: defaultArgs(kind, {}) });
  }
  return { ...p, plugins, pluginConfig };
}

/** A duration left zero takes the recommended default. */
const durationOr = (d: string | undefined, dflt: string) => (d === undefined || parseGoDuration(d) === 0n ? dflt : d);

/**
 * Upstream's `SetDefaults_KubeSchedulerConfiguration` on a decoded v1 object, returning the fully
 * defaulted configuration encoded as Go would encode it.
 */
export function setDefaults(input: Loose<SchedulerConfiguration>): SchedulerConfiguration {
  let profiles = input.profiles?.length ? input.profiles : [{}];
  // Only a lone profile gets the default name; validation requires names otherwise.
  if (profiles.length === 1 && profiles[0].schedulerName === undefined)
    profiles = [{ ...profiles[0], schedulerName: DEFAULT_SCHEDULER_NAME }];
  const le = input.leaderElection ?? {};
  const cc = input.clientConnection ?? {};
  const enableProfiling = input.enableProfiling ?? true;
  const out: Loose<SchedulerConfiguration> = {
    ...input,
    kind: KIND,
    apiVersion: API_VERSION,
    parallelism: input.parallelism ?? 16,
    profiles: profiles.map(defaultProfile),
    percentageOfNodesToScore: input.percentageOfNodesToScore ?? 0,
    leaderElection: {
      ...le,
      leaderElect: le.leaderElect ?? true,
      leaseDuration: durationOr(le.leaseDuration, '15s'),
      renewDeadline: durationOr(le.renewDeadline, '10s'),
      retryPeriod: durationOr(le.retryPeriod, '2s'),
      resourceLock: le.resourceLock || 'leases',
      resourceNamespace: le.resourceNamespace || 'kube-system',
      resourceName: le.resourceName || 'kube-scheduler',
    },
    clientConnection: {
      ...cc,
      contentType: cc.contentType || 'application/vnd.kubernetes.protobuf',
      qps: cc.qps || 50,
      burst: cc.burst || 100,
    },
    podInitialBackoffSeconds: input.podInitialBackoffSeconds ?? 1,
    podMaxBackoffSeconds: input.podMaxBackoffSeconds ?? 10,
    enableProfiling,
    enableContentionProfiling: input.enableContentionProfiling ?? (enableProfiling ? true : undefined),
  };
  return encode(out, CONFIGURATION) as SchedulerConfiguration;
}
