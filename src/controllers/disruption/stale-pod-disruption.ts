/**
 * Upstream's stale DisruptionTarget cleanup (disruption.go `syncStalePodDisruption`): a pod marked
 * DisruptionTarget=True (by an eviction or a preemption that then did not happen) and still not
 * being deleted 2 minutes later gets the condition set back to False.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Controller, splitKey, type ReconcileResult } from '../../client/controller/controller.js';
import type { SharedIndexInformer } from '../../client/informers/shared-informer.js';
import { metaNamespaceKey } from '../../client/informers/store.js';
import { clientOf, RESOURCES, type ControllerContext } from '../context.js';
import { isPodTerminal } from '../common/index.js';
import { formatTime } from './pdb-status.js';

/** Upstream's `stalePodDisruptionTimeout`. */
export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000;

/**
 * Upstream's `nonTerminatingPodHasStaleDisruptionCondition`: whether the pod has a DisruptionTarget
 * condition that may go stale (True, not the kubelet's, pod neither deleting nor terminal), and
 * the ms until it does.
 */
export function staleDisruptionCondition(pod: Pod, nowMs: number): { has: boolean; cleanAfterMs: number } {
  if (pod.metadata?.deletionTimestamp) return { has: false, cleanAfterMs: 0 };
  const c = pod.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
  if (!c || c.status !== 'True' || c.reason === 'TerminationByKubelet' || isPodTerminal(pod))
    return { has: false, cleanAfterMs: 0 };
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : nowMs;
  return { has: true, cleanAfterMs: Math.max(0, STALE_POD_DISRUPTION_TIMEOUT_MS - (nowMs - since)) };
}

/** The cleanup's queue, and the hook the pod handlers call. */
export function newStalePodDisruptionController(
  ctx: ControllerContext,
  pods: SharedIndexInformer<Pod>,
): { controller: Controller; podChanged(pod: Pod): void } {
  const podClient = clientOf<Pod>(ctx, RESOURCES.pods);
  const reconcile = async (key: string): Promise<ReconcileResult | void> => {
    const { namespace, name } = splitKey(key);
    const pod = pods.lister.get(namespace, name);
    if (!pod) return;
    const now = ctx.now();
    const { has, cleanAfterMs } = staleDisruptionCondition(pod, now);
    if (!has) return;
    if (cleanAfterMs > 0) return { requeueAfterMs: cleanAfterMs };
    // Upstream's UpdatePodCondition: the new condition replaces the old one, reason and message too.
    const conditions = (pod.status?.conditions ?? []).map((c) =>
      c.type === 'DisruptionTarget'
        ? { type: 'DisruptionTarget', status: 'False', lastTransitionTime: formatTime(now) }
        : c,
    );
    await podClient.updateStatus(
      { ...pod, apiVersion: 'v1', kind: 'Pod', status: { ...pod.status, conditions } },
      { namespace },
    );
    ctx.log.debug({ pod: key }, 'Reset stale DisruptionTarget condition to False');
  };
  const controller = new Controller({
    name: 'stale_pod_disruption',
    reconcile,
    metricsProvider: ctx.metricsProvider,
    clock: ctx.clock,
  });
  return {
    controller,
    podChanged(pod) {
      const { has, cleanAfterMs } = staleDisruptionCondition(pod, ctx.now());
      if (has) controller.queue.addAfter(metaNamespaceKey(pod), cleanAfterMs);
    },
  };
}
