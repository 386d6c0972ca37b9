/**
 * Upstream's `syncClaim` (pv_controller.go): an unbound claim is bound to its pre-bound or best
 * matching Available PV, or handed to its class's provisioner (`ExternalProvisioning`), or left
 * Pending with the event upstream gives (WaitForFirstConsumer, WaitForPodScheduled,
 * FailedBinding, ProvisioningFailed); a bound claim is kept consistent with its volume.
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  checkVolumeSatisfyClaim,
  claimClass,
  claimHasClass,
  claimKey,
  defaultClass,
  findBestMatchForClaim,
  hasAnnotation,
  isDelayBindingMode,
  isVolumeBoundToClaim,
} from '../util.js';
import type { BinderDeps } from './deps.js';
import { bind, updateClaimStatus } from './bind.js';

/** Upstream's `syncClaim`. */
export async function syncClaim(d: BinderDeps, claim: PersistentVolumeClaim): Promise<void> {
  if (!hasAnnotation(claim, ANN_BIND_COMPLETED)) await syncUnboundClaim(d, claim);
  else await syncBoundClaim(d, claim);
}

/** Upstream's `emitEventForUnboundDelayBindingClaim`: names the pods waiting for a node, if any. */
function emitDelayBindingEvent(d: BinderDeps, claim: PersistentVolumeClaim): void {
  const waiting = d
    .pods(claim.metadata?.namespace ?? '')
    .filter(
      (p) =>
        !p.spec?.nodeName &&
        (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim.metadata?.name),
    )
    .map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`);
  if (waiting.length === 0) {
    d.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
  } else if (waiting.length === 1) {
    d.event(claim, 'Normal', 'WaitForPodScheduled', `waiting for pod ${waiting[0]} to be scheduled`);
  } else {
    d.event(claim, 'Normal', 'WaitForPodScheduled', `waiting for pods ${waiting.join(',')} to be scheduled`);
  }
}

/** Upstream's `provisionClaim` + `provisionClaimOperationExternal` (all provisioners are external here). */
async function provisionClaim(d: BinderDeps, claim: PersistentVolumeClaim): Promise<void> {
  const name = claimClass(claim);
  const sc = d.storageClass(name);
  if (!sc) {
    d.event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${name}" not found`);
    return;
  }
  if (sc.provisioner.startsWith('kubernetes.io/')) {
    // No in-tree volume plugin provisions in k8ts (no-provisioner included), as upstream's
    // plugin manager reports for a name it does not know.
    d.event(claim, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${sc.provisioner}`);
    return;
  }
  let current = claim;
  const ann = claim.metadata?.annotations ?? {};
  if (ann[ANN_STORAGE_PROVISIONER] !== sc.provisioner || ann[ANN_BETA_STORAGE_PROVISIONER] !== sc.provisioner) {
    const next = structuredClone(claim);
    next.metadata!.annotations = {
      ...next.metadata!.annotations,
      [ANN_BETA_STORAGE_PROVISIONER]: sc.provisioner,
      [ANN_STORAGE_PROVISIONER]: sc.provisioner,
    };
    try {
      current = await d.pvcClient.update(next);
    } catch (err) {
      d.event(claim, 'Warning', 'ProvisioningFailed', `Error saving claim: ${(err as Error).message}`);
      throw err;
    }
  }
  d.event(
    current,
    'Normal',
    'ExternalProvisioning',
    `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
  );
}

/** Upstream's `assignDefaultStorageClass` (retroactive default class); true when it wrote. */
async function assignDefaultStorageClass(d: BinderDeps, claim: PersistentVolumeClaim): Promise<boolean> {
  if (claimHasClass(claim)) return false;
  const sc = defaultClass(d.classes());
  if (!sc) return false;
  const next = structuredClone(claim);
  next.spec!.storageClassName = sc.metadata?.name;
  await d.pvcClient.update(next);
  return true;
}

async function syncUnboundClaim(d: BinderDeps, claim: PersistentVolumeClaim): Promise<void> {
  const requested = claim.spec?.volumeName ?? '';
  if (requested === '') {
    const delayBinding = isDelayBindingMode(claim, (n) => d.storageClass(n));
    let volume: PersistentVolume | undefined;
    try {
      volume = findBestMatchForClaim(claim, d.volumes(), delayBinding);
    } catch (err) {
      throw new Error(`error finding PV for claim "${claimKey(claim)}": ${(err as Error).message}`);
    }
    if (volume) {
      await bind(d, volume, claim);
      return;
    }
    if (await assignDefaultStorageClass(d, claim)) return;
    if (delayBinding && !hasAnnotation(claim, ANN_SELECTED_NODE)) emitDelayBindingEvent(d, claim);
    else if (claimClass(claim) !== '') return provisionClaim(d, claim);
    else
      d.event(
        claim,
        'Normal',
        'FailedBinding',
        'no persistent volumes available for this claim and no storage class is set',
      );
    await updateClaimStatus(d, claim, 'Pending', undefined);
    return;
  }
  const volume = d.volume(requested);
  if (!volume) {
    await updateClaimStatus(d, claim, 'Pending', undefined);
    return;
  }
  if (!volume.spec?.claimRef) {
    const why = checkVolumeSatisfyClaim(volume, claim);
    if (why) {
      d.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volume.metadata?.name}": ${why}`);
      await updateClaimStatus(d, claim, 'Pending', undefined);
      return;
    }
    await bind(d, volume, claim);
    return;
  }
  if (isVolumeBoundToClaim(volume, claim)) {
    await bind(d, volume, claim);
    return;
  }
  d.event(claim, 'Warning', 'FailedBinding', `volume "${volume.metadata?.name}" already bound to a different claim.`);
  if (hasAnnotation(claim, ANN_BOUND_BY_CONTROLLER)) {
    const ref = volume.spec.claimRef;
    throw new Error(
      `invalid binding of claim "${claimKey(claim)}" to volume "${requested}": volume already claimed by "${ref.namespace}/${ref.name}"`,
    );
  }
  await updateClaimStatus(d, claim, 'Pending', undefined);
}

/** Sets Lost with a Warning, only when the phase changes (upstream's `updateClaimStatusWithEvent`). */
async function lose(d: BinderDeps, claim: PersistentVolumeClaim, reason: string, message: string): Promise<void> {
  if (claim.status?.phase === 'Lost') return;
  const out = await updateClaimStatus(d, claim, 'Lost', undefined);
  d.event(out, 'Warning', reason, message);
}

async function syncBoundClaim(d: BinderDeps, claim: PersistentVolumeClaim): Promise<void> {
  if (!claim.spec?.volumeName) {
    return lose(
      d,
      claim,
      'ClaimLost',
      'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!',
    );
  }
  const volume = d.volume(claim.spec.volumeName);
  if (!volume)
    return lose(d, claim, 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
  if (!volume.spec?.claimRef || volume.spec.claimRef.uid === claim.metadata?.uid) {
    await bind(d, volume, claim);
    return;
  }
  return lose(d, claim, 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
}
