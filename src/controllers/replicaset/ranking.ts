/**
 * Which pods a ReplicaSet deletes first when it scales down: upstream's `ActivePodsWithRanks`
 * ordering (pkg/controller/controller_utils.go) with the PodDeletionCost and LogarithmicScaleDown
 * gates on, as in 1.32, and `getPodsToDelete` / `getPodsRankedByRelatedPodsOnSameNode`
 * (pkg/controller/replicaset/replica_set.go).
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodActive, isPodReady } from '../common/index.js';

/** The annotation that lets users say which pods are cheaper to delete (lower goes first). */
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/** Upstream's `podPhaseToOrdinal`: Pending < Unknown < Running; other phases count as Pending. */
const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * Upstream's `GetDeletionCostFromPodAnnotations`: the annotation as an int32; 0 when absent or
 * invalid (a leading `+` or `0` other than `0` itself, not a number, out of int32 range).
 */
export function deletionCost(annotations: Readonly<Record<string, string>> | undefined): number {
  const v = annotations?.[POD_DELETION_COST];
  if (v === undefined || !/^(-[0-9]+|0|[1-9][0-9]*)$/.test(v)) return 0;
  const n = Number(v);
  return n >= -(2 ** 31) && n <= 2 ** 31 - 1 ? n : 0;
}

/** Milliseconds of an RFC 3339 time; 0 (Go's zero time) when absent or unparsable. */
function timeOf(s: string | undefined): number {
  if (!s) return 0;
  const t = Date.parse(s);
  return Number.isNaN(t) ? 0 : t;
}

/** When the pod last became Ready; 0 when it is not ready. */
function podReadyTime(pod: Pod): number {
  if (!isPodReady(pod)) return 0;
  const c = pod.status?.conditions?.find((x) => x.type === 'Ready' && x.status === 'True');
  return timeOf(c?.lastTransitionTime);
}

function maxContainerRestarts(pod: Pod): number {
  let max = 0;
  for (const c of pod.status?.containerStatuses ?? []) max = Math.max(max, c.restartCount ?? 0);
  return max;
}

/** Upstream's `afterOrZero`: a zero time sorts first, else the later time does. */
function afterOrZero(t1: number, t2: number): boolean {
  if (t1 === 0 || t2 === 0) return t1 === 0;
  return t1 > t2;
}

/** Upstream's `logarithmicRankDiff`: the difference of ⌊log2(age in ns)⌋ of two times. */
function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  const rank = (t: number) => {
    const ns = (now - t) * 1e6;
    return ns > 0 ? Math.trunc(Math.log2(ns)) : -1;
  };
  return rank(t1) - rank(t2);
}

/** Compares two times in a logarithmic scale (rule 6 and 8), tie-broken by uid. */
function newerFirst(t1: number, t2: number, a: Pod, b: Pod, now: number): boolean {
  if (now === 0 || t1 === 0 || t2 === 0) return afterOrZero(t1, t2);
  const diff = logarithmicRankDiff(t1, t2, now);
  if (diff === 0) return (a.metadata?.uid ?? '') < (b.metadata?.uid ?? '');
  return diff < 0;
}

/** A pod and its rank: the number of active related pods on its node. */
export interface RankedPod {
  pod: Pod;
  rank: number;
}

/**
 * Upstream's `ActivePodsWithRanks.Less`: true when `a` should be deleted before `b`.
 * 1. unassigned < assigned; 2. Pending < Unknown < Running; 3. not ready < ready;
 * 4. lower pod-deletion-cost < higher; 5. higher rank (more colocated) < lower;
 * 6. ready more recently < ready longer (log scale); 7. more restarts < fewer;
 * 8. created more recently < older (log scale). `nowMs` 0 compares times without scaling.
 */
export function lessForDeletion(a: RankedPod, b: RankedPod, nowMs: number): boolean {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec?.nodeName ?? '';
  const nb = pb.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const oa = PHASE_ORDINAL[pa.status?.phase ?? ''] ?? 0;
  const ob = PHASE_ORDINAL[pb.status?.phase ?? ''] ?? 0;
  if (oa !== ob) return oa < ob;
  const ra = isPodReady(pa);
  const rb = isPodReady(pb);
  if (ra !== rb) return !ra;
  const ca = deletionCost(pa.metadata?.annotations);
  const cb = deletionCost(pb.metadata?.annotations);
  if (ca !== cb) return ca < cb;
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (ra && rb) {
    const ta = podReadyTime(pa);
    const tb = podReadyTime(pb);
    if (ta !== tb) return newerFirst(ta, tb, pa, pb, nowMs);
  }
  const xa = maxContainerRestarts(pa);
  const xb = maxContainerRestarts(pb);
  if (xa !== xb) return xa > xb;
  const ta = timeOf(pa.metadata?.creationTimestamp);
  const tb = timeOf(pb.metadata?.creationTimestamp);
  if (ta !== tb) return newerFirst(ta, tb, pa, pb, nowMs);
  return false;
}

/** The pods sorted by {@link lessForDeletion}, the ones to delete first at the front. */
export function sortForDeletion(pods: readonly RankedPod[], nowMs: number): RankedPod[] {
  return [...pods].sort((a, b) => (lessForDeletion(a, b, nowMs) ? -1 : lessForDeletion(b, a, nowMs) ? 1 : 0));
}

/**
 * Upstream's `getPodsRankedByRelatedPodsOnSameNode`: each pod ranked by the number of active pods
 * of `relatedPods` on its node (its own included, when related).
 */
export function rankByRelatedPodsOnSameNode(podsToRank: readonly Pod[], relatedPods: readonly Pod[]): RankedPod[] {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  return podsToRank.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
}

/**
 * Upstream's `getPodsToDelete`: the first `diff` of `filteredPods` in deletion order (no sorting
 * when all of them go). `relatedPods` are the pods of every ReplicaSet sharing this one's owner.
 */
export function getPodsToDelete(
  filteredPods: readonly Pod[],
  relatedPods: readonly Pod[],
  diff: number,
  nowMs: number,
): Pod[] {
  if (diff >= filteredPods.length) return filteredPods.slice(0, diff);
  const ranked = sortForDeletion(rankByRelatedPodsOnSameNode(filteredPods, relatedPods), nowMs);
  return ranked.slice(0, diff).map((r) => r.pod);
}
