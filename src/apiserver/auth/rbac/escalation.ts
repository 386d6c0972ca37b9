/**
 * Privilege-escalation prevention: a user may only create or update a role, or bind one, when they
 * already hold every permission it grants, unless they may `escalate` / `bind` it explicitly.
 * Upstream: pkg/registry/rbac/validation/rule.go (`ConfirmNoEscalation`), policy_compact.go,
 * component-helpers' policy_comparator.go (`Covers`), and pkg/registry/rbac/escalation_check.go.
 */
import type { PolicyRule, RoleRef } from 'kubernetes-types/rbac/v1.js';
import type { Authorizer } from './authorizer.js';
import { goQuote, goQuoteList } from './go-format.js';
import { aggregateErrors, policyRulesFor } from './resolver.js';
import { ALL } from './rule-match.js';
import type { RBACDataSource, UserInfo } from './types.js';

/** The group whose members may do anything, escalation included (upstream's `SystemPrivilegedGroup`). */
export const SYSTEM_PRIVILEGED_GROUP = 'system:masters';

/** Upstream's `BreakdownRule`: one rule per (group, resource, verb[, name]) and per (URL, verb). */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length > 0) {
          for (const n of names)
            out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [n] });
        } else {
          out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return out;
}

const hasAll = (set: readonly string[], wanted: readonly string[]): boolean => wanted.every((w) => set.includes(w));

function resourceCoversAll(owned: readonly string[], wanted: readonly string[]): boolean {
  if (owned.includes(ALL) || hasAll(owned, wanted)) return true;
  for (const path of wanted) {
    if (owned.includes(path)) continue;
    const slash = path.indexOf('/');
    if (slash < 0) return false;
    if (!owned.includes(`*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

function nonResourceURLCovers(owner: string, path: string): boolean {
  return owner === path || (owner.endsWith('*') && path.startsWith(owner.replace(/\*+$/, '')));
}

/** Upstream's `ruleCovers`: whether one owner rule covers one broken-down subrule. */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = owner.verbs.includes(ALL) || hasAll(owner.verbs, sub.verbs);
  const groups = (owner.apiGroups ?? []).includes(ALL) || hasAll(owner.apiGroups ?? [], sub.apiGroups ?? []);
  const resources = resourceCoversAll(owner.resources ?? [], sub.resources ?? []);
  const urls = (sub.nonResourceURLs ?? []).every((p) =>
    (owner.nonResourceURLs ?? []).some((o) => nonResourceURLCovers(o, p)),
  );
  const ownerNames = owner.resourceNames ?? [];
  const subNames = sub.resourceNames ?? [];
  const names =
    subNames.length === 0 ? ownerNames.length === 0 : ownerNames.length === 0 || hasAll(ownerNames, subNames);
  return verbs && groups && resources && names && urls;
}

/** Upstream's `Covers`: whether the owner's rules cover the servant's, and the uncovered subrules. */
export function covers(
  ownerRules: readonly PolicyRule[],
  servantRules: readonly PolicyRule[],
): { covered: boolean; missing: PolicyRule[] } {
  const missing: PolicyRule[] = [];
  for (const sub of servantRules.flatMap(breakdownRule)) {
    if (!ownerRules.some((o) => ruleCovers(o, sub))) missing.push(sub);
  }
  return { covered: missing.length === 0, missing };
}

/**
 * Upstream's `CompactRules`: rules with exactly one group and one resource and nothing but verbs
 * are merged per group/resource (verbs appended in order); others are kept as they are, first.
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const simpleKey = simpleResourceKey(rule);
    if (simpleKey === undefined) {
      compacted.push(rule);
      continue;
    }
    const existing = simple.get(simpleKey);
    if (existing) existing.verbs = [...existing.verbs, ...rule.verbs];
    else
      simple.set(simpleKey, {
        apiGroups: [...rule.apiGroups!],
        resources: [...rule.resources!],
        verbs: [...rule.verbs],
      });
  }
  return [...compacted, ...simple.values()];
}

function simpleResourceKey(rule: PolicyRule): string | undefined {
  if ((rule.resourceNames ?? []).length > 0 || (rule.nonResourceURLs ?? []).length > 0) return undefined;
  if (rule.apiGroups?.length !== 1 || rule.resources?.length !== 1) return undefined;
  return JSON.stringify([rule.apiGroups[0], rule.resources[0]]);
}

/**
 * Upstream's `CompactString`: `{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}`,
 * naming only the non-empty fields.
 */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  if ((rule.apiGroups ?? []).length > 0) parts.push(`APIGroups:${goQuoteList(rule.apiGroups)}`);
  if ((rule.resources ?? []).length > 0) parts.push(`Resources:${goQuoteList(rule.resources)}`);
  if ((rule.nonResourceURLs ?? []).length > 0) parts.push(`NonResourceURLs:${goQuoteList(rule.nonResourceURLs)}`);
  if ((rule.resourceNames ?? []).length > 0) parts.push(`ResourceNames:${goQuoteList(rule.resourceNames)}`);
  if (rule.verbs.length > 0) parts.push(`Verbs:${goQuoteList(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/**
 * Upstream's `ConfirmNoEscalation`: null when the user's own rules in `namespace` (`''` for
 * cluster-wide) cover `rules`, otherwise the error text:
 * `user "alice" (groups=["g"]) is attempting to grant RBAC permissions not currently held:\n{...}`
 * with one compacted missing rule per line, sorted and deduplicated.
 */
export function confirmNoEscalation(
  user: UserInfo,
  rules: readonly PolicyRule[],
  namespace: string,
  data: RBACDataSource,
): string | null {
  const owner = policyRulesFor(data, user, namespace);
  const { covered, missing } = covers(owner.rules, rules);
  if (covered) return null;
  const lines = [...new Set(compactRules(missing).map(compactString))].sort(compareBytes);
  let msg = `user ${goQuote(user.name)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
  if (owner.errors.length > 0) msg += `; resolution errors: [${aggregateErrors(owner.errors)}]`;
  return msg;
}

function compareBytes(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

/** Upstream's `EscalationAllowed`: members of `system:masters` may always escalate. */
export function escalationAllowed(user: UserInfo | undefined): boolean {
  if (!user) return true;
  return user.groups.includes(SYSTEM_PRIVILEGED_GROUP);
}

/**
 * Upstream's `RoleEscalationAuthorized`: whether the user may `escalate` the role or cluster role
 * being written (resource `roles` or `clusterroles` of rbac.authorization.k8s.io), which lets them
 * write rules they do not hold.
 */
export function roleEscalationAuthorized(
  user: UserInfo,
  target: { apiGroup: string; resource: string; name: string; namespace: string },
  authorizer: Authorizer | undefined,
): boolean {
  if (!authorizer) return false;
  if (target.apiGroup !== RBAC_GROUP || (target.resource !== 'roles' && target.resource !== 'clusterroles'))
    return false;
  const { decision } = authorizer.authorize({
    user,
    verb: 'escalate',
    apiGroup: target.apiGroup,
    apiVersion: '*',
    resource: target.resource,
    subresource: '',
    name: target.name,
    namespace: target.namespace,
    resourceRequest: true,
    path: '',
  });
  return decision === 'Allow';
}

/** The RBAC API group. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * Upstream's `BindingAuthorized`: whether the user may `bind` the referenced role in the binding's
 * namespace (`''` for a ClusterRoleBinding), which lets them bind roles they do not hold.
 */
export function bindingAuthorized(
  user: UserInfo,
  roleRef: RoleRef,
  bindingNamespace: string,
  authorizer: Authorizer | undefined,
): boolean {
  if (!authorizer) return false;
  let resource: string;
  if (roleRef.kind === 'ClusterRole') resource = 'clusterroles';
  else if (roleRef.kind === 'Role') resource = 'roles';
  else return false;
  const { decision } = authorizer.authorize({
    user,
    verb: 'bind',
    apiGroup: roleRef.apiGroup,
    apiVersion: '*',
    resource,
    subresource: '',
    name: roleRef.name,
    namespace: bindingNamespace,
    resourceRequest: true,
    path: '',
  });
  return decision === 'Allow';
}
