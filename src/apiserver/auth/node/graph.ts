/**
 * Upstream's node authorizer graph (plugin/pkg/auth/authorizer/node/graph.go), computed on demand
 * instead of maintained: what a node may reach is derived from the pods bound to it, read from a
 * `NodeGraphSource` the apiserver implements over its watch caches.
 *
 * Edges, as upstream's `AddPod` / `AddPV` / `AddVolumeAttachment` / `AddResourceSlice` set them:
 * pod → node (spec.nodeName); serviceaccount, secret, configmap, pvc, resourceclaim → pod (none for
 * mirror pods); pv → pvc (the PV's claimRef); kubelet-visible pv secret → pv; volumeattachment and
 * resourceslice → node (spec.nodeName).
 */
import { nodeReach, pvSecrets } from './reach.js';
import type { Obj } from './refs.js';
import { scanPods, scanPVSecrets } from './scan.js';

/** What the node authorizer reads; plain JSON objects as the watch caches hold them (never mutated). */
export interface NodeGraphSource {
  /**
   * Optional: a value that changes whenever pods, PVCs or PVs change (e.g. the highest of those
   * caches' revisions; VolumeAttachments and ResourceSlices are read directly on each check). With
   * it, what a node reaches is computed once per (node, revision) and answered from sets; without
   * it, each check scans the node's pods directly.
   */
  revision?(): number | string;
  /** The pods whose `spec.nodeName` is `nodeName` (any phase; upstream keeps them until deleted). */
  podsOnNode(nodeName: string): Iterable<Obj>;
  /** One PersistentVolumeClaim, or undefined. */
  pvc(namespace: string, name: string): Obj | undefined;
  /** One PersistentVolume, or undefined. */
  pv(name: string): Obj | undefined;
  /** One storage.k8s.io VolumeAttachment, or undefined. */
  volumeAttachment(name: string): Obj | undefined;
  /** One resource.k8s.io ResourceSlice, or undefined (optional: without it no slice is related). */
  resourceSlice?(name: string): Obj | undefined;
}

/** The object kinds the graph relates to nodes (upstream's vertex types, less `node`). */
export type VertexType =
  | 'pod'
  | 'secret'
  | 'configmap'
  | 'serviceaccount'
  | 'pvc'
  | 'pv'
  | 'resourceclaim'
  | 'volumeattachment'
  | 'resourceslice';

const key = (ns: string, name: string) => `${ns}/${name}`;

/**
 * Upstream's `hasPathFrom`: whether the object of this type, namespace and name has a path to
 * the node. Cluster-scoped types ignore `namespace`.
 */
export function hasPathToNode(
  source: NodeGraphSource,
  nodeName: string,
  type: VertexType,
  namespace: string,
  name: string,
): boolean {
  switch (type) {
    case 'volumeattachment':
      return source.volumeAttachment(name)?.spec?.nodeName === nodeName && !!nodeName;
    case 'resourceslice':
      return !!nodeName && source.resourceSlice?.(name)?.spec?.nodeName === nodeName;
    case 'pv': {
      const ref = source.pv(name)?.spec?.claimRef;
      return !!ref && hasPathToNode(source, nodeName, 'pvc', ref.namespace ?? '', ref.name ?? '');
    }
    default:
  }
  if (!source.revision) {
    const direct = scanPods(source, nodeName, type, namespace, name);
    if (direct || type !== 'secret') return direct;
    return scanPVSecrets(source, nodeName, namespace, name);
  }
  const r = nodeReach(source, nodeName);
  const k = key(namespace, name);
  switch (type) {
    case 'pod':
      return r.pods.has(k);
    case 'secret':
      return r.secrets.has(k) || pvSecrets(source, r).has(k);
    case 'configmap':
      return r.configmaps.has(k);
    case 'serviceaccount':
      return r.serviceaccounts.has(k);
    case 'pvc':
      return r.pvcs.has(k);
    case 'resourceclaim':
      return r.resourceclaims.has(k);
    default:
      return false;
  }
}
