/**
 * The deployment controller (upstream's deployment_controller.go): watches Deployments, their
 * ReplicaSets and (for Recreate) their pods, and syncs each deployment — adopting and releasing
 * ReplicaSets, then, in upstream's order: status only when being deleted, the paused condition,
 * scaling when paused, a pending rollback, a scaling event, else a rollout by its strategy.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { Controller, splitKey, type ReconcileResult } from '../../client/controller/controller.js';
import type { SharedIndexInformer } from '../../client/informers/shared-informer.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { isNotFound } from '../../machinery/errors.js';
import { selectorFromLabelSelector } from '../../machinery/label-selector.js';
import { RESOURCES, clientOf, informerOf, type ControllerContext } from '../context.js';
import { claimObjects, getControllerOf, newControllerRef } from '../common/index.js';
import { getRollbackTo } from './annotations.js';
import { apiEnv } from './api-env.js';
import type { DeploymentEnv } from './env.js';
import { rolloutRecreate, type PodMap } from './recreate.js';
import { rollback } from './rollback.js';
import { rolloutRolling } from './rolling.js';
import { checkPausedConditions, isScalingEvent, sync, syncStatusOnly } from './sync.js';

/** Upstream's check for `selector: {}`: a selector with no requirement at all. */
function selectsEverything(d: Deployment): boolean {
  const s = d.spec?.selector;
  return !!s && Object.keys(s.matchLabels ?? {}).length === 0 && !s.matchExpressions?.length;
}

export class DeploymentController {
  readonly controller: Controller;
  private readonly dInformer: SharedIndexInformer<Deployment>;
  private readonly rsInformer: SharedIndexInformer<ReplicaSet>;
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly deployments: ResourceClient<Deployment>;
  private readonly replicaSets: ResourceClient<ReplicaSet>;

  constructor(private readonly ctx: ControllerContext) {
    this.dInformer = informerOf<Deployment>(ctx, RESOURCES.deployments);
    this.rsInformer = informerOf<ReplicaSet>(ctx, RESOURCES.replicasets);
    this.podInformer = informerOf<Pod>(ctx, RESOURCES.pods);
    this.deployments = clientOf<Deployment>(ctx, RESOURCES.deployments);
    this.replicaSets = clientOf<ReplicaSet>(ctx, RESOURCES.replicasets);
    this.controller = new Controller({
      name: 'deployment',
      reconcile: (key) => this.syncDeployment(key),
      metricsProvider: ctx.metricsProvider,
      clock: ctx.clock,
      onError: (key, err) => ctx.log.warn({ deployment: key, err: String(err) }, 'error syncing deployment'),
    });
    const enqueue = (d: Deployment | undefined) => d && this.controller.enqueue(d);
    this.dInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_, cur) => enqueue(cur), onDelete: enqueue });
    this.rsInformer.addEventHandler({
      onAdd: (rs) => this.addReplicaSet(rs),
      onUpdate: (old, cur) => this.updateReplicaSet(old, cur),
      onDelete: (rs) => enqueue(this.resolveControllerRef(rs.metadata?.namespace, getControllerOf(rs))),
    });
    this.podInformer.addEventHandler({ onDelete: (pod) => this.deletePod(pod) });
  }

  /** Runs `workers` workers until `signal` aborts. */
  run(workers: number, signal: AbortSignal): Promise<void> {
    return this.controller.run(workers, signal);
  }

  private addReplicaSet(rs: ReplicaSet): void {
    const ref = getControllerOf(rs);
    if (rs.metadata?.deletionTimestamp || ref) {
      const d = this.resolveControllerRef(rs.metadata?.namespace, ref);
      if (d) this.controller.enqueue(d);
      return;
    }
    // An orphan: every deployment that could adopt it looks.
    for (const d of this.deploymentsForReplicaSet(rs)) this.controller.enqueue(d);
  }

  private updateReplicaSet(old: ReplicaSet, cur: ReplicaSet): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
    if (refChanged && oldRef) {
      const d = this.resolveControllerRef(old.metadata?.namespace, oldRef);
      if (d) this.controller.enqueue(d);
    }
    if (curRef) {
      const d = this.resolveControllerRef(cur.metadata?.namespace, curRef);
      if (d) this.controller.enqueue(d);
      return;
    }
    const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (labelsChanged || refChanged) for (const d of this.deploymentsForReplicaSet(cur)) this.controller.enqueue(d);
  }

  /** A Recreate deployment waits for its last pod to go: sync it then. */
  private deletePod(pod: Pod): void {
    const d = this.deploymentForPod(pod);
    if (!d || d.spec?.strategy?.type !== 'Recreate') return;
    const rss = this.rsInformer.lister
      .listInNamespace(d.metadata?.namespace ?? '')
      .filter((rs) => getControllerOf(rs)?.uid === d.metadata?.uid);
    let pods = 0;
    for (const list of this.podMapFor(d, rss).values()) pods += list.length;
    if (pods === 0) this.controller.enqueue(d);
  }

  private deploymentForPod(pod: Pod): Deployment | undefined {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.rsInformer.lister.get(pod.metadata?.namespace, ref.name);
    if (!rs || rs.metadata?.uid !== ref.uid) return undefined;
    return this.resolveControllerRef(rs.metadata?.namespace, getControllerOf(rs));
  }

  /** Upstream's `resolveControllerRef`: the Deployment `ref` names, if it is still that one. */
  private resolveControllerRef(namespace: string | undefined, ref: OwnerReference | undefined): Deployment | undefined {
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = this.dInformer.lister.get(namespace, ref.name);
    return d && d.metadata?.uid === ref.uid ? d : undefined;
  }

  /** Upstream's `GetDeploymentsForReplicaSet`: deployments in its namespace whose selector matches its labels. */
  private deploymentsForReplicaSet(rs: ReplicaSet): Deployment[] {
    const labels = rs.metadata?.labels;
    if (!labels) return [];
    return this.dInformer.lister.listInNamespace(rs.metadata?.namespace ?? '').filter((d) => {
      try {
        const sel = selectorFromLabelSelector(d.spec?.selector);
        return !sel.empty() && sel.matches(labels);
      } catch {
        return false;
      }
    });
  }

  /**
   * Upstream's `getReplicaSetsForDeployment`: the ReplicaSets the deployment controls, after
   * adopting matching orphans and releasing its own that no longer match.
   */
  private async replicaSetsFor(d: Deployment): Promise<ReplicaSet[]> {
    const all = this.rsInformer.lister.listInNamespace(d.metadata?.namespace ?? '');
    const selector = selectorFromLabelSelector(d.spec?.selector);
    return claimObjects(all, {
      owner: d,
      ref: newControllerRef(d, 'apps/v1', 'Deployment'),
      selector,
      client: this.replicaSets,
      recheckOwner: async () => {
        try {
          return await this.deployments.get(d.metadata!.name!, { namespace: d.metadata?.namespace });
        } catch (err) {
          if (isNotFound(err)) return undefined;
          throw err;
        }
      },
    });
  }

  /** Upstream's `getPodMapForDeployment`: the deployment's pods grouped by the ReplicaSet controlling them. */
  private podMapFor(d: Deployment, rsList: readonly ReplicaSet[]): PodMap {
    const map: PodMap = new Map(rsList.map((rs) => [rs.metadata?.uid ?? '', [] as Pod[]]));
    let selector;
    try {
      selector = selectorFromLabelSelector(d.spec?.selector);
    } catch {
      return map;
    }
    for (const pod of this.podInformer.lister.listInNamespace(d.metadata?.namespace ?? '', selector)) {
      const ref = getControllerOf(pod);
      if (ref && map.has(ref.uid)) map.get(ref.uid)!.push(pod);
    }
    return map;
  }

  /** Upstream's `syncDeployment`. */
  async syncDeployment(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const cached = this.dInformer.lister.get(namespace, name);
    if (!cached) return; // deleted: its ReplicaSets go with it through garbage collection
    const d: Deployment = { ...structuredClone(cached), apiVersion: 'apps/v1', kind: 'Deployment' };
    const env = apiEnv({
      deployments: this.deployments,
      replicaSets: this.replicaSets,
      rsLister: this.rsInformer.lister,
      recorder: this.ctx.recorder('deployment-controller'),
      now: () => this.ctx.now(),
    });
    if (selectsEverything(d)) {
      env.event(
        d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
        (d.status ??= {}).observedGeneration = d.metadata?.generation;
        await env.updateDeploymentStatus(d).catch(() => undefined);
      }
      return;
    }
    await this.syncWith(env, d);
    return env.requeueAfterMs === undefined ? undefined : { requeueAfterMs: env.requeueAfterMs };
  }

  private async syncWith(env: DeploymentEnv, d: Deployment): Promise<void> {
    const rsList = await this.replicaSetsFor(d);
    const podMap = this.podMapFor(d, rsList);
    if (d.metadata?.deletionTimestamp) return syncStatusOnly(env, d, rsList);
    await checkPausedConditions(env, d);
    if (d.spec?.paused) return sync(env, d, rsList);
    // A rollback is not re-entrant: nothing else happens until it has cleared its annotation.
    if (getRollbackTo(d) !== undefined) return rollback(env, d, rsList);
    if (await isScalingEvent(env, d, rsList)) return sync(env, d, rsList);
    const type = d.spec?.strategy?.type ?? 'RollingUpdate';
    if (type === 'Recreate') return rolloutRecreate(env, d, rsList, podMap);
    if (type === 'RollingUpdate') return rolloutRolling(env, d, rsList);
    throw new Error(`unexpected deployment strategy type: ${type}`);
  }
}
