/**
 * Marking a pod before deleting it (upstream's `apipod.UpdatePodCondition` and the taint
 * manager's `addConditionAndDeletePod`): the `DisruptionTarget` condition tells the pod's owner
 * (a Job's pod failure policy, a PDB) why the pod goes.
 */
import type { Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { isNotFound } from '../../machinery/errors.js';

/** metav1.Time's wire form: RFC 3339 in whole seconds. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Upstream's `UpdatePodCondition`: `status` with `condition` set (lastTransitionTime now, kept
 * when the status does not change), and whether anything changed.
 */
export function withPodCondition(
  status: PodStatus | undefined,
  condition: PodCondition,
  nowIso: string,
): { status: PodStatus; changed: boolean } {
  const conditions = [...(status?.conditions ?? [])];
  const next: PodCondition = { ...condition, lastTransitionTime: nowIso };
  const i = conditions.findIndex((c) => c.type === condition.type);
  if (i < 0) return { status: { ...status, conditions: [...conditions, next] }, changed: true };
  const old = conditions[i];
  if (old.status === next.status) next.lastTransitionTime = old.lastTransitionTime;
  const same =
    old.status === next.status &&
    (old.reason ?? '') === (next.reason ?? '') &&
    (old.message ?? '') === (next.message ?? '') &&
    (old.lastProbeTime ?? '') === (next.lastProbeTime ?? '') &&
    (old.lastTransitionTime ?? '') === (next.lastTransitionTime ?? '');
  conditions[i] = next;
  return { status: { ...status, conditions }, changed: !same };
}

/** The condition the taint eviction controller puts on the pods it deletes. */
export const TAINT_DISRUPTION_CONDITION: PodCondition = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'DeletionByTaintManager',
  message: 'Taint manager: deleting due to NoExecute taint',
};

/**
 * Reads pod `namespace/name`, adds `condition` through `pods/status` (at the resourceVersion
 * read: a Conflict throws, for a retry) and deletes the pod with its default grace period.
 * A pod already gone is done.
 */
export async function addConditionAndDeletePod(
  pods: ResourceClient<Pod>,
  namespace: string,
  name: string,
  condition: PodCondition,
  nowMs: number,
): Promise<void> {
  try {
    const pod = await pods.get(name, { namespace });
    const { status, changed } = withPodCondition(pod.status, condition, rfc3339(nowMs));
    if (changed) await pods.updateStatus({ ...pod, apiVersion: 'v1', kind: 'Pod', status }, { namespace });
    await pods.delete(name, { namespace, preconditions: { uid: pod.metadata?.uid } });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
