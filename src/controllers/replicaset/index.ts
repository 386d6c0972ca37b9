/**
 * The ReplicaSet controller (upstream's pkg/controller/replicaset): keeps `spec.replicas` pods
 * for each ReplicaSet, adopting and releasing pods by selector, and reports their readiness and
 * availability in its status. The ReplicationController controller reuses it through
 * {@link ReplicaSetKind}.
 */
import type { ControllerDescriptor } from '../context.js';
import { replicaSetDescriptorFor } from './controller.js';
import { replicaSetKind } from './kind.js';

export { newReplicaSetController, replicaSetDescriptorFor, type ReplicaSetControllerInstance } from './controller.js';
export { BURST_REPLICAS } from './deps.js';
export { replicaSetKind, type Controlled, type ReplicaSetKind } from './kind.js';
export { getPodsToDelete, lessForDeletion, POD_DELETION_COST } from './ranking.js';
export { calculateStatus, REPLICA_FAILURE } from './status.js';

/** `replicaset-controller` (alias `replicaset`), `--concurrent-replicaset-syncs` workers (5). */
export const replicaSetController: ControllerDescriptor = replicaSetDescriptorFor(
  'replicaset-controller',
  ['replicaset'],
  replicaSetKind,
  'replicaset',
  5,
);
