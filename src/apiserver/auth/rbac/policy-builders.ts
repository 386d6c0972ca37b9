/**
 * Small builders for the bootstrap policy, after upstream's `rbacv1helpers.NewRule(...)` (which
 * sorts every list, so the objects equal what upstream creates whatever order we write them in).
 */
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Subject } from 'kubernetes-types/rbac/v1.js';

/** The RBAC API group. */
export const RBAC_API_GROUP = 'rbac.authorization.k8s.io';
/** Upstream's bootstrap label: every default object carries it. */
export const BOOTSTRAP_LABELS: Readonly<Record<string, string>> = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
/** Upstream's `rbac.authorization.kubernetes.io/autoupdate` annotation: reconciled on every start. */
export const AUTOUPDATE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'rbac.authorization.kubernetes.io/autoupdate': 'true',
};

/** Upstream's `Read` verbs. */
export const READ = ['get', 'list', 'watch'];
/** Upstream's `Write` verbs. */
export const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
/** Upstream's `ReadWrite` verbs. */
export const READ_WRITE = [...READ, ...WRITE];
/** Upstream's `ReadUpdate` verbs. */
export const READ_UPDATE = [...READ, 'update', 'patch'];

const sorted = (v: readonly string[]): string[] => [...new Set(v)].sort();

/** A resource rule: verbs on resources of groups, optionally only for some resourceNames. */
export function rule(
  verbs: readonly string[],
  apiGroups: readonly string[],
  resources: readonly string[],
  resourceNames?: readonly string[],
): PolicyRule {
  const r: PolicyRule = { verbs: sorted(verbs), apiGroups: sorted(apiGroups), resources: sorted(resources) };
  if (resourceNames && resourceNames.length > 0) r.resourceNames = sorted(resourceNames);
  return r;
}

/** A non-resource rule: verbs on URL paths. */
export function urlRule(verbs: readonly string[], nonResourceURLs: readonly string[]): PolicyRule {
  return { verbs: sorted(verbs), nonResourceURLs: sorted(nonResourceURLs) };
}

/** Upstream's `eventsRule()`: create/update/patch of events in the core and events.k8s.io groups. */
export function eventsRule(): PolicyRule {
  return rule(['create', 'update', 'patch'], ['', 'events.k8s.io'], ['events']);
}

/** A bootstrap ClusterRole with upstream's default label and annotation (plus extra labels). */
export function clusterRole(
  name: string,
  rules: PolicyRule[] | null,
  extra: { labels?: Record<string, string>; aggregateFrom?: string } = {},
): ClusterRole {
  const role: ClusterRole = {
    apiVersion: `${RBAC_API_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: { name, labels: { ...BOOTSTRAP_LABELS, ...extra.labels }, annotations: { ...AUTOUPDATE_ANNOTATIONS } },
  };
  if (extra.aggregateFrom) {
    role.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [extra.aggregateFrom]: 'true' } }] };
  }
  if (rules) role.rules = rules;
  return role;
}

/** A Group subject. */
export const group = (name: string): Subject => ({ kind: 'Group', apiGroup: RBAC_API_GROUP, name });
/** A User subject. */
export const user = (name: string): Subject => ({ kind: 'User', apiGroup: RBAC_API_GROUP, name });
/** A ServiceAccount subject. */
export const serviceAccount = (namespace: string, name: string): Subject => ({
  kind: 'ServiceAccount',
  name,
  namespace,
});

/** Upstream's `NewClusterBinding(role)`: a binding named after the ClusterRole it binds. */
export function clusterRoleBinding(roleName: string, subjects: Subject[] | undefined): ClusterRoleBinding {
  const b: ClusterRoleBinding = {
    apiVersion: `${RBAC_API_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name: roleName, labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE_ANNOTATIONS } },
    roleRef: { apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name: roleName },
  };
  if (subjects) b.subjects = subjects;
  return b;
}
