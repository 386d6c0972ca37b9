/**
 * The shapes RBAC works on: who is asking (upstream's `user.Info`), what they ask for (upstream's
 * `authorizer.Attributes`), the decision, and where roles and bindings come from.
 */
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';

export type {
  AggregationRule,
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  RoleRef,
  Subject,
} from 'kubernetes-types/rbac/v1.js';

/** An authenticated user, as upstream's `user.Info` describes one. */
export interface UserInfo {
  /** The user's name, e.g. `alice` or `system:serviceaccount:default:builder`. */
  name: string;
  /** A unique id, when the authenticator knows one. */
  uid?: string;
  /** The groups the user belongs to, e.g. `system:authenticated`. */
  groups: string[];
  /** Extra authenticator-provided values (scopes and the like). */
  extra?: Record<string, string[]>;
}

/** One request to authorize, as upstream's `authorizer.Attributes` (`AttributesRecord`) has it. */
export interface Attributes {
  /** Who is asking. */
  user: UserInfo;
  /** The verb: get, list, watch, create, update, patch, delete, deletecollection, or any custom one. */
  verb: string;
  /** The namespace of a namespaced resource request; `''` at the cluster scope. */
  namespace: string;
  /** The API group; `''` is the core group. */
  apiGroup: string;
  /** The API version, when known. */
  apiVersion?: string;
  /** The resource (plural, lower case), e.g. `pods`. */
  resource: string;
  /** The subresource, e.g. `log` of `pods/log`; `''` when none. */
  subresource: string;
  /** The object's name; `''` for create, list, watch and deletecollection. */
  name: string;
  /** True for a request on an API resource, false for a non-resource URL such as `/healthz`. */
  resourceRequest: boolean;
  /** The request path; what non-resource rules match against. */
  path: string;
}

/** What an authorizer answers: RBAC only ever allows or has no opinion (it never denies). */
export type Decision = 'Allow' | 'NoOpinion';

/** The result of `authorize`: a decision and the reason upstream would report with it. */
export interface AuthorizationResult {
  /** `Allow` when a rule granted the request, otherwise `NoOpinion`. */
  decision: Decision;
  /** On allow, which binding granted it; on no opinion, resolution errors (or `''`). */
  reason: string;
}

/** Where RBAC reads its objects: plain rbac.authorization.k8s.io/v1 JSON, as listers return them. */
export interface RBACDataSource {
  /** All ClusterRoles. */
  clusterRoles(): ClusterRole[];
  /** All ClusterRoleBindings. */
  clusterRoleBindings(): ClusterRoleBinding[];
  /** The Roles of one namespace. */
  roles(namespace: string): Role[];
  /** The RoleBindings of one namespace. */
  roleBindings(namespace: string): RoleBinding[];
  /** One ClusterRole by name, or undefined when there is none. */
  clusterRole(name: string): ClusterRole | undefined;
  /** One Role by namespace and name, or undefined when there is none. */
  role(namespace: string, name: string): Role | undefined;
  /**
   * Optional: a number that changes whenever any role or binding changes. With it, the rules that
   * apply to a user in a namespace are resolved once per revision and kept.
   */
  revision?(): number;
}

/** One resource rule of a SelfSubjectRulesReview (upstream's `authorizer.ResourceRuleInfo`). */
export interface ResourceRuleInfo {
  /** Verbs the rule allows. */
  verbs: string[];
  /** API groups it covers. */
  apiGroups: string[];
  /** Resources it covers, possibly `resource/subresource` or `*`. */
  resources: string[];
  /** Names it is restricted to; empty for all names. */
  resourceNames: string[];
}

/** One non-resource rule of a SelfSubjectRulesReview (upstream's `authorizer.NonResourceRuleInfo`). */
export interface NonResourceRuleInfo {
  /** Verbs the rule allows. */
  verbs: string[];
  /** URL paths it covers; a trailing `*` is a prefix match. */
  nonResourceURLs: string[];
}

/** Rules gathered for a user in a namespace, with the resolution errors met on the way. */
export interface RulesForResult {
  /** The resource rules, in resolution order. */
  resourceRules: ResourceRuleInfo[];
  /** The non-resource rules, in resolution order. */
  nonResourceRules: NonResourceRuleInfo[];
  /** Upstream's `incomplete`: RBAC always reports false. */
  incomplete: boolean;
  /** Resolution errors (missing roles …); the rules returned are still valid. */
  errors: string[];
}

/** Builds a data source over fixed lists of objects (for tests and one-shot evaluation). */
export function staticDataSource(objects: {
  clusterRoles?: ClusterRole[];
  clusterRoleBindings?: ClusterRoleBinding[];
  roles?: Role[];
  roleBindings?: RoleBinding[];
}): RBACDataSource {
  const clusterRoles = objects.clusterRoles ?? [];
  const roles = objects.roles ?? [];
  const roleBindings = objects.roleBindings ?? [];
  return {
    clusterRoles: () => clusterRoles,
    clusterRoleBindings: () => objects.clusterRoleBindings ?? [],
    roles: (ns) => roles.filter((r) => r.metadata?.namespace === ns),
    roleBindings: (ns) => roleBindings.filter((b) => b.metadata?.namespace === ns),
    clusterRole: (name) => clusterRoles.find((r) => r.metadata?.name === name),
    role: (ns, name) => roles.find((r) => r.metadata?.namespace === ns && r.metadata?.name === name),
  };
}
