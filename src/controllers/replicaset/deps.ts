/**
 * What one ReplicaSet (or ReplicationController) controller instance works with: its kind
 * adapter, informers, clients, pod control, expectations and queue. The handlers and the sync
 * read everything through this record, so both kinds share one implementation.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import type { SharedIndexInformer } from '../../client/informers/shared-informer.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import type { RateLimitingQueue } from '../../client/workqueue/rate-limiting-queue.js';
import type { PodControl } from '../common/index.js';
import type { Controlled, ReplicaSetKind } from './kind.js';
import type { UIDTrackingExpectations } from './uid-expectations.js';

/** Upstream's `BurstReplicas`: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;

/** The name of the owners' index by their controller's uid (upstream's `controllerUIDIndex`). */
export const CONTROLLER_UID_INDEX = 'controllerUID';

/** Everything the handlers and the sync of one controller instance share. */
export interface ReplicaSetDeps<T extends Controlled> {
  kind: ReplicaSetKind<T>;
  owners: SharedIndexInformer<T>;
  pods: SharedIndexInformer<Pod>;
  ownerClient: ResourceClient<T>;
  podClient: ResourceClient<Pod>;
  podControl: PodControl;
  expectations: UIDTrackingExpectations;
  queue: RateLimitingQueue<string>;
  /** Wall time in ms (readiness times, condition timestamps). */
  now(): number;
  log: Logger;
  burstReplicas: number;
}

/** Upstream's `PodKey`: `namespace/name`. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** The `namespace/name` key of an object. */
export function keyOf(obj: Controlled): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata?.name ?? ''}` : (obj.metadata?.name ?? '');
}
