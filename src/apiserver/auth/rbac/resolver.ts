/**
 * Finding the rules that apply to a user: upstream's `DefaultRuleResolver` (pkg/registry/rbac/
 * validation/rule.go). ClusterRoleBindings apply everywhere; RoleBindings only in their namespace,
 * whether they refer to a Role of that namespace or to a ClusterRole.
 */
import type { ClusterRoleBinding, PolicyRule, RoleBinding, RoleRef, Subject } from 'kubernetes-types/rbac/v1.js';
import { goQuote } from './go-format.js';
import type { RBACDataSource, UserInfo } from './types.js';

/** The prefix of every service account's user name. */
export const SERVICE_ACCOUNT_USERNAME_PREFIX = 'system:serviceaccount:';
/** The group every service account belongs to. */
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';

/** Upstream's `serviceaccount.MakeUsername`: `system:serviceaccount:<namespace>:<name>`. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USERNAME_PREFIX}${namespace}:${name}`;
}

/**
 * Upstream's `serviceaccount.UserInfo`: the user a service account token authenticates as, with
 * groups `system:serviceaccounts` and `system:serviceaccounts:<namespace>`.
 */
export function serviceAccountUser(namespace: string, name: string, uid?: string): UserInfo {
  const user: UserInfo = {
    name: serviceAccountUsername(namespace, name),
    groups: [ALL_SERVICE_ACCOUNTS_GROUP, `${ALL_SERVICE_ACCOUNTS_GROUP}:${namespace}`],
  };
  if (uid !== undefined) user.uid = uid;
  return user;
}

/**
 * Upstream's `appliesToUser`: a User subject by name, a Group by membership, a ServiceAccount by
 * its user name; a ServiceAccount without a namespace takes the binding's namespace.
 */
export function appliesToUser(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      if (!ns) return false;
      return user.name === serviceAccountUsername(ns, subject.name);
    }
    default:
      return false;
  }
}

/** Upstream's `appliesTo`: the index of the first subject that applies, or -1. */
export function subjectIndexFor(
  user: UserInfo,
  subjects: readonly Subject[] | undefined,
  bindingNamespace: string,
): number {
  return (subjects ?? []).findIndex((s) => appliesToUser(user, s, bindingNamespace));
}

/** Upstream's `describeSubject`: `User "alice"`, `ServiceAccount "name/namespace"`. */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    return `${subject.kind} ${goQuote(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  }
  return `${subject.kind} ${goQuote(subject.name)}`;
}

/** Upstream's `clusterRoleBindingDescriber`: `ClusterRoleBinding "b" of ClusterRole "r" to User "u"`. */
export function describeClusterRoleBinding(binding: ClusterRoleBinding, subject: Subject): string {
  const ref = binding.roleRef;
  return `ClusterRoleBinding ${goQuote(binding.metadata?.name ?? '')} of ${ref.kind} ${goQuote(ref.name)} to ${describeSubject(subject, '')}`;
}

/** Upstream's `roleBindingDescriber`: `RoleBinding "b/ns" of Role "r" to User "u"`. */
export function describeRoleBinding(binding: RoleBinding, subject: Subject): string {
  const ns = binding.metadata?.namespace ?? '';
  const ref = binding.roleRef;
  return `RoleBinding ${goQuote(`${binding.metadata?.name ?? ''}/${ns}`)} of ${ref.kind} ${goQuote(ref.name)} to ${describeSubject(subject, ns)}`;
}

/** The outcome of resolving a roleRef: its rules, or the error message upstream would give. */
export type RoleRefResult = { rules: PolicyRule[]; error?: undefined } | { rules?: undefined; error: string };

/**
 * Upstream's `GetRoleReferenceRules`: a Role is looked up in the binding's namespace, a ClusterRole
 * cluster-wide; a missing one gives the lister's NotFound text.
 */
export function roleReferenceRules(data: RBACDataSource, roleRef: RoleRef, bindingNamespace: string): RoleRefResult {
  switch (roleRef.kind) {
    case 'Role': {
      const role = bindingNamespace ? data.role(bindingNamespace, roleRef.name) : undefined;
      if (!role) return { error: `role.rbac.authorization.k8s.io ${goQuote(roleRef.name)} not found` };
      return { rules: role.rules ?? [] };
    }
    case 'ClusterRole': {
      const role = data.clusterRole(roleRef.name);
      if (!role) return { error: `clusterrole.rbac.authorization.k8s.io ${goQuote(roleRef.name)} not found` };
      return { rules: role.rules ?? [] };
    }
    default:
      return { error: `unsupported role reference kind: ${goQuote(roleRef.kind)}` };
  }
}

/**
 * Called for each rule that applies (with a description of its source) or each resolution error;
 * return false to stop visiting.
 */
export type RuleVisitor = (
  source: string | undefined,
  rule: PolicyRule | undefined,
  error: string | undefined,
) => boolean;

/**
 * Upstream's `VisitRulesFor`: ClusterRoleBindings first, then (with a namespace) that namespace's
 * RoleBindings, visiting each rule of each role bound to the user.
 */
export function visitRulesFor(data: RBACDataSource, user: UserInfo, namespace: string, visitor: RuleVisitor): void {
  for (const binding of data.clusterRoleBindings()) {
    const i = subjectIndexFor(user, binding.subjects, '');
    if (i < 0) continue;
    const resolved = roleReferenceRules(data, binding.roleRef, '');
    if (resolved.error !== undefined) {
      if (!visitor(undefined, undefined, resolved.error)) return;
      continue;
    }
    const source = describeClusterRoleBinding(binding, binding.subjects![i]);
    for (const rule of resolved.rules) if (!visitor(source, rule, undefined)) return;
  }
  if (!namespace) return;
  for (const binding of data.roleBindings(namespace)) {
    const i = subjectIndexFor(user, binding.subjects, namespace);
    if (i < 0) continue;
    const resolved = roleReferenceRules(data, binding.roleRef, namespace);
    if (resolved.error !== undefined) {
      if (!visitor(undefined, undefined, resolved.error)) return;
      continue;
    }
    const source = describeRoleBinding(binding, binding.subjects![i]);
    for (const rule of resolved.rules) if (!visitor(source, rule, undefined)) return;
  }
}

/** Upstream's `DefaultRuleResolver.RulesFor`: every rule that applies, plus resolution errors. */
export function policyRulesFor(
  data: RBACDataSource,
  user: UserInfo,
  namespace: string,
): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(data, user, namespace, (_source, rule, error) => {
    if (rule) rules.push(rule);
    if (error !== undefined) errors.push(error);
    return true;
  });
  return { rules, errors };
}

/** Upstream's `utilerrors.NewAggregate(...).Error()`: one message alone, several as `[a, b]` (deduplicated). */
export function aggregateErrors(errors: readonly string[]): string {
  const unique = [...new Set(errors)];
  if (unique.length === 1) return unique[0];
  return `[${unique.join(', ')}]`;
}
