/**
 * `node-ipam-controller` with upstream's RangeAllocator (`pkg/controller/nodeipam/ipam`): with
 * `--allocate-node-cidrs` and a `--cluster-cidr`, every Node gets a `spec.podCIDR`/`podCIDRs`
 * block of `--node-cidr-mask-size`. The blocks nodes already hold are marked used before any is
 * handed out; a deleted node's block is released. When the range is exhausted the node gets the
 * `CIDRNotAvailable` event and a NetworkUnavailable condition (a k8ts addition: the node is then
 * tainted network-unavailable instead of silently lacking pod networking), and it is tried again
 * when some block is released.
 */
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';
import { Controller } from '../../client/controller/controller.js';
import {
  RESOURCES,
  clientOf,
  informerOf,
  workersOf,
  type ControllerContext,
  type ControllerDescriptor,
} from '../context.js';
import { CidrSet } from './cidr-set.js';

/** The event source of upstream's range allocator. */
export const CIDR_ALLOCATOR_COMPONENT = 'cidrAllocator';

/** Reason of the NetworkUnavailable condition this controller sets and later clears. */
export const CIDR_NOT_AVAILABLE = 'CIDRNotAvailable';

function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The node's conditions with NetworkUnavailable set to `status` (reason and message as given),
 * or undefined when nothing would change. Clearing (`False`) only touches a condition this
 * controller set, so a network plugin's own condition is left alone.
 */
export function withNetworkCondition(
  node: Node,
  status: 'True' | 'False',
  reason: string,
  message: string,
  nowIso: string,
): NodeCondition[] | undefined {
  const conditions = [...(node.status?.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === 'NetworkUnavailable');
  const old = i >= 0 ? conditions[i] : undefined;
  if (status === 'False' && old?.reason !== CIDR_NOT_AVAILABLE) return undefined;
  if (old && old.status === status && old.reason === reason) return undefined;
  const next: NodeCondition = {
    type: 'NetworkUnavailable',
    status,
    reason,
    message,
    lastHeartbeatTime: nowIso,
    lastTransitionTime: old?.status === status ? old.lastTransitionTime : nowIso,
  };
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
  return conditions;
}

function init(ctx: ControllerContext): (signal: AbortSignal) => Promise<void> {
  const log = ctx.log.child({ controller: 'node-ipam-controller' });
  const { allocateNodeCIDRs, clusterCIDR, nodeCIDRMaskSize } = ctx.options;
  if (!allocateNodeCIDRs || !clusterCIDR) {
    return async () => log.info('--allocate-node-cidrs is false or --cluster-cidr is empty: node IPAM is off');
  }
  // Only the first (IPv4) cluster CIDR is served; a second family is not.
  const first = clusterCIDR.split(',')[0].trim();
  let set: CidrSet;
  try {
    set = new CidrSet(first, nodeCIDRMaskSize);
  } catch (err) {
    return async () => log.error({ err, clusterCIDR }, 'node IPAM cannot start');
  }
  const nodes = informerOf<Node>(ctx, RESOURCES.nodes);
  const nodeClient = clientOf<Node>(ctx, RESOURCES.nodes);
  const recorder = ctx.recorder(CIDR_ALLOCATOR_COMPONENT);
  /** The blocks this allocator counts as held, by node name. */
  const held = new Map<string, string[]>();
  const ref = (node: Node) => ({ apiVersion: 'v1', kind: 'Node', name: node.metadata!.name!, uid: node.metadata?.uid });

  const occupy = (name: string, cidrs: string[]) => {
    for (const c of held.get(name) ?? []) if (!cidrs.includes(c)) set.release(c);
    for (const c of cidrs) set.occupy(c);
    held.set(name, cidrs);
  };
  const release = (name: string) => {
    const cidrs = held.get(name);
    if (!cidrs) return;
    held.delete(name);
    for (const c of cidrs) set.release(c);
    // Nodes that found the range full may fit now.
    for (const n of nodes.lister.list()) if (!n.spec?.podCIDRs?.length) controller.queue.add(n.metadata!.name!);
  };
  const setNetworkCondition = async (node: Node, status: 'True' | 'False', reason: string, message: string) => {
    const conditions = withNetworkCondition(node, status, reason, message, rfc3339(ctx.now()));
    if (!conditions) return;
    await nodeClient.updateStatus({ ...node, apiVersion: 'v1', kind: 'Node', status: { ...node.status, conditions } });
  };

  const controller: Controller = new Controller({
    name: 'node_ipam_controller',
    metricsProvider: ctx.metricsProvider,
    clock: ctx.clock,
    onError: (key, err) => log.warn({ node: key, err }, 'CIDR assignment failed'),
    async reconcile(name) {
      const node = nodes.lister.get(undefined, name);
      if (!node) {
        release(name);
        return;
      }
      const existing = node.spec?.podCIDRs?.length ? node.spec.podCIDRs : node.spec?.podCIDR ? [node.spec.podCIDR] : [];
      if (existing.length) {
        try {
          occupy(name, existing);
        } catch (err) {
          // A block outside the cluster CIDR: nothing to mark; the node keeps what it has.
          log.error({ node: name, err, podCIDRs: existing }, 'failed to mark cidr as occupied');
        }
        await setNetworkCondition(node, 'False', 'CIDRAssigned', `Pod CIDR ${existing[0]} assigned`);
        return;
      }
      // A block given in an earlier write the cache does not show yet is written again, not doubled.
      const pending = held.get(name)?.[0];
      let cidr: string;
      try {
        cidr = pending ?? set.allocateNext();
      } catch (err) {
        log.warn({ node: name, err }, 'failed to allocate cidr');
        recorder.eventf(ref(node), 'Normal', CIDR_NOT_AVAILABLE, 'Node %s status is now: %s', name, CIDR_NOT_AVAILABLE);
        await setNetworkCondition(node, 'True', CIDR_NOT_AVAILABLE, `No pod CIDR is left in ${first} for the node`);
        return;
      }
      // No resourceVersion precondition, as upstream's PatchNodeCIDRs: kwok's or a kubelet's status
      // writes would make it conflict, and the apiserver already refuses to change a podCIDR once set.
      let patched: Node;
      try {
        patched = await nodeClient.patch(name, 'merge', { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
      } catch (err) {
        if (!pending) set.release(cidr);
        throw err;
      }
      held.set(name, [cidr]);
      log.info({ node: name, cidr }, 'Set Node PodCIDR');
      // A Conflict here is retried by the pass that sees the node with its podCIDR.
      await setNetworkCondition(patched, 'False', 'CIDRAssigned', `Pod CIDR ${cidr} assigned`).catch((err: unknown) =>
        log.warn({ node: name, err }, 'failed to clear NetworkUnavailable'),
      );
    },
  });
  nodes.addEventHandler({
    onAdd: (n) => controller.queue.add(n.metadata!.name!),
    onUpdate: (old, n) => {
      const had = JSON.stringify(old.spec?.podCIDRs ?? []);
      if (!n.spec?.podCIDRs?.length || had !== JSON.stringify(n.spec.podCIDRs)) controller.queue.add(n.metadata!.name!);
    },
    onDelete: (n) => controller.queue.add(n.metadata!.name!),
  });

  return async (signal) => {
    // Mark every block nodes already hold before handing any out (upstream lists nodes first).
    for (const n of nodes.lister.list()) {
      const cidrs = n.spec?.podCIDRs ?? [];
      if (!cidrs.length) continue;
      try {
        occupy(n.metadata!.name!, cidrs);
      } catch (err) {
        log.error({ node: n.metadata?.name, err }, 'failed to mark cidr as occupied');
      }
    }
    await controller.run(workersOf(ctx, 'node-ipam', 4), signal);
  };
}

/** `node-ipam-controller`: pod CIDRs for nodes out of `--cluster-cidr`. */
export const nodeIpamController: ControllerDescriptor = {
  name: 'node-ipam-controller',
  aliases: ['nodeipam'],
  init,
};
