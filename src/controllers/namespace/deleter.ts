/**
 * Empties a terminating namespace (upstream's deletion/namespaced_resources_deleter.go): every
 * namespaced resource discovery lists — custom resources included — is deleted in it
 * (deletecollection where the resource supports it, else list and delete one by one, always with
 * propagationPolicy Background), what remains is counted into the namespace's conditions, and
 * once nothing remains the `kubernetes` finalizer is removed through `namespaces/{name}/finalize`,
 * after which the apiserver removes the namespace.
 */
import type { Namespace, Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import type { RestClient } from '../../client/rest/client.js';
import { DiscoveryClient } from '../../client/rest/discovery.js';
import { ResourceClient, resourcePath, type ResourceRef } from '../../client/rest/resource-client.js';
import { ApiError, isConflict, isNotFound } from '../../machinery/errors.js';
import { RESOURCES } from '../context.js';
import { NamespaceConditionUpdater, type ContentTotals } from './conditions.js';
import { groupDiscoveryFailedMessage, serverPreferredResources, type DiscoveredResource } from '../common/discovery.js';

/** The finalizer the namespace controller owns in spec.finalizers. */
export const FINALIZER_KUBERNETES = 'kubernetes';

/** How long items held by finalizers are assumed to take (upstream's finalizerEstimateSeconds). */
export const FINALIZER_ESTIMATE_SECONDS = 15;

const PARTIAL_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

/** Content remains; look again in about `estimate` seconds (upstream's ResourcesRemainingError). */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimate: number) {
    super(`some content remains in the namespace, estimate ${estimate} seconds before it is removed`);
    this.name = 'ResourcesRemainingError';
  }
}

/** Go's GroupVersionResource.String(): `apps/v1, Resource=deployments`, `/v1, Resource=pods`. */
export function gvrString(r: ResourceRef): string {
  return `${r.group}/${r.version}, Resource=${r.resource}`;
}

/** What deleting one resource's content left. */
export interface GvrDeletionMetadata {
  /** Seconds to wait at least (0: no estimate, which does not mean nothing is left). */
  finalizerEstimateSeconds: number;
  numRemaining: number;
  finalizersToNumRemaining: Map<string, number>;
}

interface ItemMeta {
  metadata?: { name?: string; finalizers?: string[] };
}

/** utilerrors.NewAggregate's message. */
function aggregate(errs: unknown[]): Error {
  const msgs = errs.map((e) => String((e as Error)?.message ?? e));
  return new Error(msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`);
}

const notSupported = (err: unknown) => isNotFound(err) || (err instanceof ApiError && err.code === 405);

/** Deletes namespaces' content, then finalizes them. */
export class NamespacedResourcesDeleter {
  private readonly namespaces: ResourceClient<Namespace>;
  /** `operation gvr` pairs the server refused with 405/404: not tried again. */
  private readonly unsupported = new Set<string>();

  constructor(
    private readonly client: RestClient,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {
    this.namespaces = new ResourceClient<Namespace>(client, RESOURCES.namespaces);
  }

  /**
   * One pass over namespace `name`: nothing unless it is being deleted; throws
   * ResourcesRemainingError while content remains, any other error to be retried.
   */
  async delete(name: string): Promise<void> {
    let ns: Namespace;
    try {
      ns = await this.namespaces.get(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!ns.metadata?.deletionTimestamp) return;
    try {
      ns = await this.retryOnConflict(ns, (n) => this.ensureTerminating(n));
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!ns.metadata?.deletionTimestamp || !(ns.spec?.finalizers ?? []).length) return;
    const estimate = await this.deleteAllContent(ns);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);
    try {
      await this.retryOnConflict(ns, (n) => this.finalize(n));
    } catch (err) {
      // Two controllers sharing the finalizer: the other one finished.
      if (!isNotFound(err)) throw err;
    }
  }

  private async retryOnConflict(ns: Namespace, fn: (ns: Namespace) => Promise<Namespace>): Promise<Namespace> {
    let latest = ns;
    for (;;) {
      try {
        return await fn(latest);
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
      const prev = latest;
      latest = await this.namespaces.get(prev.metadata!.name!);
      if (latest.metadata?.uid !== prev.metadata?.uid) throw new Error('namespace uid has changed across retries');
    }
  }

  private async ensureTerminating(ns: Namespace): Promise<Namespace> {
    if (!ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') return ns;
    return this.namespaces.updateStatus({ ...ns, status: { ...ns.status, phase: 'Terminating' } });
  }

  /** PUT namespaces/{name}/finalize with spec.finalizers less `kubernetes`. */
  private async finalize(ns: Namespace): Promise<Namespace> {
    const finalizers = [...new Set((ns.spec?.finalizers ?? []).filter((f) => f !== FINALIZER_KUBERNETES))].sort();
    const name = ns.metadata!.name!;
    const res = await this.client.request<Namespace>({
      method: 'PUT',
      path: resourcePath(RESOURCES.namespaces, undefined, name, 'finalize'),
      body: { ...ns, apiVersion: 'v1', kind: 'Namespace', spec: { ...ns.spec, finalizers } },
      target: { resource: 'namespaces', name },
    });
    return res.body;
  }

  /**
   * Deletes everything in `ns` and records what is left in its conditions; returns the seconds
   * to wait before looking again (0 when nothing is left). Throws what failed, after the pass.
   */
  async deleteAllContent(ns: Namespace): Promise<number> {
    const namespace = ns.metadata!.name!;
    const deletedAt = Date.parse(ns.metadata!.deletionTimestamp!);
    const updater = new NamespaceConditionUpdater(this.now);
    const errs: unknown[] = [];
    let resources: DiscoveredResource[] = [];
    try {
      const found = await serverPreferredResources(new DiscoveryClient(this.client));
      // A namespace holds only namespaced resources (upstream's ServerPreferredNamespacedResources).
      resources = found.resources.filter((r) => r.namespaced);
      if (found.failed.size) {
        // Not fatal: what was found is still deleted.
        const message = groupDiscoveryFailedMessage(found.failed);
        errs.push(new Error(message));
        updater.processDiscoverResourcesErr(message, found.failed.size);
      }
    } catch (err) {
      errs.push(err);
      updater.processDiscoverResourcesErr(String((err as Error)?.message ?? err));
    }
    let estimate = 0;
    const totals: ContentTotals = { remainingByResource: new Map(), remainingByFinalizer: new Map() };
    for (const gvr of resources.filter((r) => r.verbs.includes('delete'))) {
      const { md, err } = await this.deleteAllContentForResource(gvr, namespace, deletedAt);
      if (err) {
        // Noted, and the other resources are still seen to.
        errs.push(err);
        updater.processDeleteContentErr(String((err as Error)?.message ?? err));
      }
      estimate = Math.max(estimate, md.finalizerEstimateSeconds);
      if (md.numRemaining > 0) {
        totals.remainingByResource.set(`${gvr.resource}.${gvr.group}`, md.numRemaining);
        for (const [f, n] of md.finalizersToNumRemaining) {
          totals.remainingByFinalizer.set(f, (totals.remainingByFinalizer.get(f) ?? 0) + n);
        }
      }
    }
    updater.processContentTotals(totals);
    // Always written when changed: a condition that was failing and now is not must say so.
    const status = structuredClone(ns.status ?? {});
    if (updater.update(status)) {
      try {
        await this.namespaces.updateStatus({ ...ns, status });
      } catch (err) {
        this.log.warn({ err }, `couldn't update status condition for namespace "${namespace}"`);
      }
    }
    if (errs.length) throw aggregate(errs);
    return estimate;
  }

  /**
   * Deletes the content of one resource in `namespace` and counts what is left; `err` is what
   * failed (the count stays as good as it got).
   */
  async deleteAllContentForResource(
    gvr: ResourceRef & { verbs?: string[] },
    namespace: string,
    deletedAt: number,
  ): Promise<{ md: GvrDeletionMetadata; err?: unknown }> {
    let estimate: number;
    try {
      estimate = await this.estimateGracefulTermination(gvr, namespace, deletedAt);
    } catch (err) {
      return { md: emptyMetadata(), err };
    }
    const md: GvrDeletionMetadata = { ...emptyMetadata(), finalizerEstimateSeconds: estimate };
    let items: ItemMeta[] | undefined;
    try {
      if (!(await this.deleteCollection(gvr, namespace))) await this.deleteEachItem(gvr, namespace);
      items = await this.listCollection(gvr, namespace);
    } catch (err) {
      return { md, err };
    }
    if (!items) return { md };
    if (!items.length) return { md: emptyMetadata() };
    md.numRemaining = items.length;
    for (const item of items) {
      for (const f of item.metadata?.finalizers ?? []) {
        md.finalizersToNumRemaining.set(f, (md.finalizersToNumRemaining.get(f) ?? 0) + 1);
      }
    }
    if (estimate > 0) return { md };
    // Items held by finalizers are normal: give whoever owns them time.
    if (md.finalizersToNumRemaining.size)
      return { md: { ...md, finalizerEstimateSeconds: FINALIZER_ESTIMATE_SECONDS } };
    // Nothing holds them, yet they are there.
    return {
      md,
      err: new Error(`unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(gvr)}`),
    };
  }

  private supported(op: 'deletecollection' | 'list', gvr: ResourceRef & { verbs?: string[] }): boolean {
    if (gvr.verbs && !gvr.verbs.includes(op)) return false;
    return !this.unsupported.has(`${op} ${gvrString(gvr)}`);
  }

  /** deletecollection; false when the resource does not support it. */
  private async deleteCollection(gvr: ResourceRef & { verbs?: string[] }, namespace: string): Promise<boolean> {
    if (!this.supported('deletecollection', gvr)) return false;
    try {
      // Background: the namespace controller purges everything itself, it wants no orphan finalizer.
      await this.client.request({
        method: 'DELETE',
        path: resourcePath(gvr, namespace),
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
        accept: PARTIAL_LIST,
      });
      return true;
    } catch (err) {
      if (!notSupported(err)) throw err;
      this.unsupported.add(`deletecollection ${gvrString(gvr)}`);
      return false;
    }
  }

  /** The items of the resource in `namespace` (metadata only); undefined when it cannot be listed. */
  private async listCollection(
    gvr: ResourceRef & { verbs?: string[] },
    namespace: string,
  ): Promise<ItemMeta[] | undefined> {
    if (!this.supported('list', gvr)) return undefined;
    try {
      const res = await this.client.request<{ items?: ItemMeta[] }>({
        path: resourcePath(gvr, namespace),
        accept: PARTIAL_LIST,
      });
      return res.body.items ?? [];
    } catch (err) {
      if (!notSupported(err)) throw err;
      this.unsupported.add(`list ${gvrString(gvr)}`);
      return undefined;
    }
  }

  private async deleteEachItem(gvr: ResourceRef & { verbs?: string[] }, namespace: string): Promise<void> {
    const items = await this.listCollection(gvr, namespace);
    const rc = new ResourceClient(this.client, gvr);
    for (const item of items ?? []) {
      try {
        await rc.delete(item.metadata!.name!, { namespace, propagationPolicy: 'Background' });
      } catch (err) {
        if (!notSupported(err)) throw err;
      }
    }
  }

  /** Seconds the resource's items may take to go gracefully: pods' grace, less what has passed. */
  private async estimateGracefulTermination(gvr: ResourceRef, namespace: string, deletedAt: number): Promise<number> {
    if (gvr.group !== '' || gvr.resource !== 'pods') return 0;
    const pods = await new ResourceClient<Pod>(this.client, RESOURCES.pods).list({ namespace });
    let estimate = 0;
    for (const pod of pods.items) {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      estimate = Math.max(estimate, pod.spec?.terminationGracePeriodSeconds ?? 0);
    }
    return this.now() - deletedAt >= estimate * 1000 ? 0 : estimate;
  }
}

function emptyMetadata(): GvrDeletionMetadata {
  return { finalizerEstimateSeconds: 0, numRemaining: 0, finalizersToNumRemaining: new Map() };
}
