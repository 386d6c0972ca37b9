/**
 * PrioritySort, after upstream's `queuesort.PrioritySort`: the default QueueSort plugin. The
 * active queue pops the pod with the highest `spec.priority` first and, among equals, the one
 * that entered the queue earliest.
 */
import type { PluginFactory, QueuedPodInfo, QueueSortPlugin } from '../../framework/interface.js';

export const NAME = 'PrioritySort';

/** Orders queued pods by priority (higher first), then by queue timestamp (earlier first). */
export class PrioritySort implements QueueSortPlugin {
  readonly name = NAME;

  /** True when `a` should be scheduled before `b`. A pod without a priority counts as 0. */
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const p1 = a.podInfo.pod.spec?.priority ?? 0;
    const p2 = b.podInfo.pod.spec?.priority ?? 0;
    return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
  }
}

/** Builds PrioritySort; it takes no args. */
export const factory: PluginFactory = () => new PrioritySort();
