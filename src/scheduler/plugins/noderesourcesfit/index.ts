/**
 * NodeResourcesFit, after upstream's `noderesources.Fit`: filters out nodes without room for the
 * pod's requests (`Too many pods`, `Insufficient cpu`, …) and scores the rest by a configured
 * strategy (LeastAllocated by default, MostAllocated, or RequestedToCapacityRatio).
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type {
  ClusterEventWithHint,
  CycleState,
  EnqueueExtensions,
  FilterPlugin,
  PluginFactory,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { argsErrorMessage, defaultArgs, type NodeResourcesFitArgs } from './args.js';
import { fitEventsToRegister } from './events.js';
import { computePreFilterState, fitsRequest, type FitPreFilterState } from './fits.js';
import { ResourceAllocationScorer, ResourcePreScoreState } from './resource-allocation.js';
import {
  leastAllocatedScorer,
  mostAllocatedScorer,
  requestedToCapacityRatioScorer,
  type ResourceScorer,
} from './scorers.js';

export {
  argsErrorMessage,
  defaultArgs,
  defaultResources,
  defaultResourceSpecs,
  MAX_CUSTOM_PRIORITY_SCORE,
  SCORING_STRATEGY_TYPES,
  validateArgs,
  type ArgsError,
  type NodeResourcesFitArgs,
  type ResourceSpec,
  type ScoringStrategy,
  type ScoringStrategyType,
  type UtilizationShapePoint,
} from './args.js';
export { fitEventsToRegister, isSchedulableAfterNodeChange, isSchedulableAfterPodEvent } from './events.js';
export {
  computePreFilterState,
  FitPreFilterState,
  fits,
  fitsRequest,
  haveAnyRequestedResourcesIncreased,
  isFit,
  type InsufficientResource,
} from './fits.js';
export { ResourceAllocationScorer, ResourcePreScoreState } from './resource-allocation.js';
export { isExtendedResourceName, isScalarResourceName } from './resource-names.js';
export {
  buildBrokenLinearFunction,
  leastAllocatedScorer,
  leastRequestedScore,
  mostAllocatedScorer,
  mostRequestedScore,
  mulDiv,
  requestedToCapacityRatioScorer,
  type ResourceScorer,
} from './scorers.js';

export const NAME = 'NodeResourcesFit';

/** CycleState key of the pod's requests, written in PreFilter and read in Filter. */
export const PRE_FILTER_STATE_KEY = 'PreFilter' + NAME;
/** CycleState key of the pod's per-resource requests, written in PreScore and read in Score. */
export const PRE_SCORE_STATE_KEY = 'PreScore' + NAME;

function scorerFor(args: NodeResourcesFitArgs): ResourceScorer {
  const s = args.scoringStrategy;
  switch (s.type) {
    case 'LeastAllocated':
      return leastAllocatedScorer(s.resources);
    case 'MostAllocated':
      return mostAllocatedScorer(s.resources);
    case 'RequestedToCapacityRatio':
      return requestedToCapacityRatioScorer(s.resources, s.requestedToCapacityRatio?.shape ?? []);
    default:
      throw new Error(`scoring strategy ${s.type} is not supported`);
  }
}

/** Checks that nodes have room for the pod, and scores them by how its requests would fill them. */
export class Fit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;
  readonly scorer: ResourceAllocationScorer;
  private readonly ignoredResources: ReadonlySet<string>;
  private readonly ignoredResourceGroups: ReadonlySet<string>;

  /** `args` must be defaulted and valid (see `defaultArgs`, `validateArgs`); the factory sees to it. */
  constructor(args: NodeResourcesFitArgs) {
    this.ignoredResources = new Set(args.ignoredResources);
    this.ignoredResourceGroups = new Set(args.ignoredResourceGroups);
    const s = args.scoringStrategy;
    this.scorer = new ResourceAllocationScorer(s.type, s.resources, scorerFor(args), false);
  }

  /** Computes the pod's requests once for every node's Filter. */
  preFilter(state: CycleState, pod: Pod): undefined {
    state.write(PRE_FILTER_STATE_KEY, computePreFilterState(pod, this.ignoredResources, this.ignoredResourceGroups));
    return undefined;
  }

  /** Unschedulable with one reason per resource the node lacks; undefined when the pod fits. */
  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const s = state.read<FitPreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s) return Status.error(`error reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
    const insufficient = fitsRequest(s, nodeInfo);
    if (!insufficient) return undefined;
    return Status.unschedulable(...insufficient.map((r) => r.reason));
  }

  /** Computes the pod's request for each scored resource once for every node's Score. */
  preScore(state: CycleState, pod: Pod): undefined {
    state.write(PRE_SCORE_STATE_KEY, new ResourcePreScoreState(this.scorer.podRequestList(pod)));
    return undefined;
  }

  /** The strategy's score in [0, 100]; an Error status only when no resources are configured. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    const s = state.read<ResourcePreScoreState>(PRE_SCORE_STATE_KEY);
    return this.scorer.score(nodeInfo, s ? s.podRequests : this.scorer.podRequestList(pod));
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return fitEventsToRegister();
  }
}

/**
 * Builds NodeResourcesFit from a profile's pluginConfig args (`ignoredResources`,
 * `ignoredResourceGroups`, `scoringStrategy`), defaulted as upstream's v1 config is: LeastAllocated
 * over cpu and memory with weight 1. Throws with upstream's aggregate message when invalid.
 */
export const factory: PluginFactory = (args) => {
  const a = defaultArgs(args);
  const invalid = argsErrorMessage(a);
  if (invalid) throw new Error(invalid);
  return new Fit(a);
};
