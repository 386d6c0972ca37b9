/**
 * Tables for core/v1 persistentvolumes and persistentvolumeclaims: capacity as a canonical
 * quantity, access modes abbreviated (RWO, ROX, RWX, RWOP), `Terminating` once deletion starts.
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { ageColumn, column, nameColumn, printer, wide } from './columns.js';
import { DOC } from './descriptions.js';
import { since } from './format.js';
import { formatQuantity } from './quantity.js';

const ACCESS_MODES: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** GetAccessModesAsString: the abbreviations present, in a fixed order. */
export function accessModes(modes: string[] | null | undefined): string {
  const present = new Set(modes ?? []);
  return ACCESS_MODES.filter(([mode]) => present.has(mode))
    .map(([, short]) => short)
    .join(',');
}

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** GetPersistentVolume(Claim)Class: the beta annotation, when present, wins over the field. */
function storageClass(meta: ObjectMeta | undefined, field: string | undefined): string {
  const annotations = meta?.annotations ?? {};
  if (Object.hasOwn(annotations, BETA_CLASS_ANNOTATION)) return annotations[BETA_CLASS_ANNOTATION];
  return field ?? '';
}

/** core/v1 persistentvolumes. */
export const persistentVolumePrinter = printer<PersistentVolume>(
  [
    nameColumn,
    column('Capacity', 'string', DOC['pv.capacity']),
    column('Access Modes', 'string', DOC['pv.accessModes']),
    column('Reclaim Policy', 'string', DOC['pv.reclaimPolicy']),
    column('Status', 'string', DOC['pv.phase']),
    column('Claim', 'string', DOC['pv.claimRef']),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', DOC['pv.reason']),
    ageColumn,
    wide(column('VolumeMode', 'string', DOC['pv.volumeMode'])),
  ],
  (pv, now) => {
    const claim = pv.spec?.claimRef;
    return [
      pv.metadata?.name ?? '',
      formatQuantity(pv.spec?.capacity?.storage),
      accessModes(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '',
      pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
      claim ? `${claim.namespace ?? ''}/${claim.name ?? ''}` : '',
      storageClass(pv.metadata, pv.spec?.storageClassName),
      pv.spec?.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      since(pv.metadata?.creationTimestamp, now),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
);

/** core/v1 persistentvolumeclaims: capacity and access modes only once bound to a volume. */
export const persistentVolumeClaimPrinter = printer<PersistentVolumeClaim>(
  [
    nameColumn,
    column('Status', 'string', DOC['pvc.phase']),
    column('Volume', 'string', DOC['pvc.volumeName']),
    column('Capacity', 'string', DOC['pvc.capacity']),
    column('Access Modes', 'string', DOC['pvc.accessModes']),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn,
    wide(column('VolumeMode', 'string', DOC['pvc.volumeMode'])),
  ],
  (pvc, now) => {
    const bound = !!pvc.spec?.volumeName;
    return [
      pvc.metadata?.name ?? '',
      pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
      pvc.spec?.volumeName ?? '',
      bound ? formatQuantity(pvc.status?.capacity?.storage) : '',
      bound ? accessModes(pvc.status?.accessModes) : '',
      storageClass(pvc.metadata, pvc.spec?.storageClassName),
      pvc.spec?.volumeAttributesClassName ?? '<unset>',
      since(pvc.metadata?.creationTimestamp, now),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
);
