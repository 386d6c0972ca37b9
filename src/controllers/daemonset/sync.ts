/**
 * One sync of a DaemonSet (upstream's `syncDaemonSet`, `manage`, `podsShouldBeOnNode`, `syncNodes`
 * and `updateDaemonSetStatus`): read the revisions, create the missing daemon pods and delete the
 * ones that should not be there, run the rolling update, trim the history, record the status.
 * Creations and deletions are counted in expectations, so no sync acts again before the informer
 * has seen them.
 */
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import type { ReconcileResult } from '../../client/controller/controller.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { isNotFound } from '../../machinery/errors.js';
import type { Selector } from '../../machinery/label-requirement.js';
import { selectorFromLabelSelector } from '../../machinery/label-selector.js';
import {
  isPodAvailable,
  isPodReady,
  newControllerRef,
  podFromTemplate,
  SLOW_START_INITIAL_BATCH_SIZE,
  slowStartBatch,
  type ControllerExpectations,
  type PodControl,
} from '../common/index.js';
import type { Backoff } from './backoff.js';
import type { DaemonSetHistory } from './history.js';
import { nodeShouldRunDaemonPod } from './node-match.js';
import { compareDaemonPods, computeDaemonSetStatus, storeDaemonSetStatus } from './status.js';
import { planRollingUpdate } from './update.js';
import {
  allowsSurge,
  createPodTemplate,
  DAEMONSET_HASH_LABEL,
  getTargetNodeName,
  getTemplateGeneration,
  replaceDaemonSetPodNodeNameNodeAffinity,
} from './util.js';

/** Upstream's `BurstReplicas`: at most this many creates (and deletes) per sync. */
export const BURST_REPLICAS = 250;

export interface DaemonSetSyncDeps {
  podControl: PodControl;
  recorder: EventRecorder;
  dsClient: ResourceClient<DaemonSet>;
  expectations: ControllerExpectations;
  backoff: Backoff;
  history: DaemonSetHistory;
  claimPods(ds: DaemonSet, selector: Selector): Promise<Pod[]>;
  enqueueAfter(ds: DaemonSet, ms: number): void;
  /** Wall-clock ms, for minReadySeconds. */
  now(): number;
  log: Logger;
}

export class DaemonSetSync {
  constructor(private readonly d: DaemonSetSyncDeps) {}

  /** Syncs `ds` (a copy with kind set) against `nodes`. */
  async sync(ds: DaemonSet, key: string, nodes: Node[]): Promise<ReconcileResult | void> {
    const sel = ds.spec?.selector;
    if (sel && !sel.matchLabels && !sel.matchExpressions?.length) {
      this.d.recorder.event(
        ds,
        'Warning',
        'SelectingAll',
        'This daemon set is selecting all pods. A non-empty selector is required.',
      );
      return;
    }
    // Status cannot be trusted while the revisions and pods are being collected away.
    if (ds.metadata?.deletionTimestamp) return;
    let selector: Selector;
    try {
      selector = selectorFromLabelSelector(sel);
    } catch (err) {
      this.d.log.warn({ key, err: String(err) }, 'invalid DaemonSet selector');
      return;
    }
    const { cur, old } = await this.d.history.construct(ds, selector);
    const hash = cur.metadata?.labels?.[DAEMONSET_HASH_LABEL] ?? '';
    if (!this.d.expectations.satisfied(key)) return this.updateStatus(ds, selector, nodes, hash, false);

    let err: unknown;
    try {
      await this.manage(ds, key, selector, nodes, hash);
      if (
        this.d.expectations.satisfied(key) &&
        (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate'
      ) {
        const plan = planRollingUpdate(ds, nodes, await this.nodeToDaemonPods(ds, selector), hash, this.d.now());
        await this.syncNodes(ds, key, plan.podsToDelete, plan.nodesToCreate, hash);
      }
      await this.d.history.cleanup(ds, old, await this.d.claimPods(ds, selector));
    } catch (e) {
      err = e;
    }
    try {
      const r = await this.updateStatus(ds, selector, nodes, hash, true);
      if (err !== undefined) throw err;
      return r;
    } catch (statusErr) {
      throw err ?? statusErr;
    }
  }

  /** Claimed pods grouped by the node they are for (bound, or pinned by affinity). */
  private async nodeToDaemonPods(ds: DaemonSet, selector: Selector): Promise<Map<string, Pod[]>> {
    const out = new Map<string, Pod[]>();
    for (const pod of await this.d.claimPods(ds, selector)) {
      const node = getTargetNodeName(pod);
      if (node === undefined) continue;
      const list = out.get(node);
      if (list) list.push(pod);
      else out.set(node, [pod]);
    }
    return out;
  }

  private async manage(ds: DaemonSet, key: string, selector: Selector, nodes: Node[], hash: string): Promise<void> {
    const byNode = await this.nodeToDaemonPods(ds, selector);
    const create: string[] = [];
    const remove: string[] = [];
    for (const node of nodes) this.podsShouldBeOnNode(ds, node, byNode, hash, create, remove);
    // Unbound pods pinned to nodes that no longer exist would never be scheduled, nor collected.
    const names = new Set(nodes.map((n) => n.metadata?.name));
    for (const [node, pods] of byNode)
      if (!names.has(node)) for (const p of pods) if (!p.spec?.nodeName) remove.push(p.metadata!.name!);
    await this.syncNodes(ds, key, remove, create, hash);
  }

  /** Upstream's `podsShouldBeOnNode`, appending to `create` (node names) and `remove` (pod names). */
  private podsShouldBeOnNode(
    ds: DaemonSet,
    node: Node,
    byNode: Map<string, Pod[]>,
    hash: string,
    create: string[],
    remove: string[],
  ): void {
    const nodeName = node.metadata?.name ?? '';
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    const pods = byNode.get(nodeName);
    if (shouldRun && !pods) {
      create.push(nodeName);
      return;
    }
    if (!shouldContinueRunning) {
      for (const p of pods ?? []) if (!p.metadata?.deletionTimestamp) remove.push(p.metadata!.name!);
      return;
    }
    const running: Pod[] = [];
    for (const pod of pods ?? []) {
      if (pod.metadata?.deletionTimestamp) continue;
      const phase = pod.status?.phase;
      if (phase === 'Failed') {
        // The kubelet may keep rejecting this pod: replace it, but no faster than the backoff allows.
        const backoffKey = `${ds.metadata?.uid}/${ds.status?.observedGeneration ?? 0}/${nodeName}`;
        const now = this.d.backoff.clock.now();
        if (this.d.backoff.isInBackOffSinceUpdate(backoffKey, now)) {
          this.d.enqueueAfter(ds, this.d.backoff.get(backoffKey));
          continue;
        }
        this.d.backoff.next(backoffKey, now);
        const msg = `Found failed daemon pod ${pod.metadata?.namespace}/${pod.metadata?.name} on node ${nodeName}, will try to kill it`;
        this.d.recorder.event(ds, 'Warning', 'FailedDaemonPod', msg);
        remove.push(pod.metadata!.name!);
      } else if (phase === 'Succeeded') {
        const msg = `Found succeeded daemon pod ${pod.metadata?.namespace}/${pod.metadata?.name} on node ${nodeName}, will try to delete it`;
        this.d.recorder.event(ds, 'Normal', 'SucceededDaemonPod', msg);
        remove.push(pod.metadata!.name!);
      } else running.push(pod);
    }
    running.sort(compareDaemonPods);
    if (!allowsSurge(ds)) {
      // One pod per node: the oldest stays.
      for (const p of running.slice(1)) remove.push(p.metadata!.name!);
      return;
    }
    if (running.length <= 1) {
      if (running.length === 0 && shouldRun) create.push(nodeName);
      return;
    }
    // Surging: keep the oldest new and the oldest old pod; the old one goes once it is not ready
    // or the new one is available.
    let oldestNew: Pod | undefined;
    let oldestOld: Pod | undefined;
    for (const p of running) {
      if (p.metadata?.labels?.[DAEMONSET_HASH_LABEL] === hash) {
        if (!oldestNew) {
          oldestNew = p;
          continue;
        }
      } else if (!oldestOld) {
        oldestOld = p;
        continue;
      }
      remove.push(p.metadata!.name!);
    }
    if (oldestNew && oldestOld) {
      if (!isPodReady(oldestOld)) remove.push(oldestOld.metadata!.name!);
      else if (isPodAvailable(oldestNew, ds.spec?.minReadySeconds ?? 0, this.d.now()))
        remove.push(oldestOld.metadata!.name!);
    }
  }

  /** Upstream's `syncNodes`: deletes `remove` and creates a pinned pod on each of `create`, in slow-start batches. */
  private async syncNodes(ds: DaemonSet, key: string, remove: string[], create: string[], hash: string): Promise<void> {
    const createDiff = Math.min(create.length, BURST_REPLICAS);
    const deleteDiff = Math.min(remove.length, BURST_REPLICAS);
    this.d.expectations.set(key, createDiff, deleteDiff);
    const errors: unknown[] = [];
    const template = createPodTemplate(ds.spec!.template, getTemplateGeneration(ds), hash);
    const ref = newControllerRef(ds, 'apps/v1', 'DaemonSet');
    const result = await slowStartBatch(createDiff, SLOW_START_INITIAL_BATCH_SIZE, async (i) => {
      const t = structuredClone(template);
      t.spec!.affinity = replaceDaemonSetPodNodeNameNodeAffinity(t.spec!.affinity, create[i]);
      try {
        await this.d.podControl.create(podFromTemplate(t, ds, ref), ds);
      } catch (err) {
        // A namespace being torn down refuses every create: nothing to retry.
        if (namespaceTerminating(err)) return;
        this.d.expectations.creationObserved(key);
        throw err;
      }
    });
    if (result.error !== undefined) {
      errors.push(result.error);
      const attempted = attemptedCount(createDiff, result.successes);
      const skipped = createDiff - attempted;
      if (skipped > 0) this.d.expectations.lowerCreations(key, skipped);
    }
    await Promise.all(
      remove.slice(0, deleteDiff).map(async (name) => {
        try {
          await this.d.podControl.delete(ds.metadata!.namespace!, name, ds);
        } catch (err) {
          this.d.expectations.deletionObserved(key);
          if (!isNotFound(err)) errors.push(err);
        }
      }),
    );
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new Error(errors.map((e) => String(e)).join('; '));
  }

  /** Upstream's `updateDaemonSetStatus`: counts over the claimed pods, written when changed. */
  private async updateStatus(
    ds: DaemonSet,
    selector: Selector,
    nodes: Node[],
    hash: string,
    updateObservedGen: boolean,
  ): Promise<ReconcileResult | void> {
    const byNode = await this.nodeToDaemonPods(ds, selector);
    const next = computeDaemonSetStatus(ds, nodes, byNode, hash, this.d.now());
    if (updateObservedGen) next.observedGeneration = ds.metadata?.generation;
    await storeDaemonSetStatus(this.d.dsClient, ds, next);
    // Recheck after minReadySeconds, against clock skew.
    const minReady = ds.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && next.numberReady !== next.numberAvailable) return { requeueAfterMs: minReady * 1000 };
  }
}

/** How many creates slow start attempted before stopping after `successes` (batches 1, 2, 4, …). */
function attemptedCount(total: number, successes: number): number {
  let started = 0;
  for (let batch = Math.min(total, 1); batch > 0; batch = Math.min(2 * batch, total - started)) {
    started += batch;
    if (started > successes) return started;
  }
  return started;
}

function namespaceTerminating(err: unknown): boolean {
  const details = (err as { details?: { causes?: { type?: string }[] } })?.details;
  return !!details?.causes?.some((c) => c.type === 'NamespaceTerminating');
}
