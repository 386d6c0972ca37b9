/**
 * The shape of every kind registered for `kubescheduler.config.k8s.io/v1` in 1.32, field by field:
 * enough for the strict decoder to name unknown fields and mistyped values as Go does, and for the
 * encoder to emit fields the way Go's `omitempty` rules would.
 */
import { PLUGIN_SET_NAMES } from './types.js';

/**
 * How a field is encoded: `always` (no omitempty: zero value when unset), `omit` (omitempty on a
 * value: dropped when zero), `ptr` (omitempty on a pointer: dropped only when unset).
 */
export type Emit = 'always' | 'omit' | 'ptr';

/** A Go type as the decoder and encoder need to know it. */
export type Schema =
  | { t: 'string'; go: string }
  | { t: 'bool' }
  | { t: 'int'; go: 'int32' | 'int64' }
  | { t: 'float'; go: 'float32' }
  | { t: 'duration' }
  | { t: 'bytes' }
  | { t: 'raw' }
  | { t: 'map'; of: Schema }
  | { t: 'list'; of: Schema }
  | { t: 'struct'; go: string; fields: Record<string, Field> };

/** A struct field: its type and how Go encodes it. */
export interface Field {
  s: Schema;
  emit: Emit;
}

/** A Go struct type. */
export type StructSchema = Extract<Schema, { t: 'struct' }>;

const str = (go = 'string'): Schema => ({ t: 'string', go });
const bool: Schema = { t: 'bool' };
const i32: Schema = { t: 'int', go: 'int32' };
const i64: Schema = { t: 'int', go: 'int64' };
const list = (of: Schema): Schema => ({ t: 'list', of });
const struct = (go: string, fields: Record<string, Field>): StructSchema => ({ t: 'struct', go, fields });
const always = (s: Schema): Field => ({ s, emit: 'always' });
const omit = (s: Schema): Field => ({ s, emit: 'omit' });
const ptr = (s: Schema): Field => ({ s, emit: 'ptr' });

/** Go's name for the type a schema decodes into, as `of type X` prints it. */
export function goTypeName(s: Schema): string {
  switch (s.t) {
    case 'string':
    case 'struct':
      return s.go;
    case 'int':
    case 'float':
      return s.go;
    case 'bool':
      return 'bool';
    // metav1.Duration unmarshals its JSON into a string first.
    case 'duration':
      return 'string';
    case 'bytes':
      return '[]uint8';
    case 'map':
      return `map[string]${goTypeName(s.of)}`;
    case 'list':
      return `[]${goTypeName(s.of)}`;
    case 'raw':
      return 'runtime.RawExtension';
  }
}

const typeMeta = { kind: omit(str()), apiVersion: omit(str()) };

// core/v1 and meta/v1 types that plugin args embed.
const labelSelectorRequirement = struct('v1.LabelSelectorRequirement', {
  key: always(str()),
  operator: always(str('v1.LabelSelectorOperator')),
  values: omit(list(str())),
});
const labelSelector = struct('v1.LabelSelector', {
  matchLabels: omit({ t: 'map', of: str() }),
  matchExpressions: omit(list(labelSelectorRequirement)),
});
const nodeSelectorRequirement = struct('v1.NodeSelectorRequirement', {
  key: always(str()),
  operator: always(str('v1.NodeSelectorOperator')),
  values: omit(list(str())),
});
const nodeSelectorTerm = struct('v1.NodeSelectorTerm', {
  matchExpressions: omit(list(nodeSelectorRequirement)),
  matchFields: omit(list(nodeSelectorRequirement)),
});
const nodeAffinity = struct('v1.NodeAffinity', {
  requiredDuringSchedulingIgnoredDuringExecution: ptr(
    struct('v1.NodeSelector', { nodeSelectorTerms: always(list(nodeSelectorTerm)) }),
  ),
  preferredDuringSchedulingIgnoredDuringExecution: omit(
    list(struct('v1.PreferredSchedulingTerm', { weight: always(i32), preference: always(nodeSelectorTerm) })),
  ),
});
const topologySpreadConstraint = struct('v1.TopologySpreadConstraint', {
  maxSkew: always(i32),
  topologyKey: always(str()),
  whenUnsatisfiable: always(str('v1.UnsatisfiableConstraintAction')),
  labelSelector: ptr(labelSelector),
  minDomains: ptr(i32),
  nodeAffinityPolicy: ptr(str('v1.NodeInclusionPolicy')),
  nodeTaintsPolicy: ptr(str('v1.NodeInclusionPolicy')),
  matchLabelKeys: omit(list(str())),
});

const resourceSpec = struct('v1.ResourceSpec', { name: always(str()), weight: omit(i64) });
const shapePoint = struct('v1.UtilizationShapePoint', { utilization: always(i32), score: always(i32) });

/** The registered plugin args kinds, keyed by kind. */
export const ARGS_KINDS: Record<string, StructSchema> = {
  DefaultPreemptionArgs: struct('v1.DefaultPreemptionArgs', {
    ...typeMeta,
    minCandidateNodesPercentage: ptr(i32),
    minCandidateNodesAbsolute: ptr(i32),
  }),
  InterPodAffinityArgs: struct('v1.InterPodAffinityArgs', {
    ...typeMeta,
    hardPodAffinityWeight: ptr(i32),
    ignorePreferredTermsOfExistingPods: always(bool),
  }),
  NodeAffinityArgs: struct('v1.NodeAffinityArgs', { ...typeMeta, addedAffinity: ptr(nodeAffinity) }),
  NodeResourcesBalancedAllocationArgs: struct('v1.NodeResourcesBalancedAllocationArgs', {
    ...typeMeta,
    resources: omit(list(resourceSpec)),
  }),
  NodeResourcesFitArgs: struct('v1.NodeResourcesFitArgs', {
    ...typeMeta,
    ignoredResources: omit(list(str())),
    ignoredResourceGroups: omit(list(str())),
    scoringStrategy: ptr(
      struct('v1.ScoringStrategy', {
        type: omit(str('v1.ScoringStrategyType')),
        resources: omit(list(resourceSpec)),
        requestedToCapacityRatio: ptr(struct('v1.RequestedToCapacityRatioParam', { shape: omit(list(shapePoint)) })),
      }),
    ),
  }),
  PodTopologySpreadArgs: struct('v1.PodTopologySpreadArgs', {
    ...typeMeta,
    defaultConstraints: omit(list(topologySpreadConstraint)),
    defaultingType: omit(str('v1.PodTopologySpreadConstraintsDefaulting')),
  }),
  VolumeBindingArgs: struct('v1.VolumeBindingArgs', {
    ...typeMeta,
    bindTimeoutSeconds: ptr(i64),
    shape: omit(list(shapePoint)),
  }),
};

const plugin = struct('v1.Plugin', { name: always(str()), weight: ptr(i32) });
const pluginSet = struct('v1.PluginSet', { enabled: omit(list(plugin)), disabled: omit(list(plugin)) });
const pluginSetFields: Record<string, Field> = {};
for (const name of PLUGIN_SET_NAMES) pluginSetFields[name] = always(pluginSet);

const profile = struct('v1.KubeSchedulerProfile', {
  schedulerName: ptr(str()),
  percentageOfNodesToScore: ptr(i32),
  plugins: ptr(struct('v1.Plugins', pluginSetFields)),
  pluginConfig: omit(list(struct('v1.PluginConfig', { name: always(str()), args: always({ t: 'raw' }) }))),
});

const extender = struct('v1.Extender', {
  urlPrefix: always(str()),
  filterVerb: omit(str()),
  preemptVerb: omit(str()),
  prioritizeVerb: omit(str()),
  weight: omit(i64),
  bindVerb: omit(str()),
  enableHTTPS: omit(bool),
  tlsConfig: ptr(
    struct('v1.ExtenderTLSConfig', {
      insecure: omit(bool),
      serverName: omit(str()),
      certFile: omit(str()),
      keyFile: omit(str()),
      caFile: omit(str()),
      certData: omit({ t: 'bytes' }),
      keyData: omit({ t: 'bytes' }),
      caData: omit({ t: 'bytes' }),
    }),
  ),
  httpTimeout: always({ t: 'duration' }),
  nodeCacheCapable: omit(bool),
  managedResources: omit(
    list(struct('v1.ExtenderManagedResource', { name: always(str()), ignoredByScheduler: omit(bool) })),
  ),
  ignorable: omit(bool),
});

/** The KubeSchedulerConfiguration kind itself (DebuggingConfiguration's fields inlined). */
export const CONFIGURATION: StructSchema = struct('v1.KubeSchedulerConfiguration', {
  ...typeMeta,
  parallelism: ptr(i32),
  leaderElection: always(
    struct('v1alpha1.LeaderElectionConfiguration', {
      leaderElect: always(bool),
      leaseDuration: always({ t: 'duration' }),
      renewDeadline: always({ t: 'duration' }),
      retryPeriod: always({ t: 'duration' }),
      resourceLock: always(str()),
      resourceName: always(str()),
      resourceNamespace: always(str()),
    }),
  ),
  clientConnection: always(
    struct('v1alpha1.ClientConnectionConfiguration', {
      kubeconfig: always(str()),
      acceptContentTypes: always(str()),
      contentType: always(str()),
      qps: always({ t: 'float', go: 'float32' }),
      burst: always(i32),
    }),
  ),
  enableProfiling: ptr(bool),
  enableContentionProfiling: ptr(bool),
  percentageOfNodesToScore: ptr(i32),
  podInitialBackoffSeconds: ptr(i64),
  podMaxBackoffSeconds: ptr(i64),
  profiles: omit(list(profile)),
  extenders: omit(list(extender)),
  delayCacheUntilActive: omit(bool),
});

/** Every kind the v1 scheme knows. */
export const KINDS: Record<string, StructSchema> = { KubeSchedulerConfiguration: CONFIGURATION, ...ARGS_KINDS };
