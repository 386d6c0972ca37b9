/**
 * The informer handlers of upstream's ReplicaSetController (addRS/updateRS/deleteRS,
 * addPod/updatePod/deletePod). They only enqueue keys and record what the informer observed for
 * the expectations; the sync does the rest.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { selectorFromLabelSelector } from '../../machinery/label-selector.js';
import { getControllerOf, isPodReady } from '../common/index.js';
import { keyOf, podKey, type ReplicaSetDeps } from './deps.js';
import type { Controlled } from './kind.js';

/** Registers the owner and pod handlers of `d` on its informers. */
export function registerHandlers<T extends Controlled>(d: ReplicaSetDeps<T>): void {
  d.owners.addEventHandler({
    onAdd: (obj) => d.queue.add(keyOf(obj)),
    onUpdate: (oldObj, curObj) => {
      // A re-created object under the same name: what was expected of the old one is moot.
      if (oldObj.metadata?.uid !== curObj.metadata?.uid) d.expectations.delete(keyOf(oldObj));
      d.queue.add(keyOf(curObj));
    },
    onDelete: (obj) => {
      // Forget expectations so a new object with the same name starts clean.
      d.expectations.delete(keyOf(obj));
      d.queue.add(keyOf(obj));
    },
  });
  d.pods.addEventHandler({
    onAdd: (pod) => addPod(d, pod),
    onUpdate: (oldPod, curPod) => updatePod(d, oldPod, curPod),
    onDelete: (pod) => deletePod(d, pod),
  });
}

/**
 * Upstream's `resolveControllerRef`: the owner a controller reference names, when it is of our
 * kind and still the same object (same uid) in the cache.
 */
export function resolveControllerRef<T extends Controlled>(
  d: ReplicaSetDeps<T>,
  namespace: string | undefined,
  ref: OwnerReference,
): T | undefined {
  if (ref.kind !== d.kind.kind) return undefined;
  const owner = d.owners.lister.get(namespace, ref.name);
  return owner && owner.metadata?.uid === ref.uid ? owner : undefined;
}

/**
 * Upstream's `GetPodReplicaSets` / `GetPodControllers`: the owners in the pod's namespace whose
 * selector matches its labels. A pod without labels matches none, and an empty or invalid
 * selector matches nothing rather than everything.
 */
export function ownersSelecting<T extends Controlled>(d: ReplicaSetDeps<T>, pod: Pod): T[] {
  const labels = pod.metadata?.labels;
  if (!labels || Object.keys(labels).length === 0) return [];
  const found: T[] = [];
  for (const owner of d.owners.lister.listInNamespace(pod.metadata?.namespace ?? '')) {
    let matches = false;
    try {
      const selector = selectorFromLabelSelector(d.kind.toReplicaSet(owner).spec?.selector);
      matches = !selector.empty() && selector.matches(labels);
    } catch {
      matches = false;
    }
    if (matches) found.push(owner);
  }
  if (found.length > 1)
    d.log.warn(
      { pod: podKey(pod), labels },
      `user error! more than one ${d.kind.kind} is selecting pods with labels: ${JSON.stringify(labels)}`,
    );
  return found;
}

function addPod<T extends Controlled>(d: ReplicaSetDeps<T>, pod: Pod): void {
  if (pod.metadata?.deletionTimestamp) {
    // After a restart a pod may first show up already being deleted: that is no creation.
    deletePod(d, pod);
    return;
  }
  const ref = getControllerOf(pod);
  if (ref) {
    const owner = resolveControllerRef(d, pod.metadata?.namespace, ref);
    if (!owner) return;
    const key = keyOf(owner);
    d.expectations.creationObserved(key);
    d.queue.add(key);
    return;
  }
  // An orphan: wake every owner that selects it, to see whether one adopts it. No controller
  // waits for an orphan, so no creation is observed.
  for (const owner of ownersSelecting(d, pod)) d.queue.add(keyOf(owner));
}

function updatePod<T extends Controlled>(d: ReplicaSetDeps<T>, oldPod: Pod, curPod: Pod): void {
  // Resyncs deliver unchanged pods; two versions of a pod always differ in resourceVersion.
  if (curPod.metadata?.resourceVersion === oldPod.metadata?.resourceVersion) return;
  const labelChanged = !isDeepStrictEqual(curPod.metadata?.labels, oldPod.metadata?.labels);
  if (curPod.metadata?.deletionTimestamp) {
    // A graceful delete starts here: replace the pod now instead of when the kubelet finishes.
    deletePod(d, curPod);
    if (labelChanged) deletePod(d, oldPod);
    return;
  }
  const curRef = getControllerOf(curPod);
  const oldRef = getControllerOf(oldPod);
  const refChanged = !isDeepStrictEqual(curRef, oldRef);
  if (refChanged && oldRef) {
    const old = resolveControllerRef(d, oldPod.metadata?.namespace, oldRef);
    if (old) d.queue.add(keyOf(old));
  }
  if (curRef) {
    const owner = resolveControllerRef(d, curPod.metadata?.namespace, curRef);
    if (!owner) return;
    d.queue.add(keyOf(owner));
    const minReadySeconds = d.kind.toReplicaSet(owner).spec?.minReadySeconds ?? 0;
    // The pod will become available minReadySeconds from now: look again then (plus a second
    // against clock skew, as upstream).
    if (!isPodReady(oldPod) && isPodReady(curPod) && minReadySeconds > 0)
      d.queue.addAfter(keyOf(owner), minReadySeconds * 1000 + 1000);
    return;
  }
  if (labelChanged || refChanged) for (const owner of ownersSelecting(d, curPod)) d.queue.add(keyOf(owner));
}

function deletePod<T extends Controlled>(d: ReplicaSetDeps<T>, pod: Pod): void {
  const ref = getControllerOf(pod);
  // No controller cares about orphans being deleted.
  if (!ref) return;
  const owner = resolveControllerRef(d, pod.metadata?.namespace, ref);
  if (!owner) return;
  const key = keyOf(owner);
  d.expectations.deletionObserved(key, podKey(pod));
  d.queue.add(key);
}
