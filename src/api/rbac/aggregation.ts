/**
 * ClusterRole aggregation, as the clusterrole-aggregation controller does it
 * (pkg/controller/clusterroleaggregation): a ClusterRole with an `aggregationRule` gets the rules
 * of every other ClusterRole whose labels match one of its selectors.
 */
import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { selectorFromLabelSelector } from '../../machinery/label-selector.js';

/**
 * One sync of one aggregated role (upstream's `syncClusterRole`): for each selector in order, the
 * matching roles sorted by name (the role itself skipped), their rules appended unless an equal
 * rule is already there. Returns undefined for a role without an aggregationRule.
 */
export function aggregatedRules(role: ClusterRole, all: readonly ClusterRole[]): PolicyRule[] | undefined {
  if (!role.aggregationRule) return undefined;
  const rules: PolicyRule[] = [];
  for (const ls of role.aggregationRule.clusterRoleSelectors ?? []) {
    const selector = selectorFromLabelSelector(ls);
    const matching = all
      .filter((r) => selector.matches(r.metadata?.labels ?? {}))
      .sort((a, b) => compareNames(a.metadata?.name ?? '', b.metadata?.name ?? ''));
    for (const other of matching) {
      if (other.metadata?.name === role.metadata?.name) continue;
      for (const rule of other.rules ?? []) {
        if (!rules.some((r) => rulesEqual(r, rule))) rules.push(rule);
      }
    }
  }
  return rules;
}

/**
 * Runs the controller to a fixed point over a snapshot of ClusterRoles (so that admin picks up
 * edit's rules after edit picked up view's) and returns the new rules of each aggregated role,
 * by name.
 */
export function aggregate(clusterRoles: readonly ClusterRole[]): Map<string, PolicyRule[]> {
  let current = clusterRoles.map((r) => ({ ...r }));
  for (let pass = 0; pass <= current.length; pass++) {
    let changed = false;
    current = current.map((role) => {
      const rules = aggregatedRules(role, current);
      if (rules === undefined || sameRules(rules, role.rules ?? [])) return role;
      changed = true;
      return { ...role, rules };
    });
    if (!changed) break;
  }
  const out = new Map<string, PolicyRule[]>();
  for (const role of current) if (role.aggregationRule) out.set(role.metadata?.name ?? '', role.rules ?? []);
  return out;
}

/** `aggregate`, applied: the same list of ClusterRoles with aggregated roles' rules filled in. */
export function aggregateClusterRoles(clusterRoles: readonly ClusterRole[]): ClusterRole[] {
  const rules = aggregate(clusterRoles);
  return clusterRoles.map((r) => {
    const updated = rules.get(r.metadata?.name ?? '');
    return updated && r.aggregationRule ? { ...r, rules: updated } : r;
  });
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const list = (v: readonly string[] | undefined): readonly string[] => v ?? [];

function listEqual(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = list(a);
  const y = list(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Semantic equality of two rules (empty and absent lists are equal, as `equality.Semantic` has it). */
export function rulesEqual(a: PolicyRule, b: PolicyRule): boolean {
  return (
    listEqual(a.verbs, b.verbs) &&
    listEqual(a.apiGroups, b.apiGroups) &&
    listEqual(a.resources, b.resources) &&
    listEqual(a.resourceNames, b.resourceNames) &&
    listEqual(a.nonResourceURLs, b.nonResourceURLs)
  );
}

function sameRules(a: readonly PolicyRule[], b: readonly PolicyRule[]): boolean {
  return a.length === b.length && a.every((r, i) => rulesEqual(r, b[i]));
}
