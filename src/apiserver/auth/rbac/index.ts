/**
 * Kubernetes RBAC authorization as a pure library: rule matching, the RBAC authorizer,
 * SelfSubjectRulesReview rules, 403 messages, escalation checks, ClusterRole aggregation and
 * upstream's bootstrap policy.
 */
export * from './types.js';
export * from './rule-match.js';
export * from './resolver.js';
export * from './authorizer.js';
export * from './forbidden.js';
export * from './escalation.js';
export * from '../../../api/rbac/aggregation.js';
export * from './bootstrap-policy.js';
export { nodeRules } from './bootstrap-cluster-roles.js';
export { goQuote, goQuoteList } from './go-format.js';
export { bootstrapNamespaceRoles, bootstrapNamespaceRoleBindings } from './bootstrap-namespace-roles.js';
