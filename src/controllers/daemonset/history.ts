/**
 * A DaemonSet's ControllerRevisions (upstream's `constructHistory`, `snapshot`, `dedupCurHistories`
 * and `cleanupHistory` in `update.go`). The current revision is the one whose patch equals the
 * DaemonSet's template; it is named `<ds>-<hash>` with the template hash that also labels the pods
 * (`controller-revision-hash`), and renumbered to be the newest. Old revisions beyond
 * `revisionHistoryLimit` go, unless a pod still runs them.
 */
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Lister } from '../../client/informers/lister.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { isAlreadyExists, isNotFound } from '../../machinery/errors.js';
import type { Selector } from '../../machinery/label-requirement.js';
import { claimObjects, newControllerRef } from '../common/controller-ref.js';
import { canonicalJSON, computeHash } from '../history/hash.js';
import { DAEMONSET_HASH_LABEL } from './util.js';

/** Upstream's `getPatch`: `{"spec":{"template":{…,"$patch":"replace"}}}`. */
export function getPatch(ds: DaemonSet): Record<string, unknown> {
  const template = structuredClone(ds.spec?.template ?? {}) as Record<string, unknown>;
  template.$patch = 'replace';
  return { spec: { template } };
}

/** Upstream's `Match`: the revision holds exactly the DaemonSet's current template. */
export function matchesRevision(ds: DaemonSet, revision: ControllerRevision): boolean {
  return canonicalJSON(getPatch(ds)) === canonicalJSON(revision.data ?? null);
}

export interface DaemonSetHistoryDeps {
  revisions: ResourceClient<ControllerRevision>;
  revisionLister: Lister<ControllerRevision>;
  daemonSets: ResourceClient<DaemonSet>;
  pods: ResourceClient<Pod>;
  /** The DaemonSet's pods (claimed), for relabelling when duplicate revisions are merged. */
  podsOf(ds: DaemonSet): Promise<Pod[]>;
  /** An uncached read of the DaemonSet for adoption; undefined when it is gone or being deleted. */
  recheck(ds: DaemonSet): Promise<DaemonSet | undefined>;
}

export class DaemonSetHistory {
  constructor(private readonly d: DaemonSetHistoryDeps) {}

  /** Upstream's `constructHistory`: the current revision (created or renumbered) and the old ones. */
  async construct(ds: DaemonSet, selector: Selector): Promise<{ cur: ControllerRevision; old: ControllerRevision[] }> {
    const ns = ds.metadata?.namespace;
    const histories = await claimObjects(this.d.revisionLister.listInNamespace(ns ?? ''), {
      owner: ds,
      ref: newControllerRef(ds, 'apps/v1', 'DaemonSet'),
      selector,
      client: this.d.revisions,
      recheckOwner: () => this.d.recheck(ds),
    });
    const current: ControllerRevision[] = [];
    const old: ControllerRevision[] = [];
    for (let h of histories) {
      if (h.metadata?.labels?.[DAEMONSET_HASH_LABEL] === undefined) {
        // Older revisions lack the label: their name stands in for the hash, which cannot collide.
        const toUpdate: ControllerRevision = structuredClone(h);
        toUpdate.metadata!.labels = { ...toUpdate.metadata?.labels, [DAEMONSET_HASH_LABEL]: h.metadata!.name! };
        h = await this.d.revisions.update(toUpdate, { namespace: ns });
      }
      (matchesRevision(ds, h) ? current : old).push(h);
    }
    const currRevision = maxRevision(old) + 1;
    if (current.length === 0) return { cur: await this.snapshot(ds, currRevision), old };
    let cur = await this.dedup(ds, current);
    if (cur.revision < currRevision) {
      cur = await this.d.revisions.update({ ...structuredClone(cur), revision: currRevision }, { namespace: ns });
    }
    return { cur, old };
  }

  /**
   * Upstream's `snapshot`: creates the revision of the current template. A different revision under
   * the same name is a hash collision: `status.collisionCount` is bumped and the sync retried.
   */
  private async snapshot(ds: DaemonSet, revision: number): Promise<ControllerRevision> {
    const ns = ds.metadata?.namespace;
    const hash = computeHash(ds.spec?.template ?? {}, ds.status?.collisionCount);
    const name = `${ds.metadata?.name}-${hash}`;
    const history: ControllerRevision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: ns,
        labels: { ...ds.spec?.template?.metadata?.labels, [DAEMONSET_HASH_LABEL]: hash },
        annotations: ds.metadata?.annotations ? { ...ds.metadata.annotations } : undefined,
        ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
      },
      data: getPatch(ds) as ControllerRevision['data'],
      revision,
    };
    try {
      return await this.d.revisions.create(history, { namespace: ns });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const existing = await this.d.revisions.get(name, { namespace: ns });
      if (matchesRevision(ds, existing)) return existing;
      const fresh = await this.d.daemonSets.get(ds.metadata!.name!, { namespace: ns });
      const collisionCount = (fresh.status?.collisionCount ?? 0) + 1;
      await this.d.daemonSets.updateStatus(
        { ...fresh, status: { ...fresh.status!, collisionCount } },
        { namespace: ns },
      );
      throw err;
    }
  }

  /** Upstream's `dedupCurHistories`: keeps the highest-numbered equal revision, relabels pods, deletes the rest. */
  private async dedup(ds: DaemonSet, curHistories: ControllerRevision[]): Promise<ControllerRevision> {
    if (curHistories.length === 1) return curHistories[0];
    let keep = curHistories[0];
    for (const c of curHistories) if (c.revision >= keep.revision) keep = c;
    const keepHash = keep.metadata?.labels?.[DAEMONSET_HASH_LABEL] ?? '';
    for (const c of curHistories) {
      if (c.metadata?.name === keep.metadata?.name) continue;
      for (const pod of await this.d.podsOf(ds)) {
        if (pod.metadata?.labels?.[DAEMONSET_HASH_LABEL] === keepHash) continue;
        const toUpdate: Pod = structuredClone(pod);
        toUpdate.metadata!.labels = { ...toUpdate.metadata?.labels, [DAEMONSET_HASH_LABEL]: keepHash };
        await this.d.pods.update(toUpdate, { namespace: pod.metadata?.namespace });
      }
      await this.deleteRevision(c);
    }
    return keep;
  }

  /**
   * Upstream's `cleanupHistory`: deletes the oldest old revisions no pod runs, until at most
   * `revisionHistoryLimit` old ones would remain.
   */
  async cleanup(ds: DaemonSet, old: ControllerRevision[], pods: readonly Pod[]): Promise<void> {
    let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
    if (toKill <= 0) return;
    const liveHashes = new Set<string>();
    for (const p of pods) {
      const h = p.metadata?.labels?.[DAEMONSET_HASH_LABEL];
      if (h) liveHashes.add(h);
    }
    const sorted = [...old].sort((a, b) => a.revision - b.revision);
    for (const h of sorted) {
      if (toKill <= 0) break;
      if (liveHashes.has(h.metadata?.labels?.[DAEMONSET_HASH_LABEL] ?? '')) continue;
      await this.deleteRevision(h);
      toKill--;
    }
  }

  private async deleteRevision(r: ControllerRevision): Promise<void> {
    try {
      await this.d.revisions.delete(r.metadata!.name!, { namespace: r.metadata?.namespace });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

/** The highest revision number among `histories` (0 for none). */
export function maxRevision(histories: readonly ControllerRevision[]): number {
  return histories.reduce((m, h) => Math.max(m, h.revision), 0);
}
