/**
 * NodeRestriction for pods and PVCs: a node creates only mirror pods bound to itself and owned by
 * its Node, referencing no other API objects; deletes, evicts and updates the status of only its
 * own pods; and changes only the status capacity and conditions of PVCs.
 */
import { goQuote } from '../rbac/go-format.js';
import { forbidden, listerNotFound, NIL_TYPE, type Admit } from './admission-common.js';
import { MIRROR_POD_ANNOTATION, isMirrorPod, visitPodConfigMapNames, visitPodSecretNames, type Obj } from './refs.js';
import { describeDiff, semanticEqual } from './semantic.js';

/** Pods: CREATE of mirror pods and DELETE of own pods only. */
export function admitPod(a: Admit): void {
  const q = goQuote(a.node);
  if (a.operation === 'CREATE') return admitPodCreate(a);
  if (a.operation === 'DELETE') {
    const existing = a.getPod(a.namespace, a.name);
    if (!existing) throw listerNotFound('pod', a.name);
    if (existing.spec?.nodeName !== a.node)
      throw forbidden(a, `node ${q} can only delete pods with spec.nodeName set to itself`);
    return;
  }
  throw forbidden(a, `unexpected operation ${goQuote(a.operation)}, node ${q} can only create and delete mirror pods`);
}

function admitPodCreate(a: Admit): void {
  const pod = a.object;
  if (!pod) throw forbidden(a, NIL_TYPE);
  const q = goQuote(a.node);
  if (!isMirrorPod(pod)) {
    throw forbidden(
      a,
      `pod does not have "${MIRROR_POD_ANNOTATION}" annotation, node ${q} can only create mirror pods`,
    );
  }
  if (pod.spec?.nodeName !== a.node)
    throw forbidden(a, `node ${q} can only create pods with spec.nodeName set to itself`);
  const owners: Obj[] = pod.metadata?.ownerReferences ?? [];
  if (owners.length > 1)
    throw forbidden(a, `node ${q} can only create pods with a single owner reference set to itself`);
  const owner = owners[0];
  if (!owner || owner.apiVersion !== 'v1' || owner.kind !== 'Node' || owner.name !== a.node) {
    throw forbidden(a, `node ${q} can only create pods with an owner reference set to itself`);
  }
  if (owner.controller !== true)
    throw forbidden(a, `node ${q} can only create pods with a controller owner reference set to itself`);
  if (owner.blockOwnerDeletion === true)
    throw forbidden(a, `node ${q} must not set blockOwnerDeletion on an owner reference`);
  if (a.getNode) {
    const node = a.getNode(a.node);
    if (!node) throw listerNotFound('node', a.node);
    const uid = node.metadata?.uid ?? '';
    if ((owner.uid ?? '') !== uid)
      throw forbidden(a, `node ${a.node} UID mismatch: expected ${owner.uid ?? ''} got ${uid}`);
  }
  // Mirror pods must not reference other API objects.
  if (pod.spec?.serviceAccountName || pod.spec?.serviceAccount) {
    throw forbidden(a, `node ${q} can not create pods that reference a service account`);
  }
  if (!visitPodSecretNames(pod, () => false))
    throw forbidden(a, `node ${q} can not create pods that reference secrets`);
  if (!visitPodConfigMapNames(pod, () => false))
    throw forbidden(a, `node ${q} can not create pods that reference configmaps`);
  const volumes: Obj[] = pod.spec?.volumes ?? [];
  if (volumes.some((v) => (v?.projected?.sources ?? []).some((s: Obj) => s?.clusterTrustBundle))) {
    throw forbidden(a, `node ${q} can not create pods that reference clustertrustbundles`);
  }
  if (volumes.some((v) => v?.persistentVolumeClaim)) {
    throw forbidden(a, `node ${q} can not create pods that reference persistentvolumeclaims`);
  }
}

/** Upstream's `labels.Equals`: same keys and values (absent ≡ empty). */
function labelsEqual(x: Record<string, string> | undefined, y: Record<string, string> | undefined): boolean {
  const xk = Object.keys(x ?? {});
  if (xk.length !== Object.keys(y ?? {}).length) return false;
  return xk.every((k) => Object.prototype.hasOwnProperty.call(y, k) && y![k] === x![k]);
}

/** Same entries, in order, with the same names and claim names. */
function claimStatusesEqual(x: Obj[] | undefined, y: Obj[] | undefined): boolean {
  const xs = x ?? [];
  const ys = y ?? [];
  if (xs.length !== ys.length) return false;
  return xs.every(
    (s, i) => s?.name === ys[i]?.name && (s?.resourceClaimName ?? null) === (ys[i]?.resourceClaimName ?? null),
  );
}

/** pods/status: UPDATE of own pods, without touching labels or resource claim statuses. */
export function admitPodStatus(a: Admit): void {
  if (a.operation !== 'UPDATE') throw forbidden(a, `unexpected operation ${goQuote(a.operation)}`);
  const q = goQuote(a.node);
  const old = a.oldObject;
  if (!old) throw forbidden(a, NIL_TYPE);
  if (old.spec?.nodeName !== a.node) {
    throw forbidden(a, `node ${q} can only update pod status for pods with spec.nodeName set to itself`);
  }
  const pod = a.object;
  if (!pod) throw forbidden(a, NIL_TYPE);
  if (!labelsEqual(old.metadata?.labels, pod.metadata?.labels))
    throw forbidden(a, `node ${q} cannot update labels through pod status`);
  if (!claimStatusesEqual(old.status?.resourceClaimStatuses, pod.status?.resourceClaimStatuses)) {
    throw forbidden(a, `node ${q} cannot update resource claim statues`);
  }
}

/** pods/eviction: CREATE for own pods; the pod named by the URL, else by the Eviction. */
export function admitPodEviction(a: Admit): void {
  if (a.operation !== 'CREATE') throw forbidden(a, `unexpected operation ${a.operation}`);
  if (!a.object) throw forbidden(a, NIL_TYPE);
  const podName: string = a.name || a.object.metadata?.name || '';
  if (!podName) throw forbidden(a, 'could not determine pod from request data');
  const existing = a.getPod(a.namespace, podName);
  if (!existing) throw listerNotFound('pod', podName);
  if (existing.spec?.nodeName !== a.node)
    throw forbidden(a, `node ${a.node} can only evict pods with spec.nodeName set to itself`);
}

/** PVC status: UPDATE changing nothing but status capacity and conditions (and allocated resources). */
export function admitPVCStatus(a: Admit): void {
  if (a.operation !== 'UPDATE') throw forbidden(a, `unexpected operation ${goQuote(a.operation)}`);
  if (!a.oldObject || !a.object) throw forbidden(a, NIL_TYPE);
  const recovery = a.features?.recoverVolumeExpansionFailure ?? true;
  const strip = (pvc: Obj): Obj => {
    const metadata = { ...pvc.metadata };
    const status = { ...pvc.status };
    const copy: Obj = { ...pvc, metadata, status };
    for (const k of ['apiVersion', 'kind']) delete copy[k];
    for (const k of ['resourceVersion', 'managedFields']) delete metadata[k];
    const dropped = ['capacity', 'conditions'];
    if (recovery) dropped.push('allocatedResourceStatuses', 'allocatedResources');
    for (const k of dropped) delete status[k];
    return copy;
  };
  const [oldPVC, newPVC] = [strip(a.oldObject), strip(a.object)];
  if (!semanticEqual(oldPVC, newPVC)) {
    const diff = describeDiff(oldPVC, newPVC);
    throw forbidden(
      a,
      `node ${goQuote(a.node)} is not allowed to update fields other than status.quantity and status.conditions: ${diff}`,
    );
  }
}
