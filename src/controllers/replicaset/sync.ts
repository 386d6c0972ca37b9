/**
 * Upstream's `syncReplicaSet`: claim the pods, create or delete pods to reach `spec.replicas`
 * when the expectations allow it, and write the status.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { ReconcileResult } from '../../client/controller/controller.js';
import { splitKey } from '../../client/controller/controller.js';
import { ApiError, isNotFound } from '../../machinery/errors.js';
import { selectorFromLabelSelector } from '../../machinery/label-selector.js';
import type { Selector } from '../../machinery/label-requirement.js';
import {
  claimObjects,
  getControllerOf,
  isPodActive,
  newControllerRef,
  podFromTemplate,
  slowStartBatch,
  SLOW_START_INITIAL_BATCH_SIZE,
} from '../common/index.js';
import { CONTROLLER_UID_INDEX, keyOf, podKey, type ReplicaSetDeps } from './deps.js';
import type { Controlled } from './kind.js';
import { getPodsToDelete } from './ranking.js';
import { calculateStatus, nextAvailableInMs, specReplicas, statusUnchanged } from './status.js';

/** Upstream's `statusUpdateRetries`: one more attempt, on a fresh copy. */
const STATUS_UPDATE_RETRIES = 1;

/**
 * Syncs the owner `key`. A missing owner is deleted: its expectations are forgotten. Pods are
 * created or deleted only when the expectations of earlier syncs are met and the owner is not
 * being deleted. Throws (to be retried with backoff) when creating or deleting pods, claiming them
 * or writing the status failed; asks to be requeued when a ready pod will become available.
 */
export async function syncReplicaSet<T extends Controlled>(
  d: ReplicaSetDeps<T>,
  key: string,
): Promise<ReconcileResult | void> {
  const { namespace, name } = splitKey(key);
  const obj = d.owners.lister.get(namespace, name);
  if (!obj) {
    d.expectations.delete(key);
    return;
  }
  const rs = d.kind.toReplicaSet(obj);
  const needsSync = d.expectations.satisfied(key);
  let selector: Selector;
  try {
    selector = selectorFromLabelSelector(rs.spec?.selector);
  } catch (err) {
    // An invalid selector will not become valid by retrying.
    d.log.error({ key, err: String(err) }, `error converting pod selector to selector for ${d.kind.kind} ${key}`);
    return;
  }
  // All pods of the namespace, so that pods still owned but no longer matching are released.
  const active = d.pods.lister.listInNamespace(namespace).filter(isPodActive);
  const pods = await claimPods(d, obj, rs, selector, active);

  let manageErr: unknown;
  if (needsSync && !rs.metadata?.deletionTimestamp) {
    try {
      await manageReplicas(d, obj, rs, pods);
    } catch (err) {
      manageErr = err;
    }
  }
  const now = d.now();
  const status = calculateStatus(rs, pods, manageErr, now);
  await updateStatus(d, obj, rs, status);
  if (manageErr !== undefined) throw manageErr;
  const wait = nextAvailableInMs(rs, pods, now);
  return wait === undefined ? undefined : { requeueAfterMs: wait };
}

/**
 * Upstream's `claimPods`: adopt matching orphans (after re-reading the owner from the API, so a
 * deleted or replaced owner adopts nothing) and release owned pods that no longer match.
 */
async function claimPods<T extends Controlled>(
  d: ReplicaSetDeps<T>,
  obj: T,
  rs: ReplicaSet,
  selector: Selector,
  pods: Pod[],
): Promise<Pod[]> {
  return claimObjects(pods, {
    owner: rs,
    ref: newControllerRef(rs, d.kind.apiVersion, d.kind.kind),
    selector,
    client: d.podClient,
    recheckOwner: async () => {
      try {
        const fresh = await d.ownerClient.get(obj.metadata?.name ?? '', { namespace: obj.metadata?.namespace });
        return fresh.metadata?.uid === rs.metadata?.uid ? fresh : undefined;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
  });
}

/** The event object: the owner as the API serves it, apiVersion and kind set. */
function eventObject<T extends Controlled>(d: ReplicaSetDeps<T>, obj: T): T {
  return { ...obj, apiVersion: d.kind.apiVersion, kind: d.kind.kind };
}

/**
 * Upstream's `manageReplicas`: creates the missing pods in slow-start batches, or deletes the
 * surplus (the ones {@link getPodsToDelete} ranks first), at most `burstReplicas` per sync, with
 * expectations set before the first request. Rejects with the first error.
 */
export async function manageReplicas<T extends Controlled>(
  d: ReplicaSetDeps<T>,
  obj: T,
  rs: ReplicaSet,
  pods: readonly Pod[],
): Promise<void> {
  const key = keyOf(obj);
  const diff = pods.length - specReplicas(rs);
  const parent = eventObject(d, obj);
  if (diff < 0) {
    const n = Math.min(-diff, d.burstReplicas);
    d.expectations.expectCreations(key, n);
    const ref = newControllerRef(rs, d.kind.apiVersion, d.kind.kind);
    const { successes, error } = await slowStartBatch(n, SLOW_START_INITIAL_BATCH_SIZE, async () => {
      const pod = podFromTemplate(rs.spec?.template ?? {}, rs, ref);
      try {
        await d.podControl.create(pod, parent);
      } catch (err) {
        // Every create fails in a terminating namespace; that is no failure of ours.
        if (!hasCause(err, 'NamespaceTerminating')) throw err;
      }
    });
    // The informer will never see the pods that were not created: stop waiting for them.
    if (n - successes > 0) d.expectations.lowerCreations(key, n - successes);
    if (error !== undefined) throw error;
    return;
  }
  if (diff === 0) return;
  const n = Math.min(diff, d.burstReplicas);
  const doomed = getPodsToDelete(pods, indirectlyRelatedPods(d, rs), n, d.now());
  // Expect exactly these pods, so each is counted once: at its deletionTimestamp or its delete.
  d.expectations.expectDeletions(key, doomed.map(podKey));
  const errs: unknown[] = [];
  await Promise.all(
    doomed.map(async (pod) => {
      try {
        await d.podControl.delete(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', parent);
      } catch (err) {
        d.expectations.deletionObserved(key, podKey(pod));
        // Upstream's RealPodControl wraps the error so: it becomes the FailedDelete message.
        if (!isNotFound(err)) errs.push(new Error(`unable to delete pods: ${(err as Error).message}`, { cause: err }));
      }
    }),
  );
  if (errs.length) throw errs[0];
}

/** Whether `err` carries a StatusCause of `type` (a cause's type travels as `reason`). */
function hasCause(err: unknown, type: string): boolean {
  return err instanceof ApiError && !!err.details?.causes?.some((c) => c.reason === type);
}

/**
 * Upstream's `getIndirectlyRelatedPods`: the pods of every owner sharing this one's controller
 * (the ReplicaSets of one Deployment), each once. None when the owner has no controller.
 */
function indirectlyRelatedPods<T extends Controlled>(d: ReplicaSetDeps<T>, rs: ReplicaSet): Pod[] {
  const ref = getControllerOf(rs);
  if (!ref) return [];
  const seen = new Set<string>();
  const related: Pod[] = [];
  for (const other of d.owners.indexer.byIndex(CONTROLLER_UID_INDEX, ref.uid)) {
    let selector: Selector;
    try {
      selector = selectorFromLabelSelector(d.kind.toReplicaSet(other).spec?.selector);
    } catch {
      continue;
    }
    for (const pod of d.pods.lister.listInNamespace(other.metadata?.namespace ?? '', selector)) {
      const uid = pod.metadata?.uid ?? podKey(pod);
      if (seen.has(uid)) continue;
      seen.add(uid);
      related.push(pod);
    }
  }
  return related;
}

/**
 * Upstream's `updateReplicaSetStatus`: writes `status` (with the generation acted on) through the
 * status subresource unless nothing changed; on failure re-reads the owner and tries once more.
 */
async function updateStatus<T extends Controlled>(
  d: ReplicaSetDeps<T>,
  obj: T,
  rs: ReplicaSet,
  status: ReplicaSetStatus,
): Promise<void> {
  if (statusUnchanged(rs, status)) return;
  const generation = rs.metadata?.generation;
  const next: ReplicaSetStatus = { ...status };
  if (generation) next.observedGeneration = generation;
  else delete next.observedGeneration;
  let current = obj;
  for (let i = 0; ; i++) {
    try {
      await d.ownerClient.updateStatus(d.kind.withStatus(current, next), { namespace: obj.metadata?.namespace });
      return;
    } catch (err) {
      if (i >= STATUS_UPDATE_RETRIES) throw err;
      current = await d.ownerClient.get(obj.metadata?.name ?? '', { namespace: obj.metadata?.namespace });
    }
  }
}
