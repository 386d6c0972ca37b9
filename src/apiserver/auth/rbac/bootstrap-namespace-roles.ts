/**
 * Upstream's namespaced bootstrap policy (`NamespaceRoles()`, `NamespaceRoleBindings()` of 1.32):
 * the Roles and RoleBindings made in kube-system and kube-public at start — the authentication
 * config reader, leader locking for the controller manager and scheduler, the bootstrap signer,
 * the token cleaner and the (deprecated) cloud provider.
 */
import type { PolicyRule, Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import {
  AUTOUPDATE_ANNOTATIONS,
  BOOTSTRAP_LABELS,
  eventsRule,
  RBAC_API_GROUP,
  READ,
  rule,
  serviceAccount,
  user,
} from './policy-builders.js';

const SYSTEM = 'kube-system';
const PUBLIC = 'kube-public';

const role = (namespace: string, name: string, rules: PolicyRule[]): Role => ({
  apiVersion: `${RBAC_API_GROUP}/v1`,
  kind: 'Role',
  metadata: { name, namespace, labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE_ANNOTATIONS } },
  rules,
});

const binding = (namespace: string, roleName: string, subjects: Subject[], name = roleName): RoleBinding => ({
  apiVersion: `${RBAC_API_GROUP}/v1`,
  kind: 'RoleBinding',
  metadata: { name, namespace, labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE_ANNOTATIONS } },
  roleRef: { apiGroup: RBAC_API_GROUP, kind: 'Role', name: roleName },
  subjects,
});

export function bootstrapNamespaceRoles(): Role[] {
  return [
    role(SYSTEM, 'extension-apiserver-authentication-reader', [
      rule(READ, [''], ['configmaps'], ['extension-apiserver-authentication']),
    ]),
    role(SYSTEM, 'system:controller:bootstrap-signer', [rule(READ, [''], ['secrets'])]),
    role(SYSTEM, 'system:controller:cloud-provider', [rule(['create', 'get', 'list', 'watch'], [''], ['configmaps'])]),
    role(SYSTEM, 'system:controller:token-cleaner', [rule([...READ, 'delete'], [''], ['secrets']), eventsRule()]),
    role(SYSTEM, 'system::leader-locking-kube-controller-manager', [
      rule(['watch'], [''], ['configmaps']),
      rule(['get', 'update'], [''], ['configmaps'], ['kube-controller-manager']),
    ]),
    role(SYSTEM, 'system::leader-locking-kube-scheduler', [
      rule(['watch'], [''], ['configmaps']),
      rule(['get', 'update'], [''], ['configmaps'], ['kube-scheduler']),
    ]),
    role(PUBLIC, 'system:controller:bootstrap-signer', [
      rule(READ, [''], ['configmaps']),
      rule(['update'], [''], ['configmaps'], ['cluster-info']),
      eventsRule(),
    ]),
  ];
}

export function bootstrapNamespaceRoleBindings(): RoleBinding[] {
  return [
    binding(
      SYSTEM,
      'extension-apiserver-authentication-reader',
      [user('system:kube-controller-manager'), user('system:kube-scheduler')],
      'system::extension-apiserver-authentication-reader',
    ),
    binding(SYSTEM, 'system::leader-locking-kube-controller-manager', [
      user('system:kube-controller-manager'),
      serviceAccount(SYSTEM, 'kube-controller-manager'),
    ]),
    binding(SYSTEM, 'system::leader-locking-kube-scheduler', [
      user('system:kube-scheduler'),
      serviceAccount(SYSTEM, 'kube-scheduler'),
    ]),
    binding(SYSTEM, 'system:controller:bootstrap-signer', [serviceAccount(SYSTEM, 'bootstrap-signer')]),
    binding(SYSTEM, 'system:controller:cloud-provider', [serviceAccount(SYSTEM, 'cloud-provider')]),
    binding(SYSTEM, 'system:controller:token-cleaner', [serviceAccount(SYSTEM, 'token-cleaner')]),
    binding(PUBLIC, 'system:controller:bootstrap-signer', [serviceAccount(SYSTEM, 'bootstrap-signer')]),
  ];
}
