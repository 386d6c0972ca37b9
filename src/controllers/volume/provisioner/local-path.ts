/**
 * The pure parts of k8ts's local hostPath provisioner (after kind's local-path-provisioner and
 * sig-storage's external-provisioner library): the default `standard` class, which claims to
 * provision for, the PV made for a claim, and which released PVs to delete.
 */
import path from 'node:path';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_IS_DEFAULT_CLASS,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  claimClass,
} from '../util.js';

/** The provisioner name classes name to get local volumes. */
export const LOCAL_PATH_PROVISIONER = 'k8ts.io/local-path';
/** Where volumes live on a node unless configured otherwise. */
export const DEFAULT_BASE_PATH = '/var/lib/k8ts/local-path';
/** The external-provisioner library's finalizer: the backing directory goes before the PV. */
export const PROVISIONER_FINALIZER = 'external-provisioner.volume.kubernetes.io/finalizer';

/** The default class, as kind ships `standard`. */
export function standardStorageClass(): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { [ANN_IS_DEFAULT_CLASS]: 'true' } },
    provisioner: LOCAL_PATH_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

/** The directory of a claim's volume: `<base>/<namespace>-<claim>-<uid>`. */
export function volumePath(base: string, claim: PersistentVolumeClaim): string {
  const m = claim.metadata;
  return path.join(base, `${m?.namespace ?? ''}-${m?.name ?? ''}-${m?.uid ?? ''}`);
}

/** Whether `p` lies strictly below `base` (never `base` itself, never outside it). */
export function isUnderBase(base: string, p: string): boolean {
  const b = path.resolve(base);
  const r = path.resolve(p);
  return r.startsWith(b + path.sep) && r.length > b.length + 1;
}

/**
 * The library's `shouldProvision`: an unbound, live claim the binder handed to us, of a class
 * of ours, with a node chosen when the class waits for a consumer. `why` says what is missing
 * when the answer is no for a reason worth an event.
 */
export function shouldProvision(
  claim: PersistentVolumeClaim,
  sc: StorageClass | undefined,
): { provision: boolean; why?: string } {
  if (claim.spec?.volumeName || claim.metadata?.deletionTimestamp) return { provision: false };
  const ann = claim.metadata?.annotations ?? {};
  const asked = ann[ANN_STORAGE_PROVISIONER] ?? ann[ANN_BETA_STORAGE_PROVISIONER];
  if (asked !== LOCAL_PATH_PROVISIONER) return { provision: false };
  if (!sc || sc.provisioner !== LOCAL_PATH_PROVISIONER) return { provision: false };
  if (!ann[ANN_SELECTED_NODE]) {
    if (sc.volumeBindingMode === 'WaitForFirstConsumer') return { provision: false };
    // Local volumes live on one node: without the scheduler's choice there is none to use.
    return { provision: false, why: 'configuration error, no node was specified' };
  }
  return { provision: true };
}

/** The PV for `claim` of class `sc` on the claim's selected node, under `base`. */
export function persistentVolumeFor(claim: PersistentVolumeClaim, sc: StorageClass, base: string): PersistentVolume {
  const m = claim.metadata!;
  const node = m.annotations![ANN_SELECTED_NODE];
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name: `pvc-${m.uid}`,
      annotations: { [ANN_DYNAMICALLY_PROVISIONED]: LOCAL_PATH_PROVISIONER },
      finalizers: [PROVISIONER_FINALIZER],
    },
    spec: {
      capacity: { storage: String(claim.spec?.resources?.requests?.storage ?? '0') },
      accessModes: claim.spec?.accessModes,
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: claimClass(claim),
      ...(sc.mountOptions ? { mountOptions: sc.mountOptions } : {}),
      // The kubelet creates the directory when it mounts the volume.
      hostPath: { path: volumePath(base, claim), type: 'DirectoryOrCreate' },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
          ],
        },
      },
      claimRef: {
        kind: 'PersistentVolumeClaim',
        apiVersion: 'v1',
        namespace: m.namespace,
        name: m.name,
        uid: m.uid,
        resourceVersion: m.resourceVersion,
      },
    },
  };
}

/** Whether `pv` is one of ours whose claim is gone and whose policy is Delete. */
export function shouldDelete(pv: PersistentVolume): boolean {
  return (
    pv.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED] === LOCAL_PATH_PROVISIONER &&
    pv.status?.phase === 'Released' &&
    pv.spec?.persistentVolumeReclaimPolicy === 'Delete'
  );
}
