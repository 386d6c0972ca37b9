/**
 * The pod garbage collector's write (upstream's `markFailedAndDeletePodWithCondition`): a pod
 * not yet Succeeded or Failed is first marked Failed (with the given condition) through
 * `pods/status` — an orphaned pod has no kubelet left to do it — then force-deleted.
 */
import type { Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { isConflict, isNotFound } from '../../machinery/errors.js';

/** metav1.Time's wire form: RFC 3339 in whole seconds. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Upstream's `UpdatePodCondition` on a copy of `status`. */
export function withPodCondition(status: PodStatus | undefined, condition: PodCondition, nowIso: string): PodStatus {
  const conditions = [...(status?.conditions ?? [])];
  const next: PodCondition = { ...condition, lastTransitionTime: nowIso };
  const i = conditions.findIndex((c) => c.type === condition.type);
  if (i < 0) conditions.push(next);
  else {
    if (conditions[i].status === next.status) next.lastTransitionTime = conditions[i].lastTransitionTime;
    conditions[i] = next;
  }
  return { ...status, conditions };
}

/** The condition put on orphaned pods (upstream's, for pods whose node is gone). */
export const PODGC_DISRUPTION_CONDITION: PodCondition = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'DeletionByPodGC',
  message: 'PodGC: node no longer exists',
};

/**
 * Marks `pod` Failed (plus `condition`) unless it already finished, then deletes it with grace
 * period 0. The status write uses the cached resourceVersion; on a Conflict the pod is read again
 * once. A pod already gone is done.
 */
export async function markFailedAndDeletePod(
  pods: ResourceClient<Pod>,
  pod: Pod,
  condition: PodCondition | undefined,
  nowMs: number,
): Promise<void> {
  const namespace = pod.metadata?.namespace;
  const name = pod.metadata!.name!;
  try {
    let current = pod;
    for (let attempt = 0; attempt < 2; attempt++) {
      const phase = current.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') break;
      let status: PodStatus = { ...current.status, phase: 'Failed' };
      if (condition) status = withPodCondition(status, condition, rfc3339(nowMs));
      try {
        await pods.updateStatus({ ...current, apiVersion: 'v1', kind: 'Pod', status }, { namespace });
        break;
      } catch (err) {
        if (!isConflict(err) || attempt > 0) throw err;
        current = await pods.get(name, { namespace });
        if (current.metadata?.uid !== pod.metadata?.uid) return;
      }
    }
    await pods.delete(name, { namespace, gracePeriodSeconds: 0, preconditions: { uid: pod.metadata?.uid } });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
