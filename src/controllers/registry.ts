/** Every controller `k8ts controller-manager` knows, in upstream's start order. */
import type { ControllerDescriptor } from './context.js';
import { clusterRoleAggregationController } from './clusterroleaggregation/index.js';
import { deploymentController } from './deployment/index.js';
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
  serviceAccountController,
  replicationControllerController,
  podGCController,
  resourceQuotaController,
  namespaceController,
  replicaSetController,
  deploymentController,
  garbageCollectorController,
  nodeIpamController,
  nodeLifecycleController,
  taintEvictionController,
  clusterRoleAggregationController,
  rootCACertPublisher,
];
