/**
 * The DaemonSet RollingUpdate plan (upstream's `rollingUpdate`, `updatedDesiredNodeCounts` and
 * `findUpdatedPodsOnNode` in `update.go`), as a pure function of the nodes and their daemon pods.
 *
 * Without surge, old pods are deleted (the manage loop then creates the new ones) while no more
 * than maxUnavailable nodes are without an available pod; an old pod that is not available anyway
 * may always go. With surge, a new pod is created beside an old one on up to maxSurge nodes (on
 * any node whose old pod is unavailable, without counting), and the old pod is deleted once the
 * new one is available.
 */
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { isPodAvailable } from '../common/pod-util.js';
import { nodeShouldRunDaemonPod } from './node-match.js';
import { getTemplateGeneration, isPodUpdated, surgeCount, unavailableCount } from './util.js';

/** Upstream's `findUpdatedPodsOnNode`: the node's one new and one old live pod; `ok` false when it has more. */
export function findUpdatedPodsOnNode(
  ds: DaemonSet,
  pods: readonly Pod[],
  hash: string,
): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  const generation = getTemplateGeneration(ds);
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { newPod, oldPod, ok: true };
}

/**
 * Upstream's `updatedDesiredNodeCounts`: maxSurge and maxUnavailable against the nodes that should
 * run the pod (each added to `nodeToDaemonPods` with no pods when it has none). A DaemonSet allowing
 * neither gets maxUnavailable 1.
 */
export function updatedDesiredNodeCounts(
  ds: DaemonSet,
  nodes: readonly Node[],
  nodeToDaemonPods: Map<string, Pod[]>,
): { maxSurge: number; maxUnavailable: number } {
  let desired = 0;
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    const name = node.metadata?.name ?? '';
    if (!nodeToDaemonPods.has(name)) nodeToDaemonPods.set(name, []);
  }
  let maxUnavailable = unavailableCount(ds, desired);
  const maxSurge = surgeCount(ds, desired);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** What a rolling-update step does. */
export interface RollingUpdatePlan {
  podsToDelete: string[];
  nodesToCreate: string[];
}

/** Upstream's `rollingUpdate`, minus the API calls: the pods to delete and nodes to surge onto. */
export function planRollingUpdate(
  ds: DaemonSet,
  nodes: readonly Node[],
  nodeToDaemonPods: Map<string, Pod[]>,
  hash: string,
  nowMs: number,
): RollingUpdatePlan {
  const { maxSurge, maxUnavailable } = updatedDesiredNodeCounts(ds, nodes, nodeToDaemonPods);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (p: Pod) => isPodAvailable(p, minReady, nowMs);
  // Deterministic order (upstream walks a Go map, in no particular order).
  const entries = [...nodeToDaemonPods.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowed: string[] = [];
    const candidates: string[] = [];
    for (const [, pods] of entries) {
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, pods, hash);
      if (!ok || (!newPod && !oldPod) || (newPod && oldPod)) {
        // The manage loop will create or delete here; the node counts as unavailable.
        numUnavailable++;
      } else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod && !available(oldPod)) {
        allowed.push(oldPod.metadata!.name!);
      } else if (oldPod && numUnavailable < maxUnavailable) {
        candidates.push(oldPod.metadata!.name!);
      }
    }
    const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
    return { podsToDelete: [...allowed, ...candidates.slice(0, remaining)], nodesToCreate: [] };
  }

  const podsToDelete: string[] = [];
  const allowedNodes: string[] = [];
  const candidateNodes: string[] = [];
  let numSurge = 0;
  for (const [nodeName, pods] of entries) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, pods, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) allowedNodes.push(nodeName);
      else if (numSurge < maxSurge) candidateNodes.push(nodeName);
      continue;
    }
    if (!available(newPod)) {
      numSurge++;
      continue;
    }
    podsToDelete.push(oldPod.metadata!.name!);
  }
  const remaining = Math.min(Math.max(maxSurge - numSurge, 0), candidateNodes.length);
  return { podsToDelete, nodesToCreate: [...allowedNodes, ...candidateNodes.slice(0, remaining)] };
}
