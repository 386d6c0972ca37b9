/**
 * The snapshot a scheduling cycle reads, after upstream's `cache.Snapshot`: NodeInfos copied from
 * the cache at the start of the cycle, in zone-interleaved order, so the cycle sees one consistent
 * view while informers keep changing the cache.
 */
import type { NodeAggregate, NodeInfoLister } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';

/** How many aggregates a snapshot keeps; the least recently used goes first. */
const MAX_AGGREGATES = 32;

export class Snapshot implements NodeInfoLister {
  readonly byName = new Map<string, NodeInfo>();
  nodeList: NodeInfo[] = [];
  /** Node name → index in nodeList. */
  position = new Map<string, number>();
  withAffinity: NodeInfo[] = [];
  withRequiredAntiAffinity: NodeInfo[] = [];

  list(): readonly NodeInfo[] {
    return this.nodeList;
  }

  get(nodeName: string): NodeInfo | undefined {
    return this.byName.get(nodeName);
  }

  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.withAffinity;
  }

  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.withRequiredAntiAffinity;
  }

  private readonly aggregates = new Map<string, NodeAggregate>();

  aggregate<T extends NodeAggregate>(key: string, make: () => T): T {
    let a = this.aggregates.get(key);
    if (a) this.aggregates.delete(key);
    else {
      a = make();
      for (const ni of this.byName.values()) a.nodeChanged(undefined, ni);
      if (this.aggregates.size >= MAX_AGGREGATES) this.aggregates.delete(this.aggregates.keys().next().value!);
    }
    this.aggregates.set(key, a);
    return a as T;
  }

  /** Tells the aggregates that node `prev` became `next` (see NodeAggregate). */
  nodeChanged(prev: NodeInfo | undefined, next: NodeInfo | undefined): void {
    for (const a of this.aggregates.values()) a.nodeChanged(prev, next);
  }
}
