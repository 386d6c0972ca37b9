/**
 * NodeRestriction for the other objects nodes write: service-account tokens bound to their own
 * pods, their own Lease and CSINode, ResourceSlices of their own, and node CSRs naming themselves.
 */
import { forbidden, listerNotFound, NIL_TYPE, type Admit } from './admission-common.js';
import { NODE_LEASE_NAMESPACE } from './authorizer.js';
import { csrCommonName } from './csr.js';

/** serviceaccounts/token CREATE: the TokenRequest must be bound to a pod (by uid) on this node. */
export function admitServiceAccount(a: Admit): void {
  if (a.operation !== 'CREATE' || a.subresource !== 'token') return;
  if (!a.object) throw forbidden(a, NIL_TYPE);
  const ref = a.object.spec?.boundObjectRef;
  if (!ref || ref.apiVersion !== 'v1' || ref.kind !== 'Pod' || !ref.name) {
    throw forbidden(a, 'node requested token not bound to a pod');
  }
  if (!ref.uid) throw forbidden(a, 'node requested token with a pod binding without a uid');
  const pod = a.getPod(a.namespace, ref.name);
  if (!pod) throw listerNotFound('pod', ref.name);
  if (ref.uid !== pod.metadata?.uid) {
    throw forbidden(
      a,
      `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  }
  if (pod.spec?.nodeName !== a.node)
    throw forbidden(a, 'node requested token bound to a pod scheduled on a different node');
}

/** Leases: only in kube-node-lease, only the one named as the node. */
export function admitLease(a: Admit): void {
  if (a.namespace !== NODE_LEASE_NAMESPACE) {
    throw forbidden(a, `can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
  }
  if (a.operation === 'CREATE' && !a.object) throw forbidden(a, NIL_TYPE);
  const name = a.operation === 'CREATE' ? a.object?.metadata?.name : a.name;
  if (name !== a.node) throw forbidden(a, 'can only access node lease with the same name as the requesting node');
}

/** CSINodes: only the one named as the node. */
export function admitCSINode(a: Admit): void {
  if (a.operation === 'CREATE' && !a.object) throw forbidden(a, 'unable to access the object name');
  const name = a.operation === 'CREATE' ? a.object?.metadata?.name : a.name;
  if (name !== a.node) throw forbidden(a, 'can only access CSINode with the same name as the requesting node');
}

/** ResourceSlices: created and deleted only with spec.nodeName set to the node (the authorizer covers the rest). */
export function admitResourceSlice(a: Admit): void {
  if (a.operation === 'CREATE') {
    if (!a.object) throw forbidden(a, NIL_TYPE);
    if (a.object.spec?.nodeName !== a.node) {
      throw forbidden(a, 'can only create ResourceSlice with the same NodeName as the requesting node');
    }
  } else if (a.operation === 'DELETE') {
    if (!a.oldObject) throw forbidden(a, NIL_TYPE);
    if (a.oldObject.spec?.nodeName !== a.node) {
      throw forbidden(a, 'can only delete ResourceSlice with the same NodeName as the requesting node');
    }
  }
}

const KUBELET_SIGNERS = new Set(['kubernetes.io/kubelet-serving', 'kubernetes.io/kube-apiserver-client-kubelet']);

/** CSR CREATE for the kubelet signers: the CommonName must be `system:node:<node>`. */
export function admitCSR(a: Admit): void {
  if (a.operation !== 'CREATE') return;
  if (!a.object) throw forbidden(a, NIL_TYPE);
  if (!KUBELET_SIGNERS.has(a.object.spec?.signerName)) return;
  let cn: string;
  try {
    cn = csrCommonName(a.object.spec?.request ?? '');
  } catch (err) {
    throw forbidden(a, `unable to parse csr: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (cn !== `system:node:${a.node}`) throw forbidden(a, `can only create a node CSR with CN=system:node:${a.node}`);
}
