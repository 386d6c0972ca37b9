/**
 * ReplicationControllers seen as ReplicaSets (upstream's pkg/controller/replication/conversion.go):
 * the RC's map selector becomes `matchLabels`, its optional template a template, and the status
 * (same fields, same ReplicaFailure condition) maps one to one in both directions.
 */
import type { ReplicaSet, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { ReplicationController, ReplicationControllerStatus } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { RESOURCES } from '../context.js';
import type { ReplicaSetKind } from '../replicaset/index.js';

/**
 * The ReplicaSet view of `rc`. As upstream's conversion, a missing selector stays missing (it
 * selects nothing) and a present one, even empty, becomes `matchLabels`.
 */
export function replicaSetFromRC(rc: ReplicationController): ReplicaSet {
  const spec = rc.spec ?? {};
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: rc.metadata,
    spec: {
      replicas: spec.replicas,
      minReadySeconds: spec.minReadySeconds,
      selector: (spec.selector ? { matchLabels: { ...spec.selector } } : undefined) as LabelSelector,
      template: spec.template ?? {},
    },
    ...(rc.status ? { status: { ...rc.status, conditions: rc.status.conditions?.map((c) => ({ ...c })) } } : {}),
  };
}

/** `rc` with a ReplicaSet status converted to its own. */
export function rcWithStatus(rc: ReplicationController, status: ReplicaSetStatus): ReplicationController {
  const { conditions, ...counts } = status;
  const out: ReplicationControllerStatus = conditions
    ? { ...counts, conditions: conditions.map((c) => ({ ...c })) }
    : counts;
  return { ...rc, apiVersion: 'v1', kind: 'ReplicationController', status: out };
}

/** The kind adapter the ReplicaSet controller runs ReplicationControllers with. */
export const replicationControllerKind: ReplicaSetKind<ReplicationController> = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  resource: RESOURCES.replicationcontrollers,
  component: 'replication-controller',
  queueName: 'replicationmanager',
  toReplicaSet: replicaSetFromRC,
  withStatus: rcWithStatus,
};
