/**
 * The DefaultPreemption plugin: its name, class, factory and the helpers others share
 * (`fitErrorMessage` for the scheduler core's "0/N nodes are available" messages).
 */
import type { PluginFactory } from '../../framework/interface.js';
import { argsErrorMessage, defaultArgs } from './args.js';
import { DefaultPreemption } from './default-preemption.js';

export {
  DefaultPreemption,
  DEFAULT_SCHEDULER_NAME,
  NAME,
  NOT_ELIGIBLE_NEVER,
  NOT_ELIGIBLE_TERMINATING,
  PREEMPTION_NOT_HELPFUL,
  podTerminatingByPreemption,
  type DefaultPreemptionOptions,
} from './default-preemption.js';
export {
  calculateNumCandidates,
  defaultArgs,
  DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE,
  DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE,
  validateArgs,
  type ArgsError,
  type DefaultPreemptionArgs,
} from './args.js';
export { fitErrorMessage, reasonsHistogram } from './fit-error.js';
export { earliestPodStartTime, pickOneNodeForPreemption, type Candidate } from './pick-node.js';
export {
  filterPodsWithPDBViolation,
  moreImportantPod,
  NO_VICTIMS_FOUND,
  podPriority,
  podStartTime,
  selectVictimsOnNode,
  type Victims,
} from './victims.js';

/**
 * Builds the plugin from a profile's pluginConfig args (`minCandidateNodesPercentage`,
 * `minCandidateNodesAbsolute`, defaulted to 10 and 100) and `schedulerName`, the profile's name
 * used in the victims' DisruptionTarget message when the preemptor names none. Throws with
 * upstream's aggregate message when the args are invalid.
 */
export const factory: PluginFactory = (args, handle) => {
  const a = defaultArgs(args);
  const invalid = argsErrorMessage(a);
  if (invalid) throw new Error(invalid);
  const schedulerName = typeof args?.schedulerName === 'string' ? args.schedulerName : undefined;
  return new DefaultPreemption(handle, a, { schedulerName });
};
