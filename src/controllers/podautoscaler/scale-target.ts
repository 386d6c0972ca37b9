/**
 * The HPA's view of its target through the `/scale` subresource (upstream's scale client with a
 * RESTMapper): `spec.scaleTargetRef` resolves to a resource by a table of the built-in scalable
 * kinds, else by the group-version's discovery document (custom resources with a scale
 * subresource), and the autoscaling/v1 Scale is read and written there.
 */
import type { CrossVersionObjectReference } from 'kubernetes-types/autoscaling/v2.js';
import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import type { RestClient } from '../../client/rest/client.js';
import { resourcePath, type ResourceRef } from '../../client/rest/resource-client.js';

/** The built-in kinds with a scale subresource, by `group/Kind`. */
const BUILTIN: Record<string, string> = {
  'apps/Deployment': 'deployments',
  'apps/ReplicaSet': 'replicasets',
  'apps/StatefulSet': 'statefulsets',
  '/ReplicationController': 'replicationcontrollers',
  'extensions/Deployment': 'deployments',
  'extensions/ReplicaSet': 'replicasets',
};

/** Upstream's `schema.ParseGroupVersion`, with its error text. */
export function parseGroupVersion(apiVersion: string | undefined): { group: string; version: string } {
  const gv = apiVersion ?? '';
  if (gv === '' || gv === '/') return { group: '', version: '' };
  const parts = gv.split('/');
  if (parts.length === 1) return { group: '', version: parts[0] };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  throw new Error(`unexpected GroupVersion string: ${gv}`);
}

interface APIResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

/**
 * Resolves the kind of `ref` to a namespaced resource with a scale subresource; throws with the
 * RESTMapper's "no matches for kind" text when there is none.
 */
export async function resolveScaleTarget(client: RestClient, ref: CrossVersionObjectReference): Promise<ResourceRef> {
  const { group, version } = parseGroupVersion(ref.apiVersion);
  const builtin = BUILTIN[`${group}/${ref.kind}`];
  // Built-in kinds map whatever version is named to the served one, as the RESTMapper does.
  if (builtin)
    return {
      group: group === 'extensions' ? 'apps' : group,
      version: 'v1',
      resource: builtin,
      namespaced: true,
      kind: ref.kind,
    };
  const noMatch = new Error(`no matches for kind "${ref.kind}" in group "${group}"`);
  if (!version) throw noMatch;
  let list: APIResourceList;
  try {
    const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
    list = (await client.request<APIResourceList>({ path })).body;
  } catch {
    throw noMatch;
  }
  const all = list.resources ?? [];
  const main = all.find((r) => r.kind === ref.kind && !r.name.includes('/'));
  if (!main) throw noMatch;
  return { group, version, resource: main.name, namespaced: main.namespaced, kind: ref.kind };
}

/** GET the target's Scale. */
export async function getScale(client: RestClient, ref: ResourceRef, namespace: string, name: string): Promise<Scale> {
  return (await client.request<Scale>({ path: resourcePath(ref, namespace, name, 'scale') })).body;
}

/** PUT the target's Scale (a stale resourceVersion is a Conflict). */
export async function updateScale(
  client: RestClient,
  ref: ResourceRef,
  namespace: string,
  scale: Scale,
): Promise<Scale> {
  const name = scale.metadata?.name ?? '';
  const body = { apiVersion: 'autoscaling/v1', kind: 'Scale', ...scale };
  return (await client.request<Scale>({ method: 'PUT', path: resourcePath(ref, namespace, name, 'scale'), body })).body;
}
