/**
 * What kube-apiserver makes at start (its bootstrap controllers): the namespaces default,
 * kube-system, kube-public and kube-node-lease; the system priority classes; and the `kubernetes`
 * Service in default with its Endpoints and EndpointSlice pointing at this apiserver.
 */
import { isDeepStrictEqual } from 'node:util';
import { isAlreadyExists } from '../machinery/errors.js';
import type { Registry } from './registry/registry.js';
import type { KObject } from './cacher/types.js';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './auth/rbac/index.js';

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
 * ClusterRoles and ClusterRoleBindings, made when missing. Ones that exist are left as they are.
 */
export async function bootstrapRBACPolicy(registry: Registry): Promise<void> {
  const group = 'rbac.authorization.k8s.io';
  for (const role of bootstrapClusterRoles()) await ensure(registry, group, 'clusterroles', '', role as KObject);
  for (const binding of bootstrapClusterRoleBindings()) {
    await ensure(registry, group, 'clusterrolebindings', '', binding as KObject);
  }
}

/** Upserts what the apiserver owns, keeping what exists. */
export async function bootstrap(
  registry: Registry,
  opts: { advertiseAddress: string; securePort: number; serviceIP: string },
): Promise<void> {
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    await ensure(registry, '', 'namespaces', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  const priority = (name: string, value: number, description: string) =>
    ensure(registry, 'scheduling.k8s.io', 'priorityclasses', '', {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name },
      value,
      description,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  await priority(
    'system-node-critical',
    2000001000,
    'Used for system critical pods that must not be moved from their current node.',
  );
  await priority(
    'system-cluster-critical',
    2000000000,
    'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  );

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
