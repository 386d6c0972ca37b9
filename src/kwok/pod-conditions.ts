/**
 * Pod conditions as the kubelet computes them (pkg/kubelet/status/generate.go) for the two
 * states kwok simulates: every container running and ready, or the pod finished.
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';

/** Reasons from pkg/kubelet/status/generate.go. */
export const PodCompleted = 'PodCompleted';
export const PodFailed = 'PodFailed';
export const ReadinessGatesNotReady = 'ReadinessGatesNotReady';

/** The condition of `type` in `conditions`, if any. */
export function findCondition(conditions: readonly PodCondition[] | undefined, type: string): PodCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * `wanted` with lastTransitionTime `t`, or the previous condition's transition time when its status
 * is unchanged, as the kubelet's status manager keeps it.
 */
function stamp(
  prev: PodCondition | undefined,
  wanted: Omit<PodCondition, 'lastTransitionTime'>,
  t: string,
): PodCondition {
  const keep = prev && prev.status === wanted.status && prev.lastTransitionTime;
  return { ...wanted, lastTransitionTime: keep ? prev.lastTransitionTime : t } as PodCondition;
}

/** Conditions the kubelet owns; everything else on the pod is kept as it is. */
const KUBELET_OWNED = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady']);

/**
 * Conditions of a pod whose containers all run and are ready, at time `t` (RFC 3339). Readiness
 * gates without a condition get one set True, as kwok's pod-ready stage does; a gate someone set
 * to anything but True keeps Ready False with the kubelet's message.
 */
export function runningConditions(pod: Pod, t: string): PodCondition[] {
  const old = pod.status?.conditions ?? [];
  const gates = (pod.spec?.readinessGates ?? []).map((g) => g.conditionType);
  const gateConditions = gates.map(
    (type) => findCondition(old, type) ?? { type, status: 'True', lastTransitionTime: t },
  );
  const unready = gateConditions
    .filter((c) => c.status !== 'True')
    .map((c) => `the status of pod readiness gate "${c.type}" is not "True", but ${c.status}`);
  const ready: Omit<PodCondition, 'lastTransitionTime'> = unready.length
    ? { type: 'Ready', status: 'False', reason: ReadinessGatesNotReady, message: unready.join(', ') }
    : { type: 'Ready', status: 'True' };
  const conditions = [
    stamp(findCondition(old, 'PodReadyToStartContainers'), { type: 'PodReadyToStartContainers', status: 'True' }, t),
    stamp(findCondition(old, 'Initialized'), { type: 'Initialized', status: 'True' }, t),
    stamp(findCondition(old, 'Ready'), ready, t),
    stamp(findCondition(old, 'ContainersReady'), { type: 'ContainersReady', status: 'True' }, t),
    findCondition(old, 'PodScheduled') ?? { type: 'PodScheduled', status: 'True', lastTransitionTime: t },
  ];
  return merge(conditions, gateConditions, old);
}

/**
 * Whether a condition the kubelet owns shows another status than the kubelet would give a running
 * pod: someone else wrote it, as the node lifecycle controller marks the pods of a silent node not
 * ready. The kubelet's status manager then writes its own back.
 */
export function kubeletConditionsChanged(pod: Pod): boolean {
  const old = pod.status?.conditions;
  return runningConditions(pod, '').some(
    (c) => KUBELET_OWNED.has(c.type) && (findCondition(old, c.type)?.status ?? c.status) !== c.status,
  );
}

/**
 * Conditions of a pod that reached `phase` at time `t`: the sandbox is gone
 * (PodReadyToStartContainers False), Initialized stays True (reason PodCompleted when it
 * succeeded), Ready and ContainersReady are False with reason PodCompleted or PodFailed.
 */
export function completedConditions(pod: Pod, phase: 'Succeeded' | 'Failed', t: string): PodCondition[] {
  const old = pod.status?.conditions ?? [];
  const reason = phase === 'Succeeded' ? PodCompleted : PodFailed;
  const initialized: Omit<PodCondition, 'lastTransitionTime'> =
    phase === 'Succeeded'
      ? { type: 'Initialized', status: 'True', reason: PodCompleted }
      : { type: 'Initialized', status: 'True' };
  const conditions = [
    stamp(findCondition(old, 'PodReadyToStartContainers'), { type: 'PodReadyToStartContainers', status: 'False' }, t),
    stamp(findCondition(old, 'Initialized'), initialized, t),
    stamp(findCondition(old, 'Ready'), { type: 'Ready', status: 'False', reason }, t),
    stamp(findCondition(old, 'ContainersReady'), { type: 'ContainersReady', status: 'False', reason }, t),
    findCondition(old, 'PodScheduled') ?? { type: 'PodScheduled', status: 'True', lastTransitionTime: t },
  ];
  return merge(conditions, [], old);
}

/** `ours`, then `extra`, then every other condition already on the pod, each type once. */
function merge(ours: PodCondition[], extra: PodCondition[], old: readonly PodCondition[]): PodCondition[] {
  const seen = new Set([...ours, ...extra].map((c) => c.type));
  const rest = old.filter((c) => !seen.has(c.type) && !KUBELET_OWNED.has(c.type));
  return [...ours, ...extra, ...rest];
}
