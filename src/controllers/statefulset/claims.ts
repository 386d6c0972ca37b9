/**
 * `persistentVolumeClaimRetentionPolicy` as upstream carries it out: through ownerReferences on
 * the claims, so that the garbage collector deletes them with their owner.
 *
 * - Retain / Retain: no reference from the set or the pod.
 * - whenDeleted Delete, whenScaled Retain: a controller reference to the set.
 * - whenDeleted Retain, whenScaled Delete: a controller reference to the pod once it is scaled down.
 * - Delete / Delete: to the set while the pod is in range, to the pod once it is scaled down.
 *
 * Claims whose references look stale (our set's or pod's name with another uid) or that another
 * controller owns are left alone.
 */
import type { StatefulSet, StatefulSetPersistentVolumeClaimRetentionPolicy } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { newControllerRef } from '../common/controller-ref.js';
import { podInOrdinalRange } from './identity.js';

interface Named {
  metadata?: { name?: string; uid?: string };
}

const SET_GVK = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
const POD_GVK = { apiVersion: 'v1', kind: 'Pod' };

/** The set's policy, Retain for both when unset. */
export function retentionPolicy(set: StatefulSet): Required<StatefulSetPersistentVolumeClaimRetentionPolicy> {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted || 'Retain', whenScaled: p?.whenScaled || 'Retain' };
}

function matchesRef(ref: OwnerReference, obj: Named, gvk: typeof SET_GVK): boolean {
  return ref.apiVersion === gvk.apiVersion && ref.kind === gvk.kind && ref.name === obj.metadata?.name;
}

/** Whether `target` is owned by `owner`'s uid (controller or not). */
export function hasOwnerRef(target: Named & { metadata?: { ownerReferences?: OwnerReference[] } }, owner: Named) {
  return (target.metadata?.ownerReferences ?? []).some((r) => r.uid === owner.metadata?.uid);
}

/** A reference with the object's name and kind but another uid: left over from a deleted namesake. */
export function hasStaleOwnerRef(claim: PersistentVolumeClaim, obj: Named, gvk: typeof SET_GVK): boolean {
  const ref = (claim.metadata?.ownerReferences ?? []).find((r) => matchesRef(r, obj, gvk));
  return !!ref && ref.uid !== obj.metadata?.uid;
}

/** Whether the pod's claims are stale under this set's policy (a reference to a pod we have not made). */
export function podClaimIsStaleFor(claim: PersistentVolumeClaim, pod: Pod): boolean {
  return hasStaleOwnerRef(claim, pod, POD_GVK);
}

function hasUnexpectedController(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  const p = retentionPolicy(set);
  if (p.whenScaled === 'Retain' && p.whenDeleted === 'Retain') return false;
  for (const ref of claim.metadata?.ownerReferences ?? []) {
    if (matchesRef(ref, set, SET_GVK)) {
      if (ref.uid !== set.metadata?.uid) return true;
      continue;
    }
    if (matchesRef(ref, pod, POD_GVK)) {
      if (ref.uid !== pod.metadata?.uid) return true;
      continue;
    }
    if (ref.controller) return true;
  }
  return false;
}

function hasNonControllerOwner(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  return (claim.metadata?.ownerReferences ?? []).some(
    (r) => (r.uid === set.metadata?.uid || r.uid === pod.metadata?.uid) && !r.controller,
  );
}

/** Upstream's `isClaimOwnerUpToDate`: whether the claim's references already match the policy. */
export function isClaimOwnerUpToDate(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  if (hasStaleOwnerRef(claim, set, SET_GVK) || hasStaleOwnerRef(claim, pod, POD_GVK)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const p = retentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  const onSet = hasOwnerRef(claim, set);
  const onPod = hasOwnerRef(claim, pod);
  if (p.whenScaled === 'Delete' && p.whenDeleted === 'Delete') return scaledDown !== onSet && scaledDown === onPod;
  if (p.whenScaled === 'Delete') return !onSet && scaledDown === onPod;
  if (p.whenDeleted === 'Delete') return onSet && !onPod;
  return !onSet && !onPod;
}

/** Upstream's `updateClaimOwnerRefForSetAndPod`: rewrites the claim's references for the policy, in place. */
export function updateClaimOwnerRefForSetAndPod(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): void {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let refs = (claim.metadata?.ownerReferences ?? []).filter(
    (r) => !matchesRef(r, set, SET_GVK) && !matchesRef(r, pod, POD_GVK),
  );
  const add = (owner: Named, gvk: typeof SET_GVK) => {
    if (refs.some((r) => r.uid === owner.metadata?.uid)) return;
    refs = [...refs, newControllerRef(owner, gvk.apiVersion, gvk.kind)];
  };
  if (!unexpected) {
    const p = retentionPolicy(set);
    const scaledDown = !podInOrdinalRange(pod, set);
    if (p.whenScaled === 'Delete' && scaledDown) add(pod, POD_GVK);
    if (p.whenDeleted === 'Delete' && (p.whenScaled !== 'Delete' || !scaledDown)) add(set, SET_GVK);
  }
  claim.metadata = { ...claim.metadata, ownerReferences: refs };
}
