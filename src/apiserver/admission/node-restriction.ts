/**
 * Upstream's NodeRestriction plugin (with the Node authorizer, kubeadm's default): a kubelet may
 * change only its own Node, Lease and CSINode, create only mirror pods bound to itself, and
 * update the status of, evict and delete only its own pods. The rules are in `auth/node/`.
 */
import type { Registry } from '../registry/registry.js';
import type { AdmissionPlugin } from './chain.js';
import { admitNodeRestriction } from '../auth/node/index.js';

export function nodeRestriction(registry: Registry): AdmissionPlugin {
  const pods = registry.store('', 'pods')!;
  const nodes = registry.store('', 'nodes')!;
  return {
    name: 'NodeRestriction',
    admit(a) {
      admitNodeRestriction({
        user: a.user,
        operation: a.operation,
        group: a.info.group,
        resource: a.info.resource,
        subresource: a.subresource,
        namespace: a.namespace,
        name: a.name,
        object: a.object,
        oldObject: a.oldObject,
        getPod: (ns, name) => pods.cacher.get(pods.key(ns, name))?.obj,
        getNode: (name) => nodes.cacher.get(nodes.key('', name))?.obj,
      });
    },
  };
}
