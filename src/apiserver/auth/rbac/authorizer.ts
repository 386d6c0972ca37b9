/**
 * Upstream's `RBACAuthorizer` (plugin/pkg/auth/authorizer/rbac/rbac.go): allows a request when
 * any rule bound to the user grants it, and otherwise has no opinion.
 */
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { aggregateErrors, policyRulesFor, visitRulesFor } from './resolver.js';
import { ruleAllows } from './rule-match.js';
import type {
  Attributes,
  AuthorizationResult,
  NonResourceRuleInfo,
  RBACDataSource,
  ResourceRuleInfo,
  RulesForResult,
  UserInfo,
} from './types.js';

/** Anything that can authorize a request (RBAC here; a union or webhook elsewhere). */
export interface Authorizer {
  /** Decides one request. */
  authorize(attrs: Attributes): AuthorizationResult;
}

/** The RBAC authorizer over a data source of roles and bindings. */
export class RBACAuthorizer implements Authorizer {
  /** @param data where roles and bindings are read, on every call (so it always sees the latest). */
  constructor(readonly data: RBACDataSource) {}

  /**
   * Upstream's `Authorize`: `Allow` with reason `RBAC: allowed by <binding description>` on the
   * first granting rule; otherwise `NoOpinion`, with `RBAC: <errors>` when roles failed to resolve.
   */
  authorize(attrs: Attributes): AuthorizationResult {
    let reason = '';
    let allowed = false;
    const errors: string[] = [];
    visitRulesFor(this.data, attrs.user, attrs.namespace, (source, rule, error) => {
      if (rule && ruleAllows(attrs, rule)) {
        allowed = true;
        reason = `RBAC: allowed by ${source}`;
        return false;
      }
      if (error !== undefined) errors.push(error);
      return true;
    });
    if (allowed) return { decision: 'Allow', reason };
    return { decision: 'NoOpinion', reason: errors.length > 0 ? `RBAC: ${aggregateErrors(errors)}` : '' };
  }

  /**
   * Upstream's `RulesFor` (what a SelfSubjectRulesReview reports): each rule with resources becomes
   * a resource rule, each with nonResourceURLs a non-resource rule; `incomplete` is always false.
   */
  rulesFor(user: UserInfo, namespace: string): RulesForResult {
    const { rules, errors } = policyRulesFor(this.data, user, namespace);
    const resourceRules: ResourceRuleInfo[] = [];
    const nonResourceRules: NonResourceRuleInfo[] = [];
    for (const rule of rules) {
      if ((rule.resources ?? []).length > 0) {
        resourceRules.push({
          verbs: rule.verbs,
          apiGroups: rule.apiGroups ?? [],
          resources: rule.resources ?? [],
          resourceNames: rule.resourceNames ?? [],
        });
      }
      if ((rule.nonResourceURLs ?? []).length > 0) {
        nonResourceRules.push({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs ?? [] });
      }
    }
    return { resourceRules, nonResourceRules, incomplete: false, errors };
  }

  /** The raw PolicyRules that apply to a user in a namespace (upstream's rule resolver `RulesFor`). */
  policyRulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    return policyRulesFor(this.data, user, namespace);
  }
}

/** Shorthand for `new RBACAuthorizer(data)`. */
export function newRBACAuthorizer(data: RBACDataSource): RBACAuthorizer {
  return new RBACAuthorizer(data);
}
