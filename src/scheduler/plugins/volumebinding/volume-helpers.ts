/**
 * Storage helpers the volume plugins share, after upstream's `component-helpers/storage/volume`
 * and `storage/ephemeral`: a pod's claims, storage classes of claims and volumes, PV node
 * affinity, StorageClass allowed topologies, and matching an unbound claim to an available PV.
 */
import type {
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  TopologySelectorTerm,
  Volume,
} from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { parseQuantity, type Quantity } from '../../../machinery/quantity.js';
import { selectorFromLabelSelector } from '../../../machinery/label-selector.js';
import type { ObjectLister } from '../../framework/interface.js';
import { nodeSelectorTermsMatch } from '../../../api/scheduling/node-selector.js';

/** Set on a PVC once the PV controller finished binding it; the value does not matter. */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
/** Set on a PV bound by a controller (or the scheduler) rather than pre-bound by a user. */
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
/** Set on a PVC by the scheduler to ask for provisioning on that node. */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** The provisioner of classes that cannot provision dynamically (local volumes). */
export const NOT_SUPPORTED_PROVISIONER = 'kubernetes.io/no-provisioner';
/** The beta annotation that still takes precedence over `storageClassName`. */
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** One volume of a pod that refers to a claim, directly or as a generic ephemeral volume. */
export interface PodClaim {
  volume: Volume;
  claimName: string;
  ephemeral: boolean;
}

/** The pod's volumes that use a PVC, in spec order (ephemeral claims are `<pod>-<volume>`). */
export function podClaims(pod: Pod): PodClaim[] {
  const out: PodClaim[] = [];
  for (const volume of pod.spec?.volumes ?? []) {
    if (volume.persistentVolumeClaim) {
      out.push({ volume, claimName: volume.persistentVolumeClaim.claimName, ephemeral: false });
    } else if (volume.ephemeral) {
      out.push({ volume, claimName: `${pod.metadata?.name ?? ''}-${volume.name}`, ephemeral: true });
    }
  }
  return out;
}

/**
 * Upstream's `ephemeral.VolumeIsForPod`: the error message when `pvc` was not created for `pod`
 * (the pod is not its controller), else undefined.
 */
export function ephemeralVolumeNotForPod(pod: Pod, pvc: PersistentVolumeClaim): string | undefined {
  const ns = pod.metadata?.namespace ?? '';
  const controller = (pvc.metadata?.ownerReferences ?? []).find((r) => r.controller);
  if ((pvc.metadata?.namespace ?? '') !== ns || !controller || controller.uid !== pod.metadata?.uid) {
    return `PVC ${pvc.metadata?.namespace ?? ''}/${pvc.metadata?.name ?? ''} was not created for pod ${ns}/${pod.metadata?.name ?? ''} (pod is not owner)`;
  }
  return undefined;
}

/** The class a claim asks for ('' for none); the beta annotation wins over the field. */
export function claimClass(pvc: PersistentVolumeClaim): string {
  const ann = pvc.metadata?.annotations;
  if (ann && Object.hasOwn(ann, BETA_STORAGE_CLASS_ANNOTATION)) return ann[BETA_STORAGE_CLASS_ANNOTATION];
  return pvc.spec?.storageClassName ?? '';
}

/** The class of a volume ('' for none); the beta annotation wins over the field. */
export function volumeClass(pv: PersistentVolume): string {
  const ann = pv.metadata?.annotations;
  if (ann && Object.hasOwn(ann, BETA_STORAGE_CLASS_ANNOTATION)) return ann[BETA_STORAGE_CLASS_ANNOTATION];
  return pv.spec?.storageClassName ?? '';
}

/** `namespace/name` of a claim, the key of the PVC caches. */
export function claimKey(pvc: PersistentVolumeClaim): string {
  return `${pvc.metadata?.namespace ?? ''}/${pvc.metadata?.name ?? ''}`;
}

/**
 * Upstream's `IsDelayBindingMode`: whether the claim's class binds at first consumer. A claim
 * without a class, or whose class does not exist, binds immediately; a class without a binding
 * mode is an error (thrown, with upstream's message).
 */
export function isDelayBindingMode(pvc: PersistentVolumeClaim, classes: ObjectLister<StorageClass>): boolean {
  const name = claimClass(pvc);
  if (!name) return false;
  const sc = classes.get(undefined, name);
  if (!sc) return false;
  if (!sc.volumeBindingMode) throw new Error(`VolumeBindingMode not set for StorageClass "${name}"`);
  return sc.volumeBindingMode === 'WaitForFirstConsumer';
}

/** A claim is fully bound once it names a volume and the PV controller marked it complete. */
export function isClaimFullyBound(pvc: PersistentVolumeClaim): boolean {
  return !!pvc.spec?.volumeName && Object.hasOwn(pvc.metadata?.annotations ?? {}, ANN_BIND_COMPLETED);
}

/**
 * Upstream's `CheckNodeAffinity`: whether the PV's required node affinity matches a node with
 * `labels`. Only labels are known, as upstream passes a node carrying labels alone, so a
 * `matchFields` on `metadata.name` never matches an `In`.
 */
export function volumeNodeAffinityMatches(pv: PersistentVolume, labels: Record<string, string> | undefined): boolean {
  const required = pv.spec?.nodeAffinity?.required;
  if (!required) return true;
  const node: Node = { metadata: { labels: labels ?? {} } };
  return nodeSelectorTermsMatch(required.nodeSelectorTerms ?? [], node);
}

/**
 * Upstream's `MatchTopologySelectorTerms`: no terms match every node; otherwise some term with
 * expressions must have each key present on the node with one of its values.
 */
export function topologyTermsMatch(
  terms: readonly TopologySelectorTerm[] | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!terms || terms.length === 0) return true;
  const l = labels ?? {};
  return terms.some((term) => {
    const exprs = term.matchLabelExpressions ?? [];
    if (exprs.length === 0) return false;
    // An empty value list is an invalid requirement upstream, which makes the term match nothing.
    return exprs.every((e) => e.values.length > 0 && Object.hasOwn(l, e.key) && e.values.includes(l[e.key]));
  });
}

const ZERO = parseQuantity('0');

/** The storage quantity in a resource list (zero when missing or unparsable). */
export function storageQuantity(list: Readonly<Record<string, string | number>> | undefined): Quantity {
  const v = list?.storage;
  if (v === undefined) return ZERO;
  try {
    return parseQuantity(String(v));
  } catch {
    return ZERO;
  }
}

/** The storage a claim requests. */
export function claimRequest(pvc: PersistentVolumeClaim): Quantity {
  return storageQuantity(pvc.spec?.resources?.requests);
}

/** Upstream's `IsVolumeBoundToClaim`: the PV's claimRef names the claim (and its UID, if set). */
export function isVolumeBoundToClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== pvc.metadata?.name || ref.namespace !== pvc.metadata?.namespace) return false;
  return !ref.uid || ref.uid === pvc.metadata?.uid;
}

/** Whether the PV offers every access mode the claim asks for. */
function accessModesSatisfied(pvc: PersistentVolumeClaim, pv: PersistentVolume): boolean {
  const have = new Set(pv.spec?.accessModes ?? []);
  return (pvc.spec?.accessModes ?? []).every((m) => have.has(m));
}

/**
 * Upstream's `FindMatchingVolume` on the scheduler path (a node is given, delay binding): a PV
 * pre-bound to the claim wins if its node affinity matches `node` (else nothing matches);
 * otherwise the smallest Available PV of the claim's class, size, volume mode, selector, access
 * modes and node affinity that is not in `excluded`. Throws when the claim's selector is invalid.
 */
export function findMatchingVolume(
  pvc: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  node: Node,
  excluded: ReadonlySet<string>,
): PersistentVolume | undefined {
  const requested = claimRequest(pvc);
  const requestedClass = claimClass(pvc);
  const requestedMode = pvc.spec?.volumeMode ?? 'Filesystem';
  let selector: ReturnType<typeof selectorFromLabelSelector> | undefined;
  if (pvc.spec?.selector) {
    try {
      selector = selectorFromLabelSelector(pvc.spec.selector);
    } catch (err) {
      throw new Error(`error creating internal label selector for claim: ${claimKey(pvc)}: ${(err as Error).message}`);
    }
  }
  let smallest: PersistentVolume | undefined;
  let smallestQty: Quantity | undefined;
  for (const pv of volumes) {
    if (excluded.has(pv.metadata?.name ?? '')) continue;
    const boundToClaim = isVolumeBoundToClaim(pv, pvc);
    if (pv.spec?.claimRef && !boundToClaim) continue;
    const qty = storageQuantity(pv.spec?.capacity);
    if (qty.cmp(requested) < 0) continue;
    if ((pv.spec?.volumeMode ?? 'Filesystem') !== requestedMode) continue;
    if (pv.metadata?.deletionTimestamp) continue;
    const affinityOK = volumeNodeAffinityMatches(pv, node.metadata?.labels);
    // A PV pre-bound to this claim decides the answer: nothing else may be chosen instead.
    if (boundToClaim) return affinityOK ? pv : undefined;
    if (pv.status?.phase !== 'Available') continue;
    if (selector && !selector.matches(pv.metadata?.labels ?? {})) continue;
    if (volumeClass(pv) !== requestedClass) continue;
    if (!affinityOK) continue;
    if (!accessModesSatisfied(pvc, pv)) continue;
    if (!smallestQty || smallestQty.cmp(qty) > 0) {
      smallest = pv;
      smallestQty = qty;
    }
  }
  return smallest;
}
