/**
 * When a pod must leave a node with NoExecute taints (upstream's `ToleratesTaint`,
 * `GetMatchingTolerations`, `getMinTolerationTime`): at once if some taint is not tolerated;
 * never if every matching toleration tolerates forever; otherwise after the smallest
 * `tolerationSeconds`, counted from when the taint was added.
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { toleratesTaint } from '../../api/scheduling/taints.js';

export { toleratesTaint };

/** The NoExecute taints among `taints`. */
export function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute');
}

/**
 * Upstream's `GetMatchingTolerations`: for each taint the first toleration that tolerates it;
 * `allTolerated` false (and no matches) when some taint has none.
 */
export function matchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
): { allTolerated: boolean; matches: { taint: Taint; toleration: Toleration }[] } {
  const matches: { taint: Taint; toleration: Toleration }[] = [];
  for (const taint of taints) {
    const toleration = (tolerations ?? []).find((t) => toleratesTaint(t, taint));
    if (!toleration) return { allTolerated: false, matches: [] };
    matches.push({ taint, toleration });
  }
  return { allTolerated: true, matches };
}

/**
 * Upstream's `getMinTolerationTime` in ms: 0 for no tolerations or any `tolerationSeconds` ≤ 0,
 * -1 when none has `tolerationSeconds` (tolerated forever), else the smallest.
 */
export function minTolerationMs(tolerations: readonly Toleration[]): number {
  if (!tolerations.length) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

/** What to do about a pod on a node with NoExecute taints. */
export type EvictionDecision =
  | { kind: 'keep' }
  | { kind: 'evict'; /** Wall ms at which to evict (≤ now: at once). */ atMs: number; notTolerated: boolean };

/**
 * The decision for a pod with `tolerations` on a node with NoExecute `taints`. Each tolerated
 * taint's clock starts when it was added (see {@link taintStart}; `firstSeenMs(taint)` is when
 * this controller first saw it); the pod is evicted at the earliest of taint start + its
 * toleration's seconds.
 * With every taint added at one moment this is upstream's start + min(tolerationSeconds).
 */
export function evictionDecision(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
  nowMs: number,
  firstSeenMs: (taint: Taint) => number = () => nowMs,
): EvictionDecision {
  if (!taints.length) return { kind: 'keep' };
  const { allTolerated, matches } = matchingTolerations(taints, tolerations);
  if (!allTolerated) return { kind: 'evict', atMs: nowMs, notTolerated: true };
  let at = Infinity;
  for (const { taint, toleration } of matches) {
    const ms = minTolerationMs([toleration]);
    if (ms < 0) continue;
    at = Math.min(at, taintStart(taint, firstSeenMs(taint)) + ms);
  }
  return at === Infinity ? { kind: 'keep' } : { kind: 'evict', atMs: at, notTolerated: false };
}

/**
 * When a taint's toleration clock starts: its timeAdded, but no later than `seenMs` (when this
 * controller first saw it) — and since timeAdded is usually written in whole seconds, a taint
 * stamped `10:00:05` may have come at 10:00:05.999; it counts from the end of that second unless
 * it was seen sooner. So a pod is never evicted early, and a controller restarted long after the
 * taint came still evicts on time (within a second).
 */
export function taintStart(taint: Taint, seenMs: number): number {
  const added = taint.timeAdded ? Date.parse(taint.timeAdded) : NaN;
  if (Number.isNaN(added)) return seenMs;
  const wholeSeconds = !/\.\d+/.test(taint.timeAdded!);
  return Math.min(seenMs, added + (wholeSeconds ? 999 : 0));
}

/** A key for one taint on one node, to remember when it was first seen. */
export function taintId(nodeName: string, taint: Taint): string {
  return `${nodeName}\x00${taint.key}\x00${taint.value ?? ''}\x00${taint.effect}`;
}
