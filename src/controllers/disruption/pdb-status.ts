/**
 * The arithmetic of a PodDisruptionBudget's status (upstream's disruption.go and
 * component-helpers/apps/poddisruptionbudget): how many pods are expected and must stay healthy,
 * how many are, which recent evictions still count as disruptions, and the DisruptionAllowed
 * condition.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Condition } from 'kubernetes-types/meta/v1.js';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1.js';
import { getScaledValueFromIntOrPercent } from '../../machinery/intstr.js';
import { isPodReady } from '../common/index.js';

/** Upstream's `DeletionTimeout`: an evicted pod not being deleted after this stops counting as disrupted. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

export const DISRUPTION_ALLOWED = 'DisruptionAllowed';
export const SUFFICIENT_PODS = 'SufficientPods';
export const INSUFFICIENT_PODS = 'InsufficientPods';
export const SYNC_FAILED = 'SyncFailed';

/** The expected pod count (the sum of the owning controllers' scale) and the pods without a controller. */
export interface ExpectedScale {
  expectedCount: number;
  unmanagedPods: string[];
}

/**
 * Upstream's `getExpectedPodCount`: with maxUnavailable, expected = the controllers' scale and
 * desired = expected − maxUnavailable (rounded up, not below 0); with an integer minAvailable,
 * expected = the pods selected and desired = minAvailable; with a percentage, expected = the
 * controllers' scale and desired = that share of it, rounded up. `expectedScale` is only called
 * when the controllers' scale is needed; it throws when a pod's controller cannot be found.
 */
export async function expectedPodCount(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  expectedScale: () => Promise<ExpectedScale>,
): Promise<{ expectedCount: number; desiredHealthy: number; unmanagedPods: string[] }> {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const { expectedCount, unmanagedPods } = await expectedScale();
    const maxUnavailable = getScaledValueFromIntOrPercent(spec.maxUnavailable, expectedCount, true);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - maxUnavailable), unmanagedPods };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    if (typeof spec.minAvailable === 'number')
      return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanagedPods: [] };
    const { expectedCount, unmanagedPods } = await expectedScale();
    return {
      expectedCount,
      desiredHealthy: getScaledValueFromIntOrPercent(spec.minAvailable, expectedCount, true),
      unmanagedPods,
    };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

const parseTime = (t: string | undefined) => (t ? Date.parse(t) : NaN);

/**
 * Upstream's `buildDisruptedPodMap`: the entries of `status.disruptedPods` still pending — pods
 * that exist, are not being deleted yet and were evicted less than {@link DELETION_TIMEOUT_MS}
 * ago — with the earliest time one of them expires, and the pods that expired (for the
 * `NotDeleted` event).
 */
export function buildDisruptedPodMap(
  pods: readonly Pod[],
  pdb: PodDisruptionBudget,
  nowMs: number,
): { disruptedPods: Record<string, string>; recheckAtMs?: number; expired: Pod[] } {
  const previous = pdb.status?.disruptedPods ?? {};
  const disruptedPods: Record<string, string> = {};
  const expired: Pod[] = [];
  let recheckAtMs: number | undefined;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const name = pod.metadata?.name ?? '';
    const at = previous[name];
    if (at === undefined) continue;
    const expectedDeletion = parseTime(at) + DELETION_TIMEOUT_MS;
    if (Number.isNaN(expectedDeletion) || expectedDeletion < nowMs) expired.push(pod);
    else {
      if (recheckAtMs === undefined || expectedDeletion < recheckAtMs) recheckAtMs = expectedDeletion;
      disruptedPods[name] = at;
    }
  }
  return { disruptedPods, recheckAtMs, expired };
}

/** Upstream's `countHealthyPods`: ready pods, not being deleted and not just evicted. */
export function countHealthyPods(pods: readonly Pod[], disruptedPods: Record<string, string>, nowMs: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const at = disruptedPods[pod.metadata?.name ?? ''];
    if (at !== undefined && parseTime(at) + DELETION_TIMEOUT_MS > nowMs) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

/** Wall time as metav1.Time (seconds precision). */
export const formatTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Upstream's `meta.SetStatusCondition`: adds or replaces the condition of the same type, moving
 * lastTransitionTime only when the status changes. Returns a new array.
 */
export function setStatusCondition(
  conditions: readonly Condition[] | undefined,
  c: Omit<Condition, 'lastTransitionTime'>,
  nowMs: number,
): Condition[] {
  const out = [...(conditions ?? [])];
  const i = out.findIndex((x) => x.type === c.type);
  if (i < 0) {
    out.push({ ...c, lastTransitionTime: formatTime(nowMs) });
    return out;
  }
  const old = out[i];
  out[i] = {
    ...old,
    ...c,
    lastTransitionTime: old.status !== c.status ? formatTime(nowMs) : old.lastTransitionTime,
  };
  return out;
}

/** Upstream's `UpdateDisruptionAllowedCondition`: True/SufficientPods while disruptions are allowed. */
export function disruptionAllowedCondition(status: PodDisruptionBudgetStatus, nowMs: number): Condition[] {
  const allowed = status.disruptionsAllowed > 0;
  return setStatusCondition(
    status.conditions,
    {
      type: DISRUPTION_ALLOWED,
      status: allowed ? 'True' : 'False',
      reason: allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS,
      message: '',
      observedGeneration: status.observedGeneration,
    },
    nowMs,
  );
}

/** Upstream's `ConditionsAreUpToDate`. */
export function conditionsAreUpToDate(pdb: PodDisruptionBudget): boolean {
  const c = pdb.status?.conditions?.find((x) => x.type === DISRUPTION_ALLOWED);
  if (!c) return false;
  if ((pdb.status?.observedGeneration ?? 0) !== (pdb.metadata?.generation ?? 0)) return false;
  if ((pdb.status?.disruptionsAllowed ?? 0) > 0) return c.status === 'True' && c.reason === SUFFICIENT_PODS;
  return c.status === 'False' && c.reason === INSUFFICIENT_PODS;
}

function sameTimes(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b).length && ka.every((k) => Date.parse(a![k]) === Date.parse(b[k]));
}

/**
 * Upstream's `updatePdbStatus`: the new status (disruptions allowed = healthy − desired, 0 when
 * negative or when no pods are expected), or undefined when the current one is already right.
 */
export function nextPdbStatus(
  pdb: PodDisruptionBudget,
  counts: {
    currentHealthy: number;
    desiredHealthy: number;
    expectedCount: number;
    disruptedPods: Record<string, string>;
  },
  nowMs: number,
): PodDisruptionBudgetStatus | undefined {
  const { currentHealthy, desiredHealthy, expectedCount, disruptedPods } = counts;
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const st = pdb.status;
  const generation = pdb.metadata?.generation ?? 0;
  if (
    st &&
    st.currentHealthy === currentHealthy &&
    st.desiredHealthy === desiredHealthy &&
    st.expectedPods === expectedCount &&
    st.disruptionsAllowed === disruptionsAllowed &&
    sameTimes(st.disruptedPods, disruptedPods) &&
    (st.observedGeneration ?? 0) === generation &&
    conditionsAreUpToDate(pdb)
  )
    return undefined;
  const next: PodDisruptionBudgetStatus = {
    currentHealthy,
    desiredHealthy,
    expectedPods: expectedCount,
    disruptionsAllowed,
    observedGeneration: generation,
    conditions: st?.conditions,
  };
  if (Object.keys(disruptedPods).length > 0) next.disruptedPods = disruptedPods;
  next.conditions = disruptionAllowedCondition(next, nowMs);
  return next;
}

/** Upstream's `failSafe` status: no disruptions allowed, DisruptionAllowed False/SyncFailed with the error. */
export function failSafeStatus(pdb: PodDisruptionBudget, message: string, nowMs: number): PodDisruptionBudgetStatus {
  const st: PodDisruptionBudgetStatus = {
    currentHealthy: 0,
    desiredHealthy: 0,
    expectedPods: 0,
    ...pdb.status,
    disruptionsAllowed: 0,
  };
  st.conditions = setStatusCondition(
    st.conditions,
    {
      type: DISRUPTION_ALLOWED,
      status: 'False',
      reason: SYNC_FAILED,
      message,
      observedGeneration: st.observedGeneration,
    },
    nowMs,
  );
  return st;
}
