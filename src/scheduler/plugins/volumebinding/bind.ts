/**
 * PreBind's half of the volume binder, after upstream's `BindPodVolumes`: writes the assumed
 * decisions to the API (a PV's claimRef for a static binding, the selected-node annotation on a
 * claim to provision), then polls the informer caches until the PV controller has bound every
 * claim, failing early when it undid our decision and late when the bind timeout passes.
 */
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { BindingInfo, PodVolumes, VolumeBinder } from './binder.js';
import {
  ANN_BOUND_BY_CONTROLLER,
  ANN_SELECTED_NODE,
  claimKey,
  isClaimFullyBound,
  volumeNodeAffinityMatches,
} from './volume-helpers.js';

/** How long to wait for the PV controller and how often to look; injectable so tests are fast. */
export interface BindTiming {
  timeoutMs: number;
  pollIntervalMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** The resourceVersion each object had when we wrote to it, to tell a stale cache from a revert. */
type Sent = Map<string, string | undefined>;

const PV_REF = { group: '', version: 'v1', resource: 'persistentvolumes' } as const;
const PVC_REF = { group: '', version: 'v1', resource: 'persistentvolumeclaims' } as const;

/**
 * Upstream's `BindPodVolumes` for `pod` on `nodeName`. Resolves once every claim is bound; throws
 * `binding volumes: …` when the controller reverted a decision or time ran out, and any API error
 * as is (after restoring the assumptions it did not write).
 */
export async function bindPodVolumes(
  binder: VolumeBinder,
  pod: Pod,
  nodeName: string,
  podVolumes: PodVolumes,
  timing: BindTiming,
): Promise<void> {
  const { staticBindings: bindings, dynamicProvisions: claims } = podVolumes;
  const sentPVs: Sent = new Map();
  const sentPVCs: Sent = new Map();
  let doneBindings = 0;
  let doneClaims = 0;
  try {
    for (const b of bindings) {
      const name = b.pv.metadata?.name ?? '';
      const rv = binder.pvCache.getAPI(name)?.metadata?.resourceVersion;
      const annotations = b.pv.metadata?.annotations ?? {};
      await binder.handle.client.mergePatch(
        { ...PV_REF, name },
        {
          metadata: {
            ...(rv ? { resourceVersion: rv } : {}),
            ...(Object.hasOwn(annotations, ANN_BOUND_BY_CONTROLLER)
              ? { annotations: { [ANN_BOUND_BY_CONTROLLER]: annotations[ANN_BOUND_BY_CONTROLLER] } }
              : {}),
          },
          spec: { claimRef: b.pv.spec?.claimRef },
        },
      );
      sentPVs.set(name, rv);
      doneBindings++;
    }
    for (const c of claims) {
      const rv = binder.pvcCache.getAPI(claimKey(c))?.metadata?.resourceVersion;
      await binder.handle.client.mergePatch(
        { ...PVC_REF, namespace: c.metadata?.namespace, name: c.metadata?.name ?? '' },
        {
          metadata: {
            ...(rv ? { resourceVersion: rv } : {}),
            annotations: { [ANN_SELECTED_NODE]: c.metadata?.annotations?.[ANN_SELECTED_NODE] },
          },
        },
      );
      sentPVCs.set(claimKey(c), rv);
      doneClaims++;
    }
  } finally {
    // Only what reached the API stays assumed; the rest would never be confirmed by an informer.
    binder.revertAssumedPVs(bindings.slice(doneBindings));
    binder.revertAssumedPVCs(claims.slice(doneClaims));
  }

  const deadline = timing.now() + timing.timeoutMs;
  for (;;) {
    const remaining = deadline - timing.now();
    if (remaining < timing.pollIntervalMs) {
      await timing.sleep(Math.max(0, remaining));
      throw new Error('binding volumes: context deadline exceeded');
    }
    await timing.sleep(timing.pollIntervalMs);
    let done: boolean;
    try {
      done = checkBindings(binder, pod, nodeName, bindings, claims, sentPVs, sentPVCs);
    } catch (err) {
      throw new Error(`binding volumes: ${(err as Error).message}`);
    }
    if (done) return;
  }
}

/** True when the informer still holds the version we wrote over: our write has not arrived yet. */
function notYetSeen(sent: Sent, key: string, rv: string | undefined): boolean {
  const before = sent.get(key);
  return before !== undefined && before === rv;
}

/**
 * Upstream's `checkBindings`, read from the informers rather than the assume cache (which the
 * next cycles may have changed): true once all claims are bound, false to keep waiting; throws
 * when binding must be retried by scheduling the pod again.
 */
function checkBindings(
  binder: VolumeBinder,
  pod: Pod,
  nodeName: string,
  bindings: readonly BindingInfo[],
  claims: readonly PersistentVolumeClaim[],
  sentPVs: Sent,
  sentPVCs: Sent,
): boolean {
  const node = binder.handle.snapshot().get(nodeName)?.node;
  if (!node) throw new Error(`failed to get node "${nodeName}": node "${nodeName}" not found`);
  const labels = node.metadata?.labels;
  const podName = pod.metadata?.name ?? '';
  // A deleted pod needs no volumes: stop instead of waiting for a binding nobody will use.
  if (!binder.handle.listers.pods.get(pod.metadata?.namespace, podName)) {
    throw new Error(`pod does not exist any more: pods "${podName}" not found`);
  }

  for (const b of bindings) {
    const name = b.pv.metadata?.name ?? '';
    const pv = binder.pvCache.getAPI(name);
    if (!pv) throw new Error(`failed to check binding: could not find v1.PersistentVolume "${name}"`);
    const key = claimKey(b.pvc);
    const pvc = binder.pvcCache.getAPI(key);
    if (!pvc) throw new Error(`failed to check binding: could not find v1.PersistentVolumeClaim "${key}"`);
    if (notYetSeen(sentPVs, name, pv.metadata?.resourceVersion)) return false;
    if (!volumeNodeAffinityMatches(pv, labels)) {
      throw new Error(`pv "${name}" node affinity doesn't match node "${nodeName}": no matching NodeSelectorTerms`);
    }
    // The PV controller drops the claimRef when it gives up on the binding (unbindVolume).
    if (!pv.spec?.claimRef?.uid) throw new Error(`ClaimRef got reset for pv "${name}"`);
    if (!isClaimFullyBound(pvc)) return false;
  }

  for (const c of claims) {
    const key = claimKey(c);
    const pvc = binder.pvcCache.getAPI(key);
    if (!pvc) throw new Error(`failed to check provisioning pvc: could not find v1.PersistentVolumeClaim "${key}"`);
    if (notYetSeen(sentPVCs, key, pvc.metadata?.resourceVersion)) return false;
    const ann = pvc.metadata?.annotations;
    const pvcName = pvc.metadata?.name ?? '';
    if (!ann) throw new Error(`selectedNode annotation reset for PVC "${pvcName}"`);
    // A provisioner that fails removes the annotation to hand the claim back to the scheduler.
    if (ann[ANN_SELECTED_NODE] !== nodeName) throw new Error(`provisioning failed for PVC "${pvcName}"`);
    const volumeName = pvc.spec?.volumeName;
    if (volumeName) {
      // A missing PV is only the informer lagging; a deleted one unbinds the claim eventually.
      const pv = binder.pvCache.getAPI(volumeName);
      if (!pv) return false;
      if (!volumeNodeAffinityMatches(pv, labels)) {
        throw new Error(
          `pv "${volumeName}" node affinity doesn't match node "${nodeName}": no matching NodeSelectorTerms`,
        );
      }
    }
    if (!isClaimFullyBound(pvc)) return false;
  }
  return true;
}
