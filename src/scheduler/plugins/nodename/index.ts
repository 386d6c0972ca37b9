/**
 * NodeName, after upstream's `nodename` plugin: a pod whose `spec.nodeName` is set fits only the
 * node of that name.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  ActionType,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type PluginFactory,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';

export const NAME = 'NodeName';

/** The reason when the pod names another node. */
export const ERR_REASON = "node(s) didn't match the requested node name";

/** Whether `pod` may run on `nodeInfo` as far as `spec.nodeName` goes (upstream's `Fits`). */
export function fits(pod: Pod, nodeInfo: NodeInfo): boolean {
  const want = pod.spec?.nodeName;
  return !want || want === nodeInfo.name;
}

/** Rejects (UnschedulableAndUnresolvable) every node but the one the pod names. */
export class NodeName implements FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    return fits(pod, nodeInfo) ? undefined : Status.unresolvable(ERR_REASON);
  }

  /**
   * Only a new node can bring the named node into existence; a node's name never changes, so no
   * update matters. No hint: every node add retries the pod, as upstream does.
   */
  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: 'Node', actionType: ActionType.Add } }];
  }
}

/** Builds NodeName; it takes no args. */
export const factory: PluginFactory = () => new NodeName();
