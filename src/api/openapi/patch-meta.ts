/**
 * Our table of the patch metadata upstream Kubernetes 1.32 declares on its API types with
 * `patchStrategy`/`patchMergeKey` struct tags and `+listType`, `+listMapKey`, `+mapType`,
 * `+structType` markers (staging/src/k8s.io/api/**\/types.go). The OpenAPI generator copies it
 * into the served schemas as `x-kubernetes-patch-strategy`, `x-kubernetes-patch-merge-key`,
 * `x-kubernetes-list-type`, `x-kubernetes-list-map-keys` and `x-kubernetes-map-type`: kubectl's
 * client-side apply reads the first two for strategic merge patches, server-side apply the rest.
 *
 * Only what differs from the default is listed: every other array is `atomic` (upstream marks
 * nearly all of them so since 1.30, and SMP and SSA treat an unmarked list the same way), every
 * other map and struct `granular`.
 */

/** The patch metadata of one field. */
export interface FieldPatchMeta {
  /** `merge`, `retainKeys` or `merge,retainKeys`. */
  strategy?: string;
  mergeKey?: string;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  mapType?: 'atomic' | 'granular';
}

/** A list merged by `key` in strategic merge patches and keyed by `keys` (default `[key]`) in SSA. */
const mergeMap = (key: string, ...more: string[]): FieldPatchMeta => ({
  strategy: 'merge',
  mergeKey: key,
  listType: 'map',
  listMapKeys: [key, ...more],
});
/** Like {@link mergeMap}, and patches may carry `$retainKeys` for the elements' union fields. */
const mergeRetainMap = (key: string): FieldPatchMeta => ({ ...mergeMap(key), strategy: 'merge,retainKeys' });
/** A list keyed by `keys` for SSA only; strategic merge patches replace it whole. */
const map = (...keys: string[]): FieldPatchMeta => ({ listType: 'map', listMapKeys: keys });
const set: FieldPatchMeta = { listType: 'set' };
const atomicMap: FieldPatchMeta = { mapType: 'atomic' };
const granular: FieldPatchMeta = { mapType: 'granular' };
const conditions = mergeMap('type');

const core = 'io.k8s.api.core.v1';
const container: Record<string, FieldPatchMeta> = {
  env: mergeMap('name'),
  ports: mergeMap('containerPort', 'protocol'),
  volumeDevices: mergeMap('devicePath'),
  volumeMounts: mergeMap('mountPath'),
};
const webhook: Record<string, FieldPatchMeta> = { matchConditions: mergeMap('name') };
const webhooks: Record<string, FieldPatchMeta> = { webhooks: mergeMap('name') };
const admission = 'io.k8s.api.admissionregistration.v1';

/** Field patch metadata by upstream definition name, then field name. */
export const FIELD_PATCH_META: Record<string, Record<string, FieldPatchMeta>> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    finalizers: { strategy: 'merge', listType: 'set' },
    ownerReferences: mergeMap('uid'),
  },

  [`${core}.PodSpec`]: {
    containers: mergeMap('name'),
    ephemeralContainers: mergeMap('name'),
    hostAliases: mergeMap('ip'),
    imagePullSecrets: mergeMap('name'),
    initContainers: mergeMap('name'),
    nodeSelector: atomicMap,
    resourceClaims: mergeRetainMap('name'),
    schedulingGates: mergeMap('name'),
    topologySpreadConstraints: mergeMap('topologyKey', 'whenUnsatisfiable'),
    volumes: mergeRetainMap('name'),
  },
  [`${core}.Container`]: container,
  [`${core}.EphemeralContainer`]: container,
  [`${core}.PodStatus`]: {
    conditions,
    hostIPs: { strategy: 'merge', mergeKey: 'ip', listType: 'atomic' },
    podIPs: mergeMap('ip'),
    resourceClaimStatuses: mergeRetainMap('name'),
  },
  [`${core}.ContainerStatus`]: {
    allocatedResourcesStatus: mergeMap('name'),
    volumeMounts: mergeMap('mountPath'),
  },
  [`${core}.ResourceStatus`]: { resources: map('resourceID') },
  [`${core}.ResourceRequirements`]: { claims: map('name') },
  [`${core}.NodeSpec`]: { podCIDRs: { strategy: 'merge', listType: 'set' } },
  [`${core}.NodeStatus`]: { addresses: mergeMap('type'), conditions },
  [`${core}.NamespaceStatus`]: { conditions },
  [`${core}.PersistentVolumeClaimStatus`]: { allocatedResourceStatuses: granular, conditions },
  [`${core}.PersistentVolumeSpec`]: { claimRef: granular },
  [`${core}.ReplicationControllerSpec`]: { selector: atomicMap },
  [`${core}.ReplicationControllerStatus`]: { conditions },
  [`${core}.ComponentStatus`]: { conditions },
  [`${core}.ServiceSpec`]: { ports: mergeMap('port', 'protocol'), selector: atomicMap },
  [`${core}.ServiceStatus`]: { conditions },
  [`${core}.ServiceAccount`]: { secrets: mergeMap('name') },

  'io.k8s.api.apps.v1.DeploymentSpec': { strategy: { strategy: 'retainKeys' } },
  'io.k8s.api.apps.v1.DeploymentStatus': { conditions },
  'io.k8s.api.apps.v1.DaemonSetStatus': { conditions },
  'io.k8s.api.apps.v1.ReplicaSetStatus': { conditions },
  'io.k8s.api.apps.v1.StatefulSetStatus': { conditions },

  'io.k8s.api.batch.v1.JobStatus': { conditions: { strategy: 'merge', mergeKey: 'type', listType: 'atomic' } },
  'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement': { values: set },
  'io.k8s.api.batch.v1.UncountedTerminatedPods': { failed: set, succeeded: set },

  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': { conditions },
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': { conditions },
  'io.k8s.api.certificates.v1.CertificateSigningRequestStatus': { conditions: map('type') },
  'io.k8s.api.discovery.v1.Endpoint': { addresses: set },
  'io.k8s.api.node.v1.Scheduling': { nodeSelector: atomicMap },
  'io.k8s.api.storage.v1.CSIDriverSpec': { volumeLifecycleModes: set },
  'io.k8s.api.storage.v1.CSINodeSpec': { drivers: mergeMap('name') },

  [`${admission}.MutatingWebhookConfiguration`]: webhooks,
  [`${admission}.ValidatingWebhookConfiguration`]: webhooks,
  [`${admission}.MutatingWebhook`]: webhook,
  [`${admission}.ValidatingWebhook`]: webhook,
  [`${admission}.ValidatingAdmissionPolicySpec`]: { matchConditions: mergeMap('name'), variables: map('name') },
  [`${admission}.ValidatingAdmissionPolicyStatus`]: { conditions: map('type') },
  [`${admission}.ValidatingAdmissionPolicyBindingSpec`]: { validationActions: set },

  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionStatus': {
    conditions: map('type'),
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps': {
    'x-kubernetes-validations': mergeMap('rule'),
  },
};

/**
 * Definitions upstream marks `+structType=atomic` (`x-kubernetes-map-type: atomic`): server-side
 * apply owns and replaces them whole, as one value.
 */
export const ATOMIC_STRUCTS: readonly string[] = [
  ...[
    'ConfigMapKeySelector',
    'EndpointAddress',
    'EndpointPort',
    'LocalObjectReference',
    'NodeSelector',
    'NodeSelectorTerm',
    'ObjectFieldSelector',
    'ObjectReference',
    'ResourceFieldSelector',
    'ScopeSelector',
    'SecretKeySelector',
    'SecretReference',
    'TopologySelectorTerm',
    'TypedLocalObjectReference',
  ].map((name) => `${core}.${name}`),
  ...['MatchResources', 'NamedRuleWithOperations', 'ParamKind', 'ParamRef', 'Variable'].map(
    (name) => `${admission}.${name}`,
  ),
  'io.k8s.api.autoscaling.v1.CrossVersionObjectReference',
  'io.k8s.api.discovery.v1.EndpointPort',
  'io.k8s.api.rbac.v1.RoleRef',
  'io.k8s.api.rbac.v1.Subject',
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference',
];

/**
 * Non-zero field defaults upstream declares with `+default=` (SSA needs them: `protocol` is a
 * list-map key of container and service ports, and an element that omits it is keyed as TCP).
 */
export const FIELD_DEFAULTS: Record<string, Record<string, unknown>> = {
  [`${core}.ContainerPort`]: { protocol: 'TCP' },
  [`${core}.ServicePort`]: { protocol: 'TCP' },
};

/** The patch metadata of `field` of `definition`, or undefined when it has none beyond the default. */
export function fieldPatchMeta(definition: string, field: string): FieldPatchMeta | undefined {
  return FIELD_PATCH_META[definition]?.[field];
}
