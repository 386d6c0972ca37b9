/**
 * The scheduler's volume binder, after upstream's `volumebinding/binder.go`: sorts a pod's claims
 * into bound, unbound-immediate and unbound-delayed (PreFilter), decides per node which PVs the
 * delayed claims would bind to or whether they can be provisioned (Filter), and assumes those
 * decisions in memory for the chosen node (Reserve). The API writes and the wait for the PV
 * controller live in `bind.ts`.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { Handle } from '../../framework/interface.js';
import { AssumeCache } from './assume-cache.js';
import {
  ANN_BOUND_BY_CONTROLLER,
  ANN_SELECTED_NODE,
  NOT_SUPPORTED_PROVISIONER,
  claimClass,
  claimKey,
  claimRequest,
  ephemeralVolumeNotForPod,
  findMatchingVolume,
  isClaimFullyBound,
  isDelayBindingMode,
  isVolumeBoundToClaim,
  podClaims,
  topologyTermsMatch,
  volumeClass,
  volumeNodeAffinityMatches,
} from './volume-helpers.js';

/** Filter reason: some delayed claim has neither a matching PV nor a way to be provisioned. */
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
/** Filter reason: a bound PV's node affinity excludes the node. */
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
/** Filter reason: storage capacity tracking found too little space (not checked here; see report). */
export const ERR_REASON_NOT_ENOUGH_SPACE = 'node(s) did not have enough free storage';
/** Filter reason: a claim is bound to a PV that does not exist. */
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';

/** A claim and the PV chosen for it. */
export interface BindingInfo {
  pvc: PersistentVolumeClaim;
  pv: PersistentVolume;
}

/** What the pod's delayed claims need on one node: PVs to bind, claims to provision. */
export interface PodVolumes {
  staticBindings: BindingInfo[];
  dynamicProvisions: PersistentVolumeClaim[];
}

/** The pod's claims sorted by state, plus candidate PVs per class of the delayed ones. */
export interface PodVolumeClaims {
  boundClaims: PersistentVolumeClaim[];
  unboundClaimsDelayBinding: PersistentVolumeClaim[];
  /** Unbound claims of Immediate classes, and claims pre-bound to a volume not yet bound. */
  unboundClaimsImmediate: PersistentVolumeClaim[];
  unboundVolumesDelayBinding: Map<string, PersistentVolume[]>;
}

/** Binds pods' volumes; one per plugin instance so its assume caches span scheduling cycles. */
export class VolumeBinder {
  readonly pvCache: AssumeCache<PersistentVolume>;
  readonly pvcCache: AssumeCache<PersistentVolumeClaim>;

  constructor(readonly handle: Handle) {
    this.pvCache = new AssumeCache(handle.listers.persistentVolumes, 'v1.PersistentVolume', false);
    this.pvcCache = new AssumeCache(handle.listers.persistentVolumeClaims, 'v1.PersistentVolumeClaim', true);
  }

  /** The claim behind a pod volume (undefined for other volumes) and whether it is fully bound. */
  private volumeClaim(pod: Pod, claimName: string, ephemeral: boolean): { bound: boolean; pvc: PersistentVolumeClaim } {
    const key = `${pod.metadata?.namespace ?? ''}/${claimName}`;
    const pvc = this.pvcCache.get(key);
    if (!pvc) throw new Error(`error getting PVC "${key}": could not find v1.PersistentVolumeClaim "${key}"`);
    // A generic ephemeral volume's claim must be the one created for this pod.
    const notOwned = ephemeral ? ephemeralVolumeNotForPod(pod, pvc) : undefined;
    if (notOwned) throw new Error(notOwned);
    return { bound: isClaimFullyBound(pvc), pvc };
  }

  /** Upstream's `GetPodVolumeClaims`; throws on a missing claim or a class without binding mode. */
  getPodVolumeClaims(pod: Pod): PodVolumeClaims {
    const out: PodVolumeClaims = {
      boundClaims: [],
      unboundClaimsDelayBinding: [],
      unboundClaimsImmediate: [],
      unboundVolumesDelayBinding: new Map(),
    };
    const classes = this.handle.listers.storageClasses;
    for (const c of podClaims(pod)) {
      const { bound, pvc } = this.volumeClaim(pod, c.claimName, c.ephemeral);
      if (bound) out.boundClaims.push(pvc);
      // A claim pre-bound to a volume waits for the PV controller like an Immediate one.
      else if (isDelayBindingMode(pvc, classes) && !pvc.spec?.volumeName) out.unboundClaimsDelayBinding.push(pvc);
      else out.unboundClaimsImmediate.push(pvc);
    }
    for (const pvc of out.unboundClaimsDelayBinding) {
      const cls = claimClass(pvc);
      if (!out.unboundVolumesDelayBinding.has(cls)) {
        out.unboundVolumesDelayBinding.set(
          cls,
          this.pvCache.list((pv) => volumeClass(pv) === cls),
        );
      }
    }
    return out;
  }

  /**
   * Upstream's `FindPodVolumes`: whether `node` suits the pod's claims, as reasons (none means it
   * fits) and the bindings and provisions that would make it so. Throws on internal errors.
   */
  findPodVolumes(pod: Pod, claims: PodVolumeClaims, node: Node): { podVolumes: PodVolumes; reasons: string[] } {
    const podVolumes: PodVolumes = { staticBindings: [], dynamicProvisions: [] };
    let boundSatisfied = true;
    let boundPVsFound = true;
    let unboundSatisfied = true;
    const reasons = () => {
      const r: string[] = [];
      if (!boundSatisfied) r.push(ERR_REASON_NODE_CONFLICT);
      if (!unboundSatisfied) r.push(ERR_REASON_BIND_CONFLICT);
      if (!boundPVsFound) r.push(ERR_REASON_PV_NOT_EXIST);
      return r;
    };

    for (const pvc of claims.boundClaims) {
      const pv = this.pvCache.get(pvc.spec?.volumeName ?? '');
      if (!pv) {
        boundPVsFound = false;
        break;
      }
      if (!volumeNodeAffinityMatches(pv, node.metadata?.labels)) {
        boundSatisfied = false;
        break;
      }
    }

    if (claims.unboundClaimsDelayBinding.length === 0) return { podVolumes, reasons: reasons() };
    const toMatch: PersistentVolumeClaim[] = [];
    const toProvision: PersistentVolumeClaim[] = [];
    for (const pvc of claims.unboundClaimsDelayBinding) {
      const ann = pvc.metadata?.annotations ?? {};
      if (Object.hasOwn(ann, ANN_SELECTED_NODE)) {
        // Provisioning was already asked for on another node: only that node can work.
        if (ann[ANN_SELECTED_NODE] !== node.metadata?.name) {
          unboundSatisfied = false;
          return { podVolumes, reasons: reasons() };
        }
        toProvision.push(pvc);
      } else {
        toMatch.push(pvc);
      }
    }
    if (toMatch.length > 0) {
      const m = this.findMatchingVolumes(toMatch, claims.unboundVolumesDelayBinding, node);
      unboundSatisfied = m.foundAll;
      podVolumes.staticBindings = m.bindings;
      toProvision.push(...m.unmatched);
    }
    if (toProvision.length > 0) {
      const p = this.checkVolumeProvisions(toProvision, node);
      unboundSatisfied = p.satisfied;
      podVolumes.dynamicProvisions = p.provisions;
    }
    return { podVolumes, reasons: reasons() };
  }

  /** Matches claims, smallest request first, each to the smallest fitting PV not yet chosen. */
  private findMatchingVolumes(
    claims: PersistentVolumeClaim[],
    pvsByClass: Map<string, PersistentVolume[]>,
    node: Node,
  ): { foundAll: boolean; bindings: BindingInfo[]; unmatched: PersistentVolumeClaim[] } {
    const sorted = [...claims].sort((a, b) => claimRequest(a).cmp(claimRequest(b)));
    const chosen = new Set<string>();
    const bindings: BindingInfo[] = [];
    const unmatched: PersistentVolumeClaim[] = [];
    for (const pvc of sorted) {
      const pv = findMatchingVolume(pvc, pvsByClass.get(claimClass(pvc)) ?? [], node, chosen);
      if (!pv) {
        unmatched.push(pvc);
        continue;
      }
      chosen.add(pv.metadata?.name ?? '');
      bindings.push({ pv, pvc });
    }
    return { foundAll: unmatched.length === 0, bindings, unmatched };
  }

  /** Whether every claim's class can provision a volume reachable from `node`. */
  private checkVolumeProvisions(
    claims: PersistentVolumeClaim[],
    node: Node,
  ): { satisfied: boolean; provisions: PersistentVolumeClaim[] } {
    for (const pvc of claims) {
      const className = claimClass(pvc);
      if (!className) throw new Error(`no class for claim "${claimKey(pvc)}"`);
      const sc = this.handle.listers.storageClasses.get(undefined, className);
      if (!sc) throw new Error(`failed to find storage class "${className}"`);
      if (!sc.provisioner || sc.provisioner === NOT_SUPPORTED_PROVISIONER) return { satisfied: false, provisions: [] };
      if (!topologyTermsMatch(sc.allowedTopologies, node.metadata?.labels)) return { satisfied: false, provisions: [] };
    }
    return { satisfied: true, provisions: claims };
  }

  /** Whether every claim of the pod is fully bound, as the assume cache sees it. */
  arePodVolumesBound(pod: Pod): boolean {
    for (const c of podClaims(pod)) {
      try {
        if (!this.volumeClaim(pod, c.claimName, c.ephemeral).bound) return false;
      } catch {
        return false;
      }
    }
    return true;
  }

  /**
   * Upstream's `AssumePodVolumes`: records the chosen PVs as pre-bound to their claims and the
   * claims to provision as annotated with `nodeName`, replacing `podVolumes`' entries with the
   * assumed objects. True when all the pod's claims were already bound. Throws (after undoing
   * what it assumed) when the caches are out of sync.
   */
  assumePodVolumes(pod: Pod, nodeName: string, podVolumes: PodVolumes): boolean {
    if (this.arePodVolumesBound(pod)) return true;
    const newBindings: BindingInfo[] = [];
    const newProvisions: PersistentVolumeClaim[] = [];
    try {
      for (const b of podVolumes.staticBindings) {
        const { pv, dirty } = bindVolumeToClaim(b.pv, b.pvc);
        if (dirty) this.pvCache.assume(pv);
        newBindings.push({ pv, pvc: b.pvc });
      }
      for (const claim of podVolumes.dynamicProvisions) {
        const clone: PersistentVolumeClaim = {
          ...claim,
          metadata: {
            ...claim.metadata,
            annotations: { ...claim.metadata?.annotations, [ANN_SELECTED_NODE]: nodeName },
          },
        };
        this.pvcCache.assume(clone);
        newProvisions.push(clone);
      }
    } catch (err) {
      this.revertAssumedPVs(newBindings);
      this.revertAssumedPVCs(newProvisions);
      throw err;
    }
    podVolumes.staticBindings = newBindings;
    podVolumes.dynamicProvisions = newProvisions;
    return false;
  }

  /** Undoes `assumePodVolumes`. */
  revertAssumedPodVolumes(podVolumes: PodVolumes): void {
    this.revertAssumedPVs(podVolumes.staticBindings);
    this.revertAssumedPVCs(podVolumes.dynamicProvisions);
  }

  /** Drops the assumed versions of these bindings' PVs. */
  revertAssumedPVs(bindings: readonly BindingInfo[]): void {
    for (const b of bindings) this.pvCache.restore(b.pv.metadata?.name ?? '');
  }

  /** Drops the assumed versions of these claims. */
  revertAssumedPVCs(claims: readonly PersistentVolumeClaim[]): void {
    for (const c of claims) this.pvcCache.restore(claimKey(c));
  }
}

/**
 * Upstream's `GetBindVolumeToClaim`: a copy of `pv` whose claimRef names `pvc` and, unless it was
 * pre-bound to it, marked bound by a controller; `dirty` when anything changed.
 */
export function bindVolumeToClaim(
  pv: PersistentVolume,
  pvc: PersistentVolumeClaim,
): { pv: PersistentVolume; dirty: boolean } {
  const wasBound = isVolumeBoundToClaim(pv, pvc);
  let out: PersistentVolume = pv;
  let dirty = false;
  const ref = pv.spec?.claimRef;
  const m = pvc.metadata;
  if (!ref || ref.name !== m?.name || ref.namespace !== m?.namespace || ref.uid !== m?.uid) {
    const claimRef = {
      kind: 'PersistentVolumeClaim',
      apiVersion: 'v1',
      namespace: m?.namespace,
      name: m?.name,
      uid: m?.uid,
      resourceVersion: m?.resourceVersion,
    };
    out = { ...pv, spec: { ...pv.spec, claimRef } };
    dirty = true;
  }
  if (!wasBound && !Object.hasOwn(pv.metadata?.annotations ?? {}, ANN_BOUND_BY_CONTROLLER)) {
    out = {
      ...out,
      metadata: { ...out.metadata, annotations: { ...out.metadata?.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' } },
    };
    dirty = true;
  }
  return { pv: out, dirty };
}
