/**
 * Which level a request is audited at (upstream's `policyRuleEvaluator.EvaluatePolicyRule` in
 * `audit/policy/checker.go`): the first rule whose every field matches decides; none → None.
 */
import type { AuditAttributes, Policy, PolicyRule, RequestAuditConfig, Stage } from './types.js';

/** The level used when no rule matches. */
export const DEFAULT_AUDIT_LEVEL = 'None' as const;

/**
 * The level, omitted stages (the rule's unioned with the policy's) and whether managedFields are
 * dropped (the rule's setting, else the policy's) for a request.
 */
export function evaluate(policy: Policy, attrs: AuditAttributes): RequestAuditConfig {
  const policyOmit = policy.omitManagedFields ?? false;
  for (const rule of policy.rules) {
    if (ruleMatches(rule, attrs)) {
      return {
        level: rule.level,
        omitStages: union(policy.omitStages, rule.omitStages),
        omitManagedFields: rule.omitManagedFields ?? policyOmit,
      };
    }
  }
  return { level: DEFAULT_AUDIT_LEVEL, omitStages: [...(policy.omitStages ?? [])], omitManagedFields: policyOmit };
}

function union(a: readonly Stage[] | undefined, b: readonly Stage[] | undefined): Stage[] {
  return [...new Set([...(a ?? []), ...(b ?? [])])];
}

function nonEmpty<T>(list: readonly T[] | undefined): list is readonly T[] {
  return list !== undefined && list.length > 0;
}

/** Whether every field the rule sets matches the request (`ruleMatches`). */
export function ruleMatches(rule: PolicyRule, attrs: AuditAttributes): boolean {
  const user = attrs.user;
  if (nonEmpty(rule.users) && (!user || !rule.users.includes(user.name))) return false;
  if (nonEmpty(rule.userGroups)) {
    if (!user || !user.groups.some((g) => rule.userGroups!.includes(g))) return false;
  }
  if (nonEmpty(rule.verbs) && !rule.verbs.includes(attrs.verb)) return false;
  if (nonEmpty(rule.namespaces) || nonEmpty(rule.resources)) return resourceMatches(rule, attrs);
  if (nonEmpty(rule.nonResourceURLs)) return nonResourceMatches(rule.nonResourceURLs, attrs);
  return true;
}

function nonResourceMatches(specs: readonly string[], attrs: AuditAttributes): boolean {
  if (attrs.isResourceRequest) return false;
  return specs.some((spec) => pathMatches(attrs.path, spec));
}

/** `*` matches everything, an exact path itself, and `/x*` every path starting with `/x`. */
export function pathMatches(path: string, spec: string): boolean {
  if (spec === '*' || spec === path) return true;
  return spec.endsWith('*') && path.startsWith(spec.replace(/\*+$/, ''));
}

function resourceMatches(rule: PolicyRule, attrs: AuditAttributes): boolean {
  if (!attrs.isResourceRequest) return false;
  // Cluster-scoped resources have the namespace "".
  if (nonEmpty(rule.namespaces) && !rule.namespaces.includes(attrs.namespace)) return false;
  if (!nonEmpty(rule.resources)) return true;
  const { resource, subresource, name } = attrs;
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const gr of rule.resources) {
    if ((gr.group ?? '') !== attrs.apiGroup) continue;
    if (!nonEmpty(gr.resources)) return true;
    const names = gr.resourceNames;
    for (const res of gr.resources) {
      if (nonEmpty(names) && !names.includes(name)) continue;
      if (res === combined || res === '*') return true;
      if (subresource && res.startsWith('*/') && subresource === res.slice(2)) return true;
      if (res.endsWith('/*') && resource === res.slice(0, -2)) return true;
    }
  }
  return false;
}
