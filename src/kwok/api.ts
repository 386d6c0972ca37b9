/**
 * The API calls kwok makes, behind one interface so the controllers can be tested with a fake:
 * node create/get and status patches, node Leases, pod status patches and the final pod delete.
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, NodeCondition, Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import type { RestClient } from '../client/rest/client.js';
import { ResourceClient, type ResourceRef } from '../client/rest/resource-client.js';
import { NODE_LEASE_NAMESPACE } from './lease.js';
import { FINISH_DELETION_OPTIONS } from './pod.js';

export const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false, kind: 'Node' };
export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true, kind: 'Pod' };
export const LEASES: ResourceRef = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  namespaced: true,
  kind: 'Lease',
};

/** Every write kwok makes. Errors are the REST client's (`ApiError`s for API answers). */
export interface KwokApi {
  createNode(node: Node): Promise<Node>;
  getNode(name: string): Promise<Node>;
  /** Strategic merge patch of `nodes/{name}/status` setting `conditions` (merged by type). */
  patchNodeStatus(name: string, conditions: NodeCondition[]): Promise<Node>;
  getLease(name: string): Promise<Lease>;
  createLease(lease: Lease): Promise<Lease>;
  /** PUT, guarded by the lease's resourceVersion. */
  updateLease(lease: Lease): Promise<Lease>;
  /**
   * JSON merge patch of `pods/{name}/status` with `status` (lists replaced whole), guarded by
   * `resourceVersion` so a status read from a stale cache is refused with a Conflict.
   */
  patchPodStatus(namespace: string, name: string, resourceVersion: string | undefined, status: PodStatus): Promise<Pod>;
  /** DELETE with FINISH_DELETION_OPTIONS, only if the pod still has `uid`. */
  finishPodDeletion(namespace: string, name: string, uid: string | undefined): Promise<void>;
}

/** KwokApi over `client`. */
export function restKwokApi(client: RestClient): KwokApi {
  const nodes = new ResourceClient<Node>(client, NODES);
  const pods = new ResourceClient<Pod>(client, PODS);
  const leases = new ResourceClient<Lease>(client, LEASES);
  const inLeases = { namespace: NODE_LEASE_NAMESPACE };
  return {
    createNode: (node) => nodes.create(node),
    getNode: (name) => nodes.get(name),
    patchNodeStatus: (name, conditions) =>
      nodes.patch(name, 'strategic', { status: { conditions } }, { subresource: 'status' }),
    getLease: (name) => leases.get(name, inLeases),
    createLease: (lease) => leases.create(lease, inLeases),
    updateLease: (lease) => leases.update(lease, inLeases),
    patchPodStatus: (namespace, name, resourceVersion, status) =>
      pods.patch(
        name,
        'merge',
        { metadata: resourceVersion ? { resourceVersion } : undefined, status },
        {
          namespace,
          subresource: 'status',
        },
      ),
    async finishPodDeletion(namespace, name, uid) {
      await pods.delete(name, { namespace, ...FINISH_DELETION_OPTIONS, preconditions: uid ? { uid } : undefined });
    },
  };
}
