/**
 * NodeResourcesBalancedAllocation, after upstream's `noderesources.BalancedAllocation`: favours
 * nodes whose resources would be used evenly once the pod is placed. The score is
 * `(1 - std) * 100`, std being the standard deviation of the requested fractions of the
 * configured resources (cpu and memory by default), counted by actual requests.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { aggregate, fieldErrors, type FieldError } from '../../../machinery/field-errors.js';
import {
  MAX_NODE_SCORE,
  type CycleState,
  type PluginFactory,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { Status } from '../../framework/status.js';
import {
  defaultResources,
  ResourceAllocationScorer,
  ResourcePreScoreState,
  type ArgsError,
  type ResourceSpec,
} from '../noderesourcesfit/index.js';

export const NAME = 'NodeResourcesBalancedAllocation';

/** CycleState key of the pod's per-resource requests, written in PreScore and read in Score. */
export const PRE_SCORE_STATE_KEY = 'PreScore' + NAME;

/** The plugin's args, defaulted. */
export interface NodeResourcesBalancedAllocationArgs {
  /** The resources whose balance counts; every weight is 1. */
  resources: ResourceSpec[];
}

export type { ArgsError };

/** Upstream's v1 defaulting: cpu and memory when no resources are given; a missing weight is 1. */
export function defaultArgs(raw: Record<string, unknown> | undefined): NodeResourcesBalancedAllocationArgs {
  return { resources: defaultResources(raw?.resources) };
}

function fieldErrorsOf(args: NodeResourcesBalancedAllocationArgs): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  args.resources.forEach((r, i) => {
    if (seen.has(r.name)) errs.push(fieldErrors.duplicate(`resources[${i}].name`, r.name));
    else seen.add(r.name);
    if (r.weight !== 1) errs.push(fieldErrors.invalid(`resources[${i}].weight`, r.weight, 'must be 1'));
  });
  return errs;
}

/**
 * Upstream's `ValidateNodeResourcesBalancedAllocationArgs`, after v1 defaulting as upstream's config
 * loading does. Takes raw pluginConfig args (or defaulted ones); empty when valid.
 */
export function validateArgs(args: object | undefined): ArgsError[] {
  const defaulted = defaultArgs(args as Record<string, unknown> | undefined);
  return fieldErrorsOf(defaulted).map((e) => ({ field: e.field, message: e.body() }));
}

/** The aggregate message upstream's plugin constructor fails with, or undefined when valid. */
export function argsErrorMessage(args: NodeResourcesBalancedAllocationArgs): string | undefined {
  const errs = fieldErrorsOf(args);
  return errs.length ? aggregate(errs) : undefined;
}

/**
 * Upstream's `balancedResourceScorer`: each offered resource's requested fraction (capped at 1);
 * with two, std is half their difference; with more, the population standard deviation. Two
 * passes instead of a fractions slice, so scoring a node allocates nothing.
 */
export function balancedResourceScorer(requested: readonly number[], allocatable: readonly number[]): number {
  let count = 0;
  let total = 0;
  let first = 0;
  let second = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const fraction = Math.min(requested[i] / allocatable[i], 1);
    if (count === 0) first = fraction;
    else if (count === 1) second = fraction;
    total += fraction;
    count++;
  }
  let std = 0;
  if (count === 2) {
    std = Math.abs((first - second) / 2);
  } else if (count > 2) {
    const mean = total / count;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const fraction = Math.min(requested[i] / allocatable[i], 1);
      sum = sum + (fraction - mean) * (fraction - mean);
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** Scores nodes by how evenly the pod would leave their resources used. */
export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  readonly scorer: ResourceAllocationScorer;

  /** `args` must be defaulted and valid; the factory sees to it. */
  constructor(args: NodeResourcesBalancedAllocationArgs) {
    this.scorer = new ResourceAllocationScorer(NAME, args.resources, balancedResourceScorer, true);
  }

  /** Computes the pod's request for each resource once for every node's Score. */
  preScore(state: CycleState, pod: Pod): undefined {
    state.write(PRE_SCORE_STATE_KEY, new ResourcePreScoreState(this.scorer.podRequestList(pod)));
    return undefined;
  }

  /** The balance score in [0, 100]; an Error status only when no resources are configured. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    const s = state.read<ResourcePreScoreState>(PRE_SCORE_STATE_KEY);
    return this.scorer.score(nodeInfo, s ? s.podRequests : this.scorer.podRequestList(pod));
  }
}

/**
 * Builds NodeResourcesBalancedAllocation from a profile's pluginConfig args (`resources`, default
 * cpu and memory). Throws with upstream's aggregate message when invalid.
 */
export const factory: PluginFactory = (args) => {
  const a = defaultArgs(args);
  const invalid = argsErrorMessage(a);
  if (invalid) throw new Error(invalid);
  return new BalancedAllocation(a);
};
