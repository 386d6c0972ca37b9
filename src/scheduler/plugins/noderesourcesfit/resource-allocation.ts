/**
 * The scoring core NodeResourcesFit and NodeResourcesBalancedAllocation share, after upstream's
 * `resourceAllocationScorer`: the pod's request for each configured resource (computed once in
 * PreScore), then per node the allocatable and requested-plus-pod amounts fed to a scorer.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { podRequests, type Resource } from '../../framework/resource.js';
import { Status } from '../../framework/status.js';
import type { ResourceSpec } from './args.js';
import { isScalarResourceName } from './resource-names.js';
import type { ResourceScorer } from './scorers.js';

// How a configured resource is read, decided once per plugin rather than per node.
const CPU = 0;
const MEMORY = 1;
const EPHEMERAL_STORAGE = 2;
const SCALAR = 3;
const OTHER = 4;

function kindOf(name: string): number {
  if (name === 'cpu') return CPU;
  if (name === 'memory') return MEMORY;
  if (name === 'ephemeral-storage') return EPHEMERAL_STORAGE;
  return isScalarResourceName(name) ? SCALAR : OTHER;
}

/** The pod's requests PreScore writes for Score, in the order of the configured resources. */
export class ResourcePreScoreState {
  constructor(readonly podRequests: readonly number[]) {}

  /** Immutable, so copies share it (as upstream's Clone does). */
  clone(): ResourcePreScoreState {
    return this;
  }
}

/** Scores nodes by how the pod's requests would fill the configured resources. */
export class ResourceAllocationScorer {
  private readonly kinds: number[];
  // Scratch arrays reused by every score() call: Score runs synchronously, once per node.
  private readonly requested: number[];
  private readonly allocatable: number[];

  /**
   * `useRequested` scores cpu and memory by the actual requests (BalancedAllocation); otherwise by
   * non-zero requests, which count 100m cpu and 200Mi memory for containers that set none.
   */
  constructor(
    readonly name: string,
    readonly resources: readonly ResourceSpec[],
    private readonly scorer: ResourceScorer,
    private readonly useRequested: boolean,
  ) {
    this.kinds = resources.map((r) => kindOf(r.name));
    this.requested = new Array<number>(resources.length).fill(0);
    this.allocatable = new Array<number>(resources.length).fill(0);
  }

  /** The pod's request for each configured resource (`calculatePodResourceRequestList`). */
  podRequestList(pod: Pod): number[] {
    const pr = podRequests(pod);
    const r = pr.requests;
    return this.resources.map((spec, i) => {
      switch (this.kinds[i]) {
        case CPU:
          return this.useRequested ? r.milliCPU : pr.nonZeroMilliCPU;
        case MEMORY:
          return this.useRequested ? r.memory : pr.nonZeroMemory;
        case EPHEMERAL_STORAGE:
          return r.ephemeralStorage;
        case SCALAR:
          return r.scalarResources?.get(spec.name) ?? 0;
        default:
          return 0;
      }
    });
  }

  /**
   * The node's score for a pod whose requests are `podRequests`. A scalar resource the pod does
   * not request, or the node does not offer, is left out rather than scored as empty.
   */
  score(nodeInfo: NodeInfo, podRequests: readonly number[]): number | Status {
    const n = this.resources.length;
    if (n === 0) return Status.error('resources not found');
    const alloc = nodeInfo.allocatable;
    const inUse: Resource = this.useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
    for (let i = 0; i < n; i++) {
      const podRequest = podRequests[i];
      let a = 0;
      let q = 0;
      switch (this.kinds[i]) {
        case CPU:
          a = alloc.milliCPU;
          q = inUse.milliCPU + podRequest;
          break;
        case MEMORY:
          a = alloc.memory;
          q = inUse.memory + podRequest;
          break;
        case EPHEMERAL_STORAGE:
          a = alloc.ephemeralStorage;
          q = nodeInfo.requested.ephemeralStorage + podRequest;
          break;
        case SCALAR: {
          if (podRequest === 0) break;
          const name = this.resources[i].name;
          a = alloc.scalarResources?.get(name) ?? 0;
          q = (nodeInfo.requested.scalarResources?.get(name) ?? 0) + podRequest;
          break;
        }
      }
      this.allocatable[i] = a;
      this.requested[i] = a === 0 ? 0 : q;
    }
    return this.scorer(this.requested, this.allocatable);
  }
}
