/**
 * VolumeRestrictions, after upstream's `volumerestrictions` plugin: a pod may not share a GCE PD,
 * AWS EBS, RBD or iSCSI volume with a pod already on the node unless both mount it read-only (EBS
 * never), and may not use a ReadWriteOncePod claim that any scheduled pod already uses. Both are
 * `Unschedulable`, so preemption may free them; PreFilterExtensions keep the claim count right
 * during preemption's what-ifs.
 */
import type { PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1.js';
import {
  ActionType,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type PluginFactory,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type QueueingHint,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';

export const NAME = 'VolumeRestrictions';
/** Reason for a disk another pod on the node already mounts. */
export const ERR_REASON_DISK_CONFLICT = 'node(s) had no available disk';
/** Reason for a ReadWriteOncePod claim already in use. */
export const ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT =
  'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

const STATE_KEY = `PreFilter${NAME}`;

/** PreFilter's result: the pod's ReadWriteOncePod claims and how many scheduled pods use them. */
class PreFilterState {
  constructor(
    readonly readWriteOncePodPVCs: ReadonlySet<string>,
    public conflictingPVCRefCount: number,
  ) {}

  /** How many of `pod`'s claims are among ours. */
  conflictsOf(pod: Pod): number {
    let n = 0;
    for (const v of pod.spec?.volumes ?? []) {
      if (v.persistentVolumeClaim && this.readWriteOncePodPVCs.has(v.persistentVolumeClaim.claimName)) n++;
    }
    return n;
  }

  clone(): PreFilterState {
    return new PreFilterState(this.readWriteOncePodPVCs, this.conflictingPVCRefCount);
  }
}

/** Whether `v` is of a kind this plugin checks for conflicts. */
function needsRestrictionsCheck(v: Volume): boolean {
  return !!(v.gcePersistentDisk || v.awsElasticBlockStore || v.rbd || v.iscsi);
}

/** Upstream's `isVolumeConflict`: whether `v` conflicts with a volume of `pod`. */
export function isVolumeConflict(v: Volume, pod: Pod): boolean {
  for (const e of pod.spec?.volumes ?? []) {
    if (v.gcePersistentDisk && e.gcePersistentDisk) {
      const a = v.gcePersistentDisk;
      const b = e.gcePersistentDisk;
      if (a.pdName === b.pdName && !(a.readOnly && b.readOnly)) return true;
    }
    if (v.awsElasticBlockStore && e.awsElasticBlockStore) {
      if (v.awsElasticBlockStore.volumeID === e.awsElasticBlockStore.volumeID) return true;
    }
    if (v.iscsi && e.iscsi) {
      // The same IQN is the same volume; it may only be shared read-only.
      if (v.iscsi.iqn === e.iscsi.iqn && !(v.iscsi.readOnly && e.iscsi.readOnly)) return true;
    }
    if (v.rbd && e.rbd) {
      // The same image: a common Ceph monitor, the same pool and image name.
      const a = v.rbd;
      const b = e.rbd;
      const monitors = new Set(a.monitors);
      const overlap = b.monitors.some((m) => monitors.has(m));
      if (overlap && (a.pool ?? '') === (b.pool ?? '') && a.image === b.image && !(a.readOnly && b.readOnly)) {
        return true;
      }
    }
  }
  return false;
}

/** Whether `pod` can join the pods of `nodeInfo` without a disk conflict. */
function satisfiesVolumeConflicts(pod: Pod, pods: readonly Pod[]): boolean {
  for (const v of pod.spec?.volumes ?? []) {
    if (!needsRestrictionsCheck(v)) continue;
    for (const existing of pods) if (isVolumeConflict(v, existing)) return false;
  }
  return true;
}

/** The VolumeRestrictions plugin. */
export class VolumeRestrictions implements PreFilterPlugin, FilterPlugin, PreFilterExtensions, EnqueueExtensions {
  readonly name = NAME;

  constructor(private readonly handle: Handle) {}

  /**
   * Skip when the pod has no checked volume and no ReadWriteOncePod claim in use.
   * UnschedulableAndUnresolvable when a claim it uses does not exist.
   */
  preFilter(state: CycleState, pod: Pod): { status?: Status } | undefined {
    const needsCheck = (pod.spec?.volumes ?? []).some(needsRestrictionsCheck);
    const ns = pod.metadata?.namespace ?? '';
    const rwop = new Set<string>();
    for (const v of pod.spec?.volumes ?? []) {
      if (!v.persistentVolumeClaim) continue;
      const name = v.persistentVolumeClaim.claimName;
      const pvc: PersistentVolumeClaim | undefined = this.handle.listers.persistentVolumeClaims.get(ns, name);
      if (!pvc) return { status: Status.unresolvable(`persistentvolumeclaim "${name}" not found`) };
      if ((pvc.spec?.accessModes ?? []).includes('ReadWriteOncePod')) rwop.add(pvc.metadata?.name ?? name);
    }
    let conflicts = 0;
    if (rwop.size > 0) {
      const used = new Set<string>();
      for (const ni of this.handle.snapshot().list()) for (const key of ni.pvcRefCounts.keys()) used.add(key);
      // At most one pod may use each such claim, so each used one counts once.
      for (const name of rwop) if (used.has(`${ns}/${name}`)) conflicts++;
    }
    if (!needsCheck && conflicts === 0) return { status: Status.skip() };
    state.write(STATE_KEY, new PreFilterState(rwop, conflicts));
    return undefined;
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(state: CycleState, _pod: Pod, podToAdd: PodInfo): Status | undefined {
    const s = state.read<PreFilterState>(STATE_KEY);
    if (!s) return Status.error(`cannot read "${STATE_KEY}" from cycleState`);
    s.conflictingPVCRefCount += s.conflictsOf(podToAdd.pod);
    return undefined;
  }

  removePod(state: CycleState, _pod: Pod, podToRemove: PodInfo): Status | undefined {
    const s = state.read<PreFilterState>(STATE_KEY);
    if (!s) return Status.error(`cannot read "${STATE_KEY}" from cycleState`);
    s.conflictingPVCRefCount -= s.conflictsOf(podToRemove.pod);
    return undefined;
  }

  /** Unschedulable for a disk conflict on this node or a ReadWriteOncePod claim in use. */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    if (
      !satisfiesVolumeConflicts(
        pod,
        nodeInfo.pods.map((p) => p.pod),
      )
    ) {
      return Status.unschedulable(ERR_REASON_DISK_CONFLICT);
    }
    const s = state.read<PreFilterState>(STATE_KEY);
    if (!s) return Status.error(`cannot read "${STATE_KEY}" from cycleState`);
    if (s.conflictingPVCRefCount > 0) return Status.unschedulable(ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT);
    return undefined;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      // Volumes are immutable, so only a deletion frees a disk or a claim.
      { event: { resource: 'Pod', actionType: ActionType.Delete }, hint: podDeletedHint },
      { event: { resource: 'Node', actionType: ActionType.Add } },
      // The claim must exist to read its access modes.
      { event: { resource: 'PersistentVolumeClaim', actionType: ActionType.Add }, hint: claimAddedHint },
    ];
  }
}

/** A deleted pod in the namespace that held a conflicting disk or one of the pod's claims. */
function podDeletedHint(pod: Pod, oldObj: unknown): QueueingHint {
  const deleted = oldObj as Pod;
  if (deleted.metadata?.namespace !== pod.metadata?.namespace) return 'QueueSkip';
  if (!satisfiesVolumeConflicts(pod, [deleted])) return 'Queue';
  const claims = new Set<string>();
  for (const v of pod.spec?.volumes ?? []) if (v.persistentVolumeClaim) claims.add(v.persistentVolumeClaim.claimName);
  for (const v of deleted.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim && claims.has(v.persistentVolumeClaim.claimName)) return 'Queue';
  }
  return 'QueueSkip';
}

/** A claim the pod uses was created. */
function claimAddedHint(pod: Pod, _old: unknown, newObj: unknown): QueueingHint {
  const pvc = newObj as PersistentVolumeClaim;
  if (pvc.metadata?.namespace !== pod.metadata?.namespace) return 'QueueSkip';
  const used = (pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata?.name);
  return used ? 'Queue' : 'QueueSkip';
}

/** Builds VolumeRestrictions; it takes no args. */
export const factory: PluginFactory = (_args, handle) => new VolumeRestrictions(handle);
