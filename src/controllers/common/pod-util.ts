/**
 * Pod predicates the workload controllers share (upstream's `podutil` and `controller_utils`).
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';

/** The pod's Ready condition, if it has one. */
export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/**
 * Upstream's `IsPodAvailable`: ready, and ready for more than `minReadySeconds` by `nowMs`
 * (judged from the Ready condition's lastTransitionTime; at the boundary itself, not yet).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const c = podReadyCondition(pod);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 < nowMs;
}

/** Upstream's `IsPodActive`: not Succeeded, not Failed, not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

/** Upstream's `IsPodTerminal`: Succeeded or Failed. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * The ms until the pod becomes available — the first ms strictly past the boundary, as
 * {@link isPodAvailable} judges — or 0 when it is, or when it is not ready at all.
 */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, nowMs: number): number {
  const c = podReadyCondition(pod);
  if (c?.status !== 'True' || !minReadySeconds || !c.lastTransitionTime) return 0;
  if (isPodAvailable(pod, minReadySeconds, nowMs)) return 0;
  return Date.parse(c.lastTransitionTime) + minReadySeconds * 1000 + 1 - nowMs;
}
