/**
 * NodeVolumeLimits, after upstream's `nodevolumelimits.CSILimits`: the CSI volumes a node would
 * have attached with the pod, counted once per driver and volume handle, must not exceed the
 * driver's `allocatable.count` in the node's CSINode (or an `attachable-volumes-csi-<driver>`
 * node allocatable). Over the limit is `Unschedulable`: evicting pods frees attachments.
 */
import { randomBytes } from 'node:crypto';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { CSINode } from 'kubernetes-types/storage/v1.js';
import {
  ActionType,
  type ClusterEventWithHint,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type PluginFactory,
  type PreFilterPlugin,
  type QueueingHint,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { claimClass, ephemeralVolumeNotForPod, podClaims } from '../volumebinding/volume-helpers.js';
import {
  claimCSIVolumeFromClass,
  csiAttachLimitKey,
  inlineCSIVolume,
  isInlineMigratable,
  pvCSIVolume,
  type CSIVolumeID,
} from './csi-volumes.js';

export const NAME = 'NodeVolumeLimits';
/** Reason for a node whose driver would exceed its attach limit. */
export const ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED = 'node(s) exceed max volume count';

/** A lookup failure; `notFound` when the claim is missing, which only its creation can fix. */
class LookupError extends Error {
  constructor(
    message: string,
    readonly notFound = false,
  ) {
    super(message);
  }
}

/** The node's attach limits by resource key: node allocatable first, CSINode drivers override. */
function volumeLimits(nodeInfo: NodeInfo, csiNode: CSINode | undefined): Map<string, number> {
  const limits = new Map<string, number>();
  for (const [k, v] of nodeInfo.allocatable.scalarResources ?? []) {
    if (k.startsWith('attachable-volumes-')) limits.set(k, v);
  }
  for (const d of csiNode?.spec?.drivers ?? []) {
    const count = d.allocatable?.count;
    if (count !== undefined && count !== null) limits.set(csiAttachLimitKey(d.name), count);
  }
  return limits;
}

/** The NodeVolumeLimits (CSI) plugin. */
export class CSILimits implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = NAME;
  /** Keeps handles made up for unbound claims apart from real volume handles. */
  private readonly randomVolumeIDPrefix = randomBytes(16).toString('hex');

  constructor(private readonly handle: Handle) {}

  /** Skip for pods without claims or in-tree disks: nothing of theirs counts. */
  preFilter(_state: unknown, pod: Pod): { status?: Status } | undefined {
    const counts = (pod.spec?.volumes ?? []).some(
      (v) => v.persistentVolumeClaim || v.ephemeral || isInlineMigratable(v),
    );
    return counts ? undefined : { status: Status.skip() };
  }

  /**
   * Unschedulable when some driver's attachments would exceed its limit; UnschedulableAndUnresolvable
   * when a claim of the pod does not exist.
   */
  filter(_state: unknown, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    if ((pod.spec?.volumes ?? []).length === 0) return undefined;
    const node = nodeInfo.node;
    if (!node) return Status.error('node not found');
    // Without a CSINode the limits may still come from the node's allocatable.
    const csiNode = this.handle.listers.csiNodes.get(undefined, node.metadata?.name ?? '');

    const newVolumes = new Map<string, string>();
    try {
      this.attachableVolumes(pod, csiNode, true, newVolumes);
    } catch (err) {
      const e = err as LookupError;
      return e.notFound ? Status.unresolvable(e.message) : Status.error(e.message);
    }
    if (newVolumes.size === 0) return undefined;
    const limits = volumeLimits(nodeInfo, csiNode);
    if (limits.size === 0) return undefined;

    const attached = new Map<string, string>();
    try {
      for (const pi of nodeInfo.pods) this.attachableVolumes(pi.pod, csiNode, false, attached);
    } catch (err) {
      return Status.error((err as Error).message);
    }
    const attachedCount = new Map<string, number>();
    for (const [unique, key] of attached) {
      // A volume already attached for another pod costs nothing more.
      newVolumes.delete(unique);
      attachedCount.set(key, (attachedCount.get(key) ?? 0) + 1);
    }
    const newCount = new Map<string, number>();
    for (const key of newVolumes.values()) newCount.set(key, (newCount.get(key) ?? 0) + 1);
    for (const [key, count] of newCount) {
      const max = limits.get(key);
      if (max !== undefined && (attachedCount.get(key) ?? 0) + count > max) {
        return Status.unschedulable(ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED);
      }
    }
    return undefined;
  }

  /**
   * Adds the pod's CSI volumes to `result` (`driver/handle` → limit key). For the pod being
   * scheduled a missing claim throws; for pods already there it is skipped, as there is no
   * knowing what it was.
   */
  private attachableVolumes(
    pod: Pod,
    csiNode: CSINode | undefined,
    newPod: boolean,
    result: Map<string, string>,
  ): void {
    const add = (id: CSIVolumeID | undefined) => {
      if (id && id.driver && id.handle) result.set(`${id.driver}/${id.handle}`, csiAttachLimitKey(id.driver));
    };
    for (const v of pod.spec?.volumes ?? []) {
      if (!v.persistentVolumeClaim && !v.ephemeral) add(inlineCSIVolume(v, csiNode));
    }
    const ns = pod.metadata?.namespace ?? '';
    for (const c of podClaims(pod)) {
      if (!c.claimName) throw new LookupError('PersistentVolumeClaim had no name');
      const pvc = this.handle.listers.persistentVolumeClaims.get(ns, c.claimName);
      if (!pvc) {
        if (!newPod) continue;
        throw new LookupError(
          `looking up PVC ${ns}/${c.claimName}: persistentvolumeclaim "${c.claimName}" not found`,
          true,
        );
      }
      const notOwned = c.ephemeral ? ephemeralVolumeNotForPod(pod, pvc) : undefined;
      if (notOwned) throw new LookupError(notOwned);
      add(this.claimVolume(pvc, csiNode));
    }
  }

  /** Upstream's `getCSIDriverInfo`: the bound PV's volume, else one guessed from the class. */
  private claimVolume(pvc: PersistentVolumeClaim, csiNode: CSINode | undefined): CSIVolumeID | undefined {
    const pvName = pvc.spec?.volumeName;
    // An unbound claim, or one whose PV is gone or not yet seen, counts by its class.
    const pv = pvName ? this.handle.listers.persistentVolumes.get(undefined, pvName) : undefined;
    if (pv) return pvCSIVolume(pv, csiNode);
    const scName = claimClass(pvc);
    const provisioner = scName ? this.handle.listers.storageClasses.get(undefined, scName)?.provisioner : undefined;
    return claimCSIVolumeFromClass(pvc, provisioner, csiNode, this.randomVolumeIDPrefix);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      // Any new CSINode may bring limits or migrated plugins.
      { event: { resource: 'CSINode', actionType: ActionType.Add } },
      { event: { resource: 'Pod', actionType: ActionType.Delete }, hint: podDeletedHint },
      { event: { resource: 'PersistentVolumeClaim', actionType: ActionType.Add }, hint: claimAddedHint },
    ];
  }
}

/** A deleted scheduled pod that had volumes which may have counted. */
function podDeletedHint(_pod: Pod, oldObj: unknown): QueueingHint {
  const deleted = oldObj as Pod;
  const volumes = deleted.spec?.volumes ?? [];
  if (volumes.length === 0 || !deleted.spec?.nodeName) return 'QueueSkip';
  return volumes.some((v) => v.persistentVolumeClaim || v.ephemeral || isInlineMigratable(v)) ? 'Queue' : 'QueueSkip';
}

/** A claim the pod uses was created. */
function claimAddedHint(pod: Pod, _old: unknown, newObj: unknown): QueueingHint {
  const pvc = newObj as PersistentVolumeClaim;
  if (pvc.metadata?.namespace !== pod.metadata?.namespace) return 'QueueSkip';
  return podClaims(pod).some((c) => c.claimName === pvc.metadata?.name) ? 'Queue' : 'QueueSkip';
}

/** Builds NodeVolumeLimits; it takes no args. */
export const factory: PluginFactory = (_args, handle) => new CSILimits(handle);
