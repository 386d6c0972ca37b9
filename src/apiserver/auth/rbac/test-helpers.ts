/** Builders for the RBAC tests: requests and objects with the defaults filled in. */
import type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  Subject,
} from 'kubernetes-types/rbac/v1.js';
import type { Attributes, UserInfo } from './types.js';

/** A resource request; unset fields are empty. */
export function req(user: UserInfo, verb: string, resource: string, more: Partial<Attributes> = {}): Attributes {
  return {
    user,
    verb,
    namespace: '',
    apiGroup: '',
    resource,
    subresource: '',
    name: '',
    resourceRequest: true,
    path: '',
    ...more,
  };
}

/** A non-resource request. */
export function urlReq(user: UserInfo, verb: string, path: string): Attributes {
  return {
    user,
    verb,
    namespace: '',
    apiGroup: '',
    resource: '',
    subresource: '',
    name: '',
    resourceRequest: false,
    path,
  };
}

/** A ClusterRole. */
export const cr = (name: string, rules: PolicyRule[], labels?: Record<string, string>): ClusterRole => ({
  metadata: { name, labels },
  rules,
});
/** A Role. */
export const role = (namespace: string, name: string, rules: PolicyRule[]): Role => ({
  metadata: { namespace, name },
  rules,
});
/** A ClusterRoleBinding. */
export const crb = (name: string, roleName: string, subjects: Subject[]): ClusterRoleBinding => ({
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
  subjects,
});
/** A RoleBinding to a Role or ClusterRole. */
export const rb = (
  namespace: string,
  name: string,
  kind: 'Role' | 'ClusterRole',
  roleName: string,
  subjects: Subject[],
): RoleBinding => ({
  metadata: { namespace, name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: roleName },
  subjects,
});
/** A User. */
export const u = (name: string, ...groups: string[]): UserInfo => ({ name, groups });
