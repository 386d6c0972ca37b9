/**
 * `node-lifecycle-controller` (upstream's `pkg/controller/nodelifecycle`): watches kubelets'
 * heartbeats (node status and Lease), marks silent nodes Unknown, keeps the condition NoSchedule
 * taints in step with the conditions (lifting the `not-ready` taint the apiserver puts on new
 * nodes), puts rate-limited NoExecute taints on nodes that stay not Ready (the taint eviction
 * controller then evicts their pods), and marks pods of not-Ready nodes not ready.
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { Controller, splitKey } from '../../client/controller/controller.js';
import { metaNamespaceKey } from '../../client/informers/store.js';
import { RESOURCES, clientOf, informerOf, type ControllerContext, type ControllerDescriptor } from '../context.js';
import { getNodeCondition } from './health.js';
import { NodeHealthMonitor } from './monitor.js';
import { betaLabelUpdates, noScheduleTaintChanges } from './taints.js';
import { defaultNodeLifecycleTuning, type NodeLifecycleTuning } from './tuning.js';
import { ensurePodNodeNameIndex, until } from './util.js';
import { markPodsNotReady, swapNodeTaints } from './writes.js';

/** The event source of upstream's node lifecycle controller. */
export const NODE_CONTROLLER_COMPONENT = 'node-controller';

function init(ctx: ControllerContext, tuning: NodeLifecycleTuning): (signal: AbortSignal) => Promise<void> {
  const log = ctx.log.child({ controller: 'node-lifecycle-controller' });
  const nodes = informerOf<Node>(ctx, RESOURCES.nodes);
  const leases = informerOf<Lease>(ctx, RESOURCES.leases);
  const pods = informerOf<Pod>(ctx, RESOURCES.pods);
  ensurePodNodeNameIndex(pods);
  const nodeClient = clientOf<Node>(ctx, RESOURCES.nodes);
  const podClient = clientOf<Pod>(ctx, RESOURCES.pods);
  const recorder = ctx.recorder(NODE_CONTROLLER_COMPONENT);
  const monitor = new NodeHealthMonitor({ ctx, tuning, nodes, leases, pods, nodeClient, podClient, recorder, log });

  // The NoSchedule pass (upstream's doNoScheduleTaintingPass), by node name on every node change.
  const noSchedule = new Controller({
    name: 'node_lifecycle_controller',
    metricsProvider: ctx.metricsProvider,
    clock: ctx.clock,
    onError: (key, err) => log.warn({ node: key, err }, 'Failed to taint NoSchedule on node, requeue it'),
    async reconcile(name) {
      const node = nodes.lister.get(undefined, name);
      if (!node) return;
      const { add, remove } = noScheduleTaintChanges(node);
      if (add.length || remove.length) await swapNodeTaints(nodeClient, name, node, add, remove, ctx.now());
      const labels = betaLabelUpdates(node);
      if (labels) await nodeClient.patch(name, 'merge', { metadata: { labels } });
    },
  });
  nodes.addEventHandler({
    onAdd: (n) => noSchedule.queue.add(n.metadata!.name!),
    onUpdate: (_, n) => noSchedule.queue.add(n.metadata!.name!),
  });

  // Pods newly bound to a node that is not Ready are marked not ready at once (upstream's processPod).
  const podUpdates = new Controller({
    name: 'node_lifecycle_controller_pods',
    metricsProvider: ctx.metricsProvider,
    clock: ctx.clock,
    onError: (key, err) => log.warn({ pod: key, err }, 'Unable to mark pod NotReady on node'),
    async reconcile(key) {
      const { namespace, name } = splitKey(key);
      const pod = pods.lister.get(namespace, name);
      const nodeName = pod?.spec?.nodeName;
      if (!pod || !nodeName) return;
      const health = monitor.health.get(nodeName);
      // Not yet seen by the monitor: its next pass handles the node's pods.
      if (!health || !nodes.lister.get(undefined, nodeName)) return;
      const ready = getNodeCondition(health.status, 'Ready');
      if (!ready || ready.status === 'True') return;
      await markPodsNotReady(podClient, recorder, [pod], nodeName, ctx.now());
    },
  });
  pods.addEventHandler({
    onAdd: (p) => {
      if (p.spec?.nodeName) podUpdates.queue.add(metaNamespaceKey(p));
    },
    onUpdate: (old, p) => {
      if (p.spec?.nodeName && p.spec.nodeName !== old.spec?.nodeName) podUpdates.queue.add(metaNamespaceKey(p));
    },
  });

  return async (signal) => {
    const onError = (what: string) => (err: unknown) => log.error({ err }, what);
    await Promise.all([
      noSchedule.run(tuning.noScheduleWorkers, signal),
      podUpdates.run(tuning.podUpdateWorkers, signal),
      until(
        ctx.clock,
        tuning.evictionPeriodMs,
        signal,
        () => monitor.noExecuteTaintingPass(),
        onError('NoExecute tainting pass'),
      ),
      until(
        ctx.clock,
        ctx.options.nodeMonitorPeriodMs,
        signal,
        () => monitor.monitorNodeHealth(),
        onError('Error monitoring node health'),
      ),
    ]);
  };
}

/**
 * The node lifecycle controller with `overrides` over upstream's defaults for the settings
 * `ControllerOptions` does not carry (rates, thresholds, the tainting period).
 */
export function newNodeLifecycleController(overrides: Partial<NodeLifecycleTuning> = {}): ControllerDescriptor {
  const tuning = { ...defaultNodeLifecycleTuning(), ...overrides };
  return {
    name: 'node-lifecycle-controller',
    aliases: ['nodelifecycle'],
    init: (ctx) => init(ctx, tuning),
  };
}

/** `node-lifecycle-controller` with upstream's defaults. */
export const nodeLifecycleController: ControllerDescriptor = newNodeLifecycleController();
