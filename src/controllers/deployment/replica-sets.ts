/**
 * Reading a deployment's ReplicaSets (upstream's deployment util and controller_utils): which is
 * the new one, which are old, their counts, and the orders upstream sorts them in.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { equalIgnoreHash } from './hash.js';

/** `spec.replicas` (the apiserver defaults it to 1). */
export function replicasOf(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 1;
}

/** The deployment's `spec.replicas` (defaulted to 1). */
export function desiredOf(d: Deployment): number {
  return d.spec?.replicas ?? 1;
}

const created = (rs: ReplicaSet) => {
  const t = rs.metadata?.creationTimestamp;
  return t ? Date.parse(t) : 0;
};

/** Upstream's `ReplicaSetsByCreationTimestamp`: oldest first, names breaking ties. */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const d = created(a) - created(b);
  if (d !== 0) return d;
  const an = a.metadata?.name ?? '';
  const bn = b.metadata?.name ?? '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/** Upstream's `ReplicaSetsBySizeOlder`: largest first, older first among equals. */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreationTimestamp(a, b);
}

/** Upstream's `ReplicaSetsBySizeNewer`: largest first, newer first among equals. */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreationTimestamp(b, a);
}

/** Upstream's `FilterActiveReplicaSets`: the ones that have (or ought to have) pods. */
export function filterActive(rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => !!rs && replicasOf(rs) > 0);
}

/**
 * Upstream's `FindNewReplicaSet`: the oldest ReplicaSet whose template equals the deployment's
 * (ignoring the hash label); undefined when there is none yet. Sorts `rsList` in place, as upstream.
 */
export function findNewReplicaSet(d: Deployment, rsList: ReplicaSet[]): ReplicaSet | undefined {
  rsList.sort(byCreationTimestamp);
  return rsList.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** Upstream's `FindOldReplicaSets`: [old ones with replicas, all old ones]. */
export function findOldReplicaSets(d: Deployment, rsList: ReplicaSet[]): [ReplicaSet[], ReplicaSet[]] {
  const newRS = findNewReplicaSet(d, rsList);
  const all = rsList.filter((rs) => !newRS || rs.metadata?.uid !== newRS.metadata?.uid);
  return [all.filter((rs) => replicasOf(rs) !== 0), all];
}

/**
 * Upstream's `FindActiveOrLatest`: the only active ReplicaSet, or the newest one when none is
 * active; undefined when several are active (they scale proportionally). Sorts `oldRSs` newest first.
 */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  oldRSs.sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActive([...oldRSs, newRS]);
  if (active.length === 0) return newRS ?? oldRSs[0];
  return active.length === 1 ? active[0] : undefined;
}

const sum = (rss: readonly (ReplicaSet | undefined)[], f: (rs: ReplicaSet) => number | undefined) =>
  rss.reduce((n, rs) => n + (rs ? (f(rs) ?? 0) : 0), 0);

/** Upstream's `GetReplicaCountForReplicaSets`: the sum of `spec.replicas`. */
export function replicaCount(rss: readonly (ReplicaSet | undefined)[]): number {
  return sum(rss, replicasOf);
}

/** Upstream's `GetActualReplicaCountForReplicaSets`: the sum of `status.replicas`. */
export function actualReplicaCount(rss: readonly (ReplicaSet | undefined)[]): number {
  return sum(rss, (rs) => rs.status?.replicas);
}

/** Upstream's `GetReadyReplicaCountForReplicaSets`. */
export function readyReplicaCount(rss: readonly (ReplicaSet | undefined)[]): number {
  return sum(rss, (rs) => rs.status?.readyReplicas);
}

/** Upstream's `GetAvailableReplicaCountForReplicaSets`. */
export function availableReplicaCount(rss: readonly (ReplicaSet | undefined)[]): number {
  return sum(rss, (rs) => rs.status?.availableReplicas);
}
