/**
 * What a deployment sync may do to the world, as one interface: the controller backs it with the
 * API and its caches; unit tests back it with a recorder. Every write the sync makes goes through
 * it, so the sync logic itself is pure over its inputs.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';

export interface DeploymentEnv {
  /** Wall time in ms, for condition timestamps and the progress deadline. */
  now(): number;
  /** Creates a ReplicaSet; rejects with the API's error (AlreadyExists on a name taken). */
  createReplicaSet(rs: ReplicaSet): Promise<ReplicaSet>;
  /** Replaces a ReplicaSet (resourceVersion-checked); resolves with what the server stored. */
  updateReplicaSet(rs: ReplicaSet): Promise<ReplicaSet>;
  /** Deletes a ReplicaSet; a ReplicaSet already gone is not an error. */
  deleteReplicaSet(rs: ReplicaSet): Promise<void>;
  /** The informer's copy of a ReplicaSet (after AlreadyExists, to tell ours from a hash collision). */
  cachedReplicaSet(namespace: string, name: string): ReplicaSet | undefined;
  /**
   * Writes `d.status` (and the deployment's revision annotation, which upstream's status
   * strategy lets a status write change). Keeps `d.metadata.resourceVersion` current.
   */
  updateDeploymentStatus(d: Deployment): Promise<void>;
  /** Replaces the deployment (a rollback rewrites its template and annotations). */
  updateDeployment(d: Deployment): Promise<void>;
  /** Records an event on the deployment (Go-style format). */
  event(d: Deployment, type: 'Normal' | 'Warning', reason: string, messageFmt: string, ...args: unknown[]): void;
  /** Asks for this deployment to be synced again after `ms` (the progress-deadline check). */
  requeueAfter(ms: number): void;
}

/** Go's `%q` for the names we quote (DNS names need no escaping beyond JSON's). */
export function quote(s: string | undefined): string {
  return JSON.stringify(s ?? '');
}
