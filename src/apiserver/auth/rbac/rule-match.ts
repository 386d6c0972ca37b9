/**
 * Whether one PolicyRule grants a request: upstream's `RuleAllows` and the matchers of
 * pkg/apis/rbac/v1/evaluation_helpers.go.
 */
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import type { Attributes } from './types.js';

/** `*` in verbs, apiGroups, resources or nonResourceURLs matches everything. */
export const ALL = '*';

/** Upstream's `VerbMatches`: the rule names the verb, or `*`. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === ALL || v === verb);
}

/** Upstream's `APIGroupMatches`: the rule names the group (`''` is core), or `*`. */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === ALL || g === group);
}

/**
 * Upstream's `ResourceMatches`: `*`, an exact `resource` or `resource/subresource`, or
 * a `*` resource with `/subresource` for that subresource of any resource.
 */
export function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === ALL || r === combinedResource) return true;
    if (subresource.length === 0) continue;
    if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/** Upstream's `ResourceNameMatches`: no resourceNames means any name; otherwise the name must be listed. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** Upstream's `NonResourceURLMatches`: `*`, the exact path, or a prefix ending in `*`. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === ALL || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

/** Upstream's `RuleAllows`: whether this single rule grants the request. */
export function ruleAllows(attrs: Attributes, rule: PolicyRule): boolean {
  if (attrs.resourceRequest) {
    const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    return (
      verbMatches(rule, attrs.verb) &&
      apiGroupMatches(rule, attrs.apiGroup) &&
      resourceMatches(rule, combined, attrs.subresource) &&
      resourceNameMatches(rule, attrs.name)
    );
  }
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
}

/** Upstream's `RulesAllow`: whether any of the rules grants the request. */
export function rulesAllow(attrs: Attributes, rules: readonly PolicyRule[]): boolean {
  return rules.some((r) => ruleAllows(attrs, r));
}
