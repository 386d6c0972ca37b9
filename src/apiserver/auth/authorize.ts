/**
 * May the request do this? (kube-apiserver's authorization filter and `--authorization-mode`.)
 * The modes are asked in order, the first that allows wins: AlwaysAllow (upstream's default),
 * AlwaysDeny, and RBAC over the Roles, ClusterRoles and bindings in the watch caches, aggregated
 * ClusterRoles included. A request no mode allows is 403 with upstream's message.
 */
import { ApiError } from '../../machinery/errors.js';
import type { Registry } from '../registry/registry.js';
import type { Store } from '../registry/store.js';
import type { KObject } from '../cacher/types.js';
import {
  aggregateClusterRoles,
  forbiddenStatusMessage,
  RBACAuthorizer,
  type Attributes,
  type ClusterRole,
  type RBACDataSource,
  type RulesForResult,
  type UserInfo,
} from './rbac/index.js';
import { authorizeNode, nodeIdentity, nodeRulesFor, type NodeAttributes, type NodeGraphSource } from './node/index.js';

export interface RequestAuthorizer {
  /** Whether the attributes are allowed, and the reason the deciding mode gave. */
  authorize(attrs: NodeAttributes): { allowed: boolean; reason: string };
  /** What `user` may do in `namespace` (SelfSubjectRulesReview); `incomplete` when a mode cannot list rules. */
  rulesFor(user: UserInfo, namespace: string): RulesForResult;
  /** The RBAC authorizer, when RBAC is one of the modes (its escalation checks guard RBAC writes). */
  rbac?: RBACAuthorizer;
}

const MODES = new Set(['AlwaysAllow', 'AlwaysDeny', 'RBAC', 'Node']);

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** AlwaysAllow's rules: everything, on every resource and every non-resource URL. */
const ALLOW_ALL: RulesForResult = {
  resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [] }],
  nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
  incomplete: false,
  errors: [],
};

/** The RBAC objects, read from the watch caches; aggregated ClusterRoles recomputed when they change. */
function cacheDataSource(registry: Registry): RBACDataSource {
  const store = (resource: string) => registry.store(RBAC_GROUP, resource) as Store;
  const stores = ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'].map(store);
  // Lists are read on every request and change rarely: each is kept until its cache moves on.
  const lists = new Map<string, { rev: number; items: KObject[] }>();
  const all = (resource: string, ns = '') => {
    const s = store(resource);
    const key = `${resource}/${ns}`;
    const kept = lists.get(key);
    if (kept?.rev === s.cacher.generation) return kept.items;
    const items = s.cacher.list({ prefix: s.prefix(ns) }).entries.map((e) => e.obj);
    lists.set(key, { rev: s.cacher.generation, items });
    return items;
  };
  // Aggregated again only when the list of ClusterRoles is read anew.
  let aggregated: { from: KObject[]; roles: ClusterRole[]; byName: Map<string, ClusterRole> } | undefined;
  const clusterRoles = () => {
    const from = all('clusterroles');
    if (aggregated?.from !== from) {
      const roles = aggregateClusterRoles(from as ClusterRole[]);
      aggregated = { from, roles, byName: new Map(roles.map((r) => [r.metadata?.name ?? '', r])) };
    }
    return aggregated;
  };
  return {
    clusterRoles: () => clusterRoles().roles,
    clusterRoleBindings: () => all('clusterrolebindings') as ReturnType<RBACDataSource['clusterRoleBindings']>,
    roles: (ns) => all('roles', ns) as ReturnType<RBACDataSource['roles']>,
    roleBindings: (ns) => all('rolebindings', ns) as ReturnType<RBACDataSource['roleBindings']>,
    clusterRole: (name) => clusterRoles().byName.get(name),
    role: (ns, name) => store('roles').cacher.get(store('roles').key(ns, name))?.obj as KObject | undefined,
    // Each cache's generation only grows: their sum changes whenever one of them does.
    revision: () => stores.reduce((sum, s) => sum + s.cacher.generation, 0),
  } as RBACDataSource;
}

/** The Node authorizer's view of the cluster: pods by node and what they use, from the watch caches. */
function nodeGraph(registry: Registry): NodeGraphSource {
  const pods = registry.store('', 'pods') as Store;
  const pvcs = registry.store('', 'persistentvolumeclaims') as Store;
  const pvs = registry.store('', 'persistentvolumes') as Store;
  const attachments = registry.store('storage.k8s.io', 'volumeattachments') as Store;
  return {
    revision: () => pods.cacher.generation + pvcs.cacher.generation + pvs.cacher.generation,
    *podsOnNode(node) {
      for (const e of pods.cacher.list({ prefix: pods.prefix('') }).entries) {
        if (e.obj.spec?.nodeName === node) yield e.obj;
      }
    },
    pvc: (ns, name) => pvcs.cacher.get(pvcs.key(ns, name))?.obj,
    pv: (name) => pvs.cacher.get(pvs.key('', name))?.obj,
    volumeAttachment: (name) => attachments.cacher.get(attachments.key('', name))?.obj,
  };
}

/** The authorizer of `--authorization-mode` (e.g. `RBAC`, `Node,RBAC`, `AlwaysAllow`). */
export function requestAuthorizer(modes: string, registry: Registry): RequestAuthorizer {
  const list = modes
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  for (const m of list) {
    if (!MODES.has(m))
      throw new Error(`authorization-mode "${m}" is not supported (AlwaysAllow, AlwaysDeny, RBAC, Node)`);
  }
  const rbac = list.includes('RBAC') ? new RBACAuthorizer(cacheDataSource(registry)) : undefined;
  const graph = list.includes('Node') ? nodeGraph(registry) : undefined;
  return {
    rbac,
    authorize(attrs) {
      // Upstream's union authorizer: the first Allow wins; the others' reasons are joined.
      const reasons: string[] = [];
      for (const m of list) {
        if (m === 'AlwaysAllow') return { allowed: true, reason: '' };
        if (m === 'AlwaysDeny') return { allowed: false, reason: 'Everything is forbidden.' };
        const r = m === 'Node' ? authorizeNode(attrs, graph!) : rbac!.authorize(attrs);
        if (r.decision === 'Allow') return { allowed: true, reason: r.reason };
        if (r.reason) reasons.push(r.reason);
        if (r.decision === 'Deny') break;
      }
      return { allowed: false, reason: reasons.join('\n') };
    },
    rulesFor(user, namespace) {
      if (list.includes('AlwaysAllow')) return ALLOW_ALL;
      if (graph && nodeIdentity(user) !== undefined) return nodeRulesFor(user);
      return (
        rbac?.rulesFor(user, namespace) ?? { resourceRules: [], nonResourceRules: [], incomplete: false, errors: [] }
      );
    },
  };
}

/** 403, in upstream's words, for a request the authorizer did not allow. */
export function forbidden(attrs: Attributes, reason: string): ApiError {
  // Status details as upstream's NewForbidden fills them (empty fields left out).
  const details: Record<string, string> = {};
  if (attrs.name) details.name = attrs.name;
  if (attrs.apiGroup) details.group = attrs.apiGroup;
  if (attrs.resource) details.kind = attrs.resource;
  return new ApiError(403, 'Forbidden', forbiddenStatusMessage(attrs, reason), details);
}

/** The authorization attributes of a request: its resource (as RequestInfo reads it) or its path. */
export function requestAttributes(
  user: UserInfo,
  method: string,
  path: string,
  ri?: {
    group: string;
    version: string;
    namespace: string;
    resource: string;
    subresource: string;
    name: string;
    verb: string;
  },
): Attributes {
  if (ri) {
    return {
      user,
      verb: ri.verb,
      namespace: ri.namespace,
      apiGroup: ri.group,
      apiVersion: ri.version,
      resource: ri.resource,
      subresource: ri.subresource,
      name: ri.name,
      resourceRequest: true,
      path,
    };
  }
  const verb = method.toLowerCase();
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
