/**
 * `ResourceClient`: the verbs of one resource — what client-go's typed clients and
 * `dynamic.ResourceInterface` do — over a RestClient, building upstream's paths:
 * `/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}` for the core group,
 * `/apis/{group}/{version}/…` for the others.
 *
 * Namespaces: single-object verbs use `opts.namespace`, else the object's own, else the client's
 * (the kubeconfig context's); list, watch and listAll without one span all namespaces;
 * deleteCollection without one uses the client's. Cluster-scoped resources ignore them.
 */
import type { Query, RestClient } from './client.js';
import { listAll, listPages, type ObjectList } from './list.js';
import {
  deleteBody,
  getQuery,
  listQuery,
  writeQuery,
  type CallOptions,
  type DeleteOptions,
  type GetOptions,
  type ListOptions,
  type PatchOptions,
  type WriteOptions,
} from './options.js';
import type { WatchEvent } from './watch.js';

/** A resource: group (`''` for core), version, plural name, and whether it lives in namespaces. */
export interface ResourceRef {
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
  /** The kind, when known (`ConfigMap`). */
  kind?: string;
}

/** What a resource client needs of its objects (kubernetes-types' kinds fit): their metadata. */
export interface ObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

/** An object as the API serves it, when no type of its own is given. */
export interface KubeObject extends ObjectLike {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The patch formats: JSON patch, JSON merge patch, strategic merge patch, server-side apply. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** The Content-Type of each patch format. */
export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

const seg = encodeURIComponent;

/** The path of a resource, optionally in a namespace, of one object, and of its subresource. */
export function resourcePath(ref: ResourceRef, namespace?: string, name?: string, subresource?: string): string {
  let p = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
  if (ref.namespaced && namespace) p += `/namespaces/${seg(namespace)}`;
  p += `/${ref.resource}`;
  if (name !== undefined) {
    if (!name) throw new Error('resource name may not be empty');
    p += `/${seg(name)}`;
    if (subresource) p += `/${subresource}`;
  }
  return p;
}

/** The verbs of one resource. */
export class ResourceClient<T extends ObjectLike = KubeObject> {
  constructor(
    readonly client: RestClient,
    readonly ref: ResourceRef,
  ) {}

  private ns(opts: CallOptions, obj?: ObjectLike): string | undefined {
    if (!this.ref.namespaced) return undefined;
    return opts.namespace || obj?.metadata?.namespace || this.client.namespace;
  }

  private target(name?: string) {
    const resource = this.ref.group ? `${this.ref.resource}.${this.ref.group}` : this.ref.resource;
    return { resource, group: this.ref.group || undefined, name };
  }

  private nameOf(obj: ObjectLike): string {
    const name = obj.metadata?.name;
    if (!name) throw new Error('resource name may not be empty');
    return name;
  }

  private async call<R>(
    method: string,
    path: string,
    opts: CallOptions,
    extra: { query?: Query; body?: unknown; contentType?: string; name?: string } = {},
  ): Promise<R> {
    const res = await this.client.request<R>({
      method,
      path,
      query: extra.query,
      body: extra.body,
      contentType: extra.contentType,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
      target: this.target(extra.name),
    });
    return res.body;
  }

  /** GET one object. */
  get(name: string, opts: GetOptions = {}): Promise<T> {
    return this.call('GET', resourcePath(this.ref, this.ns(opts), name), opts, { query: getQuery(opts), name });
  }

  /** GET a subresource of one object (`status`, `scale`). */
  getSubresource<R = T>(name: string, subresource: string, opts: GetOptions = {}): Promise<R> {
    const path = resourcePath(this.ref, this.ns(opts), name, subresource);
    return this.call('GET', path, opts, { query: getQuery(opts), name });
  }

  /** One page of the list (all of it unless `limit` is set); all namespaces without `namespace`. */
  list(opts: ListOptions = {}): Promise<ObjectList<T>> {
    return this.call('GET', resourcePath(this.ref, opts.namespace), opts, { query: listQuery(opts) });
  }

  /** The whole list, paged with `limit` (default 500) and `continue`. */
  listAll(opts: ListOptions = {}): Promise<ObjectList<T>> {
    return listAll((o) => this.list(o), opts);
  }

  /** The list page by page. */
  listPages(opts: ListOptions = {}): AsyncGenerator<ObjectList<T>> {
    return listPages((o) => this.list(o), opts);
  }

  /** POST a new object. */
  create(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.call('POST', resourcePath(this.ref, this.ns(opts, obj)), opts, { query: writeQuery(opts), body: obj });
  }

  /** PUT the object (by its name), replacing it; a stale resourceVersion is a 409 Conflict. */
  update(obj: T, opts: WriteOptions = {}): Promise<T> {
    const name = this.nameOf(obj);
    const path = resourcePath(this.ref, this.ns(opts, obj), name);
    return this.call('PUT', path, opts, { query: writeQuery(opts), body: obj, name });
  }

  /** PUT the object's status subresource. */
  updateStatus(obj: T, opts: WriteOptions = {}): Promise<T> {
    const name = this.nameOf(obj);
    const path = resourcePath(this.ref, this.ns(opts, obj), name, 'status');
    return this.call('PUT', path, opts, { query: writeQuery(opts), body: obj, name });
  }

  /** PATCH one object (or its `subresource`) with a patch of `type`. */
  patch(name: string, type: PatchType, patch: unknown, opts: PatchOptions & { subresource?: string } = {}): Promise<T> {
    const path = resourcePath(this.ref, this.ns(opts), name, opts.subresource);
    const contentType = PATCH_CONTENT_TYPES[type];
    return this.call('PATCH', path, opts, { query: writeQuery(opts), body: patch, contentType, name });
  }

  /** Server-side apply of `obj` as `fieldManager` (required by the server). */
  apply(obj: T, opts: PatchOptions & { fieldManager: string }): Promise<T> {
    return this.patch(this.nameOf(obj), 'apply', obj, { ...opts, namespace: this.ns(opts, obj) });
  }

  /** DELETE one object; resolves with what the server returns (the object, or a Success Status). */
  delete(name: string, opts: DeleteOptions = {}): Promise<T | Record<string, unknown>> {
    const path = resourcePath(this.ref, this.ns(opts), name);
    return this.call('DELETE', path, opts, { body: deleteBody(opts), name });
  }

  /** DELETE every object the list options select, in `namespace` (the client's when unset). */
  deleteCollection(opts: ListOptions & DeleteOptions = {}): Promise<ObjectList<T> | Record<string, unknown>> {
    return this.call('DELETE', resourcePath(this.ref, this.ns(opts)), opts, {
      query: listQuery(opts),
      body: deleteBody(opts),
    });
  }

  /** Watches the resource (all namespaces without `namespace`); see RestClient.watch. */
  watch(opts: ListOptions = {}): AsyncGenerator<WatchEvent<T>> {
    return this.client.watch<T>(resourcePath(this.ref, opts.namespace), listQuery(opts), opts.signal);
  }
}
