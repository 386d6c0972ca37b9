/**
 * kube-apiserver 1.32's NodeRestriction admission plugin (plugin/pkg/admission/noderestriction):
 * limits what a kubelet (`system:node:<name>` in `system:nodes`) may write to its own Node, its
 * own Lease and CSINode, mirror pods bound to itself, status of its pods and PVCs, evictions of its
 * pods, tokens for its pods, its ResourceSlices and node CSRs. Other users pass untouched; CONNECT
 * is not handled (upstream's handler covers CREATE, UPDATE and DELETE). Refusals are ApiErrors:
 * 403 Forbidden with upstream's messages, or 404 NotFound for a pod or node the listers lack.
 * Upstream registers it as a mutating plugin: run it on the object as the client sent it.
 */
import { goQuote } from '../rbac/go-format.js';
import { forbidden, type Admit, type NodeRestrictionInput } from './admission-common.js';
import { admitCSINode, admitCSR, admitLease, admitResourceSlice, admitServiceAccount } from './admission-objects.js';
import { admitNode } from './admission-node.js';
import { admitPod, admitPodEviction, admitPodStatus, admitPVCStatus } from './admission-pods.js';
import { nodeIdentity } from './identity.js';

export type { AdmissionOperation, NodeRestrictionFeatures, NodeRestrictionInput } from './admission-common.js';

/**
 * Upstream's `Plugin.Admit`. Returns normally when the write is admitted; throws an `ApiError`
 * (403, or 404 for a missing pod/node) when it is not.
 */
export function admitNodeRestriction(input: NodeRestrictionInput): void {
  const node = nodeIdentity(input.user);
  if (node === undefined) return;
  if (input.operation === 'CONNECT') return;
  const name = input.name || (input.operation === 'CREATE' ? (input.object?.metadata?.name ?? '') : '');
  const a: Admit = { ...input, name, node };
  if (!node) throw forbidden(a, `could not determine node from user ${goQuote(input.user.name)}`);
  switch (`${a.group}/${a.resource}`) {
    case '/pods':
      switch (a.subresource) {
        case '':
          return admitPod(a);
        case 'status':
          return admitPodStatus(a);
        case 'eviction':
          return admitPodEviction(a);
        default:
          throw forbidden(
            a,
            `unexpected pod subresource ${goQuote(a.subresource)}, only 'status' and 'eviction' are allowed`,
          );
      }
    case '/nodes':
      return admitNode(a);
    case '/persistentvolumeclaims':
      if (a.subresource === 'status') return admitPVCStatus(a);
      throw forbidden(a, 'may only update PVC status');
    case '/serviceaccounts':
      return admitServiceAccount(a);
    case 'coordination.k8s.io/leases':
      return admitLease(a);
    case 'storage.k8s.io/csinodes':
      return admitCSINode(a);
    case 'resource.k8s.io/resourceslices':
      return admitResourceSlice(a);
    case 'certificates.k8s.io/certificatesigningrequests':
      if (a.features?.allowInsecureKubeletCertificateSigningRequests) return;
      return admitCSR(a);
  }
}
