/**
 * SchedulingGates, after upstream's `schedulinggates` plugin: a PreEnqueue plugin that keeps a pod
 * carrying `spec.schedulingGates` out of the active queue until every gate has been removed.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  ActionType,
  type ClusterEventWithHint,
  type EnqueueExtensions,
  type PluginFactory,
  type PreEnqueuePlugin,
  type QueueingHint,
} from '../../framework/interface.js';
import { Status } from '../../framework/status.js';

export const NAME = 'SchedulingGates';

/** Holds gated pods back: `UnschedulableAndUnresolvable` naming the gates, as upstream words it. */
export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = NAME;

  /** Success for an ungated pod; otherwise `waiting for scheduling gates: [a b]` (Go's `%v`). */
  preEnqueue(pod: Pod): Status | undefined {
    const gates = pod.spec?.schedulingGates ?? [];
    if (gates.length === 0) return undefined;
    return Status.unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
  }

  /**
   * Only the pod's own update that removes its last gate can release it; gates can be removed but
   * never added after creation, so the event itself says enough.
   */
  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Pod', actionType: ActionType.UpdatePodSchedulingGatesEliminated },
        hint: isSchedulableAfterGatesEliminated,
      },
    ];
  }
}

/** Queue when the updated pod is the gated pod itself; another pod's update changes nothing. */
export function isSchedulableAfterGatesEliminated(pod: Pod, _oldObj: unknown, newObj: unknown): QueueingHint {
  if (typeof newObj !== 'object' || newObj === null) return 'Queue';
  const modified = newObj as Pod;
  return modified.metadata?.uid === pod.metadata?.uid ? 'Queue' : 'QueueSkip';
}

/** Builds SchedulingGates; it takes no args. */
export const factory: PluginFactory = () => new SchedulingGates();
