/**
 * Upstream's binding writes (pv_controller.go): `bind` saves the volume's claimRef, the volume's
 * Bound phase, the claim's volumeName and annotations, and the claim's Bound status, in that
 * order, each only when it changes, each with the resourceVersion read (a Conflict retries).
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import {
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  hasAnnotation,
  isVolumeBoundToClaim,
  storageOf,
} from '../util.js';
import type { BinderDeps } from './deps.js';

const PV = { apiVersion: 'v1', kind: 'PersistentVolume' } as const;
const PVC = { apiVersion: 'v1', kind: 'PersistentVolumeClaim' } as const;

/**
 * Upstream's `GetBindVolumeToClaim`: a copy of `pv` whose claimRef names `pvc` (with its UID),
 * marked bound-by-controller unless a user pre-bound it; `dirty` when anything changed.
 */
export function bindVolumeToClaimObject(
  pv: PersistentVolume,
  pvc: PersistentVolumeClaim,
): { pv: PersistentVolume; dirty: boolean } {
  const wasBound = isVolumeBoundToClaim(pv, pvc);
  const out = structuredClone(pv);
  let dirty = false;
  const ref = pv.spec?.claimRef;
  const m = pvc.metadata;
  if (!ref || ref.name !== m?.name || ref.namespace !== m?.namespace || ref.uid !== m?.uid) {
    out.spec = {
      ...out.spec,
      claimRef: {
        kind: 'PersistentVolumeClaim',
        apiVersion: 'v1',
        namespace: m?.namespace,
        name: m?.name,
        uid: m?.uid,
        resourceVersion: m?.resourceVersion,
      },
    };
    dirty = true;
  }
  if (!wasBound && !hasAnnotation(pv, ANN_BOUND_BY_CONTROLLER)) {
    out.metadata = { ...out.metadata, annotations: { ...out.metadata?.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' } };
    dirty = true;
  }
  return { pv: out, dirty };
}

/** Upstream's `updateVolumePhase`: writes the phase (and message) when it differs. */
export async function updateVolumePhase(
  d: BinderDeps,
  pv: PersistentVolume,
  phase: string,
  message = '',
): Promise<PersistentVolume> {
  if (pv.status?.phase === phase) return pv;
  const next: PersistentVolume = {
    ...PV,
    ...structuredClone(pv),
    status: { ...pv.status, phase, message: message || undefined },
  };
  if (!message) delete next.status!.message;
  return d.pvClient.updateStatus(next);
}

/** Upstream's `updateVolumePhaseWithEvent`: the event only when the phase changes. */
export async function updateVolumePhaseWithEvent(
  d: BinderDeps,
  pv: PersistentVolume,
  phase: string,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): Promise<PersistentVolume> {
  if (pv.status?.phase === phase) return pv;
  const out = await updateVolumePhase(d, pv, phase, message);
  d.event(out, type, reason, message);
  return out;
}

/**
 * Upstream's `updateClaimStatus`: the phase, and access modes and capacity from the volume
 * (capacity only as the claim becomes Bound), cleared without a volume.
 */
export async function updateClaimStatus(
  d: BinderDeps,
  claim: PersistentVolumeClaim,
  phase: string,
  volume: PersistentVolume | undefined,
): Promise<PersistentVolumeClaim> {
  const status: NonNullable<PersistentVolumeClaim['status']> = structuredClone(claim.status ?? {});
  let dirty = false;
  if (claim.status?.phase !== phase) {
    status.phase = phase;
    dirty = true;
  }
  if (!volume) {
    if (status.accessModes) {
      delete status.accessModes;
      dirty = true;
    }
    if (status.capacity) {
      delete status.capacity;
      dirty = true;
    }
  } else {
    if (JSON.stringify(claim.status?.accessModes) !== JSON.stringify(volume.spec?.accessModes)) {
      status.accessModes = volume.spec?.accessModes;
      dirty = true;
    }
    if (claim.status?.phase !== phase) {
      if (volume.spec?.capacity?.storage === undefined) {
        throw new Error(`PersistentVolume "${volume.metadata?.name}" is without a storage capacity`);
      }
      // A differing capacity can be deliberate (filesystem smaller than device): only on binding.
      if (
        claim.status?.capacity?.storage === undefined ||
        storageOf(volume.spec.capacity).cmp(storageOf(claim.status.capacity)) !== 0
      ) {
        status.capacity = volume.spec.capacity;
        dirty = true;
      }
    }
  }
  if (!dirty) return claim;
  return d.pvcClient.updateStatus({ ...PVC, ...structuredClone(claim), status });
}

/** Upstream's `bindClaimToVolume`: volumeName, bound-by-controller and bind-completed. */
async function bindClaimToVolume(
  d: BinderDeps,
  claim: PersistentVolumeClaim,
  volume: PersistentVolume,
): Promise<PersistentVolumeClaim> {
  const next: PersistentVolumeClaim = { ...PVC, ...structuredClone(claim) };
  let dirty = false;
  const annotations = { ...next.metadata?.annotations };
  if (claim.spec?.volumeName !== volume.metadata?.name) {
    next.spec = { ...next.spec, volumeName: volume.metadata?.name };
    annotations[ANN_BOUND_BY_CONTROLLER] ??= 'yes';
    dirty = true;
  }
  if (!Object.hasOwn(annotations, ANN_BIND_COMPLETED)) {
    annotations[ANN_BIND_COMPLETED] = 'yes';
    dirty = true;
  }
  if (!dirty) return claim;
  next.metadata = { ...next.metadata, annotations };
  return d.pvcClient.update(next);
}

/** Upstream's `bind`: volume first, then its phase, then the claim, then the claim's status. */
export async function bind(d: BinderDeps, volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
  const { pv, dirty } = bindVolumeToClaimObject(volume, claim);
  let v = dirty ? await d.pvClient.update({ ...PV, ...pv }) : volume;
  v = await updateVolumePhase(d, v, 'Bound');
  const c = await bindClaimToVolume(d, claim, v);
  await updateClaimStatus(d, c, 'Bound', v);
}

/**
 * Upstream's `unbindVolume`: a volume the controller bound loses its claimRef; one a user
 * pre-bound keeps it but loses the UID; either way it becomes Available.
 */
export async function unbindVolume(d: BinderDeps, volume: PersistentVolume): Promise<void> {
  const next: PersistentVolume = { ...PV, ...structuredClone(volume) };
  if (hasAnnotation(volume, ANN_BOUND_BY_CONTROLLER)) {
    delete next.spec!.claimRef;
    delete next.metadata!.annotations![ANN_BOUND_BY_CONTROLLER];
    if (Object.keys(next.metadata!.annotations!).length === 0) delete next.metadata!.annotations;
  } else if (next.spec?.claimRef) {
    delete next.spec.claimRef.uid;
  }
  const out = await d.pvClient.update(next);
  await updateVolumePhase(d, out, 'Available');
}
