/**
 * Which CSI volume a pod volume is, for counting attachments per driver, after upstream's
 * `nodevolumelimits/csi.go` and the csi-translation-lib it relies on: a PV's CSI source, the
 * provisioner of an unbound claim's class, or an in-tree disk migrated to its CSI driver.
 */
import { createHash } from 'node:crypto';
import type { PersistentVolume, PersistentVolumeClaim, Volume } from 'kubernetes-types/core/v1.js';
import type { CSINode } from 'kubernetes-types/storage/v1.js';

const CSI_ATTACH_LIMIT_PREFIX = 'attachable-volumes-csi-';
const RESOURCE_NAME_LENGTH_LIMIT = 63;
const MIGRATED_PLUGINS_ANNOTATION = 'storage.alpha.kubernetes.io/migrated-plugins';

/**
 * Upstream's `GetCSIAttachLimitKey`: `attachable-volumes-csi-<driver>`, with long driver names cut
 * to 23 characters plus 16 hex digits of their SHA-1 so the key stays a valid resource name.
 */
export function csiAttachLimitKey(driver: string): string {
  if (CSI_ATTACH_LIMIT_PREFIX.length + driver.length >= RESOURCE_NAME_LENGTH_LIMIT) {
    const hash = createHash('sha1').update(driver).digest('hex').slice(0, 16);
    return CSI_ATTACH_LIMIT_PREFIX + driver.slice(0, 23) + hash;
  }
  return CSI_ATTACH_LIMIT_PREFIX + driver;
}

/** In-tree plugins csi-translation-lib can translate, with their CSI drivers. */
const IN_TREE_TO_CSI: Readonly<Record<string, string>> = {
  'kubernetes.io/aws-ebs': 'ebs.csi.aws.com',
  'kubernetes.io/gce-pd': 'pd.csi.storage.gke.io',
  'kubernetes.io/azure-disk': 'disk.csi.azure.com',
  'kubernetes.io/azure-file': 'file.csi.azure.com',
  'kubernetes.io/cinder': 'cinder.csi.openstack.org',
  'kubernetes.io/vsphere-volume': 'csi.vsphere.vmware.com',
  'kubernetes.io/portworx-volume': 'pxd.portworx.com',
};

/** The CSI driver an in-tree plugin (or provisioner) name migrates to, if it is one. */
export function csiDriverForInTree(plugin: string): string | undefined {
  return Object.hasOwn(IN_TREE_TO_CSI, plugin) ? IN_TREE_TO_CSI[plugin] : undefined;
}

/**
 * Upstream's `isCSIMigrationOn` for 1.32: migration of AWS EBS, GCE PD, Azure Disk and Cinder is
 * GA (on whenever the node has a CSINode); Portworx counts when the CSINode lists it as migrated;
 * Azure File and vSphere are not counted by this plugin.
 */
export function isCSIMigrationOn(csiNode: CSINode | undefined, plugin: string): boolean {
  if (!csiNode || !plugin) return false;
  switch (plugin) {
    case 'kubernetes.io/aws-ebs':
    case 'kubernetes.io/gce-pd':
    case 'kubernetes.io/azure-disk':
    case 'kubernetes.io/cinder':
      return true;
    case 'kubernetes.io/portworx-volume': {
      const migrated = csiNode.metadata?.annotations?.[MIGRATED_PLUGINS_ANNOTATION] ?? '';
      return migrated.split(',').includes(plugin);
    }
    default:
      return false;
  }
}

/** A driver and volume handle; the pair names one attachment. */
export interface CSIVolumeID {
  driver: string;
  handle: string;
}

type Source = Pick<Volume, 'awsElasticBlockStore' | 'gcePersistentDisk' | 'azureDisk' | 'cinder' | 'portworxVolume'>;

/**
 * The in-tree plugin and a stable handle of an in-tree disk source. Handles follow the CSI
 * drivers' forms where they are simple (EBS and Cinder IDs, Azure disk URIs); a GCE PD's zone is
 * left UNSPECIFIED, as upstream does for inline volumes.
 */
function inTreeSource(src: Source): { plugin: string; handle: string } | undefined {
  if (src.awsElasticBlockStore) {
    // `aws://zone/vol-1` and `vol-1` name the same volume.
    const id = src.awsElasticBlockStore.volumeID;
    return {
      plugin: 'kubernetes.io/aws-ebs',
      handle: id.startsWith('aws://') ? id.slice(id.lastIndexOf('/') + 1) : id,
    };
  }
  if (src.gcePersistentDisk) {
    return {
      plugin: 'kubernetes.io/gce-pd',
      handle: `projects/UNSPECIFIED/zones/UNSPECIFIED/disks/${src.gcePersistentDisk.pdName}`,
    };
  }
  if (src.azureDisk) return { plugin: 'kubernetes.io/azure-disk', handle: src.azureDisk.diskURI };
  if (src.cinder) return { plugin: 'kubernetes.io/cinder', handle: src.cinder.volumeID };
  if (src.portworxVolume) return { plugin: 'kubernetes.io/portworx-volume', handle: src.portworxVolume.volumeID };
  return undefined;
}

/** Whether an inline volume is an in-tree disk that could migrate to CSI. */
export function isInlineMigratable(v: Volume): boolean {
  return inTreeSource(v) !== undefined;
}

/** The CSI volume of an inline in-tree disk whose migration is on for the node. */
export function inlineCSIVolume(v: Volume, csiNode: CSINode | undefined): CSIVolumeID | undefined {
  const src = inTreeSource(v);
  if (!src || !isCSIMigrationOn(csiNode, src.plugin)) return undefined;
  return { driver: csiDriverForInTree(src.plugin)!, handle: src.handle };
}

/** The CSI volume of a PV: its CSI source, or its in-tree source when migrated on the node. */
export function pvCSIVolume(pv: PersistentVolume, csiNode: CSINode | undefined): CSIVolumeID | undefined {
  const csi = pv.spec?.csi;
  if (csi) return { driver: csi.driver, handle: csi.volumeHandle };
  const src = pv.spec ? inTreeSource(pv.spec) : undefined;
  if (!src || !isCSIMigrationOn(csiNode, src.plugin)) return undefined;
  return { driver: csiDriverForInTree(src.plugin)!, handle: src.handle };
}

/**
 * Upstream's `getCSIDriverInfoFromSC`: an unbound claim counts against its class's provisioner,
 * under a handle of its own (`<prefix>-<namespace>/<name>`, the random prefix keeping it apart
 * from real volume IDs). No class, a missing class or an unmigrated in-tree provisioner: none.
 */
export function claimCSIVolumeFromClass(
  pvc: PersistentVolumeClaim,
  provisioner: string | undefined,
  csiNode: CSINode | undefined,
  prefix: string,
): CSIVolumeID | undefined {
  if (provisioner === undefined) return undefined;
  const handle = `${prefix}-${pvc.metadata?.namespace ?? ''}/${pvc.metadata?.name ?? ''}`;
  const migrated = csiDriverForInTree(provisioner);
  if (migrated === undefined) return { driver: provisioner, handle };
  return isCSIMigrationOn(csiNode, provisioner) ? { driver: migrated, handle } : undefined;
}
