/**
 * The heartbeats of every managed node, as each node's kubelet would send them: its Lease in
 * `kube-node-lease` renewed every `leaseRenewIntervalMs`, and its status conditions posted when
 * they differ from a live kubelet's or every `nodeStatusReportFrequencyMs`. One BucketTicker
 * spreads the renewals over the period; two work queues (leases, statuses) carry the writes, so a
 * slow apiserver delays heartbeats without piling them up (a queued node is queued once). The
 * lease queue has a worker per node, as every kubelet renews its own Lease: a slow answer to one
 * node's renewal must not hold back the others' (with a few workers, answers of 200 ms stretched
 * 5,000 nodes' renewals to every 35 s, near the node lifecycle controller's 50 s grace).
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { Controller } from '../client/controller/controller.js';
import { type Clock, realClock } from '../client/workqueue/clock.js';
import { isAlreadyExists, isConflict, isNotFound } from '../machinery/errors.js';
import type { KwokApi } from './api.js';
import { buildNodeLease, renewLease } from './lease.js';
import { heartbeatConditions } from './node.js';
import { type ManagedNodes, type ObserveResult, heartbeatEnabled, needsStatusUpdate } from './node-state.js';
import { BucketTicker } from './ticker.js';

export interface NodeControllerOptions {
  api: KwokApi;
  nodes: ManagedNodes;
  /** The node informer's cached copy of a node. */
  getNode(name: string): Node | undefined;
  /** Wall time, for the timestamps written (renewTime, lastHeartbeatTime). */
  clock: Clock;
  /** Monotonic time of the ticker and the queues' backoff; the process clock when unset. */
  queueClock?: Clock;
  leaseRenewIntervalMs: number;
  nodeStatusReportFrequencyMs: number;
  /** Workers of the node-status queue. */
  workers: number;
  /** Workers of the lease queue: the number of nodes, so that each renews on its own. */
  leaseWorkers: number;
  log: Logger;
}

/** Keeps managed nodes heartbeating; feed it the node informer's events through `observe`/`forget`. */
export class NodeController {
  readonly leases: Controller;
  readonly statuses: Controller;
  readonly ticker: BucketTicker;
  /** The last Lease the server returned per node: the next renewal's base. */
  private readonly leaseCache = new Map<string, Lease>();
  private readonly lastPostedAt = new Map<string, number>();
  private readonly leaseInFlight = new Map<string, Promise<void>>();

  constructor(private readonly opts: NodeControllerOptions) {
    const onError = (what: string) => (key: string, err: unknown) =>
      opts.log.warn({ node: key, err: (err as Error)?.message ?? String(err) }, `${what} failed; will retry`);
    this.leases = new Controller({
      name: 'kwok-node-lease',
      reconcile: (name) => this.syncLease(name),
      clock: opts.queueClock,
      onError: onError('renewing lease'),
    });
    this.statuses = new Controller({
      name: 'kwok-node-status',
      reconcile: (name) => this.syncStatus(name),
      clock: opts.queueClock,
      onError: onError('updating node status'),
    });
    this.ticker = new BucketTicker({
      periodMs: opts.leaseRenewIntervalMs,
      // Monotonic: a wall clock stepped back must not stall every heartbeat.
      clock: opts.queueClock ?? realClock,
      onDue: (names) => this.onDue(names),
    });
  }

  /**
   * Takes in a node the informer added or updated: a managed node joins the ticker; one whose
   * heartbeat just resumed has its Lease renewed and status posted at once; one whose conditions a
   * live kubelet would correct gets its status posted. Returns what changed.
   */
  observe(node: Node): ObserveResult {
    const result = this.opts.nodes.observe(node);
    const name = node.metadata?.name ?? '';
    if (!result.state) {
      this.drop(name);
      return result;
    }
    this.ticker.add(name);
    if (!result.state.heartbeat) return result;
    if (result.resumed) this.leases.queue.add(name);
    if (result.resumed || this.statusDue(node)) this.statuses.queue.add(name);
    return result;
  }

  /** Forgets a deleted node. */
  forget(name: string): void {
    this.opts.nodes.forget(name);
    this.drop(name);
  }

  /**
   * The registration step after the Node exists: its Lease created (or an existing one renewed),
   * and its status posted when it is not already a live node's. Nothing for a stopped node.
   * `existing`: the Node was there before (its Lease probably is too: read it first).
   */
  async heartbeatNow(node: Node, existing = false): Promise<void> {
    const name = node.metadata?.name ?? '';
    const state = this.opts.nodes.get(name);
    if (!(state ? state.heartbeat : heartbeatEnabled(node))) return;
    await this.ensureLease(name, node.metadata?.uid ?? '', existing);
    // Renewed next one interval from now, as a kubelet after registering (not at the ticker's
    // next pass over its bucket, up to an interval early).
    this.ticker.pushBack(name);
    await this.postStatusIfDue(node);
  }

  /** Runs the ticker and both queues' workers until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    this.ticker.start(signal);
    await Promise.all([this.leases.run(this.opts.leaseWorkers, signal), this.statuses.run(this.opts.workers, signal)]);
  }

  private drop(name: string): void {
    this.ticker.remove(name);
    this.leaseCache.delete(name);
    this.lastPostedAt.delete(name);
  }

  private statusDue(node: Node): boolean {
    const name = node.metadata?.name ?? '';
    const now = this.opts.clock.now();
    return needsStatusUpdate(node, now, this.opts.nodeStatusReportFrequencyMs, this.lastPostedAt.get(name));
  }

  private onDue(names: readonly string[]): void {
    for (const name of names) {
      if (!this.opts.nodes.get(name)?.heartbeat) continue;
      this.leases.queue.add(name);
      const node = this.opts.getNode(name);
      if (node && this.statusDue(node)) this.statuses.queue.add(name);
    }
  }

  private async syncLease(name: string): Promise<void> {
    const state = this.opts.nodes.get(name);
    if (!state?.heartbeat) return;
    const inFlight = this.leaseInFlight.get(name);
    if (inFlight) return inFlight;
    const cached = this.leaseCache.get(name);
    if (!cached) return this.ensureLease(name, state.uid, true);
    try {
      this.leaseCache.set(name, await this.opts.api.updateLease(renewLease(cached, this.opts.clock.now(), state.uid)));
    } catch (err) {
      // Someone else wrote it, or it was deleted: start over from the server's copy, as the kubelet does.
      if (!isConflict(err) && !isNotFound(err)) throw err;
      this.leaseCache.delete(name);
      await this.ensureLease(name, state.uid, true);
    }
  }

  /**
   * Creates the node's Lease, or renews the one that exists (read first when `existing`). One at a
   * time per node: registration and the ticker may both ask, and two would conflict.
   */
  private ensureLease(name: string, uid: string, existing: boolean): Promise<void> {
    const running = this.leaseInFlight.get(name);
    if (running) return running;
    const p = this.createOrRenewLease(name, uid, existing).finally(() => this.leaseInFlight.delete(name));
    this.leaseInFlight.set(name, p);
    return p;
  }

  private async createOrRenewLease(name: string, uid: string, existing: boolean): Promise<void> {
    const { api, clock } = this.opts;
    if (existing) {
      try {
        const current = await api.getLease(name);
        this.leaseCache.set(name, await api.updateLease(renewLease(current, clock.now(), uid || undefined)));
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    try {
      this.leaseCache.set(name, await api.createLease(buildNodeLease(name, uid || undefined, clock.now())));
      return;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    const current = await api.getLease(name);
    this.leaseCache.set(name, await api.updateLease(renewLease(current, clock.now(), uid || undefined)));
  }

  private async syncStatus(name: string): Promise<void> {
    if (!this.opts.nodes.get(name)?.heartbeat) return;
    const node = this.opts.getNode(name);
    if (node) await this.postStatusIfDue(node);
  }

  private async postStatusIfDue(node: Node): Promise<void> {
    const name = node.metadata?.name ?? '';
    if (!this.statusDue(node)) return;
    const now = this.opts.clock.now();
    try {
      await this.opts.api.patchNodeStatus(name, heartbeatConditions(node.status?.conditions, now, true));
      this.lastPostedAt.set(name, now);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
