/**
 * Tables for storage.k8s.io: storageclasses (`(default)` after the default class's name),
 * csidrivers, csinodes, volumeattachments, volumeattributesclasses.
 */
import type { CSIDriver, CSINode, StorageClass, VolumeAttachment } from 'kubernetes-types/storage/v1.js';
import type { VolumeAttributesClass } from 'kubernetes-types/storage/v1alpha1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { ageColumn, column, nameColumn, printer } from './columns.js';
import { DOC } from './descriptions.js';
import { since } from './format.js';

const isTrue = (meta: ObjectMeta | undefined, ...keys: string[]) => keys.some((k) => meta?.annotations?.[k] === 'true');

/** storage.k8s.io/v1 storageclasses. */
export const storageClassPrinter = printer<StorageClass>(
  [
    nameColumn,
    column('Provisioner', 'string', DOC['sc.provisioner']),
    column('ReclaimPolicy', 'string', DOC['sc.reclaimPolicy']),
    column('VolumeBindingMode', 'string', DOC['sc.volumeBindingMode']),
    column('AllowVolumeExpansion', 'string', DOC['sc.allowVolumeExpansion']),
    ageColumn,
  ],
  (sc, now) => {
    const isDefault = isTrue(
      sc.metadata,
      'storageclass.kubernetes.io/is-default-class',
      'storageclass.beta.kubernetes.io/is-default-class',
    );
    return [
      `${sc.metadata?.name ?? ''}${isDefault ? ' (default)' : ''}`,
      sc.provisioner ?? '',
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion ?? false,
      since(sc.metadata?.creationTimestamp, now),
    ];
  },
);

/** storage.k8s.io/v1 csidrivers. */
export const csiDriverPrinter = printer<CSIDriver>(
  [
    nameColumn,
    column('AttachRequired', 'boolean', DOC['csid.attachRequired']),
    column('PodInfoOnMount', 'boolean', DOC['csid.podInfoOnMount']),
    column('StorageCapacity', 'boolean', DOC['csid.storageCapacity']),
    column('TokenRequests', 'string', DOC['csid.tokenRequests']),
    column('RequiresRepublish', 'boolean', DOC['csid.requiresRepublish']),
    column('Modes', 'string', DOC['csid.volumeLifecycleModes']),
    ageColumn,
  ],
  (d, now) => {
    const spec = d.spec ?? {};
    const tokens = spec.tokenRequests;
    return [
      d.metadata?.name ?? '',
      spec.attachRequired ?? true,
      spec.podInfoOnMount ?? false,
      spec.storageCapacity ?? false,
      tokens === undefined || tokens === null ? '<unset>' : tokens.map((t) => t.audience).join(','),
      spec.requiresRepublish ?? false,
      (spec.volumeLifecycleModes ?? []).join(',') || '<none>',
      since(d.metadata?.creationTimestamp, now),
    ];
  },
);

/** storage.k8s.io/v1 csinodes: the number of DRIVERS registered. */
export const csiNodePrinter = printer<CSINode>(
  [
    nameColumn,
    column('Drivers', 'integer', 'Drivers indicates the number of CSI drivers registered on the node'),
    ageColumn,
  ],
  (n, now) => [n.metadata?.name ?? '', (n.spec?.drivers ?? []).length, since(n.metadata?.creationTimestamp, now)],
);

/** storage.k8s.io/v1 volumeattachments. Upstream marks ATTACHER, too, as a name column. */
export const volumeAttachmentPrinter = printer<VolumeAttachment>(
  [
    nameColumn,
    column('Attacher', 'string', DOC['va.attacher'], { format: 'name' }),
    column('PV', 'string', DOC['va.pv']),
    column('Node', 'string', DOC['va.nodeName']),
    column('Attached', 'boolean', DOC['va.attached']),
    ageColumn,
  ],
  (va, now) => [
    va.metadata?.name ?? '',
    va.spec?.attacher ?? '',
    va.spec?.source?.persistentVolumeName ?? '',
    va.spec?.nodeName ?? '',
    va.status?.attached ?? false,
    since(va.metadata?.creationTimestamp, now),
  ],
);

/** storage.k8s.io volumeattributesclasses. */
export const volumeAttributesClassPrinter = printer<VolumeAttributesClass>(
  [nameColumn, column('DriverName', 'string', DOC['vac.driverName']), ageColumn],
  (c, now) => {
    const isDefault = isTrue(c.metadata, 'volumeattributesclass.alpha.kubernetes.io/is-default-class');
    return [
      `${c.metadata?.name ?? ''}${isDefault ? ' (default)' : ''}`,
      c.driverName ?? '',
      since(c.metadata?.creationTimestamp, now),
    ];
  },
);
