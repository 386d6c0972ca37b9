/**
 * Discovery (`/api`, `/apis`, `/api/v1`, `/apis/{group}/{version}`) with a cache, and
 * `DynamicClient`, which finds a resource by kind or by name there and hands out its
 * ResourceClient — client-go's `discovery` and `dynamic` with a deferred REST mapper: the cache
 * is used until a lookup misses, then fetched again once (a CRD may have been added).
 */
import type { RestClient } from './client.js';
import { ResourceClient, type KubeObject, type ResourceRef } from './resource-client.js';

/** One entry of an APIResourceList. */
export interface ApiResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
  group?: string;
  version?: string;
}

/** One group of /apis, with its versions, preferred first in `versions`' order of the server. */
export interface ApiGroup {
  name: string;
  versions: { groupVersion: string; version: string }[];
  preferredVersion?: { groupVersion: string; version: string };
}

/** What to look up: a kind or a resource name (plural, singular or short; `deployments.apps` too). */
export interface ResourceQuery {
  group?: string;
  version?: string;
  kind?: string;
  resource?: string;
}

/** A lookup that found nothing, as the REST mapper words it. */
export class NoMatchError extends Error {
  constructor(q: ResourceQuery) {
    const gv = [q.group, q.version].filter((x) => x !== undefined).join('/');
    super(
      q.kind
        ? `no matches for kind "${q.kind}" in ${q.version ? `version "${gv}"` : `group "${q.group ?? ''}"`}`
        : `the server doesn't have a resource type "${q.resource}"`,
    );
    this.name = 'NoMatchError';
  }
}

/** Discovery documents, each fetched once until `invalidate()`. */
export class DiscoveryClient {
  private groups: Promise<ApiGroup[]> | undefined;
  private readonly lists = new Map<string, Promise<ApiResource[]>>();

  constructor(readonly client: RestClient) {}

  /** Forgets everything fetched. */
  invalidate(): void {
    this.groups = undefined;
    this.lists.clear();
  }

  /** The groups: the core group (`''`, v1) first, then /apis in the server's order. */
  serverGroups(): Promise<ApiGroup[]> {
    return (this.groups ??= this.fetchGroups().catch((err) => {
      this.groups = undefined;
      throw err;
    }));
  }

  private async fetchGroups(): Promise<ApiGroup[]> {
    const [core, apis] = await Promise.all([
      this.client.request<{ versions: string[] }>({ path: '/api' }),
      this.client.request<{ groups: ApiGroup[] }>({ path: '/apis' }),
    ]);
    const versions = core.body.versions.map((v) => ({ groupVersion: v, version: v }));
    return [{ name: '', versions, preferredVersion: versions[0] }, ...apis.body.groups];
  }

  /** The resources of one group version (`v1`, `apps/v1`), subresources included. */
  serverResourcesForGroupVersion(groupVersion: string): Promise<ApiResource[]> {
    let p = this.lists.get(groupVersion);
    if (!p) {
      const path = groupVersion.includes('/') ? `/apis/${groupVersion}` : `/api/${groupVersion}`;
      p = this.client.request<{ resources: ApiResource[] }>({ path }).then((r) => r.body.resources ?? []);
      p.catch(() => this.lists.delete(groupVersion));
      this.lists.set(groupVersion, p);
    }
    return p;
  }

  /** The resource a query names, from the cache; undefined when it is not there. */
  async find(q: ResourceQuery): Promise<ResourceRef | undefined> {
    let { group, resource } = q;
    if (resource && group === undefined && resource.includes('.')) {
      const i = resource.indexOf('.');
      [resource, group] = [resource.slice(0, i), resource.slice(i + 1)];
    }
    const wanted = resource?.toLowerCase();
    for (const g of await this.serverGroups()) {
      if (group !== undefined && g.name !== group) continue;
      const versions = q.version ? g.versions.filter((v) => v.version === q.version) : preferredFirst(g);
      for (const v of versions) {
        const list = await this.serverResourcesForGroupVersion(v.groupVersion);
        const r = list.find(
          (r) =>
            !r.name.includes('/') &&
            (q.kind
              ? r.kind === q.kind
              : r.name === wanted || r.singularName === wanted || (r.shortNames ?? []).includes(wanted!)),
        );
        if (r) return { group: g.name, version: v.version, resource: r.name, namespaced: r.namespaced, kind: r.kind };
      }
    }
    return undefined;
  }
}

function preferredFirst(g: ApiGroup): ApiGroup['versions'] {
  const pref = g.preferredVersion?.version;
  return [...g.versions].sort((a, b) => Number(b.version === pref) - Number(a.version === pref));
}

/** ResourceClients for any resource the server serves, found through discovery. */
export class DynamicClient {
  readonly discovery: DiscoveryClient;

  constructor(
    readonly client: RestClient,
    discovery?: DiscoveryClient,
  ) {
    this.discovery = discovery ?? new DiscoveryClient(client);
  }

  /** Resolves a query to a resource; a miss refreshes discovery once, then throws NoMatchError. */
  async resolve(q: ResourceQuery): Promise<ResourceRef> {
    if (!q.kind && !q.resource) throw new Error('a kind or a resource name is required');
    const hit = await this.discovery.find(q);
    if (hit) return hit;
    this.discovery.invalidate();
    const retry = await this.discovery.find(q);
    if (retry) return retry;
    throw new NoMatchError(q);
  }

  /** The ResourceClient for a query. */
  async resource<T extends KubeObject = KubeObject>(q: ResourceQuery): Promise<ResourceClient<T>> {
    return new ResourceClient<T>(this.client, await this.resolve(q));
  }

  /** The ResourceClient for an object's `apiVersion` and `kind`. */
  async forObject<T extends KubeObject = KubeObject>(obj: KubeObject): Promise<ResourceClient<T>> {
    if (!obj.apiVersion || !obj.kind) throw new Error('Object has no apiVersion or kind');
    const i = obj.apiVersion.indexOf('/');
    const [group, version] = i < 0 ? ['', obj.apiVersion] : [obj.apiVersion.slice(0, i), obj.apiVersion.slice(i + 1)];
    return this.resource<T>({ group, version, kind: obj.kind });
  }
}
