/**
 * The registry: every built-in resource with a printer of its own, keyed `group/resource` (bare
 * `resource` for the core group). A resource missing here prints the default table, as upstream's
 * stores built with rest.NewDefaultTableConvertor do (roles, clusterroles, limitranges,
 * csistoragecapacities, customresourcedefinitions).
 */
import * as admission from './admission.js';
import * as apps from './apps.js';
import { horizontalPodAutoscalerPrinter } from './autoscaling.js';
import { cronJobPrinter, jobPrinter } from './batch.js';
import { certificateSigningRequestPrinter, clusterTrustBundlePrinter } from './certificates.js';
import { leaseCandidatePrinter, leasePrinter } from './coordination.js';
import * as core from './core.js';
import { endpointSlicePrinter } from './discovery.js';
import { eventPrinter } from './events.js';
import { flowSchemaPrinter, priorityLevelConfigurationPrinter } from './flowcontrol.js';
import { apiServicePrinter, storageVersionMigrationPrinter, storageVersionPrinter } from './internal.js';
import * as networking from './networking.js';
import { nodePrinter } from './nodes.js';
import { podPrinter } from './pods.js';
import { podDisruptionBudgetPrinter } from './policy.js';
import * as dra from './resource.js';
import { priorityClassPrinter, runtimeClassPrinter } from './scheduling.js';
import { endpointsPrinter, servicePrinter } from './services.js';
import * as storage from './storage.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.js';
import type { Printer } from './types.js';
import { persistentVolumeClaimPrinter, persistentVolumePrinter } from './volumes.js';

// Printers take their own object types; the registry hands them whatever object it is given.
type AnyPrinter = Printer<never>;

/** Every built-in resource's printer, keyed `group/resource` (`resource` alone for core). */
export const PRINTERS: Readonly<Record<string, AnyPrinter>> = {
  pods: podPrinter,
  podtemplates: core.podTemplatePrinter,
  replicationcontrollers: core.replicationControllerPrinter,
  services: servicePrinter,
  endpoints: endpointsPrinter,
  nodes: nodePrinter,
  events: eventPrinter,
  namespaces: core.namespacePrinter,
  secrets: core.secretPrinter,
  serviceaccounts: core.serviceAccountPrinter,
  configmaps: core.configMapPrinter,
  persistentvolumes: persistentVolumePrinter,
  persistentvolumeclaims: persistentVolumeClaimPrinter,
  componentstatuses: core.componentStatusPrinter,
  resourcequotas: core.resourceQuotaPrinter,

  'apps/deployments': apps.deploymentPrinter,
  'apps/replicasets': apps.replicaSetPrinter,
  'apps/statefulsets': apps.statefulSetPrinter,
  'apps/daemonsets': apps.daemonSetPrinter,
  'apps/controllerrevisions': apps.controllerRevisionPrinter,

  'batch/jobs': jobPrinter,
  'batch/cronjobs': cronJobPrinter,
  'autoscaling/horizontalpodautoscalers': horizontalPodAutoscalerPrinter,
  'policy/poddisruptionbudgets': podDisruptionBudgetPrinter,
  'events.k8s.io/events': eventPrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,

  'networking.k8s.io/ingresses': networking.ingressPrinter,
  'networking.k8s.io/ingressclasses': networking.ingressClassPrinter,
  'networking.k8s.io/networkpolicies': networking.networkPolicyPrinter,
  'networking.k8s.io/servicecidrs': networking.serviceCIDRPrinter,
  'networking.k8s.io/ipaddresses': networking.ipAddressPrinter,

  'storage.k8s.io/storageclasses': storage.storageClassPrinter,
  'storage.k8s.io/csidrivers': storage.csiDriverPrinter,
  'storage.k8s.io/csinodes': storage.csiNodePrinter,
  'storage.k8s.io/volumeattachments': storage.volumeAttachmentPrinter,
  'storage.k8s.io/volumeattributesclasses': storage.volumeAttributesClassPrinter,

  'rbac.authorization.k8s.io/rolebindings': roleBindingPrinter,
  'rbac.authorization.k8s.io/clusterrolebindings': clusterRoleBindingPrinter,
  'certificates.k8s.io/certificatesigningrequests': certificateSigningRequestPrinter,
  'certificates.k8s.io/clustertrustbundles': clusterTrustBundlePrinter,
  'coordination.k8s.io/leases': leasePrinter,
  'coordination.k8s.io/leasecandidates': leaseCandidatePrinter,
  'scheduling.k8s.io/priorityclasses': priorityClassPrinter,
  'node.k8s.io/runtimeclasses': runtimeClassPrinter,

  'admissionregistration.k8s.io/mutatingwebhookconfigurations': admission.mutatingWebhookPrinter,
  'admissionregistration.k8s.io/validatingwebhookconfigurations': admission.validatingWebhookPrinter,
  'admissionregistration.k8s.io/validatingadmissionpolicies': admission.validatingAdmissionPolicyPrinter,
  'admissionregistration.k8s.io/validatingadmissionpolicybindings': admission.validatingAdmissionPolicyBindingPrinter,
  'admissionregistration.k8s.io/mutatingadmissionpolicies': admission.mutatingAdmissionPolicyPrinter,
  'admissionregistration.k8s.io/mutatingadmissionpolicybindings': admission.mutatingAdmissionPolicyBindingPrinter,

  'flowcontrol.apiserver.k8s.io/flowschemas': flowSchemaPrinter,
  'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations': priorityLevelConfigurationPrinter,
  'internal.apiserver.k8s.io/storageversions': storageVersionPrinter,
  'storagemigration.k8s.io/storageversionmigrations': storageVersionMigrationPrinter,
  'apiregistration.k8s.io/apiservices': apiServicePrinter,

  'resource.k8s.io/deviceclasses': dra.deviceClassPrinter,
  'resource.k8s.io/resourceclaims': dra.resourceClaimPrinter,
  'resource.k8s.io/resourceclaimtemplates': dra.resourceClaimTemplatePrinter,
  'resource.k8s.io/resourceslices': dra.resourceSlicePrinter,
};
