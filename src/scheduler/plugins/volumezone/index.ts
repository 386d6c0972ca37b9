/**
 * VolumeZone, after upstream's `volumezone` plugin: the zone and region labels of the PVs bound
 * to a pod's claims (GA `topology.kubernetes.io/*` and legacy `failure-domain.beta.…`) must match
 * the node's. A node without any such label fits (single-zone clusters); unbound
 * WaitForFirstConsumer claims are left to VolumeBinding. Mismatches are unresolvable.
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { isDeepStrictEqual } from 'node:util';
import {
  ActionType,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type PluginFactory,
  type PreFilterPlugin,
  type QueueingHint,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { claimClass } from '../volumebinding/volume-helpers.js';

export const NAME = 'VolumeZone';
/** Reason for a PV whose zone or region the node is not in. */
export const ERR_REASON_CONFLICT = 'node(s) had no available volume zone';

const STATE_KEY = `PreFilter${NAME}`;
const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const BETA_REGION = 'failure-domain.beta.kubernetes.io/region';
const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
/** Upstream's order, which decides which mismatch is found first. */
const TOPOLOGY_LABELS = [BETA_ZONE, BETA_REGION, ZONE, REGION];

/** One topology label of a PV: the key and the zones it names (`a__b` names two). */
interface PVTopology {
  pvName: string;
  key: string;
  values: Set<string>;
}

/** The PV's topology labels; a label with an empty zone in its list is ignored, as upstream does. */
function pvTopologies(pv: PersistentVolume): PVTopology[] {
  const out: PVTopology[] = [];
  const labels = pv.metadata?.labels ?? {};
  for (const key of TOPOLOGY_LABELS) {
    if (!Object.hasOwn(labels, key)) continue;
    const zones = labels[key].split('__').map((z) => z.trim());
    if (zones.some((z) => z === '')) continue;
    out.push({ pvName: pv.metadata?.name ?? '', key, values: new Set(zones) });
  }
  return out;
}

/** The legacy label's GA counterpart (others unchanged). */
function toGALabel(key: string): string {
  if (key === BETA_REGION) return REGION;
  if (key === BETA_ZONE) return ZONE;
  return key;
}

/** PreFilter's result: the topologies of the pod's bound PVs. */
class StateData {
  constructor(readonly topologies: readonly PVTopology[]) {}
  clone(): StateData {
    return this;
  }
}

/** The VolumeZone plugin. */
export class VolumeZone implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  constructor(private readonly handle: Handle) {}

  /** Upstream's `getPVbyPod`: the bound PVs' topologies, or the status explaining what is missing. */
  private topologiesOf(pod: Pod): { topologies?: PVTopology[]; status?: Status } {
    const topologies: PVTopology[] = [];
    const { persistentVolumeClaims, persistentVolumes, storageClasses } = this.handle.listers;
    const ns = pod.metadata?.namespace ?? '';
    for (const v of pod.spec?.volumes ?? []) {
      if (!v.persistentVolumeClaim) continue;
      const claimName = v.persistentVolumeClaim.claimName;
      if (!claimName) return { status: Status.unresolvable('PersistentVolumeClaim had no name') };
      const pvc = persistentVolumeClaims.get(ns, claimName);
      if (!pvc) return { status: Status.unresolvable(`persistentvolumeclaim "${claimName}" not found`) };
      const pvName = pvc.spec?.volumeName ?? '';
      if (!pvName) {
        const scName = claimClass(pvc);
        if (!scName) {
          return { status: Status.unresolvable('PersistentVolumeClaim had no pv name and storageClass name') };
        }
        const sc = storageClasses.get(undefined, scName);
        if (!sc) return { status: Status.unresolvable(`storageclass.storage.k8s.io "${scName}" not found`) };
        if (!sc.volumeBindingMode) {
          return { status: Status.unresolvable(`VolumeBindingMode not set for StorageClass "${scName}"`) };
        }
        // Not bound yet by design: VolumeBinding picks a PV that suits the node.
        if (sc.volumeBindingMode === 'WaitForFirstConsumer') continue;
        return { status: Status.unresolvable('PersistentVolume had no name') };
      }
      const pv = persistentVolumes.get(undefined, pvName);
      if (!pv) return { status: Status.unresolvable(`persistentvolume "${pvName}" not found`) };
      topologies.push(...pvTopologies(pv));
    }
    return { topologies };
  }

  /** Skip when no bound PV has topology labels; UnschedulableAndUnresolvable for missing objects. */
  preFilter(state: CycleState, pod: Pod): { status?: Status } | undefined {
    const { topologies, status } = this.topologiesOf(pod);
    if (status) return { status };
    if (!topologies || topologies.length === 0) return { status: Status.skip() };
    state.write(STATE_KEY, new StateData(topologies));
    return undefined;
  }

  /** UnschedulableAndUnresolvable when a bound PV's zone or region is not the node's. */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    if ((pod.spec?.volumes ?? []).length === 0) return undefined;
    let topologies = state.read<StateData>(STATE_KEY)?.topologies;
    if (!topologies) {
      // PreFilter did not run (or skipped): compute here, as upstream falls back to.
      const r = this.topologiesOf(pod);
      if (r.status) return r.status;
      topologies = r.topologies ?? [];
    }
    const labels = nodeInfo.node?.metadata?.labels ?? {};
    if (!TOPOLOGY_LABELS.some((k) => Object.hasOwn(labels, k))) return undefined;
    for (const t of topologies) {
      let key = t.key;
      if (!Object.hasOwn(labels, key)) key = toGALabel(key);
      if (!Object.hasOwn(labels, key) || !t.values.has(labels[key])) return Status.unresolvable(ERR_REASON_CONFLICT);
    }
    return undefined;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      // Binding mode is immutable, so only a new WaitForFirstConsumer class can help.
      { event: { resource: 'StorageClass', actionType: ActionType.Add }, hint: storageClassAddedHint },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
      {
        event: { resource: 'PersistentVolumeClaim', actionType: ActionType.Add | ActionType.Update },
        hint: claimChangedHint,
      },
      {
        event: { resource: 'PersistentVolume', actionType: ActionType.Add | ActionType.Update },
        hint: volumeChangedHint,
      },
    ];
  }
}

function claimChangedHint(pod: Pod, _old: unknown, newObj: unknown): QueueingHint {
  const pvc = newObj as PersistentVolumeClaim | undefined;
  if (!pvc || pvc.metadata?.namespace !== pod.metadata?.namespace) return 'QueueSkip';
  const used = (pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata?.name);
  return used ? 'Queue' : 'QueueSkip';
}

function storageClassAddedHint(_pod: Pod, _old: unknown, newObj: unknown): QueueingHint {
  return (newObj as StorageClass).volumeBindingMode === 'WaitForFirstConsumer' ? 'Queue' : 'QueueSkip';
}

/** A new PV, or a change of a PV's topology labels. */
function volumeChangedHint(_pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  if (oldObj === undefined) return 'Queue';
  const before = pvTopologies(oldObj as PersistentVolume);
  const after = pvTopologies(newObj as PersistentVolume);
  return isDeepStrictEqual(before, after) ? 'QueueSkip' : 'Queue';
}

/** Builds VolumeZone; it takes no args. */
export const factory: PluginFactory = (_args, handle) => new VolumeZone(handle);
