/**
 * What kwok remembers of each node it manages — read off the Node objects its informer sees —
 * and the rules that decide which nodes it manages, whether a node heartbeats, and when a
 * node's status is worth posting. No I/O.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { IPAllocator, formatIPv4, nthCIDR, parseCIDR } from './cidr.js';
import { KWOK_NODE_ANNOTATION, nodeConditions } from './node.js';
import { isTerminal } from './pod.js';

/**
 * Annotation that stops a node's kubelet from heartbeating: with `k8ts.io/kwok-heartbeat: "false"`
 * (any of Go's ParseBool false spellings: `false`, `False`, `FALSE`, `f`, `F`, `0`) kwok stops
 * renewing the node's Lease and posting its status, and leaves its pods alone, as if the kubelet
 * had died: the node lifecycle controller then marks the node Unknown and, after the NoExecute
 * grace, evicts its pods (which stay Terminating). Removing the annotation, or any other value,
 * brings the kubelet back: the Lease is renewed at once, Ready turns True, and pending work on
 * its pods is done. `kubectl annotate node kwok-node-3 k8ts.io/kwok-heartbeat=false`, then
 * `kubectl annotate node kwok-node-3 k8ts.io/kwok-heartbeat-`.
 */
export const HEARTBEAT_ANNOTATION = 'k8ts.io/kwok-heartbeat';

const FALSE = new Set(['false', 'False', 'FALSE', 'f', 'F', '0']);

/** Whether `node`'s simulated kubelet is alive: false only when HEARTBEAT_ANNOTATION says false. */
export function heartbeatEnabled(node: Node): boolean {
  const v = node.metadata?.annotations?.[HEARTBEAT_ANNOTATION];
  return v === undefined || !FALSE.has(v.trim());
}

/** Whether kwok manages `node`: every node with `manageAll`, else those annotated KWOK_NODE_ANNOTATION. */
export function isManagedNode(node: Node, manageAll: boolean): boolean {
  return manageAll || node.metadata?.annotations?.[KWOK_NODE_ANNOTATION] !== undefined;
}

/**
 * Whether a live kubelet would post `node`'s status at wall time `now`: when a condition it owns
 * differs (missing, another status or reason: e.g. Ready set Unknown by the node lifecycle
 * controller), or when the last heartbeat — Ready's lastHeartbeatTime, or `lastPostedAt` if
 * later — is `reportFrequencyMs` old (the kubelet's nodeStatusReportFrequency).
 */
export function needsStatusUpdate(node: Node, now: number, reportFrequencyMs: number, lastPostedAt = 0): boolean {
  const conditions = node.status?.conditions ?? [];
  for (const want of nodeConditions(now, true)) {
    const have = conditions.find((c) => c.type === want.type);
    if (!have || have.status !== want.status || have.reason !== want.reason) return true;
  }
  const ready = conditions.find((c) => c.type === 'Ready');
  const beat = Math.max(Date.parse(ready?.lastHeartbeatTime ?? '') || 0, lastPostedAt);
  return now - beat >= reportFrequencyMs;
}

/** The node address kwok gives a node whose pod block is `cidr`: its `.1`, which pods never get. */
export function nodeIPFor(cidr: string): string {
  return formatIPv4(parseCIDR(cidr).network + 1);
}

/** One managed node. */
export interface NodeState {
  readonly name: string;
  uid: string;
  /** False while HEARTBEAT_ANNOTATION stops the node. */
  heartbeat: boolean;
  /** The node's InternalIP: pods' hostIP. */
  hostIP: string;
  /** `spec.podCIDR` when set (IPv4), else the fallback block. */
  podCIDR: string;
  /** Pod addresses of `podCIDR`, shared with any other node on the same block. */
  allocator: IPAllocator;
}

/** What changed for a node on `observe`. */
export interface ObserveResult {
  /** The node's state, undefined when kwok does not manage it (any earlier state is forgotten). */
  state: NodeState | undefined;
  /** Newly managed. */
  added: boolean;
  /** Heartbeat turned back on (an update, not an add). */
  resumed: boolean;
  /** A new pod block: the pods already on the node should be reserved in it. */
  cidrChanged: boolean;
}

export interface ManagedNodesOptions {
  manageAll: boolean;
  /** The registered nodes' name prefix: `<prefix><i>` takes fallback block i. */
  prefix: string;
  /** How many nodes kwok registers; other managed nodes take fallback blocks from this index on. */
  nodes: number;
  /** The first fallback /24 (`10.244.0.0/24`). */
  firstBlock: string;
}

/**
 * The managed nodes by name. Fallback blocks: `<prefix><i>` takes block i; any other managed node
 * without a podCIDR takes the next block from index `nodes` on. Allocators are kept per CIDR, so
 * two nodes that end up on the same block share its pool and never hand out the same address.
 */
export class ManagedNodes {
  private readonly states = new Map<string, NodeState>();
  private readonly allocators = new Map<string, IPAllocator>();
  private readonly foreign = new Map<string, number>();
  private nextForeign: number;
  private readonly indexPattern: RegExp;

  constructor(private readonly opts: ManagedNodesOptions) {
    this.nextForeign = opts.nodes;
    const escaped = opts.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.indexPattern = new RegExp(`^${escaped}(0|[1-9]\\d{0,8})$`);
  }

  get size(): number {
    return this.states.size;
  }

  get(name: string): NodeState | undefined {
    return this.states.get(name);
  }

  names(): IterableIterator<string> {
    return this.states.keys();
  }

  /** The fallback pod block of node `name` (assigning one to a node not named `<prefix><i>`). */
  fallbackCIDR(name: string): string {
    const m = this.indexPattern.exec(name);
    let index = m ? Number(m[1]) : this.foreign.get(name);
    if (index === undefined) {
      index = this.nextForeign++;
      this.foreign.set(name, index);
    }
    try {
      return nthCIDR(this.opts.firstBlock, index);
    } catch {
      // Past the end of the IPv4 space: share the first block rather than refuse the node.
      return this.opts.firstBlock;
    }
  }

  /** Records `node` as the informer shows it now. */
  observe(node: Node): ObserveResult {
    const name = node.metadata?.name ?? '';
    const old = this.states.get(name);
    if (!name || !isManagedNode(node, this.opts.manageAll)) {
      if (old) this.forget(name);
      return { state: undefined, added: false, resumed: false, cidrChanged: false };
    }
    const podCIDR = ipv4CIDR(node.spec?.podCIDRs?.[0] ?? node.spec?.podCIDR) ?? this.fallbackCIDR(name);
    const heartbeat = heartbeatEnabled(node);
    const internal = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    const state: NodeState = old ?? {
      name,
      uid: '',
      heartbeat,
      hostIP: '',
      podCIDR,
      allocator: this.allocatorFor(podCIDR),
    };
    const cidrChanged = !old || old.podCIDR !== podCIDR;
    const resumed = !!old && !old.heartbeat && heartbeat;
    state.uid = node.metadata?.uid ?? state.uid;
    state.heartbeat = heartbeat;
    state.hostIP = internal || nodeIPFor(podCIDR);
    if (cidrChanged) {
      state.podCIDR = podCIDR;
      state.allocator = this.allocatorFor(podCIDR);
    }
    this.states.set(name, state);
    return { state, added: !old, resumed, cidrChanged };
  }

  /** Forgets node `name` (deleted, or no longer managed); returns what was known. */
  forget(name: string): NodeState | undefined {
    const old = this.states.get(name);
    this.states.delete(name);
    return old;
  }

  /**
   * Records the address of a pod already running on a managed node (read back on start, so a
   * restart never hands it out twice). False when the pod is not running with a pod network
   * address on a managed node, or the address is outside the node's pool or held by another pod.
   */
  reservePod(pod: Pod): boolean {
    const state = this.states.get(pod.spec?.nodeName ?? '');
    const ip = pod.status?.podIP;
    const uid = pod.metadata?.uid;
    if (!state || !ip || !uid || pod.spec?.hostNetwork || isTerminal(pod)) return false;
    if (pod.status?.phase !== 'Running') return false;
    return state.allocator.reserve(uid, ip);
  }

  /** Frees the address of `pod` in its node's pool; returns it, if it held one. */
  releasePod(pod: Pod): string | undefined {
    const uid = pod.metadata?.uid;
    if (!uid) return undefined;
    return this.states.get(pod.spec?.nodeName ?? '')?.allocator.release(uid);
  }

  private allocatorFor(cidr: string): IPAllocator {
    let a = this.allocators.get(cidr);
    if (!a) {
      a = new IPAllocator(cidr);
      this.allocators.set(cidr, a);
    }
    return a;
  }
}

/** `cidr` normalised when it is an IPv4 CIDR, else undefined. */
function ipv4CIDR(cidr: string | undefined): string | undefined {
  if (!cidr) return undefined;
  try {
    const c = parseCIDR(cidr);
    return `${formatIPv4(c.network)}/${c.prefixLength}`;
  } catch {
    return undefined;
  }
}
