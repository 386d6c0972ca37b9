/**
 * kube-apiserver 1.32's Node authorizer (`--authorization-mode=Node`, upstream's
 * plugin/pkg/auth/authorizer/node/node_authorizer.go with AuthorizeNodeWithSelectors on, its 1.32
 * default). Requests from nodes to secrets, configmaps, PVCs, PVs, ResourceClaims,
 * VolumeAttachments, service-account tokens, ResourceSlices, pods and nodes are allowed only for
 * objects related to the node; leases and CSINodes only by the node's own name; everything else
 * by the static `system:node` rules. Like upstream it never denies: it allows or has no opinion.
 */
import { nodeRules } from '../rbac/bootstrap-cluster-roles.js';
import { goQuote } from '../rbac/go-format.js';
import { rulesAllow } from '../rbac/rule-match.js';
import type { Attributes, RulesForResult, UserInfo } from '../rbac/types.js';
import { nameFromFieldSelector, parseFieldSelector, selectsExactly } from './field-selector.js';
import { hasPathToNode, type NodeGraphSource, type VertexType } from './graph.js';
import { nodeIdentity } from './identity.js';

/** A request to authorize: RBAC's attributes plus the request's field selector, if any. */
export interface NodeAttributes extends Attributes {
  /** The raw `fieldSelector` of a list, watch or deletecollection (e.g. `spec.nodeName=n1`). */
  fieldSelector?: string;
}

/** The authorizer's answer. `Deny` is part of the type for callers' unions; it is never returned. */
export interface NodeDecision {
  decision: 'Allow' | 'Deny' | 'NoOpinion';
  /** Upstream's reason string; `''` on allow and for requests the node rules decide. */
  reason: string;
}

/** The namespace node leases live in. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

const ALLOW: NodeDecision = { decision: 'Allow', reason: '' };
const no = (reason = ''): NodeDecision => ({ decision: 'NoOpinion', reason });
let staticRules: ReturnType<typeof nodeRules> | undefined;

/** Upstream's `authorize`: a name is needed, then a path from the object to the node. */
function related(node: string, type: VertexType, a: NodeAttributes, name: string, source: NodeGraphSource) {
  if (!name) return no('No Object name found');
  if (hasPathToNode(source, node, type, a.namespace, name)) return ALLOW;
  return no(`no relationship found between node '${node}' and this object`);
}

/** The object's name: the request's, or for list/watch the `metadata.name=` field selector's. */
function nameOf(a: NodeAttributes): string {
  if (a.name) return a.name;
  return a.verb === 'list' || a.verb === 'watch' ? nameFromFieldSelector(a.fieldSelector) : '';
}

function getOnly(node: string, type: VertexType, a: NodeAttributes, source: NodeGraphSource): NodeDecision {
  if (a.verb !== 'get') return no('can only get individual resources of this type');
  if (a.subresource) return no('cannot get subresource');
  return related(node, type, a, nameOf(a), source);
}

function readNamespaced(node: string, type: VertexType, a: NodeAttributes, source: NodeGraphSource) {
  if (a.verb !== 'get' && a.verb !== 'list' && a.verb !== 'watch') return no('can only read resources of this type');
  if (a.subresource) return no('cannot read subresource');
  if (!a.namespace) return no('can only read namespaced object of this type');
  return related(node, type, a, nameOf(a), source);
}

function pvcStatus(node: string, a: NodeAttributes, source: NodeGraphSource): NodeDecision {
  if (a.verb !== 'update' && a.verb !== 'patch') return no('can only get/update/patch this type');
  return related(node, 'pvc', a, nameOf(a), source);
}

function createToken(node: string, a: NodeAttributes, source: NodeGraphSource): NodeDecision {
  if (a.verb !== 'create' || !a.name) return no('can only create tokens for individual service accounts');
  if (a.subresource !== 'token') return no('can only create token subresource of serviceaccount');
  if (hasPathToNode(source, node, 'serviceaccount', a.namespace, a.name)) return ALLOW;
  return no(`no relationship found between node '${node}' and this object`);
}

const OWN_OBJECT_VERBS = new Set(['get', 'create', 'update', 'patch', 'delete']);

function lease(node: string, a: NodeAttributes): NodeDecision {
  if (!OWN_OBJECT_VERBS.has(a.verb)) return no('can only get, create, update, patch, or delete a node lease');
  if (a.namespace !== NODE_LEASE_NAMESPACE)
    return no(`can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
  if (a.verb !== 'create' && a.name !== node)
    return no('can only access node lease with the same name as the requesting node');
  return ALLOW;
}

function csiNode(node: string, a: NodeAttributes): NodeDecision {
  if (!OWN_OBJECT_VERBS.has(a.verb)) return no('can only get, create, update, patch, or delete a CSINode');
  if (a.subresource) return no('cannot authorize CSINode subresources');
  if (a.verb !== 'create' && a.name !== node)
    return no('can only access CSINode with the same name as the requesting node');
  return ALLOW;
}

function resourceSlice(node: string, a: NodeAttributes, source: NodeGraphSource): NodeDecision {
  if (a.subresource) return no('cannot authorize ResourceSlice subresources');
  switch (a.verb) {
    case 'create':
      return ALLOW; // NodeRestriction checks spec.nodeName
    case 'get':
    case 'update':
    case 'patch':
    case 'delete':
      return related(node, 'resourceslice', a, a.name, source);
    case 'watch':
    case 'list':
    case 'deletecollection':
      if (selectsExactly(parseFieldSelector(a.fieldSelector), 'nodeName', node)) return ALLOW;
      return no('can only list/watch/deletecollection resourceslices with nodeName field selector');
    default:
      return no(
        'only the following verbs are allowed for a ResourceSlice: get, watch, list, create, update, patch, delete, deletecollection',
      );
  }
}

function nodeObject(node: string, a: NodeAttributes): NodeDecision {
  if (a.subresource === '') {
    if (a.verb === 'create' || a.verb === 'update' || a.verb === 'patch') return ALLOW;
    if (a.verb === 'get' || a.verb === 'list' || a.verb === 'watch') {
      const name = nameOf(a);
      if (name === node) return ALLOW;
      if (!name) return no(`node '${node}' cannot read all nodes, only its own Node object`);
      return no(`node '${node}' cannot read '${name}', only its own Node object`);
    }
  } else if (a.subresource === 'status' && (a.verb === 'update' || a.verb === 'patch')) return ALLOW;
  return no();
}

function pod(node: string, a: NodeAttributes, source: NodeGraphSource): NodeDecision {
  switch (a.subresource) {
    case '':
      if (a.verb === 'get') return getOnly(node, 'pod', a, source);
      if (a.verb === 'list' || a.verb === 'watch') {
        if (selectsExactly(parseFieldSelector(a.fieldSelector), 'spec.nodeName', node)) return ALLOW;
        const name = nameOf(a);
        if (name) return related(node, 'pod', a, name, source);
        return no('can only list/watch pods with spec.nodeName field selector');
      }
      if (a.verb === 'create' || a.verb === 'delete') return ALLOW; // mirror pods; NodeRestriction narrows
      break;
    case 'status':
      if (a.verb === 'update' || a.verb === 'patch') return ALLOW;
      break;
    case 'eviction':
      if (a.verb === 'create') return ALLOW;
      break;
  }
  return no();
}

/**
 * Upstream's `NodeAuthorizer.Authorize`. Requests not from a node get NoOpinion with no reason; a
 * node user without a name (`system:node:`) gets `unknown node for user "<name>"`.
 */
export function authorizeNode(attrs: NodeAttributes, source: NodeGraphSource): NodeDecision {
  const node = nodeIdentity(attrs.user);
  if (node === undefined) return no();
  if (!node) return no(`unknown node for user ${goQuote(attrs.user.name)}`);
  if (attrs.resourceRequest) {
    const a = attrs;
    switch (`${a.apiGroup}/${a.resource}`) {
      case '/secrets':
        return readNamespaced(node, 'secret', a, source);
      case '/configmaps':
        return readNamespaced(node, 'configmap', a, source);
      case '/persistentvolumeclaims':
        return a.subresource === 'status' ? pvcStatus(node, a, source) : getOnly(node, 'pvc', a, source);
      case '/persistentvolumes':
        return getOnly(node, 'pv', a, source);
      case 'resource.k8s.io/resourceclaims':
        return getOnly(node, 'resourceclaim', a, source);
      case 'storage.k8s.io/volumeattachments':
        return getOnly(node, 'volumeattachment', a, source);
      case '/serviceaccounts':
        return createToken(node, a, source);
      case 'coordination.k8s.io/leases':
        return lease(node, a);
      case 'storage.k8s.io/csinodes':
        return csiNode(node, a);
      case 'resource.k8s.io/resourceslices':
        return resourceSlice(node, a, source);
      case '/nodes':
        return nodeObject(node, a);
      case '/pods':
        return pod(node, a, source);
    }
  }
  staticRules ??= nodeRules();
  return rulesAllow(attrs, staticRules) ? ALLOW : no();
}

/** Upstream's `RulesFor`: nodes' permissions cannot be enumerated (incomplete, with an error). */
export function nodeRulesFor(user: UserInfo): RulesForResult {
  const isNode = nodeIdentity(user) !== undefined;
  return {
    resourceRules: [],
    nonResourceRules: [],
    incomplete: isNode,
    errors: isNode ? ['node authorizer does not support user rule resolution'] : [],
  };
}
