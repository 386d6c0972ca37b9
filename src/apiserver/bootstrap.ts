/**
 * What kube-apiserver makes at start (its bootstrap controllers): the namespaces default,
 * kube-system, kube-public and kube-node-lease; the system priority classes; and the `kubernetes`
 * Service in default with its Endpoints and EndpointSlice pointing at this apiserver.
 */
import { isDeepStrictEqual } from 'node:util';
import { isAlreadyExists } from '../machinery/errors.js';
import type { Registry } from './registry/registry.js';
import type { KObject } from './cacher/types.js';
import {
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  bootstrapNamespaceRoleBindings,
  bootstrapNamespaceRoles,
  covers,
} from './auth/rbac/index.js';

async function ensure(registry: Registry, group: string, resource: string, ns: string, obj: KObject): Promise<void> {
  const store = registry.store(group, resource)!;
  if (store.cacher.get(store.key(ns, obj.metadata.name))) return;
  // Defaulted as a client's object would be (a namespace's `kubernetes.io/metadata.name` label).
  store.strategy.defaults?.(obj, store.info.version);
  try {
    await store.create(ns, obj);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

/**
 * Points a server-owned object at this apiserver (upstream's endpoint reconciler). It is written
 * unvalidated: a single-machine cluster advertises a loopback address, which Endpoints refuse from
 * users.
 */
async function reconcile(
  registry: Registry,
  group: string,
  resource: string,
  obj: KObject,
  same: (cur: KObject) => boolean,
): Promise<void> {
  const store = registry.store(group, resource)!;
  const { name, namespace } = obj.metadata;
  const cur = store.cacher.get(store.key(namespace, name))?.obj;
  if (cur && same(cur)) return;
  await store.update(namespace, name, (current) => ({ ...obj, metadata: { ...current?.metadata, ...obj.metadata } }), {
    unvalidated: true,
  });
}

/**
 * Upstream's RBAC bootstrap policy (the `rbac/bootstrap-roles` post-start hook): the default
 * ClusterRoles, ClusterRoleBindings and the Roles and RoleBindings of kube-system and kube-public,
 * made when missing and reconciled on every start unless annotated
 * `rbac.authorization.kubernetes.io/autoupdate: "false"`: missing labels, annotations, rules,
 * aggregation selectors and subjects are added (nothing is taken away), and a binding whose
 * roleRef changed is made anew.
 */
export async function bootstrapRBACPolicy(registry: Registry): Promise<void> {
  const policy: [string, KObject[]][] = [
    ['clusterroles', bootstrapClusterRoles() as KObject[]],
    ['clusterrolebindings', bootstrapClusterRoleBindings() as KObject[]],
    ['roles', bootstrapNamespaceRoles() as KObject[]],
    ['rolebindings', bootstrapNamespaceRoleBindings() as KObject[]],
  ];
  // Each object is its own key: they are written together, and the store commits them in a few
  // batches instead of one fsync after another (a cold start's hundred-odd writes).
  for (const [resource, objects] of policy) {
    await Promise.all(objects.map((obj) => reconcileRBAC(registry, resource, obj)));
  }
}

const RBAC = 'rbac.authorization.k8s.io';
const AUTOUPDATE = 'rbac.authorization.kubernetes.io/autoupdate';

const sameSubject = (a: KObject, b: KObject) =>
  a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');

async function reconcileRBAC(registry: Registry, resource: string, expected: KObject): Promise<void> {
  const store = registry.store(RBAC, resource)!;
  const { name, namespace = '' } = expected.metadata;
  const cur = store.cacher.get(store.key(namespace, name))?.obj;
  if (!cur) return ensure(registry, RBAC, resource, namespace, expected);
  if (cur.metadata.annotations?.[AUTOUPDATE] === 'false') return;
  const next = structuredClone(cur);
  next.metadata.labels = { ...expected.metadata.labels, ...cur.metadata.labels };
  next.metadata.annotations = { ...expected.metadata.annotations, ...cur.metadata.annotations };
  if (resource.endsWith('bindings')) {
    if (!isDeepStrictEqual(cur.roleRef, expected.roleRef)) {
      await store.delete(namespace, name, {});
      return ensure(registry, RBAC, resource, namespace, expected);
    }
    const subjects: KObject[] = [...(cur.subjects ?? [])];
    for (const s of expected.subjects ?? []) if (!subjects.some((have) => sameSubject(have, s))) subjects.push(s);
    if (subjects.length) next.subjects = subjects;
  } else if (expected.aggregationRule) {
    // An aggregated role's rules are the aggregation's; only its selectors are reconciled.
    const selectors: KObject[] = [...(cur.aggregationRule?.clusterRoleSelectors ?? [])];
    for (const sel of expected.aggregationRule.clusterRoleSelectors ?? []) {
      if (!selectors.some((have) => isDeepStrictEqual(have, sel))) selectors.push(sel);
    }
    next.aggregationRule = { clusterRoleSelectors: selectors };
  } else {
    const { missing } = covers(cur.rules ?? [], expected.rules ?? []);
    if (missing.length) next.rules = [...(cur.rules ?? []), ...missing];
  }
  if (isDeepStrictEqual(next, cur)) return;
  await store.update(namespace, name, () => next, { unvalidated: true });
}

/** Upserts what the apiserver owns, keeping what exists. */
export async function bootstrap(
  registry: Registry,
  opts: { advertiseAddress: string; securePort: number; serviceIP: string },
): Promise<void> {
  await Promise.all(
    ['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((name) =>
      ensure(registry, '', 'namespaces', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
    ),
  );
  const priority = (name: string, value: number, description: string) =>
    ensure(registry, 'scheduling.k8s.io', 'priorityclasses', '', {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name },
      value,
      description,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  await Promise.all([
    priority(
      'system-node-critical',
      2000001000,
      'Used for system critical pods that must not be moved from their current node.',
    ),
    priority(
      'system-cluster-critical',
      2000000000,
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    ),
  ]);

  const labels = { component: 'apiserver', provider: 'kubernetes' };
  await ensure(registry, '', 'services', 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels },
    spec: {
      type: 'ClusterIP',
      clusterIP: opts.serviceIP,
      clusterIPs: [opts.serviceIP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: opts.securePort }],
    },
  });
  const subsets = [
    { addresses: [{ ip: opts.advertiseAddress }], ports: [{ name: 'https', port: opts.securePort, protocol: 'TCP' }] },
  ];
  await reconcile(
    registry,
    '',
    'endpoints',
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
      subsets,
    },
    (cur) => isDeepStrictEqual(cur.subsets, subsets),
  );
  const ports = [{ name: 'https', port: opts.securePort, protocol: 'TCP' }];
  await reconcile(
    registry,
    'discovery.k8s.io',
    'endpointslices',
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [opts.advertiseAddress], conditions: { ready: true } }],
      ports,
    },
    (cur) => cur.endpoints?.[0]?.addresses?.[0] === opts.advertiseAddress && isDeepStrictEqual(cur.ports, ports),
  );
}
