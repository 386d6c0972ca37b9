/**
 * VolumeBinding, after upstream's `volumebinding` plugin: a pod's PersistentVolumeClaims must be
 * bindable on the node. PreFilter rejects pods with missing, lost or deleting claims and unbound
 * Immediate claims; Filter checks bound PVs' node affinity and finds PVs (or provisioning) for
 * WaitForFirstConsumer claims; Reserve assumes the choice in memory; PreBind writes it and waits
 * for the PV controller. Scoring needs the VolumeCapacityPriority gate, off in 1.32, so none here.
 */
import type { CSINode, StorageClass } from 'kubernetes-types/storage/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { isDeepStrictEqual } from 'node:util';
import { FieldError } from '../../../machinery/field-errors.js';
import {
  ActionType,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type PluginFactory,
  type PreBindPlugin,
  type PreFilterPlugin,
  type QueueingHint,
  type ReservePlugin,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { bindPodVolumes, type BindTiming } from './bind.js';
import { VolumeBinder, type PodVolumeClaims, type PodVolumes } from './binder.js';
import { ephemeralVolumeNotForPod, podClaims } from './volume-helpers.js';

export {
  ERR_REASON_BIND_CONFLICT,
  ERR_REASON_NODE_CONFLICT,
  ERR_REASON_NOT_ENOUGH_SPACE,
  ERR_REASON_PV_NOT_EXIST,
} from './binder.js';

export const NAME = 'VolumeBinding';
/** Upstream's default `bindTimeoutSeconds`. */
export const DEFAULT_BIND_TIMEOUT_SECONDS = 600;
/** How often PreBind looks whether the PV controller finished (upstream: one second). */
export const DEFAULT_POLL_INTERVAL_MS = 1000;
const MIGRATED_PLUGINS_ANNOTATION = 'storage.alpha.kubernetes.io/migrated-plugins';

/** Upstream's `VolumeBindingArgs`; `shape` is only allowed with VolumeCapacityPriority. */
export interface VolumeBindingArgs {
  bindTimeoutSeconds?: number;
  shape?: unknown;
}

/** Validates VolumeBindingArgs in upstream's words; empty when valid. */
export function validateArgs(args: VolumeBindingArgs | Record<string, unknown>): { field: string; message: string }[] {
  const errs: FieldError[] = [];
  const timeout = args.bindTimeoutSeconds;
  if (typeof timeout === 'number' && timeout < 0) {
    errs.push(
      new FieldError(
        'FieldValueInvalid',
        'bindTimeoutSeconds',
        timeout,
        'invalid BindTimeoutSeconds, should not be a negative value',
      ),
    );
  }
  if (args.shape !== undefined && args.shape !== null) {
    errs.push(
      new FieldError(
        'FieldValueInvalid',
        'shape',
        args.shape,
        'unsupported when VolumeCapacityPriority feature is disabled',
      ),
    );
  }
  return errs.map((e) => ({ field: e.field, message: e.body() }));
}

/** Per-cycle state: the pod's claims from PreFilter, each feasible node's volumes from Filter. */
class StateData {
  podVolumesByNode = new Map<string, PodVolumes>();
  allBound = false;
  constructor(readonly podVolumeClaims?: PodVolumeClaims) {}

  /** Shared, not copied, as upstream's: Filter runs for one node per copy and only adds entries. */
  clone(): StateData {
    return this;
  }
}

/** Options beyond the args: PreBind's timing, injectable so tests need not wait. */
export interface VolumeBindingOptions {
  bindTimeoutSeconds?: number;
  pollIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** The VolumeBinding plugin; one instance per profile, as its binder caches span cycles. */
export class VolumeBinding implements PreFilterPlugin, FilterPlugin, ReservePlugin, PreBindPlugin, EnqueueExtensions {
  readonly name = NAME;
  readonly binder: VolumeBinder;
  private readonly timing: BindTiming;

  constructor(
    private readonly handle: Handle,
    opts: VolumeBindingOptions = {},
  ) {
    this.binder = new VolumeBinder(handle);
    this.timing = {
      timeoutMs: (opts.bindTimeoutSeconds ?? DEFAULT_BIND_TIMEOUT_SECONDS) * 1000,
      pollIntervalMs: opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now: opts.now ?? Date.now,
    };
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      // allowedTopologies may now admit a node; the binding mode is immutable.
      {
        event: { resource: 'StorageClass', actionType: ActionType.Add | ActionType.Update },
        hint: storageClassHint,
      },
      {
        event: { resource: 'PersistentVolumeClaim', actionType: ActionType.Add | ActionType.Update },
        hint: claimHint,
      },
      { event: { resource: 'PersistentVolume', actionType: ActionType.Add | ActionType.Update } },
      // Node labels decide PV node affinity and allowed topologies.
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
      { event: { resource: 'CSINode', actionType: ActionType.Add | ActionType.Update }, hint: csiNodeHint },
    ];
  }

  /**
   * Skip when the pod has no claims. UnschedulableAndUnresolvable for a missing, lost or deleting
   * claim and for unbound Immediate claims (the PV controller must bind those first).
   */
  preFilter(state: CycleState, pod: Pod): { status?: Status } | undefined {
    const problem = this.claimProblem(pod);
    if (problem === 'none') {
      state.write(NAME, new StateData());
      return { status: Status.skip() };
    }
    if (problem) return { status: Status.unresolvable(problem) };
    let claims: PodVolumeClaims;
    try {
      claims = this.binder.getPodVolumeClaims(pod);
    } catch (err) {
      return { status: Status.error((err as Error).message) };
    }
    if (claims.unboundClaimsImmediate.length > 0) {
      return { status: Status.unresolvable('pod has unbound immediate PersistentVolumeClaims') };
    }
    state.write(NAME, new StateData({ ...claims, unboundClaimsImmediate: [] }));
    return undefined;
  }

  /** Upstream's `podHasPVCs`: 'none' without claims, a message for a bad claim, else undefined. */
  private claimProblem(pod: Pod): string | undefined {
    const claims = podClaims(pod);
    if (claims.length === 0) return 'none';
    const ns = pod.metadata?.namespace ?? '';
    for (const c of claims) {
      const pvc = this.handle.listers.persistentVolumeClaims.get(ns, c.claimName);
      if (!pvc) {
        // Right after creating the pod its ephemeral claim is normally not there yet.
        return c.ephemeral
          ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${c.claimName}"`
          : `persistentvolumeclaim "${c.claimName}" not found`;
      }
      const name = pvc.metadata?.name ?? '';
      if (pvc.status?.phase === 'Lost') {
        return `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"`;
      }
      if (pvc.metadata?.deletionTimestamp) return `persistentvolumeclaim "${name}" is being deleted`;
      const notOwned = c.ephemeral ? ephemeralVolumeNotForPod(pod, pvc) : undefined;
      if (notOwned) return notOwned;
    }
    return undefined;
  }

  /** UnschedulableAndUnresolvable with the binder's reasons when the node cannot take the claims. */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const node = nodeInfo.node;
    if (!node) return Status.error('node not found');
    const s = state.read<StateData>(NAME);
    if (!s?.podVolumeClaims) return Status.error(`reading "${NAME}" from cycleState: not found`);
    let result: ReturnType<VolumeBinder['findPodVolumes']>;
    try {
      result = this.binder.findPodVolumes(pod, s.podVolumeClaims, node);
    } catch (err) {
      return Status.error((err as Error).message);
    }
    if (result.reasons.length > 0) return Status.unresolvable(...result.reasons);
    s.podVolumesByNode.set(nodeInfo.name, result.podVolumes);
    return undefined;
  }

  /** Assumes the node's bindings and provisions so later pods see those PVs and claims taken. */
  reserve(state: CycleState, pod: Pod, nodeName: string): Status | undefined {
    const s = state.read<StateData>(NAME);
    if (!s) return Status.error(`reading "${NAME}" from cycleState: not found`);
    const podVolumes = s.podVolumesByNode.get(nodeName);
    if (!podVolumes) {
      // No entry: the pod has no claims (Filter was skipped).
      s.allBound = true;
      return undefined;
    }
    try {
      s.allBound = this.binder.assumePodVolumes(pod, nodeName, podVolumes);
    } catch (err) {
      return Status.error((err as Error).message);
    }
    return undefined;
  }

  /** Reverts what Reserve assumed; a no-op when nothing was. */
  unreserve(state: CycleState, pod: Pod, nodeName: string): void {
    const podVolumes = state.read<StateData>(NAME)?.podVolumesByNode.get(nodeName);
    if (podVolumes) this.binder.revertAssumedPodVolumes(podVolumes);
  }

  /** Writes the assumed bindings and waits until the PV controller bound every claim. */
  async preBind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined> {
    const s = state.read<StateData>(NAME);
    if (!s) return Status.error(`reading "${NAME}" from cycleState: not found`);
    if (s.allBound) return undefined;
    const podVolumes = s.podVolumesByNode.get(nodeName);
    if (!podVolumes) return Status.error(`no pod volumes found for node "${nodeName}"`);
    try {
      await bindPodVolumes(this.binder, pod, nodeName, podVolumes, this.timing);
    } catch (err) {
      return Status.error((err as Error).message);
    }
    return undefined;
  }
}

/** A claim the pod uses was created or changed. */
function claimHint(pod: Pod, _old: unknown, newObj: unknown): QueueingHint {
  const pvc = newObj as PersistentVolumeClaim;
  if (pvc.metadata?.namespace !== pod.metadata?.namespace) return 'QueueSkip';
  return podClaims(pod).some((c) => c.claimName === pvc.metadata?.name) ? 'Queue' : 'QueueSkip';
}

/** Any new class may help; an update only when its allowedTopologies changed. */
function storageClassHint(_pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  if (oldObj === undefined) return 'Queue';
  const before = (oldObj as StorageClass).allowedTopologies ?? [];
  const after = (newObj as StorageClass).allowedTopologies ?? [];
  return isDeepStrictEqual(before, after) ? 'QueueSkip' : 'Queue';
}

/** A new CSINode, or a change in which in-tree plugins migrated to CSI on it. */
function csiNodeHint(_pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  if (oldObj === undefined) return 'Queue';
  const before = (oldObj as CSINode).metadata?.annotations?.[MIGRATED_PLUGINS_ANNOTATION];
  const after = (newObj as CSINode).metadata?.annotations?.[MIGRATED_PLUGINS_ANNOTATION];
  return before === after ? 'QueueSkip' : 'Queue';
}

/** Builds VolumeBinding from VolumeBindingArgs (defaults applied); throws on invalid args. */
export const factory: PluginFactory = (args, handle) => {
  const a = (args ?? {}) as VolumeBindingArgs;
  const errs = validateArgs(a);
  if (errs.length > 0) throw new Error(errs.map((e) => `${e.field}: ${e.message}`).join(', '));
  return new VolumeBinding(handle, { bindTimeoutSeconds: a.bindTimeoutSeconds ?? DEFAULT_BIND_TIMEOUT_SECONDS });
};
