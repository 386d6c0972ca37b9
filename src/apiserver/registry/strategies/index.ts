/**
 * The strategy of each resource, by `resource.group`. Kinds not named here get the default:
 * no generation, no create-on-update, metadata validation only.
 */
import type { ResourceInfo } from '../../../api/resources.js';
import type { Strategy } from '../strategy.js';
import type { KObject } from '../../cacher/types.js';
import { applyDefaults, jobGenerateSelector } from '../../../api/defaults/index.js';
import { validate, validateStatusUpdate, validateUpdate } from '../../../api/validation/index.js';
import { podQOSClass } from '../../../api/pod-qos.js';
import { CLEANUP_FINALIZER } from '../../crd/served.js';
import { unsupportedRuleWarnings } from '../../crd/validation-rules.js';

/** Kinds whose spec changes bump metadata.generation (upstream's PrepareForCreate sets it to 1). */
const GENERATION = new Set([
  'deployments.apps',
  'replicasets.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'jobs.batch',
  'cronjobs.batch',
  'replicationcontrollers',
  'poddisruptionbudgets.policy',
  'ingresses.networking.k8s.io',
  'networkpolicies.networking.k8s.io',
  'endpointslices.discovery.k8s.io',
  'customresourcedefinitions.apiextensions.k8s.io',
  'mutatingwebhookconfigurations.admissionregistration.k8s.io',
  'validatingwebhookconfigurations.admissionregistration.k8s.io',
  'horizontalpodautoscalers.autoscaling',
]);

/** Kinds upstream lets a PUT create. */
const CREATE_ON_UPDATE = new Set([
  'endpoints',
  'nodes',
  'leases.coordination.k8s.io',
  'endpointslices.discovery.k8s.io',
  'events',
  'events.events.k8s.io',
]);

const pods: Strategy = {
  // Upstream's podStrategy.PrepareForCreate: the QoS class is fixed once, at creation.
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending', qosClass: podQOSClass(obj) };
  },
  // A status write without the QoS class keeps it (old kubelets drop it); changing it is refused.
  prepareForStatusUpdate(obj, old) {
    if (old.status?.qosClass && !obj.status?.qosClass) (obj.status ??= {}).qosClass = old.status.qosClass;
  },
  // Upstream's Priority admission on update: what it set at creation stays when a write leaves it out.
  prepareForUpdate(obj, old) {
    for (const f of ['priority', 'preemptionPolicy']) {
      if (obj.spec && obj.spec[f] == null && old.spec?.[f] != null) obj.spec[f] = old.spec[f];
    }
  },
  fields: (obj: KObject) => ({
    'spec.nodeName': obj.spec?.nodeName ?? '',
    'spec.restartPolicy': obj.spec?.restartPolicy ?? '',
    'spec.schedulerName': obj.spec?.schedulerName ?? '',
    'spec.serviceAccountName': obj.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': String(obj.spec?.hostNetwork ?? false),
    'status.phase': obj.status?.phase ?? '',
    'status.podIP': obj.status?.podIP ?? '',
    'status.nominatedNodeName': obj.status?.nominatedNodeName ?? '',
  }),
  // A pod not yet on a node has no kubelet to wait for: it is deleted at once (upstream's CheckGracefulDelete).
  gracePeriod(obj, requested) {
    if (!obj.spec?.nodeName) return 0;
    if (obj.status?.phase === 'Succeeded' || obj.status?.phase === 'Failed') return 0;
    return requested ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
  },
};

const namespaces: Strategy = {
  prepareForCreate(obj) {
    obj.status = { phase: 'Active' };
    obj.spec = { ...obj.spec, finalizers: ['kubernetes'] };
  },
  fields: (obj: KObject) => ({ 'status.phase': obj.status?.phase ?? '' }),
  finalizers: (obj: KObject) => [...(obj.metadata?.finalizers ?? []), ...(obj.spec?.finalizers ?? [])],
  markDeleting(obj) {
    obj.status = { ...obj.status, phase: 'Terminating' };
  },
};

const events: Strategy = {
  ttlSeconds: () => 3600,
  fields: (obj: KObject) => ({
    'involvedObject.kind': obj.involvedObject?.kind ?? '',
    'involvedObject.namespace': obj.involvedObject?.namespace ?? '',
    'involvedObject.name': obj.involvedObject?.name ?? '',
    'involvedObject.uid': obj.involvedObject?.uid ?? '',
    'involvedObject.apiVersion': obj.involvedObject?.apiVersion ?? '',
    'involvedObject.resourceVersion': obj.involvedObject?.resourceVersion ?? '',
    'involvedObject.fieldPath': obj.involvedObject?.fieldPath ?? '',
    reason: obj.reason ?? '',
    reportingComponent: obj.reportingComponent ?? '',
    source: obj.source?.component || obj.reportingComponent || '',
    type: obj.type ?? '',
  }),
};

const customResourceDefinitions: Strategy = {
  conditionalUpdatesOnly: true,
  // A rule k8ts cannot evaluate is said, not silently ignored.
  warnings: (obj: KObject) =>
    ((obj.spec?.versions ?? []) as KObject[]).flatMap((v, i) =>
      unsupportedRuleWarnings(v.schema?.openAPIV3Schema, `spec.versions[${i}].schema.openAPIV3Schema`),
    ),
  finalizers: (obj: KObject) =>
    obj.metadata?.deletionTimestamp
      ? (obj.metadata.finalizers ?? [])
      : [...(obj.metadata?.finalizers ?? []), CLEANUP_FINALIZER],
  markDeleting(obj) {
    const fins: string[] = obj.metadata.finalizers ?? [];
    if (!fins.includes(CLEANUP_FINALIZER)) obj.metadata.finalizers = [...fins, CLEANUP_FINALIZER];
    const conditions = (obj.status?.conditions ?? []).filter((c: KObject) => c.type !== 'Terminating');
    conditions.push({
      type: 'Terminating',
      status: 'True',
      lastTransitionTime: obj.metadata.deletionTimestamp,
      reason: 'InstanceDeletionPending',
      message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
    });
    obj.status = { ...obj.status, conditions };
  },
};

const SPECIFIC: Record<string, Strategy> = {
  'customresourcedefinitions.apiextensions.k8s.io': customResourceDefinitions,
  pods,
  namespaces,
  events,
  secrets: { fields: (obj: KObject) => ({ type: obj.type ?? '' }) },
  nodes: { fields: (obj: KObject) => ({ 'spec.unschedulable': String(obj.spec?.unschedulable ?? false) }) },
  replicationcontrollers: { fields: (obj: KObject) => ({ 'status.replicas': String(obj.status?.replicas ?? 0) }) },
  // Upstream's deploymentStatusStrategy resets only spec and labels: the controller writes its
  // revision annotations with the status.
  'deployments.apps': { statusFields: ['status', 'metadata.annotations'] },
  'replicasets.apps': { fields: (obj: KObject) => ({ 'status.replicas': String(obj.status?.replicas ?? 0) }) },
  'jobs.batch': { fields: (obj: KObject) => ({ 'status.successful': String(obj.status?.succeeded ?? 0) }) },
  'certificatesigningrequests.certificates.k8s.io': {
    fields: (obj: KObject) => ({ 'spec.signerName': obj.spec?.signerName ?? '' }),
  },
};

/** The strategy for a resource: its specifics, upstream's defaults and validation, by `resource.group`. */
export function strategyFor(info: ResourceInfo): Strategy {
  const { group, resource } = info;
  const name = group ? `${resource}.${group}` : resource;
  return {
    defaults: (obj) => applyDefaults(group, resource, obj),
    validate: (obj) => {
      // Upstream's job strategy makes the selector in Validate, once the uid is set.
      if (name === 'jobs.batch') jobGenerateSelector(obj);
      return validate(group, resource, obj);
    },
    validateUpdate: (obj, old, subresource) =>
      subresource === 'status'
        ? validateStatusUpdate(group, resource, obj, old)
        : validateUpdate(group, resource, obj, old),
    ...SPECIFIC[name],
    generation: GENERATION.has(name),
    allowCreateOnUpdate: CREATE_ON_UPDATE.has(name),
  };
}
