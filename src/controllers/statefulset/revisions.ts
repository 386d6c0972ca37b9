/**
 * A StatefulSet's revisions and status arithmetic (upstream's `getPatch`, `newRevision`,
 * `ApplyRevision`, `computeReplicaStatus`, `inconsistentStatus`, `completeRollingUpdate`,
 * `getStatefulSetMaxUnavailable`). A revision stores the patch
 * `{"spec":{"template":{…,"$patch":"replace"}}}` that restores one pod template.
 */
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { getScaledValueFromIntOrPercent } from '../../machinery/intstr.js';
import { newControllerRef } from '../common/controller-ref.js';
import { newControllerRevision } from '../history/history.js';
import {
  getPodRevision,
  isCreated,
  isRunningAndAvailable,
  isRunningAndReady,
  isTerminating,
  replicasOf,
} from './identity.js';

/** Upstream's `getPatch`: the patch that puts the set's current template back. */
export function getPatch(set: StatefulSet): Record<string, unknown> {
  const template = structuredClone(set.spec?.template ?? {}) as Record<string, unknown>;
  template.$patch = 'replace';
  return { spec: { template } };
}

/**
 * Upstream's `newRevision`: a revision of the set's template numbered `revision`, named by hash
 * with `collisionCount`, carrying the set's annotations.
 */
export function newRevision(set: StatefulSet, revision: number, collisionCount: number): ControllerRevision {
  const cr = newControllerRevision(
    set,
    newControllerRef(set, 'apps/v1', 'StatefulSet'),
    set.spec?.template?.metadata?.labels,
    getPatch(set),
    revision,
    collisionCount,
  );
  cr.metadata!.annotations = { ...set.metadata?.annotations };
  return cr;
}

/**
 * Upstream's `ApplyRevision`: the set with the revision's template. The patch replaces
 * `spec.template` whole, so applying it is taking that template.
 */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const clone: StatefulSet = structuredClone(set);
  const data = revision.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const template = data?.spec?.template;
  if (template) {
    const t = structuredClone(template);
    delete t.$patch;
    clone.spec = { ...clone.spec!, template: t };
  }
  return clone;
}

/** The replica counters of a status. */
export interface ReplicaCounts {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
}

/** Upstream's `updateStatus` over several pod lists: counts replicas, ready, available, current, updated. */
export function computeReplicaStatus(
  pods: readonly (Pod | undefined)[],
  minReadySeconds: number,
  currentRevision: string,
  updateRevision: string,
  nowMs: number,
): ReplicaCounts {
  const s: ReplicaCounts = {
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
  };
  for (const pod of pods) {
    if (!pod) continue;
    if (isCreated(pod)) s.replicas++;
    if (isRunningAndReady(pod)) {
      s.readyReplicas++;
      if (isRunningAndAvailable(pod, minReadySeconds, nowMs)) s.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      const rev = getPodRevision(pod);
      if (rev === currentRevision) s.currentReplicas++;
      if (rev === updateRevision) s.updatedReplicas++;
    }
  }
  return s;
}

/** Upstream's `inconsistentStatus`: whether `status` differs from what the set records. */
export function inconsistentStatus(set: StatefulSet, status: StatefulSetStatus): boolean {
  const cur = set.status ?? { replicas: 0 };
  return (
    (status.observedGeneration ?? 0) > (cur.observedGeneration ?? 0) ||
    status.replicas !== (cur.replicas ?? 0) ||
    (status.currentReplicas ?? 0) !== (cur.currentReplicas ?? 0) ||
    (status.readyReplicas ?? 0) !== (cur.readyReplicas ?? 0) ||
    (status.updatedReplicas ?? 0) !== (cur.updatedReplicas ?? 0) ||
    (status.currentRevision ?? '') !== (cur.currentRevision ?? '') ||
    (status.availableReplicas ?? 0) !== (cur.availableReplicas ?? 0) ||
    (status.updateRevision ?? '') !== (cur.updateRevision ?? '')
  );
}

/**
 * Upstream's `completeRollingUpdate`: once every replica is updated and ready under RollingUpdate,
 * the update revision becomes the current one.
 */
export function completeRollingUpdate(set: StatefulSet, status: StatefulSetStatus): void {
  const replicas = replicasOf(set);
  if (
    (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
    status.updatedReplicas === replicas &&
    status.readyReplicas === replicas &&
    status.replicas === replicas
  ) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

/**
 * Upstream's `getStatefulSetMaxUnavailable`: `maxUnavailable` (default 1) scaled against the
 * replicas rounding down, never below 1.
 */
export function getStatefulSetMaxUnavailable(maxUnavailable: number | string | undefined, replicas: number): number {
  const n = getScaledValueFromIntOrPercent(maxUnavailable ?? 1, replicas, false);
  return n < 1 ? 1 : n;
}
