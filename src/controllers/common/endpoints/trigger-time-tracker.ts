/**
 * Upstream's `TriggerTimeTracker`: computes the `endpoints.kubernetes.io/last-change-trigger-time`
 * annotation — the earliest time among the changes (pod readiness transitions, the service's
 * creation) not yet seen by the previous sync of that service.
 */
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { podReadyCondition } from '../index.js';

/** The annotation both Endpoints and EndpointSlices carry. */
export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

interface ServiceState {
  lastServiceTriggerTime: number;
  lastPodTriggerTimes: Map<string, number>;
}

const parse = (t: string | undefined): number => {
  const v = t ? Date.parse(t) : NaN;
  return Number.isNaN(v) ? 0 : v;
};

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /**
   * Records the state of `service` and its `pods` and returns the trigger time to export, in wall
   * ms: the service's creation time for a service not seen before, else the minimum of the
   * trigger times that changed since the last call; 0 means "none" (drop the annotation).
   */
  compute(namespace: string, service: Service, pods: readonly Pod[]): number {
    const key = `${namespace}/${service.metadata?.name ?? ''}`;
    const state = this.states.get(key);
    let min = 0;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const t = parse(podReadyCondition(pod)?.lastTransitionTime);
      if (!t) continue;
      const name = pod.metadata?.name ?? '';
      podTimes.set(name, t);
      if (t > (state?.lastPodTriggerTimes.get(name) ?? 0) && (min === 0 || t < min)) min = t;
    }
    const svcTime = parse(service.metadata?.creationTimestamp);
    if (svcTime > (state?.lastServiceTriggerTime ?? 0) && (min === 0 || svcTime < min)) min = svcTime;
    this.states.set(key, { lastServiceTriggerTime: svcTime, lastPodTriggerTimes: podTimes });
    return state ? min : svcTime;
  }

  /** Forgets the service. */
  deleteService(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}
