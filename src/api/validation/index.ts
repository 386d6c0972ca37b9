/**
 * Validation of the built-in kinds, as upstream's `pkg/apis/<group>/validation` (and the apps/v1
 * and batch strategies' extra update rules) check them: one entry per `resource.group` in a
 * registry literal. Every error is a FieldError with upstream's field path and wording. Objects are
 * untrusted decoded JSON: a field of the wrong type is reported (`must be of type string`), never a
 * crash. Call `applyDefaults` first, as the apiserver defaults before it validates.
 */
import type { FieldError } from '../../machinery/field-errors.js';
import { validatePathSegmentName } from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import { RESOURCES } from '../resources.js';
import { webhookConfigurationValidator } from './admission.js';
import { validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from './apiextensions.js';
import * as apps from './apps.js';
import { validateDaemonSet, validateDaemonSetStatusUpdate, validateDaemonSetUpdate } from './apps-daemonset.js';
import { validateStatefulSet, validateStatefulSetStatusUpdate, validateStatefulSetUpdate } from './apps-statefulset.js';
import * as autoscaling from './autoscaling.js';
import { validateCronJob, validateCronJobUpdate } from './batch/cronjob.js';
import { validateJob, validateJobStatusUpdate, validateJobUpdate } from './batch/job.js';
import { validateCertificateSigningRequest, validateCertificateSigningRequestUpdate } from './certificates.js';
import * as cluster from './cluster.js';
import * as config from './core/config.js';
import * as endpoints from './core/endpoints.js';
import { validateEventCreate, validateEventUpdate } from './core/events.js';
import * as pod from './core/pod.js';
import * as quota from './core/quota.js';
import * as rc from './core/rc.js';
import { validateService } from './core/service.js';
import { validateServiceUpdate } from './core/service-update.js';
import * as pv from './core/volumes-pv.js';
import * as discovery from './discovery.js';
import * as networking from './networking.js';
import { validateNetworkPolicy, validateNetworkPolicyUpdate } from './networking-policy.js';
import * as rbac from './rbac.js';
import * as storage from './storage.js';
import { type Obj, isObj, objectMeta } from './util.js';

type Validator = (obj: Obj) => FieldError[];
type UpdateValidator = (obj: Obj, old: Obj) => FieldError[];

/** How one resource is validated. */
interface KindValidation {
  validate: Validator;
  validateUpdate: UpdateValidator;
  validateStatusUpdate?: UpdateValidator;
}

const kind = (
  validate: Validator,
  validateUpdate: UpdateValidator,
  validateStatusUpdate?: UpdateValidator,
): KindValidation => ({
  validate,
  validateUpdate,
  validateStatusUpdate,
});

/** The validators, by `resource` for core and `resource.group` otherwise. */
const REGISTRY: Readonly<Record<string, KindValidation>> = {
  pods: kind(pod.validatePod, pod.validatePodUpdate, pod.validatePodStatusUpdate),
  bindings: kind(pod.validatePodBinding, pod.validatePodBinding),
  podtemplates: kind(pod.validatePodTemplate, pod.validatePodTemplateUpdate),
  services: kind(validateService, validateServiceUpdate),
  configmaps: kind(config.validateConfigMap, config.validateConfigMapUpdate),
  secrets: kind(config.validateSecret, config.validateSecretUpdate),
  namespaces: kind(config.validateNamespace, config.validateNamespaceUpdate, config.validateNamespaceStatusUpdate),
  serviceaccounts: kind(config.validateServiceAccount, config.validateServiceAccountUpdate),
  endpoints: kind(endpoints.validateEndpoints, endpoints.validateEndpointsUpdate),
  nodes: kind(endpoints.validateNode, endpoints.validateNodeUpdate, endpoints.validateNodeUpdate),
  events: kind(
    (o) => validateEventCreate(o, false),
    (o, old) => validateEventUpdate(o, old, false),
  ),
  limitranges: kind(quota.validateLimitRange, (o, old) => [
    ...validateObjectMetaUpdate(objectMeta(o.metadata), objectMeta(old.metadata)),
    ...quota.validateLimitRange(o),
  ]),
  resourcequotas: kind(quota.validateResourceQuota, quota.validateResourceQuotaUpdate),
  persistentvolumes: kind(pv.validatePersistentVolume, pv.validatePersistentVolumeUpdate),
  persistentvolumeclaims: kind(pv.validatePersistentVolumeClaim, pv.validatePersistentVolumeClaimUpdate),
  replicationcontrollers: kind(
    rc.validateReplicationController,
    rc.validateReplicationControllerUpdate,
    rc.validateReplicationControllerStatusUpdate,
  ),
  'deployments.apps': kind(apps.validateDeployment, apps.validateDeploymentUpdate, apps.validateDeploymentStatusUpdate),
  'replicasets.apps': kind(apps.validateReplicaSet, apps.validateReplicaSetUpdate, apps.validateReplicaSetStatusUpdate),
  'statefulsets.apps': kind(validateStatefulSet, validateStatefulSetUpdate, validateStatefulSetStatusUpdate),
  'daemonsets.apps': kind(validateDaemonSet, validateDaemonSetUpdate, validateDaemonSetStatusUpdate),
  'controllerrevisions.apps': kind(apps.validateControllerRevision, apps.validateControllerRevisionUpdate),
  'jobs.batch': kind(validateJob, validateJobUpdate, validateJobStatusUpdate),
  'cronjobs.batch': kind(validateCronJob, validateCronJobUpdate),
  'horizontalpodautoscalers.autoscaling': kind(
    autoscaling.validateHorizontalPodAutoscaler,
    autoscaling.validateHorizontalPodAutoscalerUpdate,
    autoscaling.validateHorizontalPodAutoscalerStatusUpdate,
  ),
  'poddisruptionbudgets.policy': kind(
    cluster.validatePodDisruptionBudget,
    cluster.validatePodDisruptionBudgetUpdate,
    cluster.validatePodDisruptionBudgetStatusUpdate,
  ),
  'leases.coordination.k8s.io': kind(cluster.validateLease, cluster.validateLeaseUpdate),
  'priorityclasses.scheduling.k8s.io': kind(cluster.validatePriorityClass, cluster.validatePriorityClassUpdate),
  'runtimeclasses.node.k8s.io': kind(cluster.validateRuntimeClass, cluster.validateRuntimeClassUpdate),
  'endpointslices.discovery.k8s.io': kind(discovery.validateEndpointSlice, discovery.validateEndpointSliceUpdate),
  'events.events.k8s.io': kind(discovery.validateEventsV1, discovery.validateEventsV1Update),
  'ingresses.networking.k8s.io': kind(networking.validateIngress, networking.validateIngressUpdate),
  'ingressclasses.networking.k8s.io': kind(networking.validateIngressClass, networking.validateIngressClassUpdate),
  'networkpolicies.networking.k8s.io': kind(validateNetworkPolicy, validateNetworkPolicyUpdate),
  'roles.rbac.authorization.k8s.io': kind(rbac.validateRole, rbac.validateRoleUpdate),
  'clusterroles.rbac.authorization.k8s.io': kind(rbac.validateClusterRole, rbac.validateClusterRoleUpdate),
  'rolebindings.rbac.authorization.k8s.io': kind(rbac.validateRoleBinding, rbac.validateRoleBindingUpdate),
  'clusterrolebindings.rbac.authorization.k8s.io': kind(
    rbac.validateClusterRoleBinding,
    rbac.validateClusterRoleBindingUpdate,
  ),
  'storageclasses.storage.k8s.io': kind(storage.validateStorageClass, storage.validateStorageClassUpdate),
  'csidrivers.storage.k8s.io': kind(storage.validateCSIDriver, storage.validateCSIDriverUpdate),
  'csinodes.storage.k8s.io': kind(storage.validateCSINode, storage.validateCSINodeUpdate),
  'volumeattachments.storage.k8s.io': kind(storage.validateVolumeAttachment, storage.validateVolumeAttachmentUpdate),
  'certificatesigningrequests.certificates.k8s.io': kind(
    validateCertificateSigningRequest,
    validateCertificateSigningRequestUpdate,
  ),
  'validatingwebhookconfigurations.admissionregistration.k8s.io': webhookConfigurationValidator(false),
  'mutatingwebhookconfigurations.admissionregistration.k8s.io': webhookConfigurationValidator(true),
  'customresourcedefinitions.apiextensions.k8s.io': kind(
    validateCustomResourceDefinition,
    validateCustomResourceDefinitionUpdate,
  ),
};

const key = (group: string, resource: string) => (group ? `${resource}.${group}` : resource);

/** Whether a served resource is namespaced (for the metadata-only fallback). */
function namespaced(group: string, resource: string): boolean | undefined {
  return RESOURCES.find((r) => r.group === group && r.resource === resource)?.namespaced;
}

/** Wrong-type reports can repeat when a field is read twice: keep the first of each. */
function dedupeTypeErrors(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    if (e.type !== 'FieldValueTypeInvalid') return true;
    const s = String(e);
    if (seen.has(s)) return false;
    seen.add(s);
    return true;
  });
}

const asObj = (v: unknown): Obj => (isObj(v) ? v : {});

/**
 * The common ObjectMeta check upstream's `rest.BeforeCreate` runs after a kind's own validation
 * passed: names must be usable as path segments, namespace by scope.
 */
function commonMeta(group: string, resource: string, obj: Obj): FieldError[] {
  const ns = namespaced(group, resource);
  if (ns === undefined) return [];
  const errs: FieldError[] = [];
  errs.push(
    ...validateObjectMeta(objectMeta(obj.metadata, 'metadata', errs), {
      namespaced: ns,
      nameValidator: validatePathSegmentName,
    }),
  );
  return errs;
}

/**
 * Upstream's create validation of `resource` in `group` ('' for core): the kind's own rules, then
 * (when they pass) the common ObjectMeta check of `rest.BeforeCreate`. Resources without their own
 * rules get just the common check; kinds that are not served, nothing.
 */
export function validate(group: string, resource: string, obj: unknown): FieldError[] {
  const o = asObj(obj);
  const own = REGISTRY[key(group, resource)]?.validate(o) ?? [];
  return dedupeTypeErrors(own.length ? own : commonMeta(group, resource, o));
}

/**
 * Upstream's update validation: metadata update rules, immutable fields, and the rules of create
 * applied to the new object. `old` is the stored object.
 */
export function validateUpdate(group: string, resource: string, obj: unknown, old: unknown): FieldError[] {
  const v = REGISTRY[key(group, resource)];
  if (v) return dedupeTypeErrors(v.validateUpdate(asObj(obj), asObj(old)));
  if (namespaced(group, resource) === undefined) return [];
  return validateObjectMetaUpdate(objectMeta(asObj(obj).metadata), objectMeta(asObj(old).metadata));
}

/**
 * Upstream's validation of a write to the `status` subresource: the kind's status rules where
 * upstream has them, metadata update rules otherwise.
 */
export function validateStatusUpdate(group: string, resource: string, obj: unknown, old: unknown): FieldError[] {
  const v = REGISTRY[key(group, resource)]?.validateStatusUpdate;
  if (v) return dedupeTypeErrors(v(asObj(obj), asObj(old)));
  return validateObjectMetaUpdate(objectMeta(asObj(obj).metadata), objectMeta(asObj(old).metadata));
}

export { POD_UPDATE_FORBIDDEN } from './core/pod-update.js';
export { CONTROLLER_UID_LABEL, JOB_NAME_LABEL } from './batch/job.js';
