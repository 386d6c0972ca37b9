/**
 * The snapshot a scheduling cycle reads, after upstream's `cache.Snapshot`: NodeInfos copied from
 * the cache at the start of the cycle, in zone-interleaved order, so the cycle sees one consistent
 * view while informers keep changing the cache.
 */
import type { NodeInfoLister } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';

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
}
