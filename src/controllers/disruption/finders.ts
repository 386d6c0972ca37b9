/**
 * Upstream's pod controller finders (disruption.go `finders`): the scale of the workload that
 * controls a pod — a ReplicationController, the Deployment above a ReplicaSet, a bare ReplicaSet,
 * a StatefulSet from the listers, else any kind through its `scale` subresource, found by
 * discovery.
 */
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1.js';
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { Lister } from '../../client/informers/lister.js';
import type { RestClient } from '../../client/rest/client.js';
import { isNotFound } from '../../machinery/errors.js';
import { getControllerOf } from '../common/index.js';
import type { ExpectedScale } from './pdb-status.js';

/** A controller's uid and its desired replicas. */
export interface ControllerAndScale {
  uid: string;
  scale: number;
}

export interface FinderDeps {
  rcs: Lister<ReplicationController>;
  rss: Lister<ReplicaSet>;
  deployments: Lister<Deployment>;
  statefulsets: Lister<StatefulSet>;
  client: RestClient;
}

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** Upstream's `verifyGroupKind`. */
function isGroupKind(ref: OwnerReference, kind: string, groups: string[]): boolean {
  return ref.kind === kind && groups.includes(groupOf(ref.apiVersion));
}

type Finder = (ref: OwnerReference, namespace: string) => Promise<ControllerAndScale | undefined>;

/** The finders in upstream's order; the last asks the API. */
export function podControllerFinders(d: FinderDeps): Finder[] {
  const rsOf = (ref: OwnerReference, ns: string) => {
    if (!isGroupKind(ref, 'ReplicaSet', ['apps', 'extensions'])) return undefined;
    const rs = d.rss.get(ns, ref.name);
    return rs?.metadata?.uid === ref.uid ? rs : undefined;
  };
  const rc: Finder = async (ref, ns) => {
    if (!isGroupKind(ref, 'ReplicationController', [''])) return undefined;
    const o = d.rcs.get(ns, ref.name);
    return o?.metadata?.uid === ref.uid ? { uid: ref.uid, scale: o.spec?.replicas ?? 1 } : undefined;
  };
  const deployment: Finder = async (ref, ns) => {
    const rs = rsOf(ref, ns);
    const owner = rs && getControllerOf(rs);
    if (!owner || !isGroupKind(owner, 'Deployment', ['apps', 'extensions'])) return undefined;
    const dep = d.deployments.get(ns, owner.name);
    return dep?.metadata?.uid === owner.uid ? { uid: owner.uid, scale: dep.spec?.replicas ?? 1 } : undefined;
  };
  const replicaSet: Finder = async (ref, ns) => {
    const rs = rsOf(ref, ns);
    // A ReplicaSet under a Deployment counts through the Deployment.
    if (!rs || getControllerOf(rs)?.kind === 'Deployment') return undefined;
    return { uid: ref.uid, scale: rs.spec?.replicas ?? 1 };
  };
  const statefulSet: Finder = async (ref, ns) => {
    if (!isGroupKind(ref, 'StatefulSet', ['apps'])) return undefined;
    const ss = d.statefulsets.get(ns, ref.name);
    return ss?.metadata?.uid === ref.uid ? { uid: ref.uid, scale: ss.spec?.replicas ?? 1 } : undefined;
  };
  return [rc, deployment, replicaSet, statefulSet, scaleFinder(d.client)];
}

interface APIResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/** Upstream's `getScaleController`: the `scale` subresource of the owner's resource. */
function scaleFinder(client: RestClient): Finder {
  const discovery = new Map<string, Promise<APIResource[]>>();
  const resourcesOf = (apiVersion: string) => {
    let p = discovery.get(apiVersion);
    if (!p) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      p = client.request<{ resources?: APIResource[] }>({ path }).then((r) => r.body.resources ?? []);
      // A failed lookup is retried on the next sync.
      p.catch(() => discovery.delete(apiVersion));
      discovery.set(apiVersion, p);
    }
    return p;
  };
  return async (ref, ns) => {
    const resources = await resourcesOf(ref.apiVersion);
    const res = resources.find((r) => r.kind === ref.kind && !r.name.includes('/'));
    const group = groupOf(ref.apiVersion);
    if (!res) throw new Error(`no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`);
    const gr = group ? `${res.name}.${group}` : res.name;
    const base = group ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
    const nsPart = res.namespaced ? `/namespaces/${encodeURIComponent(ns)}` : '';
    try {
      const { body } = await client.request<{ metadata?: { uid?: string }; spec?: { replicas?: number } }>({
        path: `${base}${nsPart}/${res.name}/${encodeURIComponent(ref.name)}/scale`,
      });
      return body.metadata?.uid === ref.uid ? { uid: ref.uid, scale: body.spec?.replicas ?? 0 } : undefined;
    } catch (err) {
      if (!isNotFound(err)) throw err;
      // NotFound: the object is gone, or its resource has no scale subresource.
      if (!resources.some((r) => r.name === `${res.name}/scale`))
        throw new Error(`${gr} does not implement the scale subresource`);
      return undefined;
    }
  };
}

/**
 * Upstream's `getExpectedScale`: the sum of the scale of every controller of the pods (each
 * counted once); pods without a controller are listed as unmanaged. Throws `found no controllers
 * for pod "<name>"` when no finder knows a pod's controller.
 */
export async function getExpectedScale(finders: readonly Finder[], pods: readonly Pod[]): Promise<ExpectedScale> {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = getControllerOf(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata?.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    let found: ControllerAndScale | undefined;
    for (const f of finders) if ((found = await f(ref, pod.metadata?.namespace ?? ''))) break;
    if (!found) throw new Error(`found no controllers for pod "${pod.metadata?.name}"`);
    scales.set(found.uid, found.scale);
  }
  let expectedCount = 0;
  for (const s of scales.values()) expectedCount += s;
  return { expectedCount, unmanagedPods };
}
