/**
 * Upstream's `pkg/controller/history`: a controller's history kept as ControllerRevisions named
 * `<owner>-<hash>`, each holding the patch that restores one template and a revision number.
 * StatefulSets and DaemonSets both record their templates this way; `kubectl rollout history` and
 * `rollout undo` read the same objects.
 */
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { Lister } from '../../client/informers/lister.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { isAlreadyExists, isConflict, isInvalid, isNotFound } from '../../machinery/errors.js';
import type { Selector } from '../../machinery/label-requirement.js';
import { adoptPatch, getControllerOf, releasePatch } from '../common/controller-ref.js';
import { canonicalJSON, hashRevisionData } from './hash.js';

/** Upstream's `ControllerRevisionHashLabel`: the hash of a revision's data, on the revision. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** An owner of revisions: its name, namespace and uid are what the history needs. */
export interface RevisionOwner {
  metadata?: ObjectMeta;
}

/** Upstream's `ControllerRevisionName`: `prefix-hash`, the prefix cut to 223 bytes so names fit 253. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/**
 * Upstream's `NewControllerRevision`: a revision controlled by `parent` (`ref`), labelled with the
 * template's labels and the data's hash, holding `data` as revision number `revision`, named by the
 * hash with `collisionCount` mixed in.
 */
export function newControllerRevision(
  parent: RevisionOwner,
  ref: OwnerReference,
  templateLabels: Record<string, string> | undefined,
  data: unknown,
  revision: number,
  collisionCount: number,
): ControllerRevision {
  const hash = hashRevisionData(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(parent.metadata?.name ?? '', hash),
      namespace: parent.metadata?.namespace,
      labels: { ...templateLabels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ownerReferences: [ref],
    },
    data: data as ControllerRevision['data'],
    revision,
  };
}

/** Upstream's `byRevision` order: revision number, then creation time, then name. */
export function compareRevisions(a: ControllerRevision, b: ControllerRevision): number {
  if (a.revision !== b.revision) return a.revision - b.revision;
  const ta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Upstream's `SortControllerRevisions` (stable, in place); returns `revisions`. */
export function sortControllerRevisions(revisions: ControllerRevision[]): ControllerRevision[] {
  return revisions.sort(compareRevisions);
}

/**
 * Upstream's `EqualRevision`: both absent, or the same data (differing hash labels, when both
 * parse, settle it early).
 */
export function equalRevision(a: ControllerRevision | undefined, b: ControllerRevision | undefined): boolean {
  if (!a || !b) return a === b;
  const ha = a.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  const hb = b.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  if (ha !== undefined && hb !== undefined && /^\d+$/.test(ha) && /^\d+$/.test(hb) && ha !== hb) return false;
  return canonicalJSON(a.data ?? null) === canonicalJSON(b.data ?? null);
}

/** Upstream's `FindEqualRevisions`: the revisions equal to `needle`, in their order. */
export function findEqualRevisions(revisions: readonly ControllerRevision[], needle: ControllerRevision) {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** Upstream's `nextRevision`: 1, or one past the last of `sorted`. */
export function nextRevision(sorted: readonly ControllerRevision[]): number {
  return sorted.length === 0 ? 1 : sorted[sorted.length - 1].revision + 1;
}

/**
 * The revisions upstream's StatefulSet `truncateHistory` deletes: the non-live ones (in the given,
 * sorted, order) beyond the newest `limit`. A negative limit keeps everything.
 */
export function revisionsToTruncate(
  sorted: readonly ControllerRevision[],
  live: ReadonlySet<string>,
  limit: number,
): ControllerRevision[] {
  const history = sorted.filter((r) => !live.has(r.metadata?.name ?? ''));
  if (limit < 0 || history.length <= limit) return [];
  return history.slice(0, history.length - limit);
}

/**
 * Upstream's `realHistory`: reads an owner's revisions from the informer cache and writes through
 * the API. `collisionCount` is passed as a box so that creation can bump it, as upstream's pointer.
 */
export class History {
  constructor(
    private readonly client: ResourceClient<ControllerRevision>,
    private readonly lister: Lister<ControllerRevision>,
  ) {}

  /** Revisions in the parent's namespace matching `selector` and controlled by it or by no one. */
  list(parent: RevisionOwner, selector: Selector): ControllerRevision[] {
    const uid = parent.metadata?.uid;
    return this.lister.listInNamespace(parent.metadata?.namespace ?? '', selector).filter((r) => {
      const ref = getControllerOf(r);
      return !ref || ref.uid === uid;
    });
  }

  /**
   * Creates `revision` for `parent`, renaming it by hash; an existing revision of that name with
   * the same data is returned, one with other data is a collision: `collisionCount.value` is bumped
   * and the name recomputed.
   */
  async create(
    parent: RevisionOwner,
    revision: ControllerRevision,
    collisionCount: { value: number },
  ): Promise<ControllerRevision> {
    const ns = parent.metadata?.namespace;
    for (;;) {
      const hash = hashRevisionData(revision.data ?? null, collisionCount.value);
      const clone: ControllerRevision = structuredClone(revision);
      clone.metadata = { ...clone.metadata, name: controllerRevisionName(parent.metadata?.name ?? '', hash) };
      clone.metadata.namespace = ns;
      try {
        return await this.client.create(clone, { namespace: ns });
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        const exists = await this.client.get(clone.metadata.name!, { namespace: ns });
        if (canonicalJSON(exists.data ?? null) === canonicalJSON(clone.data ?? null)) return exists;
        collisionCount.value++;
      }
    }
  }

  /** Sets the revision number of `revision` to `newRevision`, retrying conflicts from the cache. */
  async updateRevision(revision: ControllerRevision, newRevision: number): Promise<ControllerRevision> {
    let clone: ControllerRevision = structuredClone(revision);
    for (let attempt = 0; ; attempt++) {
      if (clone.revision === newRevision) return clone;
      clone.revision = newRevision;
      try {
        return await this.client.update(clone, { namespace: clone.metadata?.namespace });
      } catch (err) {
        if (!isConflict(err) || attempt >= 4) throw err;
        const cached = this.lister.get(clone.metadata?.namespace, clone.metadata?.name ?? '');
        clone = structuredClone(
          cached ?? (await this.client.get(clone.metadata!.name!, { namespace: clone.metadata?.namespace })),
        );
      }
    }
  }

  /** Deletes `revision`; one already gone is fine. */
  async delete(revision: ControllerRevision): Promise<void> {
    try {
      await this.client.delete(revision.metadata!.name!, { namespace: revision.metadata?.namespace });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Makes `parent` (`ref`) the controller of an orphaned revision; refuses one already owned. */
  async adopt(ref: OwnerReference, revision: ControllerRevision): Promise<ControllerRevision> {
    const owner = getControllerOf(revision);
    if (owner) throw new Error(`attempt to adopt revision owned by ${JSON.stringify(owner)}`);
    return this.client.patch(revision.metadata!.name!, 'strategic', adoptPatch(ref, revision.metadata?.uid), {
      namespace: revision.metadata?.namespace,
    });
  }

  /** Drops `parent` from the revision's owners; a gone or no-longer-owned revision is ignored. */
  async release(parent: RevisionOwner, revision: ControllerRevision): Promise<ControllerRevision | undefined> {
    try {
      return await this.client.patch(
        revision.metadata!.name!,
        'strategic',
        releasePatch(parent.metadata?.uid, revision.metadata?.uid),
        { namespace: revision.metadata?.namespace },
      );
    } catch (err) {
      if (isNotFound(err) || isInvalid(err)) return undefined;
      throw err;
    }
  }
}
