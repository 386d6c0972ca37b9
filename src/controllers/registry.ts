/** Every controller `k8ts controller-manager` knows, in upstream's start order. */
import type { ControllerDescriptor } from './context.js';
import { clusterRoleAggregationController } from './clusterroleaggregation/index.js';
import { cronJobController } from './cronjob/cronjob-controller.js';
import { deploymentController } from './deployment/index.js';
import { jobController } from './job/job-controller.js';
import { horizontalPodAutoscalerController } from './podautoscaler/index.js';
import { localPathProvisionerController, persistentVolumeBinderController } from './volume/index.js';
import { ttlAfterFinishedController } from './ttlafterfinished/ttl-after-finished-controller.js';
import { daemonSetController } from './daemonset/index.js';
import { disruptionController } from './disruption/index.js';
import { endpointsController } from './endpoints/index.js';
import { endpointSliceController } from './endpointslice/index.js';
import { endpointSliceMirroringController } from './endpointslicemirroring/index.js';
import { statefulSetController } from './statefulset/index.js';
import { garbageCollectorController } from './garbagecollector/index.js';
import { namespaceController } from './namespace/index.js';
import { nodeIpamController } from './nodeipam/index.js';
import { nodeLifecycleController } from './nodelifecycle/index.js';
import { podGCController } from './podgc/index.js';
import { replicaSetController } from './replicaset/index.js';
import { replicationControllerController } from './replicationcontroller/index.js';
import { resourceQuotaController } from './resourcequota/index.js';
import { rootCACertPublisher } from './rootcacertpublisher/index.js';
import { serviceAccountController } from './serviceaccount/index.js';
import { taintEvictionController } from './tainteviction/index.js';

export const ALL_CONTROLLERS: readonly ControllerDescriptor[] = [
  endpointsController,
  endpointSliceController,
  endpointSliceMirroringController,
  serviceAccountController,
  replicationControllerController,
  podGCController,
  resourceQuotaController,
  namespaceController,
  replicaSetController,
  daemonSetController,
  deploymentController,
  garbageCollectorController,
  disruptionController,
  jobController,
  cronJobController,
  ttlAfterFinishedController,
  horizontalPodAutoscalerController,
  persistentVolumeBinderController,
  localPathProvisionerController,
  statefulSetController,
  nodeIpamController,
  nodeLifecycleController,
  taintEvictionController,
  clusterRoleAggregationController,
  rootCACertPublisher,
];

/**
 * The kube-system ServiceAccount each controller acts as under `--use-service-account-credentials`,
 * upstream's names, to which the bootstrap policy binds the `system:controller:<account>` roles.
 */
export const SERVICE_ACCOUNTS: Readonly<Record<string, string>> = {
  'endpoints-controller': 'endpoint-controller',
  'endpointslice-controller': 'endpointslice-controller',
  'endpointslice-mirroring-controller': 'endpointslicemirroring-controller',
  'replicationcontroller-controller': 'replication-controller',
  'pod-garbage-collector-controller': 'pod-garbage-collector',
  'resourcequota-controller': 'resourcequota-controller',
  'namespace-controller': 'namespace-controller',
  'serviceaccount-controller': 'service-account-controller',
  'garbage-collector-controller': 'generic-garbage-collector',
  'daemonset-controller': 'daemon-set-controller',
  'job-controller': 'job-controller',
  'deployment-controller': 'deployment-controller',
  'replicaset-controller': 'replicaset-controller',
  'horizontal-pod-autoscaler-controller': 'horizontal-pod-autoscaler',
  'disruption-controller': 'disruption-controller',
  'statefulset-controller': 'statefulset-controller',
  'cronjob-controller': 'cronjob-controller',
  'node-ipam-controller': 'node-controller',
  'node-lifecycle-controller': 'node-controller',
  'taint-eviction-controller': 'node-controller',
  'persistentvolume-binder-controller': 'persistent-volume-binder',
  // k8ts's own: creating and deleting PVs is the binder's right too.
  'local-path-provisioner': 'persistent-volume-binder',
  'clusterrole-aggregation-controller': 'clusterrole-aggregation-controller',
  'ttl-after-finished-controller': 'ttl-after-finished-controller',
  'root-ca-certificate-publisher-controller': 'root-ca-cert-publisher',
};
