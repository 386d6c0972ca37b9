/**
 * InterPodAffinity's PreFilter, its add/remove extensions and Filter, after upstream's
 * `interpodaffinity/filtering.go`. PreFilter counts, per topology pair, (1) existing pods whose
 * required anti-affinity terms match the incoming pod, (2) existing pods matching all the incoming
 * pod's required affinity terms, (3) existing pods matching its required anti-affinity terms;
 * Filter then only looks the node's pairs up.
 */
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState, ObjectLister } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { type AffinityTerm, PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import {
  addAffinityTerms,
  addAntiAffinityTerms,
  type Labels,
  labelValue,
  nodeLabels,
  podMatchesAllTerms,
  TopologyCounts,
} from './counts.js';
import { mergeTermNamespaces, namespaceLabels, podNamespace, podParseError } from './terms.js';

/** The CycleState key of the PreFilter state (upstream's `preFilterStateKey`). */
export const PRE_FILTER_STATE_KEY = 'PreFilterInterPodAffinity';

export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/** What PreFilter computed for one pod; cloned for preemption's what-ifs. */
export class PreFilterState {
  /** Whether the pod matches all its own affinity terms (it may then be the first of its group). */
  readonly matchesOwnAffinity: boolean;

  constructor(
    readonly pod: Pod,
    /** The pod's required affinity terms, namespaceSelectors merged into namespaces. */
    readonly affinityTerms: readonly AffinityTerm[],
    readonly antiAffinityTerms: readonly AffinityTerm[],
    /** The labels of the pod's namespace, to match existing pods' namespaceSelectors against. */
    readonly namespaceLabels: Labels | undefined,
    /** Pairs where existing pods have anti-affinity terms matching the pod. */
    readonly existingAntiAffinityCounts: TopologyCounts,
    /** Pairs where existing pods match all the pod's affinity terms. */
    readonly affinityCounts: TopologyCounts,
    /** Pairs where existing pods match the pod's anti-affinity terms. */
    readonly antiAffinityCounts: TopologyCounts,
    matchesOwnAffinity?: boolean,
  ) {
    this.matchesOwnAffinity = matchesOwnAffinity ?? podMatchesAllTerms(affinityTerms, pod);
  }

  clone(): PreFilterState {
    return new PreFilterState(
      this.pod,
      this.affinityTerms,
      this.antiAffinityTerms,
      this.namespaceLabels,
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
      this.matchesOwnAffinity,
    );
  }

  /** Counts `pi` on `node` in (multiplier 1) or out (-1), as upstream's `updateWithPod`. */
  updateWithPod(pi: PodInfo, node: Node | undefined, multiplier: number): void {
    const labels = nodeLabels(node);
    addAntiAffinityTerms(
      this.existingAntiAffinityCounts,
      pi.requiredAntiAffinityTerms,
      this.pod,
      this.namespaceLabels,
      labels,
      multiplier,
    );
    addAffinityTerms(this.affinityCounts, this.affinityTerms, pi.pod, labels, multiplier);
    // The incoming pod's terms carry their namespaces already: no namespace labels needed.
    addAntiAffinityTerms(this.antiAffinityCounts, this.antiAffinityTerms, pi.pod, undefined, labels, multiplier);
  }
}

/** Pairs where existing pods' required anti-affinity terms match `pod`. */
function existingAntiAffinityCounts(
  pod: Pod,
  nsLabels: Labels | undefined,
  nodes: readonly NodeInfo[],
): TopologyCounts {
  const counts = new TopologyCounts();
  for (const ni of nodes) {
    if (!ni.node) continue;
    const labels = nodeLabels(ni.node);
    for (const existing of ni.podsWithRequiredAntiAffinity) {
      addAntiAffinityTerms(counts, existing.requiredAntiAffinityTerms, pod, nsLabels, labels, 1);
    }
  }
  return counts;
}

/** Pairs where existing pods match the pod's affinity terms (all of them) and anti-affinity terms. */
function incomingCounts(
  affinityTerms: readonly AffinityTerm[],
  antiAffinityTerms: readonly AffinityTerm[],
  nodes: readonly NodeInfo[],
): [TopologyCounts, TopologyCounts] {
  const affinity = new TopologyCounts();
  const antiAffinity = new TopologyCounts();
  if (affinityTerms.length === 0 && antiAffinityTerms.length === 0) return [affinity, antiAffinity];
  for (const ni of nodes) {
    if (!ni.node) continue;
    const labels = nodeLabels(ni.node);
    for (const existing of ni.pods) {
      if (affinityTerms.length) addAffinityTerms(affinity, affinityTerms, existing.pod, labels, 1);
      if (antiAffinityTerms.length)
        addAntiAffinityTerms(antiAffinity, antiAffinityTerms, existing.pod, undefined, labels, 1);
    }
  }
  return [affinity, antiAffinity];
}

/**
 * PreFilter's work: the state, or a status — Skip when neither the pod nor any existing pod has a
 * term that could reject a node, UnschedulableAndUnresolvable when the pod's terms do not parse.
 */
export function computePreFilterState(
  pod: Pod,
  nodes: readonly NodeInfo[],
  nodesWithRequiredAntiAffinity: readonly NodeInfo[],
  namespaces: ObjectLister<Namespace>,
): PreFilterState | Status {
  const pi = new PodInfo(pod);
  const parseErr = podParseError(pi);
  if (parseErr) return Status.unresolvable(`parsing pod: ${parseErr}`);

  const affinityTerms = pi.requiredAffinityTerms.map((t) => mergeTermNamespaces(t, namespaces));
  const antiAffinityTerms = pi.requiredAntiAffinityTerms.map((t) => mergeTermNamespaces(t, namespaces));
  const nsLabels = namespaceLabels(podNamespace(pod), namespaces);

  const existing = existingAntiAffinityCounts(pod, nsLabels, nodesWithRequiredAntiAffinity);
  const [affinity, antiAffinity] = incomingCounts(affinityTerms, antiAffinityTerms, nodes);
  if (existing.size === 0 && affinityTerms.length === 0 && antiAffinityTerms.length === 0) return Status.skip();
  return new PreFilterState(pod, affinityTerms, antiAffinityTerms, nsLabels, existing, affinity, antiAffinity);
}

/** The state PreFilter wrote, or the Error status upstream returns when it is missing. */
export function readPreFilterState(state: CycleState): PreFilterState | Status {
  const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
  if (!(s instanceof PreFilterState)) {
    return Status.error(`error reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
  }
  return s;
}

/** Whether placing the pod on the node breaks no existing pod's anti-affinity. */
function satisfiesExistingPodsAntiAffinity(s: PreFilterState, labels: Labels): boolean {
  return s.existingAntiAffinityCounts.size === 0 || !s.existingAntiAffinityCounts.anyPositive(labels);
}

/** Whether the node's domains hold no pod the incoming pod's anti-affinity terms match. */
function satisfiesPodAntiAffinity(s: PreFilterState, labels: Labels): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  for (const t of s.antiAffinityTerms) {
    const value = labelValue(labels, t.topologyKey);
    if (value !== undefined && s.antiAffinityCounts.get(t.topologyKey, value) > 0) return false;
  }
  return true;
}

/** Whether the node has every topology key and, in each, a pod matching all the affinity terms. */
function satisfiesPodAffinity(s: PreFilterState, labels: Labels): boolean {
  let podsExist = true;
  for (const t of s.affinityTerms) {
    const value = labelValue(labels, t.topologyKey);
    if (value === undefined) return false;
    if (s.affinityCounts.get(t.topologyKey, value) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself: when no pod anywhere matches the terms and
  // the pod matches them itself, let it in rather than leave the group pending forever.
  return s.affinityCounts.size === 0 && s.matchesOwnAffinity;
}

/**
 * Filter: UnschedulableAndUnresolvable when the pod's affinity is not met (removing pods cannot
 * help), Unschedulable when its own or an existing pod's anti-affinity is violated.
 */
export function filterNode(s: PreFilterState, nodeInfo: NodeInfo): Status | undefined {
  if (!nodeInfo.node) return Status.error('node not found');
  const labels = nodeLabels(nodeInfo.node);
  if (!satisfiesPodAffinity(s, labels)) return Status.unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
  if (!satisfiesPodAntiAffinity(s, labels)) return Status.unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
  if (!satisfiesExistingPodsAntiAffinity(s, labels)) {
    return Status.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
  }
  return undefined;
}
