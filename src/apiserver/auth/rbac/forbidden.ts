/**
 * The 403 text the apiserver writes when no authorizer allows a request: upstream's
 * `forbiddenMessage` and `Forbidden` (endpoints/handlers/responsewriters/errors.go), and the
 * `NewForbidden` wrapping of apimachinery's errors.
 */
import { goQuote } from './go-format.js';
import type { Attributes } from './types.js';

/**
 * Upstream's `forbiddenMessage`, followed by `: <reason>` when the authorizer gave one (as
 * `Forbidden` appends it):
 * `User "alice" cannot list resource "pods" in API group "" in the namespace "default"`,
 * `... at the cluster scope`, and for non-resource requests `User "x" cannot get path "/healthz"`.
 */
export function forbiddenMessage(attrs: Attributes, reason = ''): string {
  const msg = baseMessage(attrs);
  return reason ? `${msg}: ${reason}` : msg;
}

function baseMessage(attrs: Attributes): string {
  const user = goQuote(attrs.user?.name ?? '');
  if (!attrs.resourceRequest) return `User ${user} cannot ${attrs.verb} path ${goQuote(attrs.path)}`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const head = `User ${user} cannot ${attrs.verb} resource ${goQuote(resource)} in API group ${goQuote(attrs.apiGroup)}`;
  if (attrs.namespace) return `${head} in the namespace ${goQuote(attrs.namespace)}`;
  return `${head} at the cluster scope`;
}

/**
 * The Status message a client sees for that 403, as `apierrors.NewForbidden(groupResource, name, err)`
 * builds it: `pods is forbidden: ...`, `deployments.apps "web" is forbidden: ...`, and
 * `forbidden: ...` for non-resource requests.
 */
export function forbiddenStatusMessage(attrs: Attributes, reason = ''): string {
  const detail = forbiddenMessage(attrs, reason);
  const resource = attrs.resourceRequest ? attrs.resource : '';
  const group = attrs.resourceRequest ? attrs.apiGroup : '';
  if (!resource && !group) return `forbidden: ${detail}`;
  const qualified = group ? `${resource}.${group}` : resource;
  if (!attrs.name) return `${qualified} is forbidden: ${detail}`;
  return `${qualified} ${goQuote(attrs.name)} is forbidden: ${detail}`;
}
