/**
 * The node health monitor of the node lifecycle controller (upstream's `monitorNodeHealth`,
 * `tryUpdateNodeHealth`, `processTaintBaseEviction`, `handleDisruption` and
 * `doNoExecuteTaintingPass`). It keeps, per node, what it last saw and when; marks silent nodes'
 * conditions Unknown; queues not-Ready nodes for their NoExecute taint in a per-zone rate-limited
 * queue; and marks the pods of nodes that stop being Ready as not ready.
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, NodeCondition, Pod, Taint } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import type { EventRecorder } from '../../client/events/index.js';
import type { SharedIndexInformer } from '../../client/informers/shared-informer.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import type { ControllerContext } from '../context.js';
import { getNodeCondition, observeNode, sameCondition, silentNodeConditions, type NodeHealth } from './health.js';
import { NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE, taintExists } from './taints.js';
import type { NodeLifecycleTuning } from './tuning.js';
import { POD_NODE_NAME_INDEX, parallelize } from './util.js';
import { markPodsNotReady, recordNodeEvent, recordNodeStatusChange, rfc3339, swapNodeTaints } from './writes.js';
import {
  LABEL_EXCLUDE_DISRUPTION,
  RateLimitedTimedQueue,
  computeZoneState,
  zoneKey,
  zoneRate,
  type ZoneState,
} from './zones.js';

/** The namespace of the kubelets' heartbeat Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface MonitorDeps {
  ctx: ControllerContext;
  tuning: NodeLifecycleTuning;
  nodes: SharedIndexInformer<Node>;
  leases: SharedIndexInformer<Lease>;
  pods: SharedIndexInformer<Pod>;
  nodeClient: ResourceClient<Node>;
  podClient: ResourceClient<Pod>;
  recorder: EventRecorder;
  log: Logger;
}

/** The health monitor's state and passes; one per controller. */
export class NodeHealthMonitor {
  private readonly known = new Map<string, Node>();
  /** Last observed health by node name (read by the pod update path too). */
  readonly health = new Map<string, NodeHealth>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, RateLimitedTimedQueue>();
  private readonly nodesToRetry = new Set<string>();

  constructor(private readonly d: MonitorDeps) {}

  /** The pods bound to `nodeName`, from the cache. */
  podsOn(nodeName: string): Pod[] {
    return this.d.pods.indexer.byIndex(POD_NODE_NAME_INDEX, nodeName);
  }

  private tainter(zone: string): RateLimitedTimedQueue {
    let q = this.tainters.get(zone);
    if (!q) {
      q = new RateLimitedTimedQueue(this.d.ctx.options.nodeEvictionRate, () => this.d.ctx.clock.now());
      this.tainters.set(zone, q);
    }
    return q;
  }

  private addEvictorForNewZone(node: Node): void {
    const zone = zoneKey(node);
    if (this.zoneStates.has(zone)) return;
    this.zoneStates.set(zone, 'Initial');
    this.tainter(zone);
  }

  /** One pass over every node (upstream's `monitorNodeHealth`). */
  async monitorNodeHealth(): Promise<void> {
    const nodes = this.d.nodes.lister.list();
    const names = new Set(nodes.map((n) => n.metadata!.name!));
    for (const node of nodes) {
      const name = node.metadata!.name!;
      if (this.known.has(name)) {
        this.addEvictorForNewZone(node);
        continue;
      }
      recordNodeEvent(this.d.recorder, node, 'Normal', 'RegisteredNode', `Registered Node ${name} in Controller`);
      this.known.set(name, node);
      this.addEvictorForNewZone(node);
      await this.markNodeAsReachable(node);
    }
    for (const [name, node] of this.known) {
      if (names.has(name)) continue;
      recordNodeEvent(this.d.recorder, node, 'Normal', 'RemovingNode', `Removing Node ${name} from Controller`);
      this.known.delete(name);
      this.health.delete(name);
      this.nodesToRetry.delete(name);
      this.tainter(zoneKey(node)).remove(name);
    }
    const zoneConditions = new Map<string, (NodeCondition | undefined)[]>();
    await parallelize(nodes, this.d.tuning.nodeUpdateWorkers, (n) => this.checkNode(n, zoneConditions));
    await this.handleDisruption(zoneConditions, nodes);
  }

  private async checkNode(cached: Node, zoneConditions: Map<string, (NodeCondition | undefined)[]>): Promise<void> {
    const name = cached.metadata!.name!;
    // Read as the informer holds it (nothing below changes it; writes send new objects): a copy of
    // every node on every pass cost the controller manager more than the rest of the pass.
    let node: Node = cached;
    let result: Awaited<ReturnType<NodeHealthMonitor['tryUpdateNodeHealth']>> | undefined;
    for (let attempt = 0; attempt < this.d.tuning.nodeHealthUpdateRetry && !result; attempt++) {
      try {
        result = await this.tryUpdateNodeHealth(node);
      } catch (err) {
        this.d.log.warn({ node: name, err }, 'Error updating node');
        try {
          node = await this.d.nodeClient.get(name);
        } catch {
          this.d.log.warn({ node: name }, 'Failed while getting a Node to retry updating node health');
          return;
        }
      }
    }
    if (!result) {
      this.d.log.error(
        { node: name },
        'Update health of Node from Controller error, Skipping - no pods will be evicted',
      );
      return;
    }
    const { observedReady, currentReady } = result;
    node = result.node;
    if (node.metadata?.labels?.[LABEL_EXCLUDE_DISRUPTION] === undefined) {
      const zone = zoneKey(node);
      const list = zoneConditions.get(zone) ?? [];
      list.push(currentReady);
      zoneConditions.set(zone, list);
    }
    if (currentReady) {
      await this.processTaintBaseEviction(node, observedReady);
      const becameNotReady = currentReady.status !== 'True' && observedReady.status === 'True';
      if (becameNotReady) recordNodeStatusChange(this.d.recorder, node, 'NodeNotReady');
      if (becameNotReady || (this.nodesToRetry.has(name) && observedReady.status !== 'True')) {
        try {
          await markPodsNotReady(this.d.podClient, this.d.recorder, this.podsOn(name), name, this.d.ctx.now());
        } catch (err) {
          this.d.log.warn({ node: name, err }, 'unable to mark all pods NotReady; queuing for retry');
          this.nodesToRetry.add(name);
          return;
        }
      }
    }
    this.nodesToRetry.delete(name);
  }

  /**
   * Observes `node` and, when it has been silent past its grace period, writes its conditions as
   * Unknown through `nodes/status` (throws on a failed write, e.g. a Conflict).
   */
  private async tryUpdateNodeHealth(
    node: Node,
  ): Promise<{ node: Node; observedReady: NodeCondition; currentReady: NodeCondition | undefined }> {
    const name = node.metadata!.name!;
    const { ctx } = this.d;
    const lease = this.d.leases.lister.get(NODE_LEASE_NAMESPACE, name);
    const obs = observeNode(
      this.health.get(name),
      node,
      lease,
      { mono: ctx.clock.now(), wall: ctx.now() },
      { monitorMs: ctx.options.nodeMonitorGracePeriodMs, startupMs: ctx.options.nodeStartupGracePeriodMs },
    );
    this.health.set(name, obs.health);
    if (!(ctx.clock.now() > obs.health.probeTimestamp + obs.gracePeriodMs)) {
      return { node, observedReady: obs.observedReady, currentReady: obs.currentReady };
    }
    const conditions = silentNodeConditions(node, rfc3339(ctx.now()));
    const currentReady = conditions.find((c) => c.type === 'Ready');
    if (sameCondition(currentReady, obs.observedReady)) {
      return { node, observedReady: obs.observedReady, currentReady: obs.currentReady };
    }
    const updated = await this.d.nodeClient.updateStatus({
      ...node,
      apiVersion: 'v1',
      kind: 'Node',
      status: { ...node.status, conditions },
    });
    this.health.set(name, {
      status: updated.status ?? {},
      probeTimestamp: obs.health.probeTimestamp,
      readyTransitionTimestamp: ctx.clock.now(),
      leaseRenewTime: lease?.spec?.renewTime ?? obs.health.leaseRenewTime,
    });
    return { node: updated, observedReady: obs.observedReady, currentReady: getNodeCondition(updated.status, 'Ready') };
  }

  private async swap(node: Node, add: Taint[], remove: Taint[]): Promise<boolean> {
    try {
      return await swapNodeTaints(this.d.nodeClient, node.metadata!.name!, node, add, remove, this.d.ctx.now());
    } catch (err) {
      this.d.log.warn({ node: node.metadata?.name, err }, 'unable to swap taints of node');
      return false;
    }
  }

  /** Upstream's `processTaintBaseEviction`: queue for, swap, or lift the NoExecute taints. */
  private async processTaintBaseEviction(node: Node, observedReady: NodeCondition): Promise<void> {
    const taints = node.spec?.taints;
    switch (observedReady.status) {
      case 'False':
        if (taintExists(taints, UNREACHABLE_NO_EXECUTE))
          await this.swap(node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]);
        else this.markNodeForTainting(node, 'False');
        break;
      case 'Unknown':
        if (taintExists(taints, NOT_READY_NO_EXECUTE))
          await this.swap(node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]);
        else this.markNodeForTainting(node, 'Unknown');
        break;
      case 'True':
        await this.markNodeAsReachable(node);
        break;
    }
  }

  private markNodeForTainting(node: Node, status: 'False' | 'Unknown'): boolean {
    const q = this.tainter(zoneKey(node));
    const name = node.metadata!.name!;
    const want = status === 'False' ? NOT_READY_NO_EXECUTE : UNREACHABLE_NO_EXECUTE;
    if (!taintExists(node.spec?.taints, want)) q.remove(name);
    return q.add(name, node.metadata?.uid ?? '');
  }

  private async markNodeAsReachable(node: Node): Promise<boolean> {
    await this.swap(node, [], [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE]);
    return this.tainter(zoneKey(node)).remove(node.metadata!.name!);
  }

  /** Upstream's `doNoExecuteTaintingPass`: taints the queued nodes, as each zone's limiter allows. */
  async noExecuteTaintingPass(): Promise<void> {
    for (const q of [...this.tainters.values()]) {
      await q.try(async (name) => {
        const node = this.d.nodes.lister.get(undefined, name);
        if (!node) return { done: true };
        const ready = getNodeCondition(node.status, 'Ready');
        if (!ready) return { done: false, retryAfterMs: 50 };
        // Unreachable and not-ready mirror the Ready condition, so they exclude each other.
        if (ready.status === 'False')
          return { done: await this.swap(node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]) };
        if (ready.status === 'Unknown')
          return { done: await this.swap(node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]) };
        return { done: true };
      });
    }
  }

  /** Upstream's `handleDisruption`: zone states and their tainting rates. */
  private async handleDisruption(zoneConditions: Map<string, (NodeCondition | undefined)[]>, nodes: Node[]) {
    const { ctx, tuning } = this.d;
    const rates = {
      primary: ctx.options.nodeEvictionRate,
      secondary: tuning.secondaryNodeEvictionRate,
      largeClusterThreshold: tuning.largeClusterSizeThreshold,
    };
    const newStates = new Map<string, ZoneState>();
    let allAreFully = true;
    for (const [zone, conds] of zoneConditions) {
      const { state } = computeZoneState(conds, tuning.unhealthyZoneThreshold);
      if (state !== 'FullDisruption') allAreFully = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    let allWasFully = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') allWasFully = false;
    }
    if (allAreFully && allWasFully) return;
    if (allAreFully) {
      // Every zone is down: more likely this controller lost the network than every node died.
      this.d.log.info('Controller detected that all Nodes are not-Ready. Entering master disruption mode');
      for (const node of nodes) await this.markNodeAsReachable(node);
      for (const zone of this.zoneStates.keys()) {
        this.tainter(zone).swapLimiter(0);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWasFully) {
      this.d.log.info('Controller detected that some Nodes are Ready. Exiting master disruption mode');
      // Nodes get a fresh grace period: their silence was the controller's.
      const now = ctx.clock.now();
      for (const node of nodes) {
        const h = this.health.get(node.metadata!.name!);
        if (h) this.health.set(node.metadata!.name!, { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
      }
    }
    for (const [zone, state] of this.zoneStates) {
      const next = newStates.get(zone)!;
      if (!allWasFully && state === next) continue;
      this.tainter(zone).swapLimiter(zoneRate(next, zoneConditions.get(zone)!.length, rates));
      this.zoneStates.set(zone, next);
    }
  }
}
