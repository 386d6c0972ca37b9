/**
 * Upstream's LimitRanger admission plugin as pure functions: defaultPodLimits (mutating) and
 * validateLimits / enforceLimits (validating), plus the aggregate-error helpers ResourceQuota shares.
 */
export {
  admissionForbidden,
  admissionName,
  aggregateMessages,
  type GroupResource,
  limitRangerError,
} from './aggregate.js';
export { goFixed6 } from './constraints.js';
export { defaultPodLimits, LIMIT_RANGER_ANNOTATION } from './defaults.js';
export {
  addResourceList,
  maxResourceList,
  podLimits,
  podRequests,
  readResourceList,
  type ResourceList,
} from '../../../api/pod-resources.js';
export { enforceLimits, limitRangerApplies, validateLimits } from './validate.js';
