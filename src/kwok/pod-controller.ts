/**
 * The pods of the managed nodes, as their kubelets would run them: a pod bound to a live managed
 * node is started at once (running status, an address from its node's pool), completed when its
 * annotations ask, and, once its deletion is requested, finished with grace period 0 and its
 * address freed. Pods on a node whose heartbeat is stopped are left alone. Informer handlers only
 * enqueue `namespace/name`; `reconcile` reads the pod from the informer's cache and acts on
 * `podAction`.
 */
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { Controller, type ReconcileResult, splitKey } from '../client/controller/controller.js';
import type { SharedIndexInformer, EventHandler } from '../client/informers/shared-informer.js';
import type { Clock } from '../client/workqueue/clock.js';
import { isConflict, isNotFound } from '../machinery/errors.js';
import type { KwokApi } from './api.js';
import type { ManagedNodes, NodeState } from './node-state.js';
import { podAction } from './pod-action.js';
import { podCompletedStatus, podRunningStatus } from './pod.js';
import { runningConditions } from './pod-conditions.js';
import { rfc3339 } from './time.js';

/** The pod informer's index of pods by `spec.nodeName`. */
export const POD_NODE_INDEX = 'spec.nodeName';

/** Index function for POD_NODE_INDEX. */
export function podNodeIndex(pod: Pod): string[] {
  const node = pod.spec?.nodeName;
  return node ? [node] : [];
}

export interface PodControllerOptions {
  api: KwokApi;
  nodes: ManagedNodes;
  /** Pods bound to nodes, indexed by POD_NODE_INDEX. */
  informer: SharedIndexInformer<Pod>;
  /** Wall time for status timestamps and completion delays. */
  clock: Clock;
  /** Time of the work queue's delays and backoff; the process clock when unset. */
  queueClock?: Clock;
  workers: number;
  log: Logger;
}

/** Runs the managed nodes' pods. */
export class PodController {
  readonly controller: Controller;

  constructor(private readonly opts: PodControllerOptions) {
    this.controller = new Controller({
      name: 'kwok-pod',
      reconcile: (key) => this.reconcile(key),
      clock: opts.queueClock,
      onError: (key, err) =>
        opts.log.warn({ pod: key, err: (err as Error)?.message ?? String(err) }, 'syncing pod failed; will retry'),
    });
  }

  /** Handlers for the pod informer: enqueue pods on managed nodes; free a deleted pod's address. */
  handlers(): EventHandler<Pod> {
    return {
      onAdd: (pod) => this.enqueueIfManaged(pod),
      onUpdate: (_old, pod) => this.enqueueIfManaged(pod),
      onDelete: (pod) => {
        this.opts.nodes.releasePod(pod);
      },
    };
  }

  /** Enqueues every pod bound to node `name` (it became managed, or its heartbeat resumed). */
  enqueueNode(name: string): void {
    for (const pod of this.podsOn(name)) this.controller.enqueue(pod);
  }

  /** Reserves the addresses of the pods running on node `name` in its (new) pool. */
  reserveNode(name: string): number {
    let n = 0;
    for (const pod of this.podsOn(name)) if (this.opts.nodes.reservePod(pod)) n++;
    return n;
  }

  /**
   * Rebuilds every pool from the pods already running (call once both informers have synced and
   * before `run`), so that a restarted kwok never hands out an address a pod holds. Returns how
   * many addresses were reserved.
   */
  rebuild(): number {
    let n = 0;
    for (const name of [...this.opts.nodes.names()]) n += this.reserveNode(name);
    return n;
  }

  /** Runs the workers until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(this.opts.workers, signal);
  }

  private podsOn(node: string): Pod[] {
    return this.opts.informer.indexer.byIndex(POD_NODE_INDEX, node);
  }

  private enqueueIfManaged(pod: Pod): void {
    if (this.opts.nodes.get(pod.spec?.nodeName ?? '')) this.controller.enqueue(pod);
  }

  /** One pod, level-based: what `podAction` says, written through the API. */
  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const pod = this.opts.informer.lister.get(namespace, name);
    if (!pod) return;
    const { nodes, api } = this.opts;
    const node = nodes.get(pod.spec?.nodeName ?? '');
    const now = this.opts.clock.now();
    const action = podAction(pod, node, now);
    switch (action.kind) {
      case 'ignore':
        return;
      case 'release':
        nodes.releasePod(pod);
        return;
      case 'finish-deletion':
        try {
          await api.finishPodDeletion(namespace, name, pod.metadata?.uid);
        } catch (err) {
          // Gone already, or a new pod of the same name (the uid precondition): nothing to finish.
          if (!isNotFound(err) && !isConflict(err)) throw err;
        }
        nodes.releasePod(pod);
        return;
      case 'start': {
        const hostIP = node!.hostIP;
        const podIP = pod.spec?.hostNetwork ? hostIP : this.addressOf(pod, node!);
        await this.writeStatus(pod, podRunningStatus(pod, { now, podIP, hostIP }));
        return;
      }
      case 'resync':
        nodes.reservePod(pod);
        await this.writeStatus(pod, { conditions: runningConditions(pod, rfc3339(now)) });
        return;
      case 'complete':
        await this.writeStatus(pod, podCompletedStatus(pod, action.phase, now));
        nodes.releasePod(pod);
        return;
      case 'running':
        nodes.reservePod(pod);
        return action.requeueAfterMs === undefined ? undefined : { requeueAfterMs: action.requeueAfterMs };
    }
  }

  /** The address the pod keeps (one it already shows, if still free) or a new one from the pool. */
  private addressOf(pod: Pod, node: NodeState): string {
    const uid = pod.metadata?.uid ?? '';
    const prior = pod.status?.podIP;
    if (prior && node.allocator.reserve(uid, prior)) return prior;
    return node.allocator.allocate(uid);
  }

  private async writeStatus(pod: Pod, status: PodStatus): Promise<void> {
    const meta = pod.metadata ?? {};
    try {
      await this.opts.api.patchPodStatus(meta.namespace ?? '', meta.name ?? '', meta.resourceVersion, status);
    } catch (err) {
      // Deleted meanwhile: its delete event frees the address.
      if (!isNotFound(err)) throw err;
    }
  }
}
