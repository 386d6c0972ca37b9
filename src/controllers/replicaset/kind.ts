/**
 * What the ReplicaSet controller needs to know about the kind it runs for. Upstream runs the same
 * code for ReplicationControllers by converting them to ReplicaSets on the way in and back on the
 * way out (pkg/controller/replication/conversion.go); {@link ReplicaSetKind} is that adapter.
 */
import type { ReplicaSet, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { ObjectLike, ResourceRef } from '../../client/rest/resource-client.js';
import { RESOURCES } from '../context.js';

/** An object of the controlled kind. */
export type Controlled = ObjectLike & { metadata?: ObjectMeta };

/** How the controller reads and writes objects of one kind as ReplicaSets. */
export interface ReplicaSetKind<T extends Controlled> {
  /** The controller references and events name this apiVersion and kind. */
  apiVersion: string;
  kind: string;
  resource: ResourceRef;
  /** The events' source component (`replicaset-controller`). */
  component: string;
  /** The work queue's name, for its metrics (`replicaset`). */
  queueName: string;
  /** The object seen as a ReplicaSet (a view: never written back as such). */
  toReplicaSet(obj: T): ReplicaSet;
  /** A copy of `obj`, apiVersion and kind set, with `status` (a ReplicaSet status) in place. */
  withStatus(obj: T, status: ReplicaSetStatus): T;
}

/** The identity adapter: apps/v1 ReplicaSets. */
export const replicaSetKind: ReplicaSetKind<ReplicaSet> = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  resource: RESOURCES.replicasets,
  component: 'replicaset-controller',
  queueName: 'replicaset',
  toReplicaSet: (rs) => ({ ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet' }),
  withStatus: (rs, status) => ({ ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet', status }),
};
