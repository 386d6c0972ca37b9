/**
 * One scheduling cycle's search, after upstream's `schedule_one.go`: PreFilter, then Filter over
 * an adaptive share of the nodes starting where the last cycle stopped, then PreScore, Score and a
 * random pick among the best.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Snapshot } from './cache/snapshot.js';
import type { CycleState, NodeToStatus } from './framework/interface.js';
import type { NodeInfo } from './framework/node-info.js';
import type { Framework } from './framework/runtime.js';
import { Code, isSuccess, Status } from './framework/status.js';

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** How many feasible nodes to look for among `numAllNodes` (upstream's `numFeasibleNodesToFind`). */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number | undefined, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentageOfNodesToScore ?? 0;
  if (pct >= 100) return numAllNodes;
  if (pct <= 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** No node fits: the per-node reasons, and what PreFilter or PostFilter said. */
export class FitError extends Error {
  preFilterMsg = '';
  postFilterMsg = '';
  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly statuses: NodeToStatus,
    /** Plugins whose rejection keeps the pod from this node; their events re-queue it. */
    readonly unschedulablePlugins: Set<string>,
  ) {
    super('fit error');
  }
}

export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export interface ScheduleResult {
  suggestedHost: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

/** The search state that persists between cycles. */
export class NodeSearch {
  nextStartNodeIndex = 0;
  constructor(
    private readonly globalPercentage: number | undefined,
    private readonly random: () => number = Math.random,
  ) {}

  /** Finds the best node for `pod`; throws FitError when none fits, Error on plugin errors. */
  schedulePod(fwk: Framework, state: CycleState, pod: Pod, snap: Snapshot): ScheduleResult {
    const all = snap.list();
    if (all.length === 0) throw new Error(ERR_NO_NODES_AVAILABLE);
    const statuses: NodeToStatus = new Map();
    const feasible = this.findNodesThatFitPod(fwk, state, pod, snap, statuses);
    if (feasible.length === 0) {
      const plugins = new Set<string>();
      for (const s of statuses.values()) if (s.plugin) plugins.add(s.plugin);
      const err = new FitError(pod, all.length, statuses, plugins);
      const pf = statuses.get('');
      if (pf) {
        statuses.delete('');
        err.preFilterMsg = pf.message();
      }
      throw err;
    }
    if (feasible.length === 1) {
      return { suggestedHost: feasible[0].name, evaluatedNodes: 1 + statuses.size, feasibleNodes: 1 };
    }
    const s = fwk.runPreScorePlugins(state, pod, feasible);
    if (!isSuccess(s)) throw new Error(s!.message());
    const { totals, status } = fwk.runScorePlugins(state, pod, feasible);
    if (status) throw new Error(status.message());
    return {
      suggestedHost: this.selectHost(feasible, totals),
      evaluatedNodes: feasible.length + statuses.size,
      feasibleNodes: feasible.length,
    };
  }

  private findNodesThatFitPod(
    fwk: Framework,
    state: CycleState,
    pod: Pod,
    snap: Snapshot,
    statuses: NodeToStatus,
  ): NodeInfo[] {
    const all = snap.list();
    const pre = fwk.runPreFilterPlugins(state, pod, all);
    if (pre.status) {
      if (pre.status.code === Code.Error) throw new Error(pre.status.message());
      // Every node is rejected by the PreFilter; '' carries its message for the FitError.
      for (const n of all) statuses.set(n.name, pre.status);
      statuses.set('', pre.status);
      return [];
    }
    // A nominated node (from an earlier preemption) is tried first.
    const nominated = pod.status?.nominatedNodeName;
    if (nominated) {
      const ni = snap.get(nominated);
      if (ni && (!pre.result?.nodeNames || pre.result.nodeNames.has(nominated))) {
        const s = fwk.runFilterPluginsWithNominatedPods(state, pod, ni);
        if (isSuccess(s)) return [ni];
      }
    }
    let nodes = all;
    const names = pre.result?.nodeNames;
    if (names) {
      const narrowed: NodeInfo[] = [];
      for (const name of names) {
        const ni = snap.get(name);
        if (ni) narrowed.push(ni);
      }
      nodes = narrowed;
      const absent = Status.unresolvable(`node(s) didn't satisfy plugin(s) [${pre.narrowedBy.sort().join(' ')}]`);
      for (const n of all) if (!names.has(n.name)) statuses.set(n.name, absent);
    }
    return this.findNodesThatPassFilters(fwk, state, pod, nodes, all.length, statuses);
  }

  private findNodesThatPassFilters(
    fwk: Framework,
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
    numAllNodes: number,
    statuses: NodeToStatus,
  ): NodeInfo[] {
    const n = nodes.length;
    const numToFind = numFeasibleNodesToFind(fwk.profile.percentageOfNodesToScore ?? this.globalPercentage, n);
    const feasible: NodeInfo[] = [];
    if (n === 0) return feasible;
    const start = this.nextStartNodeIndex % n;
    let processed = 0;
    for (let i = 0; i < n && feasible.length < numToFind; i++) {
      const ni = nodes[(start + i) % n];
      processed++;
      const s = fwk.filter.length ? fwk.runFilterPluginsWithNominatedPods(state, pod, ni) : undefined;
      if (isSuccess(s)) feasible.push(ni);
      else if (s!.code === Code.Error) throw new Error(s!.message());
      else statuses.set(ni.name, s!);
    }
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % Math.max(numAllNodes, 1);
    return feasible;
  }

  /** The highest total; ties broken uniformly at random (reservoir sampling, as upstream). */
  private selectHost(nodes: readonly NodeInfo[], totals: readonly number[]): string {
    let best = 0;
    let ties = 1;
    for (let i = 1; i < nodes.length; i++) {
      if (totals[i] > totals[best]) {
        best = i;
        ties = 1;
      } else if (totals[i] === totals[best]) {
        ties++;
        if (this.random() * ties < 1) best = i;
      }
    }
    return nodes[best].name;
  }
}
