/**
 * The authorizer's attributes (`../auth/rbac` `Attributes`, upstream's `authorizer.Attributes`) as
 * the audit policy reads them.
 */
import type { Attributes } from '../auth/rbac/types.js';
import type { AuditAttributes } from './types.js';

/** The same request, with `resourceRequest` spelled `isResourceRequest` and apiVersion defaulted to ''. */
export function auditAttributes(a: Attributes): AuditAttributes {
  return {
    user: a.user,
    verb: a.verb,
    namespace: a.namespace,
    apiGroup: a.apiGroup,
    apiVersion: a.apiVersion ?? '',
    resource: a.resource,
    subresource: a.subresource,
    name: a.name,
    path: a.path,
    isResourceRequest: a.resourceRequest,
  };
}
