/**
 * What a pod or a PersistentVolume references, over plain JSON objects: upstream's
 * `podutil.VisitPodSecretNames` / `VisitPodConfigmapNames` (pkg/api/v1/pod, all container kinds:
 * init, regular and ephemeral), the claim names of `graph.AddPod` (PVC and generic ephemeral
 * volumes, ResourceClaims via `resourceclaim.Name`), and `pvutil.VisitPVSecretNames`.
 * A visitor returns `false` to stop; every visit function returns whether it ran to the end.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

/** The annotation a mirror pod carries (upstream's `MirrorPodAnnotationKey`). */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** Called with each name; returning `false` stops the visit. */
export type NameVisitor = (name: string) => boolean | void;

/** Called with each PV secret; `kubeletVisible` is false for controller-only CSI secrets. */
export type PVSecretVisitor = (namespace: string, name: string, kubeletVisible: boolean) => boolean | void;

const go = (v: boolean | void) => v !== false;

/** Whether the pod is a mirror pod (has the `kubernetes.io/config.mirror` annotation). */
export function isMirrorPod(pod: Obj): boolean {
  const ann = pod?.metadata?.annotations;
  return !!ann && Object.prototype.hasOwnProperty.call(ann, MIRROR_POD_ANNOTATION);
}

/** Every container of the pod: init containers, containers, then ephemeral containers. */
function allContainers(pod: Obj): Obj[] {
  const spec = pod?.spec ?? {};
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

/** Visits every secret name the pod spec references (not through PVCs). */
export function visitPodSecretNames(pod: Obj, visit: NameVisitor): boolean {
  for (const ref of pod?.spec?.imagePullSecrets ?? []) if (!go(visit(ref?.name ?? ''))) return false;
  for (const c of allContainers(pod)) {
    for (const e of c?.envFrom ?? []) if (e?.secretRef && !go(visit(e.secretRef.name ?? ''))) return false;
    for (const e of c?.env ?? []) {
      const ref = e?.valueFrom?.secretKeyRef;
      if (ref && !go(visit(ref.name ?? ''))) return false;
    }
  }
  for (const v of pod?.spec?.volumes ?? []) {
    if (!v) continue;
    let name: string | undefined;
    if (v.azureFile) name = v.azureFile.secretName || undefined;
    else if (v.cephfs) name = v.cephfs.secretRef?.name;
    else if (v.cinder) name = v.cinder.secretRef?.name;
    else if (v.flexVolume) name = v.flexVolume.secretRef?.name;
    else if (v.projected) {
      for (const src of v.projected.sources ?? []) if (src?.secret && !go(visit(src.secret.name ?? ''))) return false;
      continue;
    } else if (v.rbd) name = v.rbd.secretRef?.name;
    else if (v.secret) name = v.secret.secretName ?? '';
    else if (v.scaleIO) name = v.scaleIO.secretRef?.name;
    else if (v.iscsi) name = v.iscsi.secretRef?.name;
    else if (v.storageos) name = v.storageos.secretRef?.name;
    else if (v.csi) name = v.csi.nodePublishSecretRef?.name;
    if (name !== undefined && !go(visit(name))) return false;
  }
  return true;
}

/** Visits every configmap name the pod spec references. */
export function visitPodConfigMapNames(pod: Obj, visit: NameVisitor): boolean {
  for (const c of allContainers(pod)) {
    for (const e of c?.envFrom ?? []) if (e?.configMapRef && !go(visit(e.configMapRef.name ?? ''))) return false;
    for (const e of c?.env ?? []) {
      const ref = e?.valueFrom?.configMapKeyRef;
      if (ref && !go(visit(ref.name ?? ''))) return false;
    }
  }
  for (const v of pod?.spec?.volumes ?? []) {
    if (v?.projected) {
      for (const src of v.projected.sources ?? []) {
        if (src?.configMap && !go(visit(src.configMap.name ?? ''))) return false;
      }
    } else if (v?.configMap && !go(visit(v.configMap.name ?? ''))) return false;
  }
  return true;
}

/** The PVCs the pod's volumes use: `persistentVolumeClaim.claimName`, and `<pod>-<volume>` for generic ephemeral volumes. */
export function podClaimNames(pod: Obj): string[] {
  const out: string[] = [];
  for (const v of pod?.spec?.volumes ?? []) {
    if (v?.persistentVolumeClaim) {
      if (v.persistentVolumeClaim.claimName) out.push(v.persistentVolumeClaim.claimName);
    } else if (v?.ephemeral) out.push(`${pod?.metadata?.name ?? ''}-${v.name ?? ''}`);
  }
  return out;
}

/**
 * The ResourceClaims the pod uses (upstream's `resourceclaim.Name` per `spec.resourceClaims`):
 * `resourceClaimName` directly, or for a template the name recorded in
 * `status.resourceClaimStatuses` (none while it is not created yet, or when none is needed).
 */
export function podResourceClaimNames(pod: Obj): string[] {
  const out: string[] = [];
  const statuses: Obj[] = pod?.status?.resourceClaimStatuses ?? [];
  for (const c of pod?.spec?.resourceClaims ?? []) {
    if (c?.resourceClaimName) out.push(c.resourceClaimName);
    else if (c?.resourceClaimTemplateName) {
      const st = statuses.find((s) => s?.name === c.name);
      if (st?.resourceClaimName) out.push(st.resourceClaimName);
    }
  }
  return out;
}

/**
 * Visits every secret a PV references (empty names skipped). Secrets without their own namespace
 * use the claimRef's namespace, as upstream's `VisitPVSecretNames` does.
 */
export function visitPVSecretNames(pv: Obj, visit: PVSecretVisitor): boolean {
  const s = pv?.spec ?? {};
  const claimNs: string = s.claimRef?.namespace ?? '';
  const v = (ns: string | undefined, name: string | undefined, kubelet = true) =>
    !name || go(visit(ns ?? '', name, kubelet));
  const nsOr = (ref: Obj) => ref.namespace || claimNs;
  if (s.azureFile) return v(s.azureFile.secretNamespace || claimNs, s.azureFile.secretName);
  if (s.cephfs) return !s.cephfs.secretRef || v(nsOr(s.cephfs.secretRef), s.cephfs.secretRef.name);
  if (s.cinder) return !s.cinder.secretRef || v(s.cinder.secretRef.namespace, s.cinder.secretRef.name);
  if (s.flexVolume) return !s.flexVolume.secretRef || v(nsOr(s.flexVolume.secretRef), s.flexVolume.secretRef.name);
  if (s.rbd) return !s.rbd.secretRef || v(nsOr(s.rbd.secretRef), s.rbd.secretRef.name);
  if (s.scaleIO) return !s.scaleIO.secretRef || v(nsOr(s.scaleIO.secretRef), s.scaleIO.secretRef.name);
  if (s.iscsi) return !s.iscsi.secretRef || v(nsOr(s.iscsi.secretRef), s.iscsi.secretRef.name);
  if (s.storageos) return !s.storageos.secretRef || v(s.storageos.secretRef.namespace, s.storageos.secretRef.name);
  if (s.csi) {
    const refs: [Obj | undefined, boolean][] = [
      [s.csi.controllerPublishSecretRef, false],
      [s.csi.controllerExpandSecretRef, false],
      [s.csi.nodePublishSecretRef, true],
      [s.csi.nodeStageSecretRef, true],
      [s.csi.nodeExpandSecretRef, true],
    ];
    for (const [ref, kubelet] of refs) if (ref && !v(ref.namespace, ref.name, kubelet)) return false;
  }
  return true;
}
