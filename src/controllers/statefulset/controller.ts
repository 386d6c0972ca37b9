/**
 * The StatefulSet controller (upstream's `pkg/controller/statefulset/stateful_set.go`): watches
 * StatefulSets and their pods, claims the pods whose names make them members, adopts orphaned
 * revisions, runs one pass of the algorithm in `control.ts` and records the status. PVCs and
 * ControllerRevisions are read from informers but their events are not watched, as upstream.
 */
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { Controller, splitKey, type ReconcileResult } from '../../client/controller/controller.js';
import { isConflict, isNotFound } from '../../machinery/errors.js';
import { selectorFromLabelSelector } from '../../machinery/label-selector.js';
import type { Selector } from '../../machinery/label-requirement.js';
import { claimObjects, getControllerOf, isPodReady, newControllerRef } from '../common/index.js';
import {
  clientOf,
  informerOf,
  RESOURCES,
  workersOf,
  type ControllerContext,
  type ControllerDescriptor,
} from '../context.js';
import { History } from '../history/history.js';
import { runStatefulSetPass } from './control.js';
import { isMemberOf } from './identity.js';
import { StatefulPodControl } from './pod-control.js';
import { completeRollingUpdate, inconsistentStatus } from './revisions.js';

const KIND = { apiVersion: 'apps/v1', kind: 'StatefulSet' } as const;

/** The StatefulSet controller: `statefulset-controller`, `--concurrent-statefulset-syncs` (5) workers. */
export const statefulSetController: ControllerDescriptor = {
  name: 'statefulset-controller',
  aliases: ['statefulset'],
  init(ctx) {
    const c = new StatefulSetController(ctx);
    return (signal) => c.run(workersOf(ctx, 'statefulset', 5), signal);
  },
};

class StatefulSetController {
  private readonly sets;
  private readonly pods;
  private readonly claims;
  private readonly revisions;
  private readonly setClient;
  private readonly history: History;
  private readonly podControl: StatefulPodControl;
  private readonly controller: Controller;

  constructor(private readonly ctx: ControllerContext) {
    this.sets = informerOf<StatefulSet>(ctx, RESOURCES.statefulsets);
    this.pods = informerOf<Pod>(ctx, RESOURCES.pods);
    this.claims = informerOf<PersistentVolumeClaim>(ctx, RESOURCES.persistentvolumeclaims);
    this.revisions = informerOf<ControllerRevision>(ctx, RESOURCES.controllerrevisions);
    this.setClient = clientOf<StatefulSet>(ctx, RESOURCES.statefulsets);
    this.history = new History(clientOf<ControllerRevision>(ctx, RESOURCES.controllerrevisions), this.revisions.lister);
    this.podControl = new StatefulPodControl({
      pods: clientOf<Pod>(ctx, RESOURCES.pods),
      claims: clientOf<PersistentVolumeClaim>(ctx, RESOURCES.persistentvolumeclaims),
      podLister: this.pods.lister,
      claimLister: this.claims.lister,
      recorder: ctx.recorder('statefulset-controller'),
    });
    this.controller = new Controller({
      name: 'statefulset',
      reconcile: (key) => this.sync(key),
      metricsProvider: ctx.metricsProvider,
      clock: ctx.clock,
      onError: (key, err) => ctx.log.warn({ key, err: String(err) }, 'Error syncing StatefulSet, requeuing'),
    });
    this.controller.watch(this.sets);
    this.pods.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (oldPod, curPod) => this.updatePod(oldPod, curPod),
      onDelete: (pod) => this.enqueueOwner(pod),
    });
  }

  run(workers: number, signal: AbortSignal): Promise<void> {
    return this.controller.run(workers, signal);
  }

  private enqueue(set: StatefulSet, afterMs?: number): void {
    const key = `${set.metadata?.namespace}/${set.metadata?.name}`;
    if (afterMs === undefined) this.controller.queue.add(key);
    else this.controller.queue.addAfter(key, afterMs);
  }

  /** The set `ref` names in `namespace`, when it still has that uid. */
  private resolve(namespace: string | undefined, ref: OwnerReference): StatefulSet | undefined {
    if (ref.kind !== KIND.kind) return undefined;
    const set = this.sets.lister.get(namespace, ref.name);
    return set && set.metadata?.uid === ref.uid ? set : undefined;
  }

  /** Upstream's `getStatefulSetsForPod`: sets in the pod's namespace whose non-empty selector matches it. */
  private setsForPod(pod: Pod): StatefulSet[] {
    return this.sets.lister.listInNamespace(pod.metadata?.namespace ?? '').filter((s) => {
      try {
        const sel = selectorFromLabelSelector(s.spec?.selector);
        return !sel.empty() && sel.matches(pod.metadata?.labels ?? {});
      } catch {
        return false;
      }
    });
  }

  private enqueueOwner(pod: Pod): boolean {
    const ref = getControllerOf(pod);
    if (!ref) return false;
    const set = this.resolve(pod.metadata?.namespace, ref);
    if (set) this.enqueue(set);
    return true;
  }

  private addPod(pod: Pod): void {
    if (this.enqueueOwner(pod)) return;
    if (pod.metadata?.deletionTimestamp) return;
    for (const s of this.setsForPod(pod)) this.enqueue(s);
  }

  private updatePod(oldPod: Pod, curPod: Pod): void {
    if (curPod.metadata?.resourceVersion === oldPod.metadata?.resourceVersion) return;
    const curRef = getControllerOf(curPod);
    const oldRef = getControllerOf(oldPod);
    const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
    if (refChanged && oldRef) {
      const old = this.resolve(oldPod.metadata?.namespace, oldRef);
      if (old) this.enqueue(old);
    }
    if (curRef) {
      const set = this.resolve(curPod.metadata?.namespace, curRef);
      if (!set) return;
      this.enqueue(set);
      // A pod turning ready becomes available minReadySeconds later: look again then.
      const minReady = set.spec?.minReadySeconds ?? 0;
      if (!isPodReady(oldPod) && isPodReady(curPod) && minReady > 0) this.enqueue(set, minReady * 1000);
      return;
    }
    const labelsChanged =
      JSON.stringify(curPod.metadata?.labels ?? {}) !== JSON.stringify(oldPod.metadata?.labels ?? {});
    if (labelsChanged || refChanged) for (const s of this.setsForPod(curPod)) this.enqueue(s);
  }

  private async sync(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const cached = this.sets.lister.get(namespace, name);
    if (!cached) return;
    const set: StatefulSet = { ...structuredClone(cached), ...KIND };
    let selector: Selector;
    try {
      selector = selectorFromLabelSelector(set.spec?.selector);
    } catch (err) {
      // An invalid selector cannot be fixed by retrying.
      this.ctx.log.warn({ key, err: String(err) }, 'error converting StatefulSet selector');
      return;
    }
    await this.adoptOrphanRevisions(set, selector);
    const pods = await this.podsForSet(set, selector);
    const revisions = this.history.list(set, selector);
    const { status, error } = await runStatefulSetPass(
      { podControl: this.podControl, history: this.history, now: () => this.ctx.now() },
      set,
      pods,
      revisions,
      (s) => this.updateStatus(set, s),
    );
    if (error !== undefined) throw error;
    const minReady = set.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status && (status.availableReplicas ?? 0) !== (set.spec?.replicas ?? 1))
      return { requeueAfterMs: minReady * 1000 };
  }

  /** Upstream's `adoptOrphanRevisions`: claims revisions matching the selector that no one controls. */
  private async adoptOrphanRevisions(set: StatefulSet, selector: Selector): Promise<void> {
    const orphans = this.history.list(set, selector).filter((r) => !getControllerOf(r));
    if (orphans.length === 0) return;
    const fresh = await this.recheck(set);
    if (!fresh) return;
    const ref = newControllerRef(set, KIND.apiVersion, KIND.kind);
    for (const r of orphans) await this.history.adopt(ref, r);
  }

  /** Upstream's `getPodsForStatefulSet`: the namespace's member pods, adopted or released by selector. */
  private podsForSet(set: StatefulSet, selector: Selector): Promise<Pod[]> {
    const candidates = this.pods.lister
      .listInNamespace(set.metadata?.namespace ?? '')
      .filter((p) => isMemberOf(set, p));
    return claimObjects(candidates, {
      owner: set,
      ref: newControllerRef(set, KIND.apiVersion, KIND.kind),
      selector,
      client: clientOf<Pod>(this.ctx, RESOURCES.pods),
      recheckOwner: () => this.recheck(set),
    });
  }

  /** An uncached read of the set: undefined when it is gone, replaced, or being deleted. */
  private async recheck(set: StatefulSet): Promise<StatefulSet | undefined> {
    try {
      const fresh = await this.setClient.get(set.metadata!.name!, { namespace: set.metadata?.namespace });
      if (fresh.metadata?.uid !== set.metadata?.uid || fresh.metadata?.deletionTimestamp) return undefined;
      return fresh;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Upstream's `updateStatefulSetStatus` with its status updater: writes only a changed status, retrying conflicts. */
  private async updateStatus(set: StatefulSet, status: StatefulSetStatus): Promise<void> {
    completeRollingUpdate(set, status);
    if (!inconsistentStatus(set, status)) return;
    let target: StatefulSet = set;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.setClient.updateStatus({ ...target, status }, { namespace: set.metadata?.namespace });
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= 4) throw err;
        const cached = this.sets.lister.get(set.metadata?.namespace, set.metadata?.name ?? '');
        if (!cached || cached.metadata?.uid !== set.metadata?.uid) throw err;
        target = { ...structuredClone(cached), ...KIND };
      }
    }
  }
}
