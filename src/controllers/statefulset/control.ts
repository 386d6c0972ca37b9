/**
 * Upstream's `defaultStatefulSetControl.UpdateStatefulSet`: one pass of the StatefulSet algorithm.
 *
 * Pods are split into replicas (ordinals in range, missing ones built at the right revision) and
 * condemned (out of range). Under OrderedReady ("monotonic") the pass stops at the first pod that
 * blocks: replicas are created in ordinal order, each waiting for its predecessors to be Running,
 * Ready and available; condemned pods are deleted from the highest ordinal, one at a time. Under
 * Parallel, creations and deletions go out in slow-start batches. Then RollingUpdate deletes the
 * highest-ordinal pod not at the update revision, down to the partition (with maxUnavailable, up to
 * that many at once); OnDelete leaves pods alone. The status is written whatever happened.
 */
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../machinery/errors.js';
import { slowStartBatch } from '../common/slow-start.js';
import type { History } from '../history/history.js';
import {
  findEqualRevisions,
  equalRevision,
  nextRevision,
  revisionsToTruncate,
  sortControllerRevisions,
} from '../history/history.js';
import {
  byOrdinal,
  getEndOrdinal,
  getOrdinal,
  getPodRevision,
  getStartOrdinal,
  identityMatches,
  isCreated,
  isFailed,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  isUnavailable,
  newVersionedStatefulSetPod,
  podInOrdinalRange,
  replicasOf,
  storageMatches,
} from './identity.js';
import type { StatefulPodControl } from './pod-control.js';
import { applyRevision, computeReplicaStatus, getStatefulSetMaxUnavailable, newRevision } from './revisions.js';

/** What one pass needs from the controller. */
export interface SetControlDeps {
  podControl: StatefulPodControl;
  history: History;
  /** Wall-clock ms, for minReadySeconds. */
  now(): number;
}

interface Revisions {
  current: ControllerRevision;
  update: ControllerRevision;
  collisionCount: number;
}

/**
 * Upstream's `getStatefulSetRevisions`: the update revision is the set's template (an existing equal
 * revision reused, or renumbered when it is not the latest: a rollback), the current one is
 * `status.currentRevision` (else the update revision).
 */
export async function getStatefulSetRevisions(
  d: SetControlDeps,
  set: StatefulSet,
  sorted: ControllerRevision[],
): Promise<Revisions> {
  const collision = { value: set.status?.collisionCount ?? 0 };
  let update = newRevision(set, nextRevision(sorted), collision.value);
  const equal = findEqualRevisions(sorted, update);
  if (equal.length > 0 && equalRevision(sorted[sorted.length - 1], equal[equal.length - 1])) {
    update = sorted[sorted.length - 1];
  } else if (equal.length > 0) {
    update = await d.history.updateRevision(equal[equal.length - 1], update.revision);
  } else {
    update = await d.history.create(set, update, collision);
  }
  const current = sorted.find((r) => r.metadata?.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount: collision.value };
}

/**
 * One pass over `set` and its claimed `pods`: returns the status to record (`undefined` when the
 * revisions could not be read) and the first error, after trimming the revision history.
 */
export async function runStatefulSetPass(
  d: SetControlDeps,
  set: StatefulSet,
  pods: Pod[],
  revisions: ControllerRevision[],
  writeStatus: (status: StatefulSetStatus) => Promise<void>,
): Promise<{ status?: StatefulSetStatus; error?: unknown }> {
  sortControllerRevisions(revisions);
  let revs: Revisions | undefined;
  let status: StatefulSetStatus | undefined;
  let error: unknown;
  try {
    revs = await getStatefulSetRevisions(d, set, revisions);
    const r = await updateStatefulSet(d, set, revs, pods);
    status = r.status;
    error = r.error;
    try {
      await writeStatus(status);
    } catch (statusErr) {
      error ??= statusErr;
    }
  } catch (err) {
    error = err;
  }
  try {
    await truncateHistory(d, set, pods, revisions, revs?.current, revs?.update);
  } catch (err) {
    error ??= err;
  }
  return { status, error };
}

async function truncateHistory(
  d: SetControlDeps,
  set: StatefulSet,
  pods: Pod[],
  sorted: ControllerRevision[],
  current: ControllerRevision | undefined,
  update: ControllerRevision | undefined,
): Promise<void> {
  const live = new Set<string>();
  if (current?.metadata?.name) live.add(current.metadata.name);
  if (update?.metadata?.name) live.add(update.metadata.name);
  for (const p of pods) live.add(getPodRevision(p));
  for (const r of revisionsToTruncate(sorted, live, set.spec?.revisionHistoryLimit ?? 10)) await d.history.delete(r);
}

/** Upstream's `runForAll`: in order, stopping at the first block, or in slow-start batches. */
async function runForAll(n: number, fn: (i: number) => Promise<boolean>, monotonic: boolean): Promise<boolean> {
  if (monotonic) {
    for (let i = 0; i < n; i++) if (await fn(i)) return true;
    return false;
  }
  const r = await slowStartBatch(n, 1, async (i) => void (await fn(i)));
  if (r.error !== undefined) throw r.error;
  return false;
}

async function updateStatefulSet(
  d: SetControlDeps,
  set: StatefulSet,
  revs: Revisions,
  pods: Pod[],
): Promise<{ status: StatefulSetStatus; error?: unknown }> {
  const now = d.now();
  const minReady = set.spec?.minReadySeconds ?? 0;
  const currentSet = applyRevision(set, revs.current);
  const updateSet = applyRevision(set, revs.update);
  const currentName = revs.current.metadata?.name ?? '';
  const updateName = revs.update.metadata?.name ?? '';
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata?.generation,
    currentRevision: currentName,
    updateRevision: updateName,
    collisionCount: revs.collisionCount,
    replicas: 0,
  };
  const recount = (...lists: (Pod | undefined)[][]) =>
    Object.assign(status, computeReplicaStatus(lists.flat(), minReady, currentName, updateName, now));
  recount(pods);

  const start = getStartOrdinal(set);
  const replicas: Pod[] = new Array<Pod>(replicasOf(set));
  const condemned: Pod[] = [];
  for (const pod of pods) {
    if (podInOrdinalRange(pod, set)) replicas[getOrdinal(pod) - start] = pod;
    else if (getOrdinal(pod) >= 0) condemned.push(pod);
  }
  for (let ord = start; ord <= getEndOrdinal(set); ord++) {
    if (!replicas[ord - start])
      replicas[ord - start] = newVersionedStatefulSetPod(currentSet, updateSet, currentName, updateName, ord);
  }
  condemned.sort(byOrdinal(-1));

  let firstUnavailable: Pod | undefined;
  for (const p of replicas) if (!firstUnavailable && isUnavailable(p, minReady, now)) firstUnavailable = p;
  for (let i = condemned.length - 1; i >= 0 && !firstUnavailable; i--)
    if (isUnavailable(condemned[i], minReady, now)) firstUnavailable = condemned[i];

  if (set.metadata?.deletionTimestamp) return { status };
  const monotonic = set.spec?.podManagementPolicy !== 'Parallel';
  const done = () => recount(replicas, condemned);
  try {
    if (
      await runForAll(replicas.length, (i) => processReplica(d, set, updateSet, monotonic, replicas, i, now), monotonic)
    )
      return { status: done() };
    const fixClaim = async (i: number) => {
      if (!(await d.podControl.claimsMatchRetentionPolicy(updateSet, condemned[i])))
        await d.podControl.updatePodClaimForRetentionPolicy(updateSet, condemned[i]);
      return false;
    };
    if (await runForAll(condemned.length, fixClaim, monotonic)) return { status: done() };
    const condemn = (i: number) => processCondemned(d, set, firstUnavailable, monotonic, condemned, i, now);
    if (await runForAll(condemned.length, condemn, monotonic)) return { status: done() };
  } catch (error) {
    return { status: done(), error };
  }
  done();
  if (set.spec?.updateStrategy?.type === 'OnDelete') return { status };
  try {
    await rollingUpdate(d, set, replicas, updateName, status, now);
  } catch (error) {
    return { status, error };
  }
  return { status };
}

/** Upstream's `processReplica`; true means "stop this pass". */
async function processReplica(
  d: SetControlDeps,
  set: StatefulSet,
  updateSet: StatefulSet,
  monotonic: boolean,
  replicas: Pod[],
  i: number,
  now: number,
): Promise<boolean> {
  const pod = replicas[i];
  // A failed or succeeded pod is deleted whatever its exit: the next pass recreates it.
  if (isFailed(pod) || isSucceeded(pod)) {
    if (!pod.metadata?.deletionTimestamp) await d.podControl.deleteStatefulPod(set, pod);
    return true;
  }
  if (!isCreated(pod)) {
    if (d.podControl.podClaimIsStale(set, pod)) return true;
    await d.podControl.createStatefulPod(set, pod);
    if (monotonic) return true;
  }
  if (isPending(pod)) await d.podControl.createMissingPersistentVolumeClaims(set, pod);
  if (monotonic && isTerminating(pod)) return true;
  if (monotonic && !isRunningAndReady(pod)) return true;
  if (monotonic && !isRunningAndAvailable(pod, set.spec?.minReadySeconds ?? 0, now)) return true;
  if (!isCreated(pod)) return false;
  let retentionMatch = true;
  try {
    retentionMatch = await d.podControl.claimsMatchRetentionPolicy(updateSet, pod);
  } catch {
    retentionMatch = true;
  }
  if (identityMatches(set, pod) && storageMatches(set, pod) && retentionMatch) return false;
  await d.podControl.updateStatefulPod(updateSet, pod);
  return false;
}

/** Upstream's `processCondemned`; true means "stop this pass" (always, after a monotonic delete). */
async function processCondemned(
  d: SetControlDeps,
  set: StatefulSet,
  firstUnavailable: Pod | undefined,
  monotonic: boolean,
  condemned: Pod[],
  i: number,
  now: number,
): Promise<boolean> {
  const pod = condemned[i];
  if (isTerminating(pod)) return monotonic;
  if (monotonic && pod !== firstUnavailable) {
    if (!isRunningAndReady(pod)) return true;
    if (!isRunningAndAvailable(pod, set.spec?.minReadySeconds ?? 0, now)) return true;
  }
  await d.podControl.deleteStatefulPod(set, pod);
  return true;
}

/**
 * The RollingUpdate step: without `maxUnavailable`, delete the highest-ordinal pod (at or above the
 * partition) not at the update revision, waiting on unavailable updated pods; with it, delete up to
 * maxUnavailable minus the unavailable ones, highest ordinal first.
 */
async function rollingUpdate(
  d: SetControlDeps,
  set: StatefulSet,
  replicas: Pod[],
  updateRevision: string,
  status: StatefulSetStatus,
  now: number,
): Promise<void> {
  const minReady = set.spec?.minReadySeconds ?? 0;
  const ru = set.spec?.updateStrategy?.rollingUpdate;
  const updateMin = ru?.partition ?? 0;
  const stale = (p: Pod) => getPodRevision(p) !== updateRevision && !isTerminating(p);
  const del = async (p: Pod) => {
    try {
      await d.podControl.deleteStatefulPod(set, p);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    status.currentReplicas = (status.currentReplicas ?? 0) - 1;
  };
  if (ru?.maxUnavailable === undefined || ru.maxUnavailable === null) {
    for (let target = replicas.length - 1; target >= updateMin; target--) {
      if (stale(replicas[target])) return del(replicas[target]);
      if (isUnavailable(replicas[target], minReady, now)) return;
    }
    return;
  }
  const maxUnavailable = getStatefulSetMaxUnavailable(ru.maxUnavailable, replicasOf(set));
  const unavailable = replicas.filter((p) => isUnavailable(p, minReady, now)).length;
  if (unavailable > maxUnavailable) return;
  let budget = maxUnavailable - unavailable;
  for (let target = replicas.length - 1; target >= updateMin && budget > 0; target--) {
    if (!stale(replicas[target])) continue;
    await del(replicas[target]);
    budget--;
  }
}
