/**
 * A ReplicaSet's status from its pods (upstream's `calculateStatus` and the condition helpers of
 * pkg/controller/replicaset/replica_set_utils.go), and whether it differs from the stored one.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import { selectorFromSet } from '../../machinery/labels.js';
import { isPodAvailable, isPodReady, msUntilAvailable } from '../common/index.js';

/** The condition type set while pods cannot be created or deleted. */
export const REPLICA_FAILURE = 'ReplicaFailure';

/** Go's `metav1.Time` wire form: RFC 3339 to the second. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The desired replicas (the apiserver defaults them to 1). */
export function specReplicas(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 1;
}

/**
 * Upstream's `calculateStatus`: `replicas` counts the active pods the ReplicaSet owns,
 * `fullyLabeledReplicas` those carrying every template label, `readyReplicas` the Ready ones and
 * `availableReplicas` those Ready for `minReadySeconds` at `nowMs`. A failed create/delete sets
 * the ReplicaFailure condition (reason FailedCreate/FailedDelete, the error as message) unless one
 * is already set; a successful sync removes it. Other conditions and observedGeneration are kept.
 */
export function calculateStatus(
  rs: ReplicaSet,
  pods: readonly Pod[],
  manageReplicasErr: unknown,
  nowMs: number,
): ReplicaSetStatus {
  const templateSelector = selectorFromSet(rs.spec?.template?.metadata?.labels ?? {});
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (templateSelector.matches(pod.metadata?.labels ?? {})) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, nowMs)) available++;
    }
  }
  let conditions = [...(rs.status?.conditions ?? [])];
  const failing = conditions.some((c) => c.type === REPLICA_FAILURE);
  if (manageReplicasErr && !failing) {
    const diff = pods.length - specReplicas(rs);
    conditions.push({
      type: REPLICA_FAILURE,
      status: 'True',
      lastTransitionTime: rfc3339(nowMs),
      reason: diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '',
      message: errorMessage(manageReplicasErr),
    });
  } else if (!manageReplicasErr && failing) {
    conditions = conditions.filter((c) => c.type !== REPLICA_FAILURE);
  }
  return wireStatus({
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.status?.observedGeneration,
    conditions,
  });
}

/** The status as Go serializes it: zero counts other than `replicas` and empty lists omitted. */
function wireStatus(s: ReplicaSetStatus): ReplicaSetStatus {
  const out: ReplicaSetStatus = { replicas: s.replicas };
  if (s.fullyLabeledReplicas) out.fullyLabeledReplicas = s.fullyLabeledReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.conditions?.length) out.conditions = s.conditions;
  return out;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Upstream's short-cut in `updateReplicaSetStatus`: nothing to write when the counts and
 * conditions are unchanged and the current generation has already been observed.
 */
export function statusUnchanged(rs: ReplicaSet, next: ReplicaSetStatus): boolean {
  const cur = rs.status ?? { replicas: 0 };
  return (
    (cur.replicas ?? 0) === (next.replicas ?? 0) &&
    (cur.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    (rs.metadata?.generation ?? 0) === (cur.observedGeneration ?? 0) &&
    sameConditions(cur.conditions, next.conditions)
  );
}

function sameConditions(a: readonly ReplicaSetCondition[] = [], b: readonly ReplicaSetCondition[] = []): boolean {
  if (a.length !== b.length) return false;
  const norm = (c: ReplicaSetCondition) =>
    JSON.stringify([c.type, c.status, c.lastTransitionTime ?? '', c.reason ?? '', c.message ?? ''].map(String));
  return a.every((c, i) => norm(c) === norm(b[i]));
}

/**
 * When the next of `pods` (ready, not yet available) becomes available, in ms from `nowMs`;
 * undefined when none is waiting. The sync requeues itself then, so availableReplicas follows.
 */
export function nextAvailableInMs(rs: ReplicaSet, pods: readonly Pod[], nowMs: number): number | undefined {
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  if (!minReadySeconds) return undefined;
  let next: number | undefined;
  for (const pod of pods) {
    if (!isPodReady(pod) || isPodAvailable(pod, minReadySeconds, nowMs)) continue;
    const ms = msUntilAvailable(pod, minReadySeconds, nowMs);
    // A Ready pod without a transition time never becomes available; don't spin on it.
    if (ms > 0 && (next === undefined || ms < next)) next = ms;
  }
  return next;
}
