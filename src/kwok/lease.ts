/**
 * Node heartbeat Leases, shaped as the kubelet's node lease controller writes them
 * (pkg/kubelet/util/nodelease.go and component-helpers' lease controller): in `kube-node-lease`,
 * named after the node, held by the node's name, owned by the Node.
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { type Instant, microTime } from './time.js';

/** Namespace of node heartbeat Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** The kubelet's default `nodeLeaseDurationSeconds`. */
export const NODE_LEASE_DURATION_SECONDS = 40;

/** The kubelet renews every quarter of the lease duration: 10s. */
export const NODE_LEASE_RENEW_INTERVAL_MS = (NODE_LEASE_DURATION_SECONDS * 1000) / 4;

function nodeOwner(nodeName: string, nodeUid: string): OwnerReference[] {
  return [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }];
}

/**
 * A new Lease for node `nodeName`: holderIdentity the node name, leaseDurationSeconds 40, renewTime
 * `now` as a MicroTime, and an ownerReference to the Node when `nodeUid` is known (the kubelet
 * leaves it out until it has read the Node's UID).
 */
export function buildNodeLease(nodeName: string, nodeUid: string | undefined, now: Instant): Lease {
  const lease: Lease = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: nodeName, namespace: NODE_LEASE_NAMESPACE },
    spec: {
      holderIdentity: nodeName,
      leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
      renewTime: microTime(now),
    },
  };
  if (nodeUid) lease.metadata!.ownerReferences = nodeOwner(nodeName, nodeUid);
  return lease;
}

/**
 * A copy of `lease` renewed at `now`: renewTime `now`, holderIdentity the node (lease) name,
 * leaseDurationSeconds 40; other spec fields and metadata (resourceVersion included, for the
 * update) are kept. Owner references are filled in from `nodeUid` only when the lease has none,
 * as the kubelet retries that on every renewal. `lease` is not modified.
 */
export function renewLease(lease: Lease, now: Instant, nodeUid?: string): Lease {
  const name = lease.metadata?.name ?? '';
  const metadata = { ...lease.metadata };
  if (nodeUid && !metadata.ownerReferences?.length) metadata.ownerReferences = nodeOwner(name, nodeUid);
  return {
    ...lease,
    metadata,
    spec: {
      ...lease.spec,
      holderIdentity: name,
      leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
      renewTime: microTime(now),
    },
  };
}
