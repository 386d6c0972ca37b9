/**
 * The collector's calls to the API (upstream's `operations.go` and `patch.go`): objects are named
 * by apiVersion/kind/namespace/name and found through discovery (kind → resource), read as
 * metadata only, deleted with a uid (and resourceVersion) precondition, and patched with JSON
 * merge patches that carry the resourceVersion read, so they work on every kind (custom
 * resources take no strategic merge patch) and a concurrent writer makes them conflict.
 */
import type { DynamicClient } from '../../client/rest/discovery.js';
import type { RestClient } from '../../client/rest/client.js';
import { ResourceClient, resourcePath, type ResourceRef } from '../../client/rest/resource-client.js';
import { errors, isConflict, isNotFound } from '../../machinery/errors.js';
import {
  formatIdentity,
  sameOwnerReferences,
  type ObjectIdentity,
  type ObjectMeta,
  type OwnerReference,
} from './graph.js';
import { withoutFinalizer, type PropagationPolicy } from './decisions.js';

/** What the Accept header asks for: metav1.PartialObjectMetadata, JSON as a fallback. */
const PARTIAL_OBJECT_METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

/** client-go's retry.DefaultBackoff steps: how often a conflicting finalizer removal is tried. */
const UPDATE_MAX_RETRIES = 4;

/** No resource serves an apiVersion/kind (upstream's restMappingError): retried after the next discovery. */
export class RestMappingError extends Error {
  constructor(kind: string, apiVersion: string, cause: unknown) {
    super(`unable to get REST mapping for ${apiVersion}/${kind}: ${String((cause as Error)?.message ?? cause)}`);
    this.name = 'RestMappingError';
  }
}

/** Splits `apps/v1` into group and version (`v1` is the core group's). */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** The API calls of the collector. */
export class GcOperations {
  constructor(
    private readonly client: RestClient,
    private readonly dynamic: DynamicClient,
  ) {}

  /** The resource serving `apiVersion`/`kind`. Throws RestMappingError. */
  async resource(apiVersion: string, kind: string): Promise<ResourceRef> {
    try {
      return await this.dynamic.resolve({ ...parseApiVersion(apiVersion), kind });
    } catch (err) {
      throw new RestMappingError(kind, apiVersion, err);
    }
  }

  /** Forgets the kind → resource mapping (after discovery changed). */
  resetMapping(): void {
    this.dynamic.discovery.invalidate();
  }

  /** GET the metadata of one object of `ref`. Throws the ApiError (NotFound…). */
  async getMetadataOf(ref: ResourceRef, namespace: string, name: string): Promise<ObjectMeta> {
    const res = await this.client.request<{ metadata?: ObjectMeta }>({
      path: resourcePath(ref, ref.namespaced ? namespace : undefined, name),
      accept: PARTIAL_OBJECT_METADATA,
      target: { resource: ref.group ? `${ref.resource}.${ref.group}` : ref.resource, group: ref.group, name },
    });
    return res.body.metadata ?? {};
  }

  /** GET the metadata of the object `id` names. */
  async getMetadata(id: ObjectIdentity): Promise<ObjectMeta> {
    return this.getMetadataOf(await this.resource(id.apiVersion, id.kind), id.namespace, id.name);
  }

  private async clientFor(id: ObjectIdentity): Promise<ResourceClient> {
    return new ResourceClient(this.client, await this.resource(id.apiVersion, id.kind));
  }

  /**
   * Deletes `id` if it still has the resourceVersion read; when only something other than its
   * ownerReferences changed since, deletes it on its uid alone (upstream's deleteObject).
   */
  async deleteObject(
    id: ObjectIdentity,
    resourceVersion: string | undefined,
    ownersAtResourceVersion: OwnerReference[] | undefined,
    propagationPolicy: PropagationPolicy,
  ): Promise<void> {
    const rc = await this.clientFor(id);
    const namespace = id.namespace || undefined;
    try {
      await rc.delete(id.name, { namespace, propagationPolicy, preconditions: { uid: id.uid, resourceVersion } });
      return;
    } catch (err) {
      if (!isConflict(err)) throw err;
      const live = await this.getMetadataOf(rc.ref, id.namespace, id.name);
      // Another object under the name: the one to delete is gone.
      if (live.uid !== id.uid) throw errors.notFound({ group: rc.ref.group, name: rc.ref.resource }, id.name);
      // The resourceVersion moved, but what made it garbage did not: delete on the uid alone.
      if (!sameOwnerReferences(live.ownerReferences, ownersAtResourceVersion)) throw err;
    }
    await rc.delete(id.name, { namespace, propagationPolicy, preconditions: { uid: id.uid } });
  }

  /**
   * Rewrites the ownerReferences of `id` with `change` (a JSON merge patch with the
   * resourceVersion read). No write when nothing changes; a missing object is not an error.
   */
  async patchOwnerReferences(id: ObjectIdentity, change: (refs: OwnerReference[]) => OwnerReference[]): Promise<void> {
    const rc = await this.clientFor(id);
    let meta: ObjectMeta;
    try {
      meta = await this.getMetadataOf(rc.ref, id.namespace, id.name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (meta.uid !== id.uid) return;
    const before = meta.ownerReferences ?? [];
    const after = change(before);
    if (sameOwnerReferences(before, after)) return;
    await rc.patch(
      id.name,
      'merge',
      { metadata: { resourceVersion: meta.resourceVersion, ownerReferences: after.length ? after : null } },
      { namespace: id.namespace || undefined },
    );
  }

  /** Removes `finalizer` from `id`, retrying conflicts a few times (upstream's removeFinalizer). */
  async removeFinalizer(id: ObjectIdentity, finalizer: string): Promise<void> {
    const rc = await this.clientFor(id);
    for (let attempt = 0; attempt < UPDATE_MAX_RETRIES; attempt++) {
      let meta: ObjectMeta;
      try {
        meta = await this.getMetadataOf(rc.ref, id.namespace, id.name);
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      const finalizers = withoutFinalizer(meta.finalizers, finalizer);
      // Already gone (or another object under the name): nothing to remove.
      if (meta.uid !== id.uid || !finalizers) return;
      try {
        await rc.patch(
          id.name,
          'merge',
          { metadata: { resourceVersion: meta.resourceVersion, finalizers: finalizers.length ? finalizers : null } },
          { namespace: id.namespace || undefined },
        );
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err)) throw err;
      }
    }
    throw new Error(
      `updateMaxRetries(${UPDATE_MAX_RETRIES}) has reached. The garbage collector will retry later for owner ${formatIdentity(id)}`,
    );
  }
}
