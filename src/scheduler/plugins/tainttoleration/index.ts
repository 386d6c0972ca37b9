/**
 * TaintToleration, after upstream's `tainttoleration` plugin. Filter: a node with a NoSchedule or
 * NoExecute taint the pod does not tolerate is out. Score: fewer untolerated PreferNoSchedule
 * taints is better, so NormalizeScore reverses the counts onto [0, 100].
 */
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import {
  ActionType,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodeScore,
  type PluginFactory,
  type PreScorePlugin,
  type QueueingHint,
  type ScoreExtensions,
  type ScorePlugin,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { defaultNormalizeScore } from '../helper/normalize.js';
import { findMatchingUntoleratedTaint, taintToleratedBy, taintToString } from '../../../api/scheduling/taints.js';

export const NAME = 'TaintToleration';

/** CycleState key of the tolerations PreScore keeps for Score. */
const PRE_SCORE_STATE_KEY = `PreScore${NAME}`;

/** Filter only cares about the effects that keep pods off (or evict them from) a node. */
const doNotSchedule = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

/** The first NoSchedule/NoExecute taint of `node` that `tolerations` leave untolerated. */
function untoleratedTaint(node: Node, tolerations: readonly Toleration[] | undefined): Taint | undefined {
  return findMatchingUntoleratedTaint(node.spec?.taints, tolerations, doNotSchedule);
}

/** Tolerations that can tolerate a PreferNoSchedule taint: that effect, or none (every effect). */
export function tolerationsPreferNoSchedule(tolerations: readonly Toleration[] | undefined): Toleration[] {
  return (tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

/** How many PreferNoSchedule taints of `taints` none of `tolerations` tolerates. */
export function countIntolerableTaintsPreferNoSchedule(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[],
): number {
  let n = 0;
  for (const taint of taints ?? []) {
    if (taint.effect === 'PreferNoSchedule' && !taintToleratedBy(taint, tolerations)) n++;
  }
  return n;
}

/** Checks a pod's tolerations against node taints (Filter) and prefers less-tainted nodes (Score). */
export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, ScoreExtensions, EnqueueExtensions {
  readonly name = NAME;

  /** UnschedulableAndUnresolvable `node(s) had untolerated taint {key: value}` for the first such taint. */
  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const node = nodeInfo.node;
    if (!node) return Status.error('node not found');
    const taint = untoleratedTaint(node, pod.spec?.tolerations);
    if (!taint) return undefined;
    return Status.unresolvable(`node(s) had untolerated taint ${taintToString(taint)}`);
  }

  /** Keeps the pod's PreferNoSchedule-capable tolerations for Score. */
  preScore(state: CycleState, pod: Pod): Status | undefined {
    state.write(PRE_SCORE_STATE_KEY, tolerationsPreferNoSchedule(pod.spec?.tolerations));
    return undefined;
  }

  /** The raw count of untolerated PreferNoSchedule taints (lower is better; see normalizeScore). */
  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number | Status {
    const node = nodeInfo.node;
    if (!node) return Status.error('node not found');
    const tolerations = state.read<Toleration[]>(PRE_SCORE_STATE_KEY);
    if (!tolerations) return Status.error(`failed to read "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
    return countIntolerableTaintsPreferNoSchedule(node.spec?.taints, tolerations);
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  /** Scales counts to [0, 100] and reverses them: the node with the most untolerated taints gets 0. */
  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status | undefined {
    defaultNormalizeScore(scores, true);
    return undefined;
  }

  /**
   * Upstream's events with queueing hints on: a node added or its taints changed, and the rejected
   * pod's own tolerations changed.
   */
  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        hint: isSchedulableAfterNodeChange,
      },
      {
        event: { resource: 'Pod', actionType: ActionType.UpdatePodTolerations },
        hint: isSchedulableAfterPodTolerationChange,
      },
    ];
  }
}

/** Queue when the node goes from having an untolerated taint (or not existing) to having none. */
export function isSchedulableAfterNodeChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  if (typeof newObj !== 'object' || newObj === null) return 'Queue';
  if (oldObj !== undefined && (typeof oldObj !== 'object' || oldObj === null)) return 'Queue';
  const tolerations = pod.spec?.tolerations;
  const wasUntolerated = oldObj === undefined || untoleratedTaint(oldObj as Node, tolerations) !== undefined;
  const isUntolerated = untoleratedTaint(newObj as Node, tolerations) !== undefined;
  return wasUntolerated && !isUntolerated ? 'Queue' : 'QueueSkip';
}

/**
 * Queue when the rejected pod itself got new tolerations, which may now suffice. Another pod's
 * update, or one that left the tolerations alone, changes nothing for this plugin.
 */
export function isSchedulableAfterPodTolerationChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  if (typeof newObj !== 'object' || newObj === null) return 'Queue';
  const modified = newObj as Pod;
  if (modified.metadata?.uid !== pod.metadata?.uid) return 'QueueSkip';
  const before = JSON.stringify((oldObj as Pod | undefined)?.spec?.tolerations ?? []);
  return before === JSON.stringify(modified.spec?.tolerations ?? []) ? 'QueueSkip' : 'Queue';
}

/** Builds TaintToleration; it takes no args. */
export const factory: PluginFactory = () => new TaintToleration();
