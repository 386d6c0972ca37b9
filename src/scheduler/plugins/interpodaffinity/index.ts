/**
 * The InterPodAffinity plugin, after upstream's `interpodaffinity`: required pod affinity and
 * anti-affinity (the incoming pod's and, symmetrically, existing pods' anti-affinity) as a filter,
 * preferred terms and `hardPodAffinityWeight` as a score.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { fieldErrors } from '../../../machinery/field-errors.js';
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
import { computePreFilterState, filterNode, PRE_FILTER_STATE_KEY, readPreFilterState } from './filtering.js';
import { nodeChangeHint, podChangeHint } from './hints.js';
import { computePreScoreState, normalizeScores, PRE_SCORE_STATE_KEY, readPreScoreState, scoreNode } from './scoring.js';

export {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  PRE_FILTER_STATE_KEY,
  PreFilterState,
} from './filtering.js';
export { PRE_SCORE_STATE_KEY, PreScoreState } from './scoring.js';

/** The plugin's name in profiles and registries. */
export const NAME = 'InterPodAffinity';

/** InterPodAffinityArgs (kubescheduler.config.k8s.io/v1), defaulted. */
export interface InterPodAffinityArgs {
  /** The score weight of existing pods' required affinity terms the incoming pod matches; 0–100. */
  hardPodAffinityWeight: number;
  /** Skip existing pods' preferred terms when the incoming pod has no preferred terms itself. */
  ignorePreferredTermsOfExistingPods: boolean;
}

/** Upstream's v1 defaults: `hardPodAffinityWeight` 1, `ignorePreferredTermsOfExistingPods` false. */
export function argsWithDefaults(
  raw: Record<string, unknown> | Partial<InterPodAffinityArgs> | undefined,
): InterPodAffinityArgs {
  const w = raw?.hardPodAffinityWeight;
  return {
    // A value of the wrong type is kept, for validateArgs to report.
    hardPodAffinityWeight: (w ?? 1) as number,
    ignorePreferredTermsOfExistingPods: raw?.ignorePreferredTermsOfExistingPods === true,
  };
}

/**
 * Upstream's `ValidateInterPodAffinityArgs` on the defaulted args: the weight must lie in
 * [0, 100]. `path` prefixes the field.
 */
export function validateArgs(
  args: Record<string, unknown> | Partial<InterPodAffinityArgs> | undefined,
  path?: string,
): { field: string; message: string }[] {
  const field = path ? `${path}.hardPodAffinityWeight` : 'hardPodAffinityWeight';
  const w = argsWithDefaults(args).hardPodAffinityWeight;
  if (Number.isInteger(w) && w >= 0 && w <= 100) return [];
  const e = fieldErrors.invalid(field, w, 'not in valid range [0, 100]');
  return [{ field: e.field, message: e.body() }];
}

/** Required and preferred inter-pod (anti-)affinity. */
export class InterPodAffinity
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

  constructor(
    private readonly handle: Handle,
    readonly args: InterPodAffinityArgs = argsWithDefaults(undefined),
  ) {}

  /**
   * Pods assigned or removed (any change; the hint keeps those that matter), and nodes added or
   * relabelled (a new topology domain may satisfy the terms).
   */
  eventsToRegister(): ClusterEventWithHint[] {
    const namespaces = this.handle.listers.namespaces;
    return [
      {
        event: { resource: 'Pod', actionType: ALL_ACTIONS, label: 'Pod' },
        hint: (pod, oldObj, newObj) => podChangeHint(pod, oldObj, newObj, namespaces),
      },
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel, label: 'NodeAddOrLabel' },
        hint: nodeChangeHint,
      },
    ];
  }

  /** Counts matching pods per topology pair; Skip when no term of any pod can reject a node. */
  preFilter(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
  ): { result?: PreFilterResult; status?: Status } | undefined {
    const snapshot = this.handle.snapshot();
    const s = computePreFilterState(
      pod,
      nodes,
      snapshot.havePodsWithRequiredAntiAffinityList(),
      this.handle.listers.namespaces,
    );
    if (s instanceof Status) return { status: s };
    state.write(PRE_FILTER_STATE_KEY, s);
    return undefined;
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  /** Counts `podToAdd` on `nodeInfo` into the PreFilter state (preemption's what-ifs). */
  addPod(state: CycleState, _podToSchedule: Pod, podToAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined {
    return this.update(state, podToAdd, nodeInfo, 1);
  }

  /** Counts `podToRemove` on `nodeInfo` out of the PreFilter state. */
  removePod(state: CycleState, _podToSchedule: Pod, podToRemove: PodInfo, nodeInfo: NodeInfo): Status | undefined {
    return this.update(state, podToRemove, nodeInfo, -1);
  }

  private update(state: CycleState, pi: PodInfo, nodeInfo: NodeInfo, multiplier: number): Status | undefined {
    const s = readPreFilterState(state);
    if (s instanceof Status) {
      // PreFilter said Skip: there is no state to update, and Filter will not run.
      return state.skipFilterPlugins.has(NAME) ? undefined : s;
    }
    s.updateWithPod(pi, nodeInfo.node, multiplier);
    return undefined;
  }

  /** Rejects nodes where the pod's affinity, its anti-affinity or existing pods' anti-affinity fails. */
  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const s = readPreFilterState(state);
    if (s instanceof Status) return s;
    return filterNode(s, nodeInfo);
  }

  /** Sums preferred-term weights per topology pair over the whole cluster. */
  preScore(state: CycleState, pod: Pod, _nodes: readonly NodeInfo[]): Status | undefined {
    const s = computePreScoreState(pod, this.args, this.handle.snapshot(), this.handle.listers.namespaces);
    if (s instanceof Status) return s;
    state.write(PRE_SCORE_STATE_KEY, s);
    return undefined;
  }

  /** The weights of the node's topology pairs, summed; normalized later. */
  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number | Status {
    const s = readPreScoreState(state);
    if (s instanceof Status) return s;
    return scoreNode(s, nodeInfo);
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  /** Scales scores linearly so the lowest becomes 0 and the highest 100. */
  normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): Status | undefined {
    const s = readPreScoreState(state);
    if (s instanceof Status) return s;
    normalizeScores(s, scores);
    return undefined;
  }
}

/** Builds the plugin from (possibly missing) args; throws when the args are invalid. */
export const factory: PluginFactory = (args, handle) => {
  const errs = validateArgs(args);
  if (errs.length) throw new Error(`${errs[0].field}: ${errs[0].message}`);
  return new InterPodAffinity(handle, argsWithDefaults(args));
};
