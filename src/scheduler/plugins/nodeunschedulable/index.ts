/**
 * NodeUnschedulable, after upstream's `nodeunschedulable` plugin: filters out cordoned nodes
 * (`spec.unschedulable`) unless the pod tolerates the `node.kubernetes.io/unschedulable:NoSchedule`
 * taint that cordoning stands for.
 */
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import {
  ActionType,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type PluginFactory,
  type QueueingHint,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { taintToleratedBy } from '../../../api/scheduling/taints.js';

export const NAME = 'NodeUnschedulable';

/** The reason when the NodeInfo carries no node. */
export const ERR_REASON_UNKNOWN_CONDITION = 'node(s) had unknown conditions';
/** The reason when the node is cordoned and the pod does not tolerate it. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

/** The taint a cordoned node is treated as having. */
export const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

function toleratesUnschedulable(pod: Pod): boolean {
  return taintToleratedBy(UNSCHEDULABLE_TAINT, pod.spec?.tolerations);
}

/** Rejects cordoned nodes (UnschedulableAndUnresolvable) for pods without the toleration. */
export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const node = nodeInfo.node;
    if (!node) return Status.unresolvable(ERR_REASON_UNKNOWN_CONDITION);
    if (!node.spec?.unschedulable) return undefined;
    return toleratesUnschedulable(pod) ? undefined : Status.unresolvable(ERR_REASON_UNSCHEDULABLE);
  }

  /** Upstream's events with queueing hints on: node add or taint change (uncordon), and the pod's own toleration change. */
  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        hint: isSchedulableAfterNodeChange,
      },
      {
        event: { resource: 'Pod', actionType: ActionType.UpdatePodTolerations },
        hint: isSchedulableAfterPodTolerationChange,
      },
    ];
  }
}

/** Queue when a schedulable node is added or a cordoned node is uncordoned. */
export function isSchedulableAfterNodeChange(_pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  if (typeof newObj !== 'object' || newObj === null) return 'Queue';
  if (oldObj !== undefined && (typeof oldObj !== 'object' || oldObj === null)) return 'Queue';
  const original = oldObj as Node | undefined;
  const modified = newObj as Node;
  const nowSchedulable = !modified.spec?.unschedulable;
  if (nowSchedulable && (original === undefined || original.spec?.unschedulable)) return 'Queue';
  return 'QueueSkip';
}

/**
 * Queue when the rejected pod itself now tolerates the unschedulable taint. Tolerations can only
 * be added, and a pod that already had it was not rejected here, so the new object says enough.
 */
export function isSchedulableAfterPodTolerationChange(pod: Pod, _oldObj: unknown, newObj: unknown): QueueingHint {
  if (typeof newObj !== 'object' || newObj === null) return 'Queue';
  const modified = newObj as Pod;
  if (modified.metadata?.uid !== pod.metadata?.uid) return 'QueueSkip';
  return toleratesUnschedulable(modified) ? 'Queue' : 'QueueSkip';
}

/** Builds NodeUnschedulable; it takes no args. */
export const factory: PluginFactory = () => new NodeUnschedulable();
