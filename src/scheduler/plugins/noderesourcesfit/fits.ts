/**
 * Whether a node has room for a pod's requests, after upstream's `fitsRequest`: the pod count
 * against allocatable pods, then cpu, memory, ephemeral storage and each scalar resource the pod
 * asks for against allocatable minus what the node's pods already request.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { NodeInfo } from '../../framework/node-info.js';
import { podRequests, Resource } from '../../framework/resource.js';
import { isExtendedResourceName, isScalarResourceName } from './resource-names.js';

/** A resource the node lacks, as upstream's `InsufficientResource`. */
export interface InsufficientResource {
  resourceName: string;
  /** `Too many pods`, `Insufficient cpu`, `Insufficient example.com/gpu`, … */
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

/** One scalar resource the pod asks for, with its reason worded once per pod rather than per node. */
interface ScalarCheck {
  name: string;
  quantity: number;
  reason: string;
}

/**
 * What PreFilter computes once per pod for Filter to read per node: the pod's requests and the
 * scalar resources worth checking (non-zero, upstream-scalar, not ignored).
 */
export class FitPreFilterState {
  /** True when the pod requests nothing, so only the pod count is checked. */
  readonly requestsNothing: boolean;

  constructor(
    readonly requests: Resource,
    readonly scalars: readonly ScalarCheck[],
  ) {
    this.requestsNothing =
      requests.milliCPU === 0 && requests.memory === 0 && requests.ephemeralStorage === 0 && scalars.length === 0;
  }

  /** Immutable once built, so every CycleState copy may share it (as upstream's Clone does). */
  clone(): FitPreFilterState {
    return this;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * The PreFilter state for `pod`. Ignored resources and groups only apply to extended resources
 * (`example.com/foo`), as upstream's filter skips nothing else.
 */
export function computePreFilterState(
  pod: Pod,
  ignoredResources: ReadonlySet<string> = EMPTY,
  ignoredResourceGroups: ReadonlySet<string> = EMPTY,
): FitPreFilterState {
  const requests = podRequests(pod).requests;
  const scalars: ScalarCheck[] = [];
  if (requests.scalarResources)
    for (const [name, quantity] of requests.scalarResources) {
      if (quantity === 0 || !isScalarResourceName(name)) continue;
      if (isExtendedResourceName(name)) {
        if (ignoredResources.has(name)) continue;
        if (ignoredResourceGroups.size > 0 && ignoredResourceGroups.has(name.split('/')[0])) continue;
      }
      scalars.push({ name, quantity, reason: `Insufficient ${name}` });
    }
  return new FitPreFilterState(requests, scalars);
}

function push(
  out: InsufficientResource[] | undefined,
  resourceName: string,
  reason: string,
  requested: number,
  used: number,
  capacity: number,
): InsufficientResource[] {
  (out ??= []).push({ resourceName, reason, requested, used, capacity });
  return out;
}

/**
 * The resources `nodeInfo` lacks for the pod behind `s`, in upstream's order (pods, cpu, memory,
 * ephemeral-storage, scalars); undefined when the pod fits, so the common path allocates nothing.
 */
export function fitsRequest(s: FitPreFilterState, nodeInfo: NodeInfo): InsufficientResource[] | undefined {
  let out: InsufficientResource[] | undefined;
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  const podCount = nodeInfo.pods.length;
  if (podCount + 1 > alloc.allowedPodNumber)
    out = push(out, 'pods', 'Too many pods', 1, podCount, alloc.allowedPodNumber);
  if (s.requestsNothing) return out;
  const r = s.requests;
  if (r.milliCPU > 0 && r.milliCPU > alloc.milliCPU - used.milliCPU)
    out = push(out, 'cpu', 'Insufficient cpu', r.milliCPU, used.milliCPU, alloc.milliCPU);
  if (r.memory > 0 && r.memory > alloc.memory - used.memory)
    out = push(out, 'memory', 'Insufficient memory', r.memory, used.memory, alloc.memory);
  if (r.ephemeralStorage > 0 && r.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    const reason = 'Insufficient ephemeral-storage';
    out = push(out, 'ephemeral-storage', reason, r.ephemeralStorage, used.ephemeralStorage, alloc.ephemeralStorage);
  }
  for (const c of s.scalars) {
    const capacity = alloc.scalarResources?.get(c.name) ?? 0;
    const inUse = used.scalarResources?.get(c.name) ?? 0;
    if (c.quantity > capacity - inUse) out = push(out, c.name, c.reason, c.quantity, inUse, capacity);
  }
  return out;
}

/** Upstream's exported `Fits`: what `nodeInfo` lacks for `pod` (empty when it fits), ignoring nothing. */
export function fits(pod: Pod, nodeInfo: NodeInfo): InsufficientResource[] {
  return fitsRequest(computePreFilterState(pod), nodeInfo) ?? [];
}

/** Whether `pod` fits an empty `node` (false for no node), as upstream's queueing hint asks. */
export function isFit(pod: Pod, node: Node | undefined): boolean {
  if (!node) return false;
  return fitsRequest(computePreFilterState(pod), new NodeInfo(node)) === undefined;
}

/**
 * Whether the node's update raised allocatable pods, or the allocatable amount of any resource
 * the pod requests (upstream's `haveAnyRequestedResourcesIncreased`).
 */
export function haveAnyRequestedResourcesIncreased(pod: Pod, originalNode: Node, modifiedNode: Node): boolean {
  const s = computePreFilterState(pod);
  const before = Resource.fromList(originalNode.status?.allocatable);
  const after = Resource.fromList(modifiedNode.status?.allocatable);
  if (after.allowedPodNumber > before.allowedPodNumber) return true;
  if (s.requestsNothing) return false;
  const r = s.requests;
  if (
    (r.milliCPU > 0 && after.milliCPU > before.milliCPU) ||
    (r.memory > 0 && after.memory > before.memory) ||
    (r.ephemeralStorage > 0 && after.ephemeralStorage > before.ephemeralStorage)
  )
    return true;
  for (const c of s.scalars)
    if ((after.scalarResources?.get(c.name) ?? 0) > (before.scalarResources?.get(c.name) ?? 0)) return true;
  return false;
}
