/**
 * `NodeInfo`: a node with the pods the scheduler counts on it, after upstream's
 * `framework.NodeInfo` — requested and non-zero requested resources, host ports in use, images
 * present (with how many nodes have each), PVC use counts, and the pods with affinity terms.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { PodInfo } from './pod-info.js';
import { Resource } from './resource.js';

/** One image on this node: its size and the number of nodes in the cluster that have it. */
export interface ImageStateSummary {
  size: number;
  numNodes: number;
}

const DEFAULT_BIND_ALL_HOST_IP = '0.0.0.0';

/** Host ports in use: IP → `protocol/port` set, with upstream's 0.0.0.0 wildcard rule. */
export class HostPortInfo {
  readonly byIP = new Map<string, Set<string>>();

  add(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (port <= 0) return;
    const key = `${protocol || 'TCP'}/${port}`;
    const host = ip || DEFAULT_BIND_ALL_HOST_IP;
    let set = this.byIP.get(host);
    if (!set) this.byIP.set(host, (set = new Set()));
    set.add(key);
  }

  remove(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (port <= 0) return;
    const host = ip || DEFAULT_BIND_ALL_HOST_IP;
    const set = this.byIP.get(host);
    if (!set) return;
    set.delete(`${protocol || 'TCP'}/${port}`);
    if (set.size === 0) this.byIP.delete(host);
  }

  /** Whether ip:protocol/port conflicts with a port in use (0.0.0.0 conflicts with every IP). */
  checkConflict(ip: string | undefined, protocol: string | undefined, port: number): boolean {
    if (port <= 0) return false;
    const key = `${protocol || 'TCP'}/${port}`;
    const host = ip || DEFAULT_BIND_ALL_HOST_IP;
    if (host === DEFAULT_BIND_ALL_HOST_IP) {
      for (const set of this.byIP.values()) if (set.has(key)) return true;
      return false;
    }
    return !!(this.byIP.get(host)?.has(key) || this.byIP.get(DEFAULT_BIND_ALL_HOST_IP)?.has(key));
  }

  get size(): number {
    let n = 0;
    for (const s of this.byIP.values()) n += s.size;
    return n;
  }
}

/** The host ports a pod's containers ask for. */
export function podHostPorts(pod: Pod): { hostIP?: string; protocol?: string; hostPort: number }[] {
  const out: { hostIP?: string; protocol?: string; hostPort: number }[] = [];
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? [])
      if (p.hostPort && p.hostPort > 0) out.push({ hostIP: p.hostIP, protocol: p.protocol, hostPort: p.hostPort });
  for (const c of pod.spec?.initContainers ?? [])
    if (c.restartPolicy === 'Always')
      for (const p of c.ports ?? [])
        if (p.hostPort && p.hostPort > 0) out.push({ hostIP: p.hostIP, protocol: p.protocol, hostPort: p.hostPort });
  return out;
}

/** A node and the pods on it. */
export class NodeInfo {
  node: Node | undefined;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts = new HostPortInfo();
  requested = new Resource();
  /** cpu and memory requested, counting 100m / 200Mi for containers that set none. */
  nonZeroRequested = new Resource();
  allocatable = new Resource();
  /** Image name (as listed in node.status.images) → size and spread. Filled by the snapshot. */
  imageStates = new Map<string, ImageStateSummary>();
  /** `namespace/claim` → number of pods here using it. */
  pvcRefCounts = new Map<string, number>();
  /** Figures computed from the pods (`podCount`), forgotten whenever a pod comes or goes. */
  private podCounts: Map<string, number> | undefined;
  private lastCountKey: string | undefined;
  private lastCount = 0;

  constructor(node?: Node, pods: Pod[] = []) {
    if (node) this.setNode(node);
    for (const p of pods) this.addPod(p);
  }

  get name(): string {
    return this.node?.metadata?.name ?? '';
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = Resource.fromList(node.status?.allocatable);
  }

  addPod(pod: Pod | PodInfo): void {
    const pi = pod instanceof PodInfo ? pod : new PodInfo(pod);
    this.pods.push(pi);
    if (pi.hasAffinity()) this.podsWithAffinity.push(pi);
    if (pi.requiredAntiAffinityTerms.length) this.podsWithRequiredAntiAffinity.push(pi);
    this.update(pi, 1);
  }

  /** Removes the pod with `uid`; false when it is not here. */
  removePod(pod: Pod): boolean {
    const uid = pod.metadata?.uid;
    const i = this.pods.findIndex((p) => p.pod.metadata?.uid === uid);
    if (i < 0) return false;
    const [pi] = this.pods.splice(i, 1);
    const drop = (list: PodInfo[]) => {
      const j = list.indexOf(pi);
      if (j >= 0) list.splice(j, 1);
    };
    drop(this.podsWithAffinity);
    drop(this.podsWithRequiredAntiAffinity);
    this.update(pi, -1);
    return true;
  }

  /**
   * A count over this node's pods, computed by `count` once and remembered under `key` until the
   * pods change: spreading counts the same selector's pods on every node for every pod it places.
   */
  podCount(key: string, count: (pods: readonly PodInfo[]) => number): number {
    // The last key asked first: one selector is asked about on every node, pod after pod.
    if (key === this.lastCountKey) return this.lastCount;
    let n = this.podCounts?.get(key);
    if (n === undefined) {
      n = count(this.pods);
      (this.podCounts ??= new Map()).set(key, n);
    }
    this.lastCountKey = key;
    this.lastCount = n;
    return n;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    this.podCounts = undefined;
    this.lastCountKey = undefined;
    const { requests, nonZeroMilliCPU, nonZeroMemory } = pi.requests;
    if (sign > 0) this.requested.add(requests);
    else this.requested.sub(requests);
    this.nonZeroRequested.milliCPU += sign * nonZeroMilliCPU;
    this.nonZeroRequested.memory += sign * nonZeroMemory;
    for (const p of podHostPorts(pi.pod)) {
      if (sign > 0) this.usedPorts.add(p.hostIP, p.protocol, p.hostPort);
      else this.usedPorts.remove(p.hostIP, p.protocol, p.hostPort);
    }
    const ns = pi.pod.metadata?.namespace ?? '';
    for (const v of pi.pod.spec?.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName ?? (v.ephemeral ? `${pi.pod.metadata?.name}-${v.name}` : '');
      if (!claim) continue;
      const key = `${ns}/${claim}`;
      const n = (this.pvcRefCounts.get(key) ?? 0) + sign;
      if (n > 0) this.pvcRefCounts.set(key, n);
      else this.pvcRefCounts.delete(key);
    }
  }

  /** A copy whose pod lists and counters can change without touching this one. */
  snapshot(): NodeInfo {
    const c = new NodeInfo();
    c.node = this.node;
    c.pods = [...this.pods];
    c.podsWithAffinity = [...this.podsWithAffinity];
    c.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity];
    for (const [ip, set] of this.usedPorts.byIP) c.usedPorts.byIP.set(ip, new Set(set));
    c.requested = this.requested.clone();
    c.nonZeroRequested = this.nonZeroRequested.clone();
    c.allocatable = this.allocatable.clone();
    c.imageStates = this.imageStates;
    c.pvcRefCounts = new Map(this.pvcRefCounts);
    return c;
  }
}

const normalized = new Map<string, string>();

/** Upstream's image name normalisation: a name without a tag or digest gets `:latest`. Memoised. */
export function normalizedImageName(name: string): string {
  let out = normalized.get(name);
  if (out === undefined) {
    const tail = name.slice(name.lastIndexOf('/') + 1);
    out = tail.includes(':') || name.includes('@') ? name : `${name}:latest`;
    if (normalized.size > 10_000) normalized.clear();
    normalized.set(name, out);
  }
  return out;
}
