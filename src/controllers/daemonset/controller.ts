/**
 * The DaemonSet controller (upstream's `pkg/controller/daemon/daemon_controller.go`): one pod per
 * eligible node, pinned to it by node affinity for the scheduler to bind; pods on nodes that no
 * longer qualify are removed, failed pods replaced with backoff, and RollingUpdate / OnDelete
 * updates carried out against ControllerRevisions. Node events wake every DaemonSet the node
 * concerns; pod events wake the owner and settle its expectations.
 */
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { Controller, splitKey, type ReconcileResult } from '../../client/controller/controller.js';
import { isNotFound } from '../../machinery/errors.js';
import type { Selector } from '../../machinery/label-requirement.js';
import { selectorFromLabelSelector } from '../../machinery/label-selector.js';
import {
  claimObjects,
  ControllerExpectations,
  getControllerOf,
  isPodReady,
  newControllerRef,
  PodControl,
} from '../common/index.js';
import {
  clientOf,
  informerOf,
  RESOURCES,
  workersOf,
  type ControllerContext,
  type ControllerDescriptor,
} from '../context.js';
import { Backoff } from './backoff.js';
import { DaemonSetHistory } from './history.js';
import { nodeShouldRunDaemonPod } from './node-match.js';
import { DaemonSetSync } from './sync.js';

const KIND = { apiVersion: 'apps/v1', kind: 'DaemonSet' } as const;

/** The DaemonSet controller: `daemonset-controller`, `--concurrent-daemonset-syncs` (2) workers. */
export const daemonSetController: ControllerDescriptor = {
  name: 'daemonset-controller',
  aliases: ['daemonset'],
  init(ctx) {
    const c = new DaemonSetsController(ctx);
    return (signal) => c.run(workersOf(ctx, 'daemonset', 2), signal);
  },
};

/** Upstream's `BackoffGCInterval`. */
const BACKOFF_GC_INTERVAL_MS = 60_000;

class DaemonSetsController {
  private readonly sets;
  private readonly pods;
  private readonly nodes;
  private readonly revisions;
  private readonly dsClient;
  private readonly expectations: ControllerExpectations;
  private readonly backoff: Backoff;
  private readonly controller: Controller;
  private readonly syncer: DaemonSetSync;

  constructor(private readonly ctx: ControllerContext) {
    this.sets = informerOf<DaemonSet>(ctx, RESOURCES.daemonsets);
    this.pods = informerOf<Pod>(ctx, RESOURCES.pods);
    this.nodes = informerOf<Node>(ctx, RESOURCES.nodes);
    this.revisions = informerOf<ControllerRevision>(ctx, RESOURCES.controllerrevisions);
    this.dsClient = clientOf<DaemonSet>(ctx, RESOURCES.daemonsets);
    this.expectations = new ControllerExpectations(ctx.clock);
    this.backoff = new Backoff(ctx.clock);
    const podClient = clientOf<Pod>(ctx, RESOURCES.pods);
    const recorder = ctx.recorder('daemonset-controller');
    this.controller = new Controller({
      name: 'daemonset',
      reconcile: (key) => this.sync(key),
      metricsProvider: ctx.metricsProvider,
      clock: ctx.clock,
      onError: (key, err) => ctx.log.warn({ key, err: String(err) }, 'DaemonSet sync failed'),
    });
    const history = new DaemonSetHistory({
      revisions: clientOf<ControllerRevision>(ctx, RESOURCES.controllerrevisions),
      revisionLister: this.revisions.lister,
      daemonSets: this.dsClient,
      pods: podClient,
      podsOf: (ds) => this.claimPods(ds, selectorFromLabelSelector(ds.spec?.selector)),
      recheck: (ds) => this.recheck(ds),
    });
    this.syncer = new DaemonSetSync({
      podControl: new PodControl(podClient, recorder),
      recorder,
      dsClient: this.dsClient,
      expectations: this.expectations,
      backoff: this.backoff,
      history,
      claimPods: (ds, sel) => this.claimPods(ds, sel),
      enqueueAfter: (ds, ms) => this.enqueue(ds, ms),
      now: () => ctx.now(),
      log: ctx.log,
    });
    this.sets.addEventHandler({
      onAdd: (ds) => this.enqueue(ds),
      onUpdate: (_old, cur) => this.enqueue(cur),
      onDelete: (ds) => {
        this.expectations.delete(keyOf(ds));
        this.enqueue(ds);
      },
    });
    this.revisions.addEventHandler({
      onAdd: (r) => this.enqueueRevisionOwner(r, undefined),
      onUpdate: (old, cur) => this.enqueueRevisionOwner(cur, old),
      onDelete: (r) => this.enqueueOwner(r),
    });
    this.pods.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (pod) => this.deletePod(pod),
    });
    this.nodes.addEventHandler({
      onAdd: (node) => {
        for (const ds of this.sets.lister.list()) if (nodeShouldRunDaemonPod(node, ds).shouldRun) this.enqueue(ds);
      },
      onUpdate: (old, cur) => this.updateNode(old, cur),
    });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const gc = setInterval(() => this.backoff.gc(), BACKOFF_GC_INTERVAL_MS);
    gc.unref();
    try {
      await this.controller.run(workers, signal);
    } finally {
      clearInterval(gc);
    }
  }

  private enqueue(ds: DaemonSet, afterMs?: number): void {
    if (afterMs === undefined) this.controller.queue.add(keyOf(ds));
    else this.controller.queue.addAfter(keyOf(ds), afterMs);
  }

  private resolve(namespace: string | undefined, ref: OwnerReference): DaemonSet | undefined {
    if (ref.kind !== KIND.kind) return undefined;
    const ds = this.sets.lister.get(namespace, ref.name);
    return ds && ds.metadata?.uid === ref.uid ? ds : undefined;
  }

  /** DaemonSets in the object's namespace whose non-empty selector matches its labels. */
  private setsSelecting(obj: Pod | ControllerRevision): DaemonSet[] {
    return this.sets.lister.listInNamespace(obj.metadata?.namespace ?? '').filter((ds) => {
      try {
        const sel = selectorFromLabelSelector(ds.spec?.selector);
        return !sel.empty() && sel.matches(obj.metadata?.labels ?? {});
      } catch {
        return false;
      }
    });
  }

  private enqueueOwner(obj: Pod | ControllerRevision): DaemonSet | undefined {
    const ref = getControllerOf(obj);
    const ds = ref && this.resolve(obj.metadata?.namespace, ref);
    if (ds) this.enqueue(ds);
    return ds;
  }

  private enqueueRevisionOwner(cur: ControllerRevision, old: ControllerRevision | undefined): void {
    if (old && old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const curRef = getControllerOf(cur);
    const oldRef = old && getControllerOf(old);
    const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
    if (old && refChanged && oldRef) this.enqueueOwner(old);
    if (curRef) {
      this.enqueueOwner(cur);
      return;
    }
    const labelsChanged = !old || JSON.stringify(old.metadata?.labels) !== JSON.stringify(cur.metadata?.labels);
    if (labelsChanged || refChanged) for (const ds of this.setsSelecting(cur)) this.enqueue(ds);
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod);
    const ref = getControllerOf(pod);
    if (ref) {
      const ds = this.resolve(pod.metadata?.namespace, ref);
      if (!ds) return;
      this.expectations.creationObserved(keyOf(ds));
      this.enqueue(ds);
      return;
    }
    for (const ds of this.setsSelecting(pod)) this.enqueue(ds);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    // A pod being deleted gracefully counts as gone now: its replacement need not wait for the kubelet.
    if (cur.metadata?.deletionTimestamp) return this.deletePod(cur);
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
    if (refChanged && oldRef) this.enqueueOwner(old);
    if (curRef) {
      const ds = this.enqueueOwner(cur);
      const minReady = ds?.spec?.minReadySeconds ?? 0;
      // Add a second against millisecond skew, as upstream.
      if (ds && !isPodReady(old) && isPodReady(cur) && minReady > 0) this.enqueue(ds, minReady * 1000 + 1000);
      return;
    }
    const labelsChanged = JSON.stringify(cur.metadata?.labels ?? {}) !== JSON.stringify(old.metadata?.labels ?? {});
    if (labelsChanged || refChanged) for (const ds of this.setsSelecting(cur)) this.enqueue(ds);
  }

  private deletePod(pod: Pod): void {
    const ref = getControllerOf(pod);
    const ds = ref && this.resolve(pod.metadata?.namespace, ref);
    if (!ds) return;
    this.expectations.deletionObserved(keyOf(ds));
    this.enqueue(ds);
  }

  /** Upstream's `updateNode`: wakes the DaemonSets whose verdict on the node changed. */
  private updateNode(old: Node, cur: Node): void {
    if (shouldIgnoreNodeUpdate(old, cur)) return;
    for (const ds of this.sets.lister.list()) {
      const a = nodeShouldRunDaemonPod(old, ds);
      const b = nodeShouldRunDaemonPod(cur, ds);
      if (a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning) this.enqueue(ds);
    }
  }

  /** Upstream's `getDaemonPods`: the namespace's pods, adopted or released by the selector. */
  private claimPods(ds: DaemonSet, selector: Selector): Promise<Pod[]> {
    return claimObjects(this.pods.lister.listInNamespace(ds.metadata?.namespace ?? ''), {
      owner: ds,
      ref: newControllerRef(ds, KIND.apiVersion, KIND.kind),
      selector,
      client: clientOf<Pod>(this.ctx, RESOURCES.pods),
      recheckOwner: () => this.recheck(ds),
    });
  }

  private async recheck(ds: DaemonSet): Promise<DaemonSet | undefined> {
    try {
      const fresh = await this.dsClient.get(ds.metadata!.name!, { namespace: ds.metadata?.namespace });
      if (fresh.metadata?.uid !== ds.metadata?.uid || fresh.metadata?.deletionTimestamp) return undefined;
      return fresh;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async sync(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const cached = this.sets.lister.get(namespace, name);
    if (!cached) {
      this.expectations.delete(key);
      return;
    }
    const ds: DaemonSet = { ...structuredClone(cached), ...KIND };
    return this.syncer.sync(ds, key, this.nodes.lister.list());
  }
}

function keyOf(ds: DaemonSet): string {
  return `${ds.metadata?.namespace}/${ds.metadata?.name}`;
}

/**
 * Upstream's `shouldIgnoreNodeUpdate`: nothing but the resourceVersion and conditions changed, and
 * the set of True conditions is the same.
 */
export function shouldIgnoreNodeUpdate(old: Node, cur: Node): boolean {
  const trueTypes = (n: Node) =>
    (n.status?.conditions ?? [])
      .filter((c) => c.status === 'True')
      .map((c) => c.type)
      .sort()
      .join();
  if (trueTypes(old) !== trueTypes(cur)) return false;
  const strip = (n: Node) => ({
    ...n,
    metadata: { ...n.metadata, resourceVersion: undefined },
    status: { ...n.status, conditions: undefined },
  });
  return JSON.stringify(strip(old)) === JSON.stringify(strip(cur));
}
