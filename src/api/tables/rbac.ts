/**
 * Tables for rbac.authorization.k8s.io rolebindings and clusterrolebindings: ROLE as `Kind/name`,
 * and, wide, the bound users, groups and service accounts (`namespace/name`). Roles and
 * clusterroles have no printer upstream and get the default table.
 */
import type { ClusterRoleBinding, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import { ageColumn, column, nameColumn, printer, wide } from './columns.js';
import { DOC } from './descriptions.js';
import { since } from './format.js';

/** rbac.SubjectsStrings: users, groups and service accounts, each `, `-joined. */
function subjectCells(subjects: Subject[]): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of subjects) {
    if (s.kind === 'ServiceAccount') serviceAccounts.push(`${s.namespace ?? ''}/${s.name}`);
    else if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
  }
  return [users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
}

const bindingCells = (b: RoleBinding | ClusterRoleBinding, now: Date): unknown[] => [
  b.metadata?.name ?? '',
  `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
  since(b.metadata?.creationTimestamp, now),
  ...subjectCells(b.subjects ?? []),
];

/** rbac.authorization.k8s.io/v1 rolebindings. */
export const roleBindingPrinter = printer<RoleBinding>(
  [
    nameColumn,
    column('Role', 'string', DOC['rb.roleRefV1beta1']),
    ageColumn,
    wide(column('Users', 'string', 'Users in the roleBinding')),
    wide(column('Groups', 'string', 'Groups in the roleBinding')),
    wide(column('ServiceAccounts', 'string', 'ServiceAccounts in the roleBinding')),
  ],
  bindingCells,
);

/** rbac.authorization.k8s.io/v1 clusterrolebindings. */
export const clusterRoleBindingPrinter = printer<ClusterRoleBinding>(
  [
    nameColumn,
    column('Role', 'string', DOC['crb.roleRefV1beta1']),
    ageColumn,
    wide(column('Users', 'string', 'Users in the clusterRoleBinding')),
    wide(column('Groups', 'string', 'Groups in the clusterRoleBinding')),
    wide(column('ServiceAccounts', 'string', 'ServiceAccounts in the clusterRoleBinding')),
  ],
  bindingCells,
);
