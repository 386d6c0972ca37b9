/**
 * A DaemonSet's status (upstream's `updateDaemonSetStatus` and `storeDaemonSetStatus`): per node
 * that should run the pod, whether it has one, whether the oldest is ready, available and
 * updated; per node that should not, whether it has one anyway (misscheduled).
 */
import type { DaemonSet, DaemonSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { isPodAvailable, isPodReady } from '../common/pod-util.js';
import { nodeShouldRunDaemonPod } from './node-match.js';
import { getTemplateGeneration, isPodUpdated } from './util.js';

/** Upstream's `podByCreationTimestampAndPhase`: bound pods first, then oldest, then by name. */
export function compareDaemonPods(a: Pod, b: Pod): number {
  const an = !!a.spec?.nodeName;
  const bn = !!b.spec?.nodeName;
  if (an !== bn) return an ? -1 : 1;
  const ta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** The status counters of `ds` over `nodes` and the pods meant for each (observedGeneration left out). */
export function computeDaemonSetStatus(
  ds: DaemonSet,
  nodes: readonly Node[],
  byNode: ReadonlyMap<string, Pod[]>,
  hash: string,
  nowMs: number,
): DaemonSetStatus {
  const generation = getTemplateGeneration(ds);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const s = { desired: 0, current: 0, misscheduled: 0, ready: 0, updated: 0, available: 0 };
  for (const node of nodes) {
    const pods = byNode.get(node.metadata?.name ?? '') ?? [];
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (pods.length > 0) s.misscheduled++;
      continue;
    }
    s.desired++;
    if (pods.length === 0) continue;
    s.current++;
    const pod = [...pods].sort(compareDaemonPods)[0];
    if (isPodReady(pod)) {
      s.ready++;
      if (isPodAvailable(pod, minReady, nowMs)) s.available++;
    }
    if (isPodUpdated(pod, hash, generation)) s.updated++;
  }
  return {
    desiredNumberScheduled: s.desired,
    currentNumberScheduled: s.current,
    numberMisscheduled: s.misscheduled,
    numberReady: s.ready,
    updatedNumberScheduled: s.updated,
    numberAvailable: s.available,
    numberUnavailable: s.desired - s.available,
  };
}

/**
 * Upstream's `storeDaemonSetStatus`: writes `next` over the status unless nothing changed and the
 * generation is already observed; after a failed write, one fresh read and one more try
 * (`StatusUpdateRetries`), then the error goes to the queue's backoff.
 */
export async function storeDaemonSetStatus(
  client: ResourceClient<DaemonSet>,
  ds: DaemonSet,
  next: DaemonSetStatus,
): Promise<void> {
  const cur = ds.status;
  const same =
    !!cur &&
    cur.desiredNumberScheduled === next.desiredNumberScheduled &&
    cur.currentNumberScheduled === next.currentNumberScheduled &&
    cur.numberMisscheduled === next.numberMisscheduled &&
    (cur.numberReady ?? 0) === next.numberReady &&
    (cur.updatedNumberScheduled ?? 0) === next.updatedNumberScheduled &&
    (cur.numberAvailable ?? 0) === next.numberAvailable &&
    (cur.numberUnavailable ?? 0) === next.numberUnavailable &&
    (cur.observedGeneration ?? 0) >= (ds.metadata?.generation ?? 0);
  if (same) return;
  const namespace = ds.metadata?.namespace;
  let target: DaemonSet = ds;
  for (let i = 0; ; i++) {
    try {
      await client.updateStatus({ ...target, status: { ...target.status, ...next } }, { namespace });
      return;
    } catch (err) {
      if (i >= 1) throw err;
      target = await client.get(ds.metadata!.name!, { namespace });
    }
  }
}
