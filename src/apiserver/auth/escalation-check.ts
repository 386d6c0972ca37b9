/**
 * RBAC's guard on its own objects (upstream's policy-based storage of roles and bindings): with
 * RBAC on, a Role or ClusterRole may only grant what its writer holds, unless the writer may
 * `escalate` it; a binding may only grant what the bound role grants if the writer holds that,
 * unless the writer may `bind` it. system:masters may do both. Refusals are 403 in upstream's words.
 */
import { errors } from '../../machinery/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KObject } from '../cacher/types.js';
import type { RequestAuthorizer } from './authorize.js';
import {
  bindingAuthorized,
  confirmNoEscalation,
  escalationAllowed,
  roleEscalationAuthorized,
  type PolicyRule,
  type UserInfo,
} from './rbac/index.js';

const RBAC = 'rbac.authorization.k8s.io';
const ROLES = new Set(['roles', 'clusterroles']);
const BINDINGS = new Set(['rolebindings', 'clusterrolebindings']);

/** Throws 403 when `user` writing `obj` (a role or binding) would grant what they do not hold. */
export function checkRBACWrite(
  authz: RequestAuthorizer | undefined,
  info: ResourceInfo,
  namespace: string,
  user: UserInfo,
  obj: KObject,
): void {
  const rbac = authz?.rbac;
  if (!rbac || info.group !== RBAC || escalationAllowed(user)) return;
  const name: string = obj.metadata?.name ?? '';
  const qualified = { group: RBAC, name: info.resource };
  let rules: PolicyRule[];
  if (ROLES.has(info.resource)) {
    const target = { apiGroup: RBAC, resource: info.resource, name, namespace };
    if (roleEscalationAuthorized(user, target, rbac)) return;
    rules = obj.rules ?? [];
  } else if (BINDINGS.has(info.resource)) {
    const ref = obj.roleRef ?? {};
    if (bindingAuthorized(user, ref, namespace, rbac)) return;
    const role = ref.kind === 'ClusterRole' ? rbac.data.clusterRole(ref.name) : rbac.data.role(namespace, ref.name);
    if (!role) {
      const kind = ref.kind === 'ClusterRole' ? 'clusterroles' : 'roles';
      throw errors.forbidden(qualified, name, `${kind}.${RBAC} "${ref.name}" not found`);
    }
    rules = role.rules ?? [];
  } else return;
  const refused = confirmNoEscalation(user, rules, namespace, rbac.data);
  if (refused) throw errors.forbidden(qualified, name, refused);
}
