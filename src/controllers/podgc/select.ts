/**
 * Which pods the pod garbage collector deletes (upstream's `gcTerminated`, `gcTerminating`,
 * `gcOrphaned` and `gcUnscheduledTerminating` selections), as pure functions of the cached pods
 * and nodes.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';

/** The taint that lets terminating pods of a dead node go (upstream's `TaintNodeOutOfService`). */
export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

/** Upstream's `isPodTerminated`: any phase but Pending, Running and Unknown. */
export function isPodTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== undefined && phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

/** The kubelet's `PodIsEvicted`: Failed with reason Evicted. */
export function isPodEvicted(pod: Pod): boolean {
  return pod.status?.phase === 'Failed' && pod.status.reason === 'Evicted';
}

/** Upstream's `byEvictionAndCreationTimestamp`: evicted first, then oldest, then by name. */
export function byEvictionAndCreation(a: Pod, b: Pod): number {
  const ea = isPodEvicted(a);
  const eb = isPodEvicted(b);
  if (ea !== eb) return ea ? -1 : 1;
  const ta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** The terminated pods beyond `threshold`, the ones to delete first first (none when threshold ≤ 0). */
export function terminatedPodsToDelete(pods: readonly Pod[], threshold: number): Pod[] {
  if (threshold <= 0) return [];
  const terminated = pods.filter(isPodTerminated);
  const excess = terminated.length - threshold;
  if (excess <= 0) return [];
  return terminated.sort(byEvictionAndCreation).slice(0, excess);
}

/**
 * Terminating pods on nodes that are not Ready and tainted `out-of-service` (upstream's
 * `gcTerminating`): their kubelet will not finish them.
 */
export function terminatingPodsOnOutOfServiceNodes(pods: readonly Pod[], nodeOf: (name: string) => Node | undefined) {
  return pods
    .filter((pod) => {
      if (!pod.metadata?.deletionTimestamp) return false;
      const node = nodeOf(pod.spec?.nodeName ?? '');
      if (!node) return false;
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      return !ready && (node.spec?.taints ?? []).some((t) => t.key === TAINT_OUT_OF_SERVICE);
    })
    .sort(byEvictionAndCreation);
}

/** The node names pods are bound to that are not among `existing`. */
export function missingNodeNames(pods: readonly Pod[], existing: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const pod of pods) {
    const n = pod.spec?.nodeName;
    if (n && !existing.has(n)) out.add(n);
  }
  return out;
}

/** Terminating pods never bound to a node (upstream's `gcUnscheduledTerminating`). */
export function unscheduledTerminatingPods(pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => p.metadata?.deletionTimestamp && !p.spec?.nodeName);
}
