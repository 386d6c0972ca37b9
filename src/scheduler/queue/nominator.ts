/**
 * The nominator, after upstream's: pods that preemption has nominated to a node (status
 * `nominatedNodeName`) but that are not bound yet, so that Filter counts them as if there.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodInfo } from '../framework/pod-info.js';

const NONE: readonly PodInfo[] = Object.freeze([]) as readonly PodInfo[];

export class Nominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /** Records `pi` as nominated to `nodeName`, or to its status' nominatedNodeName when not given. */
  add(pi: PodInfo, nodeName?: string): void {
    const uid = pi.pod.metadata?.uid ?? '';
    this.delete(pi.pod);
    const node = nodeName || pi.pod.status?.nominatedNodeName;
    if (!node) return;
    this.nodeOf.set(uid, node);
    const list = this.byNode.get(node) ?? [];
    list.push(pi);
    this.byNode.set(node, list);
  }

  delete(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    const node = this.nodeOf.get(uid);
    if (node === undefined) return;
    this.nodeOf.delete(uid);
    const list = (this.byNode.get(node) ?? []).filter((p) => p.pod.metadata?.uid !== uid);
    if (list.length) this.byNode.set(node, list);
    else this.byNode.delete(node);
  }

  /** Keeps a nomination across an update unless the new pod clears or changes it. */
  update(oldPod: Pod, newPi: PodInfo): void {
    const uid = newPi.pod.metadata?.uid ?? '';
    const had = this.nodeOf.get(uid);
    const now = newPi.pod.status?.nominatedNodeName;
    // An update that does not carry the nomination (it raced the status patch) keeps the old one.
    const node = now || (oldPod.status?.nominatedNodeName === now ? had : undefined);
    this.delete(oldPod);
    if (node) this.add(newPi, node);
  }

  /** The pods nominated to `nodeName` (a shared empty array when none: do not modify). */
  forNode(nodeName: string): readonly PodInfo[] {
    return this.byNode.get(nodeName) ?? NONE;
  }
}
