/**
 * NodePorts, after upstream's `nodeports` plugin: a pod asking for host ports fits only a node
 * where none of them (by IP, protocol and port, with 0.0.0.0 meaning every IP) is in use.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  ActionType,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type PluginFactory,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
  type QueueingHint,
} from '../../framework/interface.js';
import { HostPortInfo, podHostPorts, type NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';

export const NAME = 'NodePorts';

/** The reason when a wanted host port is taken on the node. */
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

/** CycleState key of the host ports PreFilter collected. */
const PRE_FILTER_STATE_KEY = `PreFilter${NAME}`;

type HostPort = ReturnType<typeof podHostPorts>[number];

/** Whether none of `wanted` conflicts with the ports in `used`. */
export function fitsPorts(wanted: readonly HostPort[], used: HostPortInfo): boolean {
  return wanted.every((p) => !used.checkConflict(p.hostIP, p.protocol, p.hostPort));
}

/** Whether `pod`'s host ports are free on `nodeInfo` (upstream's `Fits`, used by preemption too). */
export function fits(pod: Pod, nodeInfo: NodeInfo): boolean {
  return fitsPorts(podHostPorts(pod), nodeInfo.usedPorts);
}

/** Rejects (Unschedulable: preempting the holder frees the port) nodes where a wanted host port is in use. */
export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  /** Collects the pod's host ports; Skip when it has none, so Filter is not run for it. */
  preFilter(state: CycleState, pod: Pod): { result?: PreFilterResult; status?: Status } | undefined {
    const ports = podHostPorts(pod);
    if (ports.length === 0) return { status: Status.skip() };
    state.write(PRE_FILTER_STATE_KEY, ports);
    return undefined;
  }

  /** None: the wanted ports do not depend on the other pods, and Filter reads usedPorts directly. */
  preFilterExtensions(): PreFilterExtensions | undefined {
    return undefined;
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const wanted = state.read<HostPort[]>(PRE_FILTER_STATE_KEY);
    if (!wanted) return Status.error(`reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
    return fitsPorts(wanted, nodeInfo.usedPorts) ? undefined : Status.unschedulable(ERR_REASON);
  }

  /**
   * Upstream's events with queueing hints on: a deleted pod may free a port (ports are immutable,
   * so updates never do), and any new node may have the ports free.
   */
  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'Pod', actionType: ActionType.Delete }, hint: isSchedulableAfterPodDeleted },
      { event: { resource: 'Node', actionType: ActionType.Add } },
    ];
  }
}

/** Queue only when the deleted pod was (to be) on a node and held a host port `pod` wants. */
export function isSchedulableAfterPodDeleted(pod: Pod, oldObj: unknown): QueueingHint {
  if (typeof oldObj !== 'object' || oldObj === null) return 'Queue';
  const deleted = oldObj as Pod;
  if (!deleted.spec?.nodeName && !deleted.status?.nominatedNodeName) return 'QueueSkip';
  const freed = new HostPortInfo();
  for (const p of podHostPorts(deleted)) freed.add(p.hostIP, p.protocol, p.hostPort);
  if (freed.size === 0) return 'QueueSkip';
  return fitsPorts(podHostPorts(pod), freed) ? 'QueueSkip' : 'Queue';
}

/** Builds NodePorts; it takes no args. */
export const factory: PluginFactory = () => new NodePorts();
