/**
 * Defaulting of the built-in kinds, as upstream's `SetDefaults_*` functions and generated defaulters
 * apply them when the apiserver decodes a body: one entry per `resource.group` in a registry
 * literal. Objects are changed in place; fields of the wrong type are left for validation to
 * report.
 */
import { type Obj, isObj } from '../validation/util.js';
import * as core from './core.js';
import * as groups from './groups.js';
import { defaultPod } from './pod.js';
import { defaultService } from './service.js';
import * as workloads from './workloads.js';

/** The defaulters, by `resource` for core and `resource.group` otherwise. */
const REGISTRY: Readonly<Record<string, (obj: Obj) => void>> = {
  pods: defaultPod,
  podtemplates: core.defaultPodTemplate,
  services: defaultService,
  secrets: core.defaultSecret,
  configmaps: core.defaultConfigMap,
  namespaces: core.defaultNamespace,
  replicationcontrollers: core.defaultReplicationController,
  persistentvolumes: core.defaultPersistentVolume,
  persistentvolumeclaims: core.defaultPersistentVolumeClaim,
  endpoints: core.defaultEndpoints,
  limitranges: core.defaultLimitRange,
  resourcequotas: core.defaultResourceQuota,
  nodes: core.defaultNode,
  'deployments.apps': workloads.defaultDeployment,
  'replicasets.apps': workloads.defaultReplicaSet,
  'statefulsets.apps': workloads.defaultStatefulSet,
  'daemonsets.apps': workloads.defaultDaemonSet,
  'jobs.batch': workloads.defaultJob,
  'cronjobs.batch': workloads.defaultCronJob,
  'horizontalpodautoscalers.autoscaling': groups.defaultHorizontalPodAutoscaler,
  'networkpolicies.networking.k8s.io': groups.defaultNetworkPolicy,
  'ingressclasses.networking.k8s.io': groups.defaultIngressClass,
  'endpointslices.discovery.k8s.io': groups.defaultEndpointSlice,
  'rolebindings.rbac.authorization.k8s.io': groups.defaultRoleBinding,
  'clusterrolebindings.rbac.authorization.k8s.io': groups.defaultRoleBinding,
  'storageclasses.storage.k8s.io': groups.defaultStorageClass,
  'csidrivers.storage.k8s.io': groups.defaultCSIDriver,
  'priorityclasses.scheduling.k8s.io': groups.defaultPriorityClass,
  'validatingwebhookconfigurations.admissionregistration.k8s.io': groups.webhookDefaults(false),
  'mutatingwebhookconfigurations.admissionregistration.k8s.io': groups.webhookDefaults(true),
  'customresourcedefinitions.apiextensions.k8s.io': groups.defaultCustomResourceDefinition,
};

/**
 * Fills upstream's defaults in place (what the apiserver does when it decodes a body) for
 * `resource` in `group` ('' for core). Kinds without defaults, and values that are not objects, are
 * left alone. HorizontalPodAutoscalers are defaulted by their `apiVersion` (v1 or v2 shape).
 */
export function applyDefaults(group: string, resource: string, obj: unknown): void {
  if (!isObj(obj)) return;
  REGISTRY[group ? `${resource}.${group}` : resource]?.(obj);
}

export { jobGenerateSelector } from './workloads.js';
export { normalizeClusterIPs } from './service.js';
export { imageTag } from './pod.js';
