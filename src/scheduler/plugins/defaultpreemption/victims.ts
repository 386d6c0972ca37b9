/**
 * Choosing the pods to evict on one node, after upstream's `SelectVictimsOnNode`,
 * `filterPodsWithPDBViolation` and `util.MoreImportantPod`.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { selectorFromLabelSelector } from '../../../machinery/label-selector.js';
import type { Selector } from '../../../machinery/label-requirement.js';
import type { CycleState, Handle } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status, isSuccess } from '../../framework/status.js';

/** Upstream's reason when no pod on a node has lower priority than the preemptor. */
export const NO_VICTIMS_FOUND = 'No preemption victims found for incoming pod';

/** The victims chosen on a node, most important first, and how many of them violate a PDB. */
export interface Victims {
  pods: Pod[];
  numPDBViolations: number;
}

/** `corev1helpers.PodPriority`: the resolved spec.priority, 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** When the pod started (ms), or `now` for pods that have not (upstream's `GetPodStartTime`). */
export function podStartTime(pod: Pod, now: number): number {
  const t = pod.status?.startTime;
  if (!t) return now;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? now : ms;
}

/** Upstream's `MoreImportantPod`: higher priority, then the one that started earlier. */
export function moreImportantPod(a: Pod, b: Pod, now: number): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return podStartTime(a, now) < podStartTime(b, now);
}

/** A comparator sorting pods most important first. */
export function byImportance(now: number): (a: Pod, b: Pod) => number {
  return (a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0);
}

/**
 * Splits `podInfos` by whether evicting them (in this order) would exceed a matching PDB's
 * `disruptionsAllowed`. Order is kept within each group. A PDB matches a pod in its namespace
 * whose labels its selector selects; nil or empty selectors match nothing, as do invalid ones.
 * Pods already listed in a PDB's `disruptedPods` were counted by the API server and do not count.
 */
export function filterPodsWithPDBViolation(
  podInfos: readonly PodInfo[],
  pdbs: readonly PodDisruptionBudget[],
): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p): Selector | undefined => {
    try {
      const s = selectorFromLabelSelector(p.spec?.selector);
      return s.empty() ? undefined : s;
    } catch {
      return undefined;
    }
  });
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of podInfos) {
    const meta = pi.pod.metadata ?? {};
    let violated = false;
    // A pod without labels matches no PDB.
    if (meta.labels && Object.keys(meta.labels).length) {
      pdbs.forEach((pdb, i) => {
        const sel = selectors[i];
        if ((pdb.metadata?.namespace ?? '') !== (meta.namespace ?? '') || !sel || !sel.matches(meta.labels)) return;
        if (pdb.status?.disruptedPods && Object.hasOwn(pdb.status.disruptedPods, meta.name ?? '')) return;
        if (--allowed[i] < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return { violating, nonViolating };
}

/**
 * The fewest pods to evict from `nodeInfo` so `pod` fits (upstream's `SelectVictimsOnNode`).
 * `state` and `nodeInfo` must be copies: both are changed. Every lower-priority pod is removed;
 * if the pod then fits, they are added back one at a time — PDB-protected ones first, each group
 * most important first — and a pod stays a victim only when the preemptor no longer fits with it.
 *
 * Answers UnschedulableAndUnresolvable `No preemption victims found for incoming pod` when no pod
 * has lower priority, the Filter status when the pod does not fit even without them, and Error
 * when a PreFilter extension fails.
 */
export function selectVictimsOnNode(
  handle: Handle,
  state: CycleState,
  pod: Pod,
  nodeInfo: NodeInfo,
  pdbs: readonly PodDisruptionBudget[],
  now: number,
): { victims: Victims; status?: undefined } | { victims?: undefined; status: Status } {
  const prio = podPriority(pod);
  const remove = (pi: PodInfo): Status | undefined => {
    nodeInfo.removePod(pi.pod);
    const s = handle.runPreFilterExtensionRemovePod(state, pod, pi, nodeInfo);
    return isSuccess(s) ? undefined : Status.error(s!.message());
  };
  const add = (pi: PodInfo): Status | undefined => {
    nodeInfo.addPod(pi);
    const s = handle.runPreFilterExtensionAddPod(state, pod, pi, nodeInfo);
    return isSuccess(s) ? undefined : Status.error(s!.message());
  };

  const potential = nodeInfo.pods.filter((pi) => podPriority(pi.pod) < prio);
  for (const pi of potential) {
    const err = remove(pi);
    if (err) return { status: err };
  }
  // The node is unchanged, so there is nothing to check again.
  if (potential.length === 0) return { status: Status.unresolvable(NO_VICTIMS_FOUND) };

  // Affinity of the preemptor to a victim could make this fail; upstream accepts that for speed.
  const fits = handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
  if (!isSuccess(fits)) return { status: fits! };

  const order = byImportance(now);
  potential.sort((a, b) => order(a.pod, b.pod));
  const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  let numPDBViolations = 0;
  const reprieve = (pi: PodInfo): { fits: boolean; err?: Status } => {
    const err = add(pi);
    if (err) return { fits: false, err };
    if (isSuccess(handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo))) return { fits: true };
    const err2 = remove(pi);
    if (err2) return { fits: false, err: err2 };
    victims.push(pi);
    return { fits: false };
  };
  for (const pi of violating) {
    const r = reprieve(pi);
    if (r.err) return { status: r.err };
    if (!r.fits) numPDBViolations++;
  }
  for (const pi of nonViolating) {
    const r = reprieve(pi);
    if (r.err) return { status: r.err };
  }
  // Victims from the two groups interleave in importance; keep them most important first.
  if (violating.length && nonViolating.length) victims.sort((a, b) => order(a.pod, b.pod));
  return { victims: { pods: victims.map((pi) => pi.pod), numPDBViolations } };
}
