/**
 * PodTopologySpread's PreScore, Score and NormalizeScore, after upstream's
 * `podtopologyspread/scoring.go`. Per ScheduleAnyway constraint a node scores
 * `matching pods in its domain × log(domains + 2) + (maxSkew − 1)`; fewer is better, so
 * NormalizeScore reverses the scale.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { type CycleState, MAX_NODE_SCORE, type NodeInfoLister, type NodeScore } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import {
  affinityMatcher,
  constraintsFor,
  type SpreadDefaults,
  countPodsMatchSelector,
  podsMatchingCounter,
  LABEL_HOSTNAME,
  labelsOf,
  labelValue,
  matchNodeInclusionPolicies,
  nodeLabelsMatchSpreadConstraints,
  type SpreadConstraint,
} from './common.js';
import { domainTotals, includesEveryNode } from './domain-counts.js';

/** The CycleState key of the PreScore state (upstream's `preScoreStateKey`). */
export const PRE_SCORE_STATE_KEY = 'PreScorePodTopologySpread';

const INVALID_SCORE = -1;

/** What PreScore computed. Score only reads it, so clone() shares it as upstream does. */
export class PreScoreState {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    /** Filtered nodes missing a topology key: they score 0. */
    readonly ignoredNodes: ReadonlySet<string>,
    /** Per constraint, matching pods per domain of a filtered node (hostname ones are counted in Score). */
    readonly podCounts: readonly Map<string, number>[],
    /** Per constraint, log(number of domains + 2), so small topologies are not watered down. */
    readonly normalizingWeight: readonly number[],
    /**
     * Per hostname constraint, the node's matching pods, remembered by the node until its pods
     * change: of the hundreds of nodes a pod is scored on, one changed since the last pod.
     */
    readonly hostCounts: readonly (((ni: NodeInfo) => number) | undefined)[] = [],
  ) {}

  clone(): PreScoreState {
    return this;
  }
}

/** Upstream's `topologyNormalizingWeight`: log(size + 2). */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** Upstream's `scoreForCount`: `maxSkew − 1` softens differences between domains. */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

/**
 * PreScore's work over the filtered `nodes` and every node of the snapshot: the state, Skip when
 * there are no nodes or no ScheduleAnyway constraints, Error when a selector does not parse.
 * `systemDefaulted`: with the system defaults, nodes lacking a key (such as a zone) still count.
 * A domain's count comes from the snapshot's running totals where every node counts for the
 * pod, else from a walk over every node, as upstream's.
 */
export function computePreScoreState(
  pod: Pod,
  nodes: readonly NodeInfo[],
  snapshot: NodeInfoLister,
  defaults: SpreadDefaults,
  systemDefaulted: boolean,
): PreScoreState | Status {
  const allNodes = snapshot.list();
  if (allNodes.length === 0) return Status.skip();
  // Only non-system-default spreading requires every topology label, so that nodes without a
  // zone label still get hostname spreading.
  const requireAllTopologies = (pod.spec?.topologySpreadConstraints?.length ?? 0) > 0 || !systemDefaulted;
  let constraints: SpreadConstraint[];
  try {
    constraints = constraintsFor(pod, defaults, 'ScheduleAnyway');
  } catch (err) {
    return Status.error(`calculating preScoreState: ${(err as Error).message}`);
  }
  if (constraints.length === 0) return Status.skip();

  const ignored = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  for (const ni of nodes) {
    const labels = labelsOf(ni.node);
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) {
      ignored.add(ni.name);
      continue;
    }
    constraints.forEach((c, i) => {
      // Per-node counts are taken in Score.
      if (c.topologyKey === LABEL_HOSTNAME) return;
      const value = labelValue(labels, c.topologyKey) ?? '';
      if (!counts[i].has(value)) counts[i].set(value, 0);
    });
  }
  const weights = constraints.map((c, i) =>
    topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? nodes.length - ignored.size : counts[i].size),
  );

  const ns = pod.metadata?.namespace ?? '';
  const hostCounts = constraints.map((c) =>
    c.topologyKey === LABEL_HOSTNAME ? podsMatchingCounter(c.selector, ns) : undefined,
  );
  const requiredKeys = requireAllTopologies ? [...new Set(constraints.map((c) => c.topologyKey))].sort() : [];
  // Hostname domains are counted per node in Score; the others from running totals, or over
  // every node here.
  const counted = constraints.flatMap((c, i) => {
    if (c.topologyKey === LABEL_HOSTNAME || counts[i].size === 0) return [];
    const totals = includesEveryNode(c, pod) ? domainTotals(snapshot, c, ns, requiredKeys) : undefined;
    if (!totals) return [{ c, domains: counts[i], count: podsMatchingCounter(c.selector, ns) }];
    for (const value of counts[i].keys()) counts[i].set(value, totals.get(value) ?? 0);
    return [];
  });
  if (counted.length === 0) return new PreScoreState(constraints, ignored, counts, weights, hostCounts);
  for (const ni of allNodes) {
    const node = ni.node;
    if (!node) continue;
    const labels = labelsOf(node);
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
    let affinity: (() => boolean) | undefined;
    for (const { c, domains, count } of counted) {
      const value = labelValue(labels, c.topologyKey) ?? '';
      const current = domains.get(value);
      // Domains of no candidate node do not matter.
      if (current === undefined) continue;
      if (!matchNodeInclusionPolicies(c, pod, node, (affinity ??= affinityMatcher(pod, node)))) continue;
      domains.set(value, current + count(ni));
    }
  }
  return new PreScoreState(constraints, ignored, counts, weights, hostCounts);
}

/** The state PreScore wrote, or the Error status upstream returns when it is missing. */
export function readPreScoreState(state: CycleState): PreScoreState | Status {
  const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
  if (!(s instanceof PreScoreState)) {
    return Status.error(`error reading "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
  }
  return s;
}

/** The node's raw score: weighted matching pods of its domains, rounded; 0 for ignored nodes. */
export function scoreNode(s: PreScoreState, pod: Pod, nodeInfo: NodeInfo): number {
  if (s.ignoredNodes.has(nodeInfo.name)) return 0;
  const labels = labelsOf(nodeInfo.node);
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    const value = labelValue(labels, c.topologyKey);
    if (value === undefined) continue;
    const count =
      c.topologyKey === LABEL_HOSTNAME
        ? (s.hostCounts[i]?.(nodeInfo) ??
          countPodsMatchSelector(nodeInfo.pods, c.selector, pod.metadata?.namespace ?? ''))
        : (s.podCounts[i].get(value) ?? 0);
    score += scoreForCount(count, c.maxSkew, s.normalizingWeight[i]);
  }
  // Scores are never negative, so JS rounding (half up) equals Go's math.Round (half away from 0).
  return Math.round(score);
}

/**
 * Reverses and scales scores to [0, 100]: `100 × (max + min − score) / max` in integer arithmetic;
 * ignored nodes get 0, and all get 100 when the highest score is 0.
 */
export function normalizeScores(s: PreScoreState, scores: NodeScore[]): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (const ns of scores) {
    if (s.ignoredNodes.has(ns.name)) {
      ns.score = INVALID_SCORE;
      continue;
    }
    if (ns.score < min) min = ns.score;
    if (ns.score > max) max = ns.score;
  }
  for (const ns of scores) {
    if (ns.score === INVALID_SCORE) ns.score = 0;
    else if (max === 0) ns.score = MAX_NODE_SCORE;
    else ns.score = Math.trunc((MAX_NODE_SCORE * (max + min - ns.score)) / max);
  }
}
