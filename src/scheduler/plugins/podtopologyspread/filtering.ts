/**
 * PodTopologySpread's PreFilter, its add/remove extensions and Filter, after upstream's
 * `podtopologyspread/filtering.go`: PreFilter counts, per DoNotSchedule constraint, the matching
 * pods in each eligible domain and keeps the global minimum; Filter checks
 * `matching pods in the node's domain + self-match − global minimum ≤ maxSkew`.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import {
  affinityMatcher,
  constraintsFor,
  type SpreadDefaults,
  podsMatchingCounter,
  labelsOf,
  labelValue,
  matchNodeInclusionPolicies,
  nodeLabelsMatchSpreadConstraints,
  type SpreadConstraint,
} from './common.js';

/** The CycleState key of the PreFilter state (upstream's `preFilterStateKey`). */
export const PRE_FILTER_STATE_KEY = 'PreFilterPodTopologySpread';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

/** Upstream's math.MaxInt32: the minimum of a constraint without any eligible domain. */
const NO_DOMAIN_MIN = 2147483647;

const bump = (hist: Map<number, number>, count: number, by: number) => {
  const n = (hist.get(count) ?? 0) + by;
  if (n > 0) hist.set(count, n);
  else hist.delete(count);
};

/**
 * What PreFilter computed for one pod; cloned for preemption's what-ifs. Per constraint `i`:
 * matching pods per domain, how many domains hold each count, and the exact minimum.
 */
export class PreFilterState {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    /** 1 where the incoming pod matches the constraint's selector itself. */
    readonly selfMatch: readonly number[],
    readonly matchNum: Map<string, number>[],
    readonly domainsAtCount: Map<number, number>[],
    readonly minMatchNum: number[],
  ) {}

  static build(constraints: readonly SpreadConstraint[], pod: Pod, matchNum: Map<string, number>[]): PreFilterState {
    const podLabels = labelsOf(pod);
    const hists = matchNum.map(() => new Map<number, number>());
    const mins = matchNum.map((m, i) => {
      let min = NO_DOMAIN_MIN;
      for (const n of m.values()) {
        bump(hists[i], n, 1);
        if (n < min) min = n;
      }
      return min;
    });
    const self = constraints.map((c) => (c.selector.matches(podLabels) ? 1 : 0));
    return new PreFilterState(constraints, self, matchNum, hists, mins);
  }

  clone(): PreFilterState {
    return new PreFilterState(
      this.constraints,
      this.selfMatch,
      this.matchNum.map((m) => new Map(m)),
      this.domainsAtCount.map((h) => new Map(h)),
      [...this.minMatchNum],
    );
  }

  /**
   * The global minimum for constraint `i`: 0 while fewer domains than `minDomains` are eligible,
   * so that no more than maxSkew pods go to the existing ones.
   */
  minMatch(i: number): number {
    return this.matchNum[i].size < this.constraints[i].minDomains ? 0 : this.minMatchNum[i];
  }

  /** Moves domain `value` of constraint `i` by `delta` pods, keeping the minimum exact. */
  update(i: number, value: string, delta: number): void {
    const m = this.matchNum[i];
    const hist = this.domainsAtCount[i];
    const prev = m.get(value);
    const cur = (prev ?? 0) + delta;
    m.set(value, cur);
    if (prev !== undefined) bump(hist, prev, -1);
    bump(hist, cur, 1);
    if (cur < this.minMatchNum[i]) this.minMatchNum[i] = cur;
    else if (prev === this.minMatchNum[i] && !hist.has(prev)) {
      // The last domain at the minimum moved up: the minimum is now the lowest count held.
      let min = NO_DOMAIN_MIN;
      for (const n of hist.keys()) if (n < min) min = n;
      this.minMatchNum[i] = min;
    }
  }
}

/**
 * PreFilter's work: the state, Skip when the pod has no DoNotSchedule constraint (nor a default
 * one), or Error when a selector does not parse.
 */
export function computePreFilterState(
  pod: Pod,
  nodes: readonly NodeInfo[],
  defaults: SpreadDefaults,
): PreFilterState | Status {
  let constraints: SpreadConstraint[];
  try {
    constraints = constraintsFor(pod, defaults, 'DoNotSchedule');
  } catch (err) {
    return Status.error((err as Error).message);
  }
  if (constraints.length === 0) return Status.skip();

  const ns = pod.metadata?.namespace ?? '';
  const matchNum = constraints.map(() => new Map<string, number>());
  const counters = constraints.map((c) => podsMatchingCounter(c.selector, ns));
  for (const ni of nodes) {
    const node = ni.node;
    if (!node) continue;
    const labels = labelsOf(node);
    if (!nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
    let affinity: (() => boolean) | undefined;
    for (let i = 0; i < constraints.length; i++) {
      if (!matchNodeInclusionPolicies(constraints[i], pod, node, (affinity ??= affinityMatcher(pod, node)))) continue;
      const value = labels[constraints[i].topologyKey];
      matchNum[i].set(value, (matchNum[i].get(value) ?? 0) + counters[i](ni));
    }
  }
  return PreFilterState.build(constraints, pod, matchNum);
}

/**
 * Counts `updated` (added: +1, removed: −1) on `node` for the constraints it matches, when it is in
 * the preemptor's namespace and the node is eligible (upstream's `updateWithPod`).
 */
export function updateWithPod(
  s: PreFilterState,
  updated: Pod,
  preemptor: Pod,
  node: Node | undefined,
  delta: number,
): void {
  if (!node || (updated.metadata?.namespace ?? '') !== (preemptor.metadata?.namespace ?? '')) return;
  const labels = labelsOf(node);
  if (!nodeLabelsMatchSpreadConstraints(labels, s.constraints)) return;
  const affinity = affinityMatcher(preemptor, node);
  const podLabels = labelsOf(updated);
  s.constraints.forEach((c, i) => {
    if (!c.selector.matches(podLabels)) return;
    if (!matchNodeInclusionPolicies(c, preemptor, node, affinity)) return;
    s.update(i, labels[c.topologyKey], delta);
  });
}

/** The state PreFilter wrote, or the Error status upstream returns when it is missing. */
export function readPreFilterState(state: CycleState): PreFilterState | Status {
  const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
  if (!(s instanceof PreFilterState)) {
    return Status.error(`reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
  }
  return s;
}

/**
 * Filter: UnschedulableAndUnresolvable when the node lacks a constraint's topology key,
 * Unschedulable when placing the pod there would exceed a constraint's maxSkew.
 */
export function filterNode(s: PreFilterState, nodeInfo: NodeInfo): Status | undefined {
  const node = nodeInfo.node;
  if (!node) return Status.error('node not found');
  const labels = labelsOf(node);
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    const value = labelValue(labels, c.topologyKey);
    if (value === undefined) return Status.unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
    const skew = (s.matchNum[i].get(value) ?? 0) + s.selfMatch[i] - s.minMatch(i);
    if (skew > c.maxSkew) return Status.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
  }
  return undefined;
}
