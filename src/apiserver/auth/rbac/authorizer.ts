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

/** One step of resolving a user's rules: a rule and the binding it came from, or an error. */
interface Visit {
  source?: string;
  rule?: PolicyRule;
  error?: string;
}

/** Users × namespaces whose resolved rules are kept per revision, at most. */
const MEMO_LIMIT = 10_000;

/** The RBAC authorizer over a data source of roles and bindings. */
export class RBACAuthorizer implements Authorizer {
  private memo = new Map<string, Visit[]>();
  private memoRevision?: number;

  /** @param data where roles and bindings are read, on every call (so it always sees the latest). */
  constructor(readonly data: RBACDataSource) {}

  /**
   * What `visitRulesFor` visits for the user in the namespace; resolved once per revision of the
   * roles and bindings when the data source has one (a request then only matches rules).
   */
  private visits(user: UserInfo, namespace: string): Visit[] {
    const resolve = () => {
      const out: Visit[] = [];
      visitRulesFor(this.data, user, namespace, (source, rule, error) => {
        out.push({ source, rule, error });
        return true;
      });
      return out;
    };
    const rev = this.data.revision?.();
    if (rev === undefined) return resolve();
    if (rev !== this.memoRevision || this.memo.size >= MEMO_LIMIT) {
      this.memo.clear();
      this.memoRevision = rev;
    }
    // Only the name, the groups and the namespace decide which bindings apply.
    const key = `${user.name}\u0000${user.groups.join('\u0000')}\u0001${namespace}`;
    let visits = this.memo.get(key);
    if (!visits) this.memo.set(key, (visits = resolve()));
    return visits;
  }

  /**
   * Upstream's `Authorize`: `Allow` with reason `RBAC: allowed by <binding description>` on the
   * first granting rule; otherwise `NoOpinion`, with `RBAC: <errors>` when roles failed to resolve.
   */
  authorize(attrs: Attributes): AuthorizationResult {
    const errors: string[] = [];
    for (const v of this.visits(attrs.user, attrs.namespace)) {
      if (v.rule && ruleAllows(attrs, v.rule)) return { decision: 'Allow', reason: `RBAC: allowed by ${v.source}` };
      if (v.error !== undefined) errors.push(v.error);
    }
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
