/**
 * Upstream's ResourceQuota admission plugin and the usage computation its controller shares, as pure
 * functions over decoded v1 objects.
 */
export { checkQuotas, type Operation, type QuotaCheckResult, type QuotaUpdate } from './admission.js';
export { type QuotaItem, quotaStatus, totalUsage } from '../../../api/quota/controller.js';
export {
  countedResource,
  evaluatorKind,
  type GroupResource,
  isIgnoredResource,
  isTrackedName,
  matchingResources,
  objectCountName,
} from '../../../api/quota/names.js';
export { podConstraints, podUsage, quotaV1Pod } from '../../../api/quota/pods.js';
export { prettyPrint, type ResourceList, toStrings } from '../../../api/quota/resource-list.js';
export {
  matchesQuota,
  matchesScope,
  matchesScopes,
  matchingScopes,
  scopeAllowsResource,
  type ScopeSelector,
  scopeSelectorsOf,
} from '../../../api/quota/scopes.js';
export { claimUsage, handles, serviceUsage, usageOf, type UsageOptions } from '../../../api/quota/usage.js';
