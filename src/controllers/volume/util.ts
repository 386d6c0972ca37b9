/**
 * What the PV binder and the local-path provisioner share, after upstream's
 * `component-helpers/storage/volume` and `pkg/controller/volume/persistentvolume`: the binding
 * annotations, storage classes of claims and volumes, and matching a claim to the best PV.
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { selectorFromLabelSelector } from '../../machinery/label-selector.js';
import { parseQuantity, type Quantity } from '../../machinery/quantity.js';

/** Set on a claim once the binder completed its binding. */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
/** Set on a PV (or claim) the binder bound, as opposed to one a user pre-bound. */
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
/** Set on a claim by the scheduler: provision on this node. */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** Set on a claim by the binder: which provisioner should create its volume. */
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
/** The beta spelling of {@link ANN_STORAGE_PROVISIONER}, still written and read. */
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
/** Set on a PV by the provisioner that created it. */
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
/** The beta class annotation, which still wins over `storageClassName`. */
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
/** Marks the default StorageClass. */
export const ANN_IS_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
export const ANN_BETA_IS_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';

const has = (o: { metadata?: { annotations?: Record<string, string> } }, k: string) =>
  Object.hasOwn(o.metadata?.annotations ?? {}, k);

/** Whether `obj` carries annotation `key` (any value). */
export function hasAnnotation(obj: { metadata?: { annotations?: Record<string, string> } }, key: string): boolean {
  return has(obj, key);
}

/** The class a claim asks for ('' for none). */
export function claimClass(pvc: PersistentVolumeClaim): string {
  if (has(pvc, ANN_BETA_STORAGE_CLASS)) return pvc.metadata!.annotations![ANN_BETA_STORAGE_CLASS];
  return pvc.spec?.storageClassName ?? '';
}

/** Whether the claim names a class at all (`""` counts: it asks for no class). */
export function claimHasClass(pvc: PersistentVolumeClaim): boolean {
  return has(pvc, ANN_BETA_STORAGE_CLASS) || pvc.spec?.storageClassName !== undefined;
}

/** The class of a volume ('' for none). */
export function volumeClass(pv: PersistentVolume): string {
  if (has(pv, ANN_BETA_STORAGE_CLASS)) return pv.metadata!.annotations![ANN_BETA_STORAGE_CLASS];
  return pv.spec?.storageClassName ?? '';
}

/** `namespace/name` of a claim. */
export function claimKey(pvc: PersistentVolumeClaim): string {
  return `${pvc.metadata?.namespace ?? ''}/${pvc.metadata?.name ?? ''}`;
}

const ZERO = parseQuantity('0');

/** The storage quantity of a resource list (zero when missing or unparsable). */
export function storageOf(list: Readonly<Record<string, string | number>> | undefined): Quantity {
  const v = list?.storage;
  if (v === undefined) return ZERO;
  try {
    return parseQuantity(String(v));
  } catch {
    return ZERO;
  }
}

/** Upstream's `IsVolumeBoundToClaim`: the claimRef names the claim (and its UID, when set). */
export function isVolumeBoundToClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== pvc.metadata?.name || ref.namespace !== pvc.metadata?.namespace) return false;
  return !ref.uid || ref.uid === pvc.metadata?.uid;
}

/** Upstream's `CheckVolumeModeMismatches` (both default to Filesystem). */
export function volumeModeMismatch(pvc: PersistentVolumeClaim, pv: PersistentVolume): boolean {
  return (pvc.spec?.volumeMode ?? 'Filesystem') !== (pv.spec?.volumeMode ?? 'Filesystem');
}

/** Upstream's `CheckAccessModes`: the PV offers every mode the claim asks for. */
export function accessModesSatisfied(pvc: PersistentVolumeClaim, pv: PersistentVolume): boolean {
  const have = new Set(pv.spec?.accessModes ?? []);
  return (pvc.spec?.accessModes ?? []).every((m) => have.has(m));
}

/**
 * Upstream's `IsDelayBindingMode`: whether the claim's class binds at first consumer. No class,
 * or a class not found, binds immediately; a class without a mode is an error.
 */
export function isDelayBindingMode(
  pvc: PersistentVolumeClaim,
  classOf: (name: string) => StorageClass | undefined,
): boolean {
  const name = claimClass(pvc);
  if (!name) return false;
  const sc = classOf(name);
  if (!sc) return false;
  if (!sc.volumeBindingMode) throw new Error(`VolumeBindingMode not set for StorageClass "${name}"`);
  return sc.volumeBindingMode === 'WaitForFirstConsumer';
}

/**
 * Upstream's `FindMatchingVolume` on the controller's path (no node): a PV pre-bound to the
 * claim wins; otherwise, unless binding waits for a consumer, the smallest Available PV of the
 * claim's class, size, volume mode and selector. Throws on an invalid selector.
 */
export function findMatchingVolume(
  pvc: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  delayBinding: boolean,
): PersistentVolume | undefined {
  const requested = storageOf(pvc.spec?.resources?.requests);
  const requestedClass = claimClass(pvc);
  let selector: ReturnType<typeof selectorFromLabelSelector> | undefined;
  if (pvc.spec?.selector) {
    try {
      selector = selectorFromLabelSelector(pvc.spec.selector);
    } catch (err) {
      throw new Error(`error creating internal label selector for claim: ${claimKey(pvc)}: ${(err as Error).message}`);
    }
  }
  let smallest: PersistentVolume | undefined;
  for (const pv of volumes) {
    if (pv.spec?.claimRef && !isVolumeBoundToClaim(pv, pvc)) continue;
    const qty = storageOf(pv.spec?.capacity);
    if (qty.cmp(requested) < 0) continue;
    if (volumeModeMismatch(pvc, pv)) continue;
    if (pv.metadata?.deletionTimestamp) continue;
    if (isVolumeBoundToClaim(pv, pvc)) return pv;
    // The scheduler binds unbound volumes of delayed claims, on the node it picks.
    if (delayBinding) continue;
    if (pv.status?.phase !== 'Available') continue;
    if (selector && !selector.matches(pv.metadata?.labels ?? {})) continue;
    if (volumeClass(pv) !== requestedClass) continue;
    if (!smallest || storageOf(smallest.spec?.capacity).cmp(qty) > 0) smallest = pv;
  }
  return smallest;
}

/**
 * Upstream's `persistentVolumeOrderedIndex.findByClaim`: the volumes are grouped by their set
 * of access modes; among the groups offering every mode the claim asks for, those with fewer
 * modes are searched first, so a claim gets the least capable volume that fits.
 */
export function findBestMatchForClaim(
  pvc: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  delayBinding: boolean,
): PersistentVolume | undefined {
  const groups = new Map<string, PersistentVolume[]>();
  for (const pv of volumes) {
    const k = [...new Set(pv.spec?.accessModes ?? [])].sort().join(',');
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(pv);
  }
  const wanted = pvc.spec?.accessModes ?? [];
  const candidates = [...groups.entries()]
    .filter(([k]) => {
      const modes = new Set(k ? k.split(',') : []);
      return wanted.every((m) => modes.has(m));
    })
    .sort((a, b) => (a[0] ? a[0].split(',').length : 0) - (b[0] ? b[0].split(',').length : 0));
  for (const [, group] of candidates) {
    const pv = findMatchingVolume(pvc, group, delayBinding);
    if (pv) return pv;
  }
  return undefined;
}

/** Upstream's `checkVolumeSatisfyClaim`: why `pv` cannot serve `pvc`, or undefined. */
export function checkVolumeSatisfyClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim): string | undefined {
  if (pv.metadata?.deletionTimestamp) return `the volume is marked for deletion "${pv.metadata.name}"`;
  if (storageOf(pv.spec?.capacity).cmp(storageOf(pvc.spec?.resources?.requests)) < 0)
    return 'requested PV is too small';
  if (volumeClass(pv) !== claimClass(pvc)) return 'storageClassName does not match';
  if (volumeModeMismatch(pvc, pv)) return 'incompatible volumeMode';
  if (!accessModesSatisfied(pvc, pv)) return 'incompatible accessMode';
  return undefined;
}

/** Upstream's `GetDefaultClass`: the newest class marked default, if any. */
export function defaultClass(classes: readonly StorageClass[]): StorageClass | undefined {
  const defaults = classes.filter((c) => {
    const a = c.metadata?.annotations ?? {};
    return a[ANN_IS_DEFAULT_CLASS] === 'true' || a[ANN_BETA_IS_DEFAULT_CLASS] === 'true';
  });
  defaults.sort(
    (a, b) =>
      Date.parse(b.metadata?.creationTimestamp ?? '') - Date.parse(a.metadata?.creationTimestamp ?? '') ||
      (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  );
  return defaults[0];
}
