/**
 * Upstream's bootstrap RBAC policy as data: the ClusterRoles and ClusterRoleBindings the apiserver
 * creates (and reconciles) on start-up, controller roles included (pkg/registry/rbac/rest's
 * PolicyData: `ClusterRoles()` + `ControllerRoles()`, `ClusterRoleBindings()` +
 * `ControllerRoleBindings()`). Fresh objects on every call, safe to mutate.
 */
import type { ClusterRole, ClusterRoleBinding } from 'kubernetes-types/rbac/v1.js';
import { defaultClusterRoles } from './bootstrap-cluster-roles.js';
import { CONTROLLER_ROLE_PREFIX, defaultControllerRoles } from './bootstrap-controller-roles.js';
import { clusterRoleBinding, group, serviceAccount, user } from './policy-builders.js';

export { CONTROLLER_ROLE_PREFIX } from './bootstrap-controller-roles.js';

/** The namespace controller service accounts live in. */
export const KUBE_SYSTEM = 'kube-system';

/** Every default ClusterRole: the general ones, then the `system:controller:*` ones. */
export function bootstrapClusterRoles(): ClusterRole[] {
  return [...defaultClusterRoles(), ...defaultControllerRoles()];
}

/** Upstream's `ClusterRoleBindings()`: the default bindings of the general roles, in upstream's order. */
export function defaultClusterRoleBindings(): ClusterRoleBinding[] {
  return [
    clusterRoleBinding('cluster-admin', [group('system:masters')]),
    clusterRoleBinding('system:monitoring', [group('system:monitoring')]),
    clusterRoleBinding('system:discovery', [group('system:authenticated')]),
    clusterRoleBinding('system:basic-user', [group('system:authenticated')]),
    clusterRoleBinding('system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
    clusterRoleBinding('system:node-proxier', [user('system:kube-proxy')]),
    clusterRoleBinding('system:kube-controller-manager', [user('system:kube-controller-manager')]),
    clusterRoleBinding('system:kube-dns', [serviceAccount(KUBE_SYSTEM, 'kube-dns')]),
    clusterRoleBinding('system:kube-scheduler', [user('system:kube-scheduler')]),
    clusterRoleBinding('system:volume-scheduler', [user('system:kube-scheduler')]),
    // Kept without subjects since the Node authorizer took over (upstream's comment: deprecated in 1.7).
    clusterRoleBinding('system:node', undefined),
    clusterRoleBinding('system:service-account-issuer-discovery', [group('system:serviceaccounts')]),
  ];
}

/**
 * Upstream's `ControllerRoleBindings()`: each `system:controller:<name>` role bound to the
 * service account `kube-system/<name>`.
 */
export function controllerRoleBindings(): ClusterRoleBinding[] {
  return defaultControllerRoles().map((role) => {
    const name = role.metadata!.name!;
    return clusterRoleBinding(name, [serviceAccount(KUBE_SYSTEM, name.slice(CONTROLLER_ROLE_PREFIX.length))]);
  });
}

/** Every default ClusterRoleBinding: the general ones, then the controller ones. */
export function bootstrapClusterRoleBindings(): ClusterRoleBinding[] {
  return [...defaultClusterRoleBindings(), ...controllerRoleBindings()];
}
