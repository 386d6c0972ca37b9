/**
 * The scheduler cache, after upstream's `internal/cache`: every node with the pods bound or
 * assumed to it. A pod is *assumed* the moment the scheduler picks its node, so the next cycle
 * counts it before the binding lands; the informer's Add confirms it, a failed binding forgets it.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { NodeInfo, normalizedImageName, type ImageStateSummary } from '../framework/node-info.js';
import { PodInfo } from '../framework/pod-info.js';
import { Snapshot } from './snapshot.js';

const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';

interface PodState {
  pod: Pod;
  assumed: boolean;
}

const uidOf = (p: Pod) => p.metadata?.uid ?? '';

/** The zone key upstream's node tree groups by: `region:\x00:zone`. */
function zoneOf(node: Node): string {
  const l = node.metadata?.labels ?? {};
  return `${l[REGION] ?? ''}:\x00:${l[ZONE] ?? ''}`;
}

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private readonly images = new Map<string, { size: number; nodes: Set<string>; summary: ImageStateSummary }>();
  private readonly dirty = new Set<string>();
  private treeChanged = true;

  /** Pods assumed and not yet confirmed by the informer. */
  assumedCount(): number {
    let n = 0;
    for (const s of this.podStates.values()) if (s.assumed) n++;
    return n;
  }

  nodeCount(): number {
    return this.nodes.size;
  }

  private nodeInfo(name: string): NodeInfo {
    let ni = this.nodes.get(name);
    if (!ni) {
      ni = new NodeInfo();
      this.nodes.set(name, ni);
      this.treeChanged = true;
    }
    this.dirty.add(name);
    return ni;
  }

  private addPodToNode(pod: Pod): void {
    const name = pod.spec?.nodeName;
    if (!name) return;
    this.nodeInfo(name).addPod(new PodInfo(pod));
  }

  private removePodFromNode(pod: Pod): void {
    const name = pod.spec?.nodeName;
    if (!name) return;
    const ni = this.nodes.get(name);
    if (!ni) return;
    ni.removePod(pod);
    this.dirty.add(name);
    if (!ni.node && ni.pods.length === 0) {
      this.nodes.delete(name);
      this.treeChanged = true;
    }
  }

  /** Counts `pod` (with spec.nodeName set) on its node before the binding is confirmed. */
  assumePod(pod: Pod): void {
    const uid = uidOf(pod);
    if (this.podStates.has(uid))
      throw new Error(`pod ${pod.metadata?.namespace}/${pod.metadata?.name} is in the cache, so can't be assumed`);
    this.addPodToNode(pod);
    this.podStates.set(uid, { pod, assumed: true });
  }

  /** Undoes `assumePod` after a failed reserve, permit or binding. */
  forgetPod(pod: Pod): void {
    const uid = uidOf(pod);
    const s = this.podStates.get(uid);
    if (!s || !s.assumed) return;
    this.removePodFromNode(s.pod);
    this.podStates.delete(uid);
  }

  isAssumedPod(pod: Pod): boolean {
    return this.podStates.get(uidOf(pod))?.assumed === true;
  }

  /** A pod bound to a node, from the informer: confirms an assumed pod or adds it. */
  addPod(pod: Pod): void {
    const uid = uidOf(pod);
    const s = this.podStates.get(uid);
    if (s) {
      // The assumed copy may carry a stale node; the informer's word wins.
      this.removePodFromNode(s.pod);
    }
    this.addPodToNode(pod);
    this.podStates.set(uid, { pod, assumed: false });
  }

  updatePod(oldPod: Pod, newPod: Pod): void {
    const s = this.podStates.get(uidOf(oldPod));
    this.removePodFromNode(s?.pod ?? oldPod);
    this.addPodToNode(newPod);
    this.podStates.set(uidOf(newPod), { pod: newPod, assumed: false });
  }

  removePod(pod: Pod): void {
    const uid = uidOf(pod);
    const s = this.podStates.get(uid);
    this.removePodFromNode(s?.pod ?? pod);
    this.podStates.delete(uid);
  }

  addOrUpdateNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const ni = this.nodeInfo(name);
    if (!ni.node || zoneOf(ni.node) !== zoneOf(node)) this.treeChanged = true;
    this.removeImages(name, ni.node);
    ni.setNode(node);
    this.addImages(name, ni);
  }

  removeNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const ni = this.nodes.get(name);
    if (!ni) return;
    this.removeImages(name, ni.node);
    this.dirty.add(name);
    this.treeChanged = true;
    // Pods still bound there stay counted until their deletes arrive, as upstream's ghost nodes.
    if (ni.pods.length === 0) this.nodes.delete(name);
    else ni.node = undefined;
  }

  private addImages(nodeName: string, ni: NodeInfo): void {
    const states = new Map<string, ImageStateSummary>();
    for (const img of ni.node?.status?.images ?? [])
      for (const raw of img.names ?? []) {
        const name = normalizedImageName(raw);
        let e = this.images.get(name);
        if (!e) {
          e = { size: img.sizeBytes ?? 0, nodes: new Set(), summary: { size: img.sizeBytes ?? 0, numNodes: 0 } };
          this.images.set(name, e);
        }
        e.nodes.add(nodeName);
        e.summary.numNodes = e.nodes.size;
        states.set(name, e.summary);
      }
    ni.imageStates = states;
  }

  private removeImages(nodeName: string, node: Node | undefined): void {
    for (const img of node?.status?.images ?? [])
      for (const raw of img.names ?? []) {
        const name = normalizedImageName(raw);
        const e = this.images.get(name);
        if (!e) continue;
        e.nodes.delete(nodeName);
        e.summary.numNodes = e.nodes.size;
        if (e.nodes.size === 0) this.images.delete(name);
      }
  }

  /**
   * Brings `snap` up to date: copies only the NodeInfos changed since the last call, and rebuilds
   * the zone-interleaved node list only when nodes came, went or changed zone.
   */
  updateSnapshot(snap: Snapshot): void {
    if (this.dirty.size === 0 && !this.treeChanged) return;
    let affinityChanged = false;
    for (const name of this.dirty) {
      const ni = this.nodes.get(name);
      const prev = snap.byName.get(name);
      if (!ni || !ni.node) {
        if (prev) {
          snap.byName.delete(name);
          snap.nodeChanged(prev, undefined);
          this.treeChanged = true;
        }
        continue;
      }
      const copy = ni.snapshot();
      snap.nodeChanged(prev, copy);
      if (
        !prev ||
        prev.podsWithAffinity.length !== copy.podsWithAffinity.length ||
        prev.podsWithRequiredAntiAffinity.length !== copy.podsWithRequiredAntiAffinity.length
      )
        affinityChanged = true;
      snap.byName.set(name, copy);
      // Same nodes, same order: the fresh copy takes the old one's place.
      const at = snap.position.get(name);
      if (at !== undefined && !this.treeChanged) snap.nodeList[at] = copy;
      else this.treeChanged = true;
    }
    this.dirty.clear();
    if (this.treeChanged) {
      snap.nodeList = this.zoneInterleaved(snap);
      snap.position = new Map(snap.nodeList.map((n, i) => [n.name, i]));
      this.treeChanged = false;
      affinityChanged = true;
    }
    if (affinityChanged) {
      snap.withAffinity = snap.nodeList.filter((n) => n.podsWithAffinity.length > 0);
      snap.withRequiredAntiAffinity = snap.nodeList.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
    } else {
      // Membership unchanged; swap in fresh copies of the members.
      const fresh = (n: NodeInfo) => snap.byName.get(n.name)!;
      for (let i = 0; i < snap.withAffinity.length; i++) snap.withAffinity[i] = fresh(snap.withAffinity[i]);
      for (let i = 0; i < snap.withRequiredAntiAffinity.length; i++)
        snap.withRequiredAntiAffinity[i] = fresh(snap.withRequiredAntiAffinity[i]);
    }
  }

  /** Nodes round-robin across zones, as upstream's node tree lists them. */
  private zoneInterleaved(snap: Snapshot): NodeInfo[] {
    const zones = new Map<string, NodeInfo[]>();
    for (const ni of snap.byName.values()) {
      const z = zoneOf(ni.node!);
      const list = zones.get(z) ?? [];
      list.push(ni);
      zones.set(z, list);
    }
    const lists = [...zones.values()];
    const out: NodeInfo[] = [];
    for (let i = 0; out.length < snap.byName.size; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
    return out;
  }

  /** The pod states (for tests and debugging). */
  pods(): Pod[] {
    return [...this.podStates.values()].map((s) => s.pod);
  }
}
