/**
 * What kwok's simulated kubelet does next for one pod, decided from the pod and its node's state
 * alone (level-based: the same inputs always give the same answer). No I/O.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { NodeState } from './node-state.js';
import { kubeletConditionsChanged } from './pod-conditions.js';
import { type TerminalPhase, desiredCompletion, isTerminal, shouldFinishDeletion } from './pod.js';

/** The next step for a pod. */
export type PodAction =
  /** Not on a managed node, or the node's kubelet is stopped: nothing. */
  | { kind: 'ignore' }
  /** Deletion requested: finish it (grace period 0) and free the address. */
  | { kind: 'finish-deletion' }
  /** Terminal, or deletion already finished but held by finalizers: free the address. */
  | { kind: 'release' }
  /** Not running yet: write the running status. */
  | { kind: 'start' }
  /** Running, but someone else changed its kubelet-owned conditions: write them back. */
  | { kind: 'resync' }
  /** Running and asked to finish now. */
  | { kind: 'complete'; phase: TerminalPhase }
  /** Running: keep its address reserved; look again after `requeueAfterMs` when a completion is due. */
  | { kind: 'running'; requeueAfterMs?: number };

/**
 * The action for `pod` on `node` (undefined when kwok does not manage the pod's node) at wall time
 * `now`. A completion's delay runs from `status.startTime`.
 */
export function podAction(pod: Pod, node: NodeState | undefined, now: number): PodAction {
  if (!node || !node.heartbeat) return { kind: 'ignore' };
  if (shouldFinishDeletion(pod, now)) {
    // A grace of 0 means someone (us, before a restart) already finished it; finalizers hold it.
    return pod.metadata?.deletionGracePeriodSeconds === 0 ? { kind: 'release' } : { kind: 'finish-deletion' };
  }
  if (isTerminal(pod)) return { kind: 'release' };
  if (pod.status?.phase !== 'Running') return { kind: 'start' };
  const completion = desiredCompletion(pod);
  if (!completion) return kubeletConditionsChanged(pod) ? { kind: 'resync' } : { kind: 'running' };
  const started = Date.parse(pod.status?.startTime ?? '');
  const due = (Number.isNaN(started) ? now : started) + completion.afterMs;
  if (due <= now) return { kind: 'complete', phase: completion.phase };
  return { kind: 'running', requeueAfterMs: due - now };
}
