/**
 * Upstream's `syncVolume` (pv_controller.go): an unclaimed or pre-bound volume is Available; a
 * volume whose claim is gone is Released and reclaimed by its policy (Retain keeps it; Delete of
 * an externally provisioned volume is its provisioner's job; k8ts has no in-tree deleter or
 * recycler, so other volumes are marked Failed as upstream does without a plugin); a volume
 * whose claim went elsewhere is unbound, or deleted when it was provisioned for that claim.
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../../machinery/errors.js';
import { ANN_DYNAMICALLY_PROVISIONED, hasAnnotation, volumeModeMismatch } from '../util.js';
import { unbindVolume, updateVolumePhase, updateVolumePhaseWithEvent } from './bind.js';
import type { BinderDeps } from './deps.js';

/** The claim a volume points at, double-checked with the apiserver before it counts as gone. */
async function claimOf(d: BinderDeps, pv: PersistentVolume): Promise<PersistentVolumeClaim | undefined> {
  const ref = pv.spec!.claimRef!;
  let claim = d.claim(ref.namespace ?? '', ref.name ?? '');
  const phase = pv.status?.phase;
  // A provisioner's or scheduler's fresh claim may not be in the cache yet: never release on
  // the cache's word alone.
  if (!claim && phase !== 'Released' && phase !== 'Failed') {
    try {
      claim = await d.pvcClient.get(ref.name ?? '', { namespace: ref.namespace });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  if (claim && claim.metadata?.uid !== ref.uid) {
    try {
      claim = await d.pvcClient.get(ref.name ?? '', { namespace: ref.namespace });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      claim = undefined;
    }
    if (claim && claim.metadata?.uid !== ref.uid) claim = undefined;
  }
  return claim;
}

/** Upstream's `reclaimVolume` (with `deleteVolumeOperation`'s plugin lookup). */
async function reclaimVolume(d: BinderDeps, pv: PersistentVolume): Promise<void> {
  switch (pv.spec?.persistentVolumeReclaimPolicy) {
    case 'Retain':
      return;
    case 'Recycle':
      await updateVolumePhaseWithEvent(
        d,
        pv,
        'Failed',
        'Warning',
        'VolumeFailedRecycle',
        'No recycler plugin found for the volume!',
      );
      return;
    case 'Delete': {
      if (pv.metadata?.deletionTimestamp) return;
      const provisioner = pv.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
      // An external provisioner deletes what it created; the controller only waits.
      if (provisioner && !provisioner.startsWith('kubernetes.io/')) return;
      const msg = provisioner
        ? `no volume plugin matched name: ${provisioner}`
        : `error getting deleter volume plugin for volume "${pv.metadata?.name}": no deletable volume plugin matched`;
      await updateVolumePhaseWithEvent(d, pv, 'Failed', 'Warning', 'VolumeFailedDelete', msg);
      return;
    }
    default:
      await updateVolumePhaseWithEvent(
        d,
        pv,
        'Failed',
        'Warning',
        'VolumeUnknownReclaimPolicy',
        'Volume has unrecognized PersistentVolumeReclaimPolicy',
      );
  }
}

/** Upstream's `syncVolume`. */
export async function syncVolume(d: BinderDeps, volume: PersistentVolume): Promise<void> {
  const ref = volume.spec?.claimRef;
  if (!ref || !ref.uid) {
    // Unused, or reserved for a claim that has not bound yet (its sync will).
    await updateVolumePhase(d, volume, 'Available');
    return;
  }
  const claim = await claimOf(d, volume);
  if (!claim) {
    let pv = volume;
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed')
      pv = await updateVolumePhase(d, pv, 'Released');
    await reclaimVolume(d, pv);
    return;
  }
  if (!claim.spec?.volumeName) {
    if (volumeModeMismatch(claim, volume)) {
      d.event(
        volume,
        'Warning',
        'VolumeMismatch',
        `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata?.name}" due to incompatible volumeMode.`,
      );
      d.event(
        claim,
        'Warning',
        'VolumeMismatch',
        `Cannot bind PersistentVolume "${volume.metadata?.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`,
      );
      return;
    }
    // Bound volume, pending claim: the claim's sync finishes it (this is how provisioned and
    // scheduler-chosen volumes get their claims).
    d.enqueueClaim(`${claim.metadata?.namespace}/${claim.metadata?.name}`);
    return;
  }
  if (claim.spec.volumeName === volume.metadata?.name) {
    await updateVolumePhase(d, volume, 'Bound');
    return;
  }
  if (hasAnnotation(volume, ANN_DYNAMICALLY_PROVISIONED) && volume.spec?.persistentVolumeReclaimPolicy === 'Delete') {
    // Provisioned for this claim, which got another volume: not needed any more.
    let pv = volume;
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed')
      pv = await updateVolumePhase(d, pv, 'Released');
    await reclaimVolume(d, pv);
    return;
  }
  // Bound by us to a claim fulfilled elsewhere: undo; pre-bound by a user: keep the reservation.
  await unbindVolume(d, volume);
}
