/**
 * The ReplicationController controller (upstream's pkg/controller/replication): the ReplicaSet
 * controller run over ReplicationControllers through a conversion adapter, as upstream does.
 */
import type { ControllerDescriptor } from '../context.js';
import { replicaSetDescriptorFor } from '../replicaset/index.js';
import { replicationControllerKind } from './conversion.js';

export { rcWithStatus, replicaSetFromRC, replicationControllerKind } from './conversion.js';

/** `replicationcontroller-controller` (alias `replicationcontroller`), `--concurrent-rc-syncs` workers (5). */
export const replicationControllerController: ControllerDescriptor = replicaSetDescriptorFor(
  'replicationcontroller-controller',
  ['replicationcontroller'],
  replicationControllerKind,
  'rc',
  5,
);
