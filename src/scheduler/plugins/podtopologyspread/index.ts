/**
 * The PodTopologySpread plugin, after upstream's `podtopologyspread`: a pod's
 * `topologySpreadConstraints` (or, when it has none, the configured or system default ones) as a
 * filter (DoNotSchedule) and a score (ScheduleAnyway), with minDomains, node inclusion policies
 * and matchLabelKeys.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  ALL_ACTIONS,
  ActionType,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type NodeScore,
  type PluginFactory,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScoreExtensions,
  type ScorePlugin,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { argsWithDefaults, type PodTopologySpreadArgs, SYSTEM_DEFAULT_CONSTRAINTS, validateArgs } from './args.js';
import {
  computePreFilterState,
  filterNode,
  PRE_FILTER_STATE_KEY,
  readPreFilterState,
  updateWithPod,
} from './filtering.js';
import { nodeChangeHint, podChangeHint } from './hints.js';
import { computePreScoreState, normalizeScores, PRE_SCORE_STATE_KEY, readPreScoreState, scoreNode } from './scoring.js';

export {
  argsWithDefaults,
  type DefaultingType,
  type PodTopologySpreadArgs,
  SYSTEM_DEFAULT_CONSTRAINTS,
  validateArgs,
} from './args.js';
export { defaultSelector } from './common.js';
import { defaultSelector, type SpreadDefaults } from './common.js';
export {
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  PRE_FILTER_STATE_KEY,
  PreFilterState,
} from './filtering.js';
export { PRE_SCORE_STATE_KEY, PreScoreState, scoreForCount, topologyNormalizingWeight } from './scoring.js';

/** The plugin's name in profiles and registries. */
export const NAME = 'PodTopologySpread';

/** Spreads pods over topology domains. */
export class PodTopologySpread
  implements
    PreFilterPlugin,
    FilterPlugin,
    PreScorePlugin,
    ScorePlugin,
    EnqueueExtensions,
    PreFilterExtensions,
    ScoreExtensions
{
  readonly name = NAME;
  /** The constraints for pods that declare none, with the selector each pod spreads by. */
  readonly defaults: SpreadDefaults;
  /** Whether those are the system defaults (nodes without a zone label then still score). */
  readonly systemDefaulted: boolean;

  constructor(
    private readonly handle: Handle,
    args: PodTopologySpreadArgs = argsWithDefaults(undefined),
  ) {
    this.systemDefaulted = args.defaultingType === 'System';
    this.defaults = {
      constraints: this.systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints,
      selectorFor: (pod) => defaultSelector(pod, handle.listers),
    };
  }

  /**
   * Pods assigned, relabelled or removed, and the pod's own toleration changes (the hint keeps
   * those that matter); nodes added, removed, relabelled or retainted.
   */
  eventsToRegister(): ClusterEventWithHint[] {
    const defaults = this.defaults;
    return [
      {
        event: { resource: 'Pod', actionType: ALL_ACTIONS, label: 'Pod' },
        hint: (pod, oldObj, newObj) => podChangeHint(pod, oldObj, newObj, defaults),
      },
      {
        event: {
          resource: 'Node',
          actionType: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint,
          label: 'Node',
        },
        hint: (pod, oldObj, newObj) => nodeChangeHint(pod, oldObj, newObj, defaults),
      },
    ];
  }

  /** Counts matching pods per domain for the DoNotSchedule constraints; Skip when there are none. */
  preFilter(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
  ): { result?: PreFilterResult; status?: Status } | undefined {
    const s = computePreFilterState(pod, nodes, this.defaults);
    if (s instanceof Status) return { status: s };
    state.write(PRE_FILTER_STATE_KEY, s);
    return undefined;
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  /** Counts `podToAdd` on `nodeInfo` into the PreFilter state (preemption's what-ifs). */
  addPod(state: CycleState, podToSchedule: Pod, podToAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined {
    return this.update(state, podToSchedule, podToAdd, nodeInfo, 1);
  }

  /** Counts `podToRemove` on `nodeInfo` out of the PreFilter state. */
  removePod(state: CycleState, podToSchedule: Pod, podToRemove: PodInfo, nodeInfo: NodeInfo): Status | undefined {
    return this.update(state, podToSchedule, podToRemove, nodeInfo, -1);
  }

  private update(
    state: CycleState,
    preemptor: Pod,
    pi: PodInfo,
    nodeInfo: NodeInfo,
    delta: number,
  ): Status | undefined {
    const s = readPreFilterState(state);
    if (s instanceof Status) {
      // PreFilter said Skip: there is no state to update, and Filter will not run.
      return state.skipFilterPlugins.has(NAME) ? undefined : s;
    }
    updateWithPod(s, pi.pod, preemptor, nodeInfo.node, delta);
    return undefined;
  }

  /** Rejects nodes lacking a topology key or where the pod would exceed a constraint's maxSkew. */
  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const s = readPreFilterState(state);
    if (s instanceof Status) return s;
    return filterNode(s, nodeInfo);
  }

  /** Counts matching pods per domain of the candidate nodes for the ScheduleAnyway constraints. */
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined {
    const s = computePreScoreState(pod, nodes, this.handle.snapshot(), this.defaults, this.systemDefaulted);
    if (s instanceof Status) return s;
    state.write(PRE_SCORE_STATE_KEY, s);
    return undefined;
  }

  /** The weighted number of matching pods in the node's domains (lower is better). */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    const s = readPreScoreState(state);
    if (s instanceof Status) return s;
    return scoreNode(s, pod, nodeInfo);
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  /** Reverses the scores onto [0, 100]: the least crowded node gets 100. */
  normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): Status | undefined {
    const s = readPreScoreState(state);
    if (s instanceof Status) return s;
    normalizeScores(s, scores);
    return undefined;
  }
}

/** Builds the plugin from (possibly missing) args; throws upstream's message when they are invalid. */
export const factory: PluginFactory = (args, handle) => {
  const errs = validateArgs(args);
  if (errs.length) {
    const msgs = errs.map((e) => `${e.field}: ${e.message}`);
    throw new Error(msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`);
  }
  return new PodTopologySpread(handle, argsWithDefaults(args));
};
