/**
 * Checks of one object without a memo (for sources without a revision): only the node's pods are
 * read, only those in the object's namespace where that suffices, and each walk stops at the first
 * reference found.
 */
import type { NodeGraphSource, VertexType } from './graph.js';
import {
  isMirrorPod,
  podClaimNames,
  podResourceClaimNames,
  visitPodConfigMapNames,
  visitPodSecretNames,
  visitPVSecretNames,
  type Obj,
} from './refs.js';

/** The PV bound to a PVC: the PVC's volumeName, if that PV's claimRef names the PVC back. */
export function boundPV(source: NodeGraphSource, ns: string, name: string): Obj | undefined {
  const volumeName: string | undefined = source.pvc(ns, name)?.spec?.volumeName;
  const pv = volumeName ? source.pv(volumeName) : undefined;
  const ref = pv?.spec?.claimRef;
  return ref && ref.namespace === ns && ref.name === name ? pv : undefined;
}

/** Whether a kubelet-visible secret of a PV bound to one of the node's pods' PVCs is ns/name. */
export function scanPVSecrets(source: NodeGraphSource, node: string, ns: string, name: string): boolean {
  const hit = (sns: string, sname: string, kubeletVisible: boolean) =>
    !(kubeletVisible && sns === ns && sname === name);
  for (const pod of source.podsOnNode(node)) {
    if (isMirrorPod(pod)) continue;
    for (const claim of podClaimNames(pod)) {
      const pv = boundPV(source, pod?.metadata?.namespace ?? '', claim);
      if (pv && !visitPVSecretNames(pv, hit)) return true;
    }
  }
  return false;
}

/** Whether one of the node's non-mirror pods in `ns` is `name` (type pod) or references it. */
export function scanPods(source: NodeGraphSource, node: string, type: VertexType, ns: string, name: string): boolean {
  const is = (n: string) => n === name;
  for (const pod of source.podsOnNode(node)) {
    if ((pod?.metadata?.namespace ?? '') !== ns) continue;
    if (type === 'pod') {
      if (pod?.metadata?.name === name) return true;
      continue;
    }
    if (isMirrorPod(pod)) continue;
    if (type === 'secret' && !visitPodSecretNames(pod, (n) => !is(n))) return true;
    if (type === 'configmap' && !visitPodConfigMapNames(pod, (n) => !is(n))) return true;
    if (type === 'serviceaccount' && pod.spec?.serviceAccountName === name && name) return true;
    if (type === 'pvc' && podClaimNames(pod).includes(name)) return true;
    if (type === 'resourceclaim' && podResourceClaimNames(pod).includes(name)) return true;
  }
  return false;
}
