/**
 * What one node reaches through its pods (the `pod → node` edges and everything pointing at
 * those pods in upstream's graph), collected in one walk and memoised per (source, node,
 * revision) when the source has a revision.
 */
import type { NodeGraphSource } from './graph.js';
import {
  isMirrorPod,
  podClaimNames,
  podResourceClaimNames,
  visitPodConfigMapNames,
  visitPodSecretNames,
  visitPVSecretNames,
} from './refs.js';
import { boundPV } from './scan.js';

/** The namespaced objects one node's pods reach, as `namespace/name` keys. */
export interface NodeReach {
  pods: Set<string>;
  secrets: Set<string>;
  configmaps: Set<string>;
  serviceaccounts: Set<string>;
  pvcs: Set<string>;
  resourceclaims: Set<string>;
  /** Secrets reached through pod → pvc → pv; computed on first need. */
  pvSecrets?: Set<string>;
}

const key = (ns: string, name: string) => `${ns}/${name}`;

/** Walks the node's pods once and collects everything they reference. */
export function computeNodeReach(source: NodeGraphSource, nodeName: string): NodeReach {
  const r: NodeReach = {
    pods: new Set(),
    secrets: new Set(),
    configmaps: new Set(),
    serviceaccounts: new Set(),
    pvcs: new Set(),
    resourceclaims: new Set(),
  };
  for (const pod of source.podsOnNode(nodeName)) {
    const ns: string = pod?.metadata?.namespace ?? '';
    r.pods.add(key(ns, pod?.metadata?.name ?? ''));
    // A node must never gain access to other objects by creating a (mirror) pod.
    if (isMirrorPod(pod)) continue;
    const sa: string | undefined = pod.spec?.serviceAccountName;
    if (sa) r.serviceaccounts.add(key(ns, sa));
    visitPodSecretNames(pod, (n) => void r.secrets.add(key(ns, n)));
    visitPodConfigMapNames(pod, (n) => void r.configmaps.add(key(ns, n)));
    for (const c of podClaimNames(pod)) r.pvcs.add(key(ns, c));
    for (const c of podResourceClaimNames(pod)) r.resourceclaims.add(key(ns, c));
  }
  return r;
}

/** Kubelet-visible secrets of the PVs bound to the reached PVCs. */
export function pvSecrets(source: NodeGraphSource, r: NodeReach): Set<string> {
  if (r.pvSecrets) return r.pvSecrets;
  const out = new Set<string>();
  for (const k of r.pvcs) {
    const slash = k.indexOf('/');
    const pv = boundPV(source, k.slice(0, slash), k.slice(slash + 1));
    if (pv) visitPVSecretNames(pv, (sns, sname, kubeletVisible) => void (kubeletVisible && out.add(key(sns, sname))));
  }
  return (r.pvSecrets = out);
}

const memo = new WeakMap<NodeGraphSource, Map<string, { rev: number | string; reach: NodeReach }>>();

/** What the node reaches, memoised per (source, node, revision) when the source has a revision. */
export function nodeReach(source: NodeGraphSource, nodeName: string): NodeReach {
  if (!source.revision) return computeNodeReach(source, nodeName);
  const rev = source.revision();
  let perNode = memo.get(source);
  if (!perNode) memo.set(source, (perNode = new Map()));
  const kept = perNode.get(nodeName);
  if (kept && kept.rev === rev) return kept.reach;
  const reach = computeNodeReach(source, nodeName);
  perNode.set(nodeName, { rev, reach });
  return reach;
}
