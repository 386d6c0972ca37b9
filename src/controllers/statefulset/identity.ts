/**
 * A StatefulSet pod's identity (upstream's `stateful_set_utils.go`): its name `<set>-<ordinal>`,
 * the ordinal range `[ordinals.start, start + replicas)`, the labels that name it, its stable
 * hostname and subdomain, and the PersistentVolumeClaims `<claim>-<set>-<ordinal>` its volumes
 * point at. Also the pod-state predicates the ordered algorithm waits on.
 */
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1.js';
import { isPodAvailable, isPodReady } from '../common/pod-util.js';
import { newControllerRef } from '../common/controller-ref.js';
import { podFromTemplate } from '../common/pod-control.js';

/** Upstream's `StatefulSetPodNameLabel`. */
export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** Upstream's `PodIndexLabel` (the PodIndexLabel gate is on by default since 1.28). */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** Upstream's `StatefulSetRevisionLabel` (= `ControllerRevisionHashLabelKey`). */
export const STATEFULSET_REVISION_LABEL = 'controller-revision-hash';

const STATEFUL_POD_RE = /^(.*)-([0-9]+)$/s;
const INT32_MAX = 2 ** 31 - 1;

/**
 * Upstream's `getParentNameAndOrdinal`: `web-3` → `['web', 3]`; a name without a numeric suffix
 * has no parent and ordinal -1; a suffix beyond int32 keeps the parent with ordinal -1.
 */
export function parentNameAndOrdinal(podName: string): [string, number] {
  const m = STATEFUL_POD_RE.exec(podName);
  if (!m) return ['', -1];
  const n = Number(m[2]);
  return [m[1], Number.isSafeInteger(n) && n <= INT32_MAX ? n : -1];
}

/** The pod's ordinal, or -1. */
export function getOrdinal(pod: Pod): number {
  return parentNameAndOrdinal(pod.metadata?.name ?? '')[1];
}

/** The first ordinal (`spec.ordinals.start`, else 0). */
export function getStartOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

/** The last ordinal, inclusive. */
export function getEndOrdinal(set: StatefulSet): number {
  return getStartOrdinal(set) + replicasOf(set) - 1;
}

/** `spec.replicas`, defaulted to 1 as the API server does. */
export function replicasOf(set: StatefulSet): number {
  return set.spec?.replicas ?? 1;
}

/** Whether the pod's ordinal lies in the set's range. */
export function podInOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const o = getOrdinal(pod);
  return o >= getStartOrdinal(set) && o <= getEndOrdinal(set);
}

/** `<set>-<ordinal>`. */
export function getPodName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata?.name ?? ''}-${ordinal}`;
}

/** `<claim>-<set>-<ordinal>`. */
export function getPersistentVolumeClaimName(set: StatefulSet, claimName: string, ordinal: number): string {
  return `${claimName}-${set.metadata?.name ?? ''}-${ordinal}`;
}

/** Whether the pod's name makes it a member of `set`. */
export function isMemberOf(set: StatefulSet, pod: Pod): boolean {
  return parentNameAndOrdinal(pod.metadata?.name ?? '')[0] === set.metadata?.name;
}

/** Upstream's `identityMatches`: name, namespace and pod-name label agree with the set. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const [parent, ordinal] = parentNameAndOrdinal(pod.metadata?.name ?? '');
  return (
    ordinal >= 0 &&
    parent === set.metadata?.name &&
    pod.metadata?.name === getPodName(set, ordinal) &&
    pod.metadata?.namespace === set.metadata?.namespace &&
    pod.metadata?.labels?.[STATEFULSET_POD_NAME_LABEL] === pod.metadata?.name
  );
}

/** Upstream's `storageMatches`: every claim template has a volume of its name on the right claim. */
export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const name = t.metadata?.name ?? '';
    const v = volumes.get(name);
    if (v?.persistentVolumeClaim?.claimName !== getPersistentVolumeClaimName(set, name, ordinal)) return false;
  }
  return true;
}

/**
 * Upstream's `getPersistentVolumeClaims`: the pod's claims by template name, each named for the
 * ordinal, in the set's namespace, labelled with the template's labels plus the selector's matchLabels.
 */
export function getPersistentVolumeClaims(set: StatefulSet, pod: Pod): Map<string, PersistentVolumeClaim> {
  const ordinal = getOrdinal(pod);
  const out = new Map<string, PersistentVolumeClaim>();
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    // A template's status is not the claim's: the API server owns status.
    const claim: PersistentVolumeClaim = { ...structuredClone(t), status: undefined };
    const templateName = t.metadata?.name ?? '';
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    claim.metadata = {
      ...claim.metadata,
      name: getPersistentVolumeClaimName(set, templateName, ordinal),
      namespace: set.metadata?.namespace,
      labels: { ...claim.metadata?.labels, ...set.spec?.selector?.matchLabels },
    };
    out.set(templateName, claim);
  }
  return out;
}

/** Upstream's `updateStorage`: the claim volumes first (template order), then the pod's others. */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = getPersistentVolumeClaims(set, pod);
  const volumes: Volume[] = [];
  for (const [name, claim] of claims)
    volumes.push({ name, persistentVolumeClaim: { claimName: claim.metadata!.name!, readOnly: false } });
  for (const v of pod.spec?.volumes ?? []) if (!claims.has(v.name)) volumes.push(v);
  pod.spec = { containers: [], ...pod.spec, volumes };
}

/** Upstream's `updateIdentity`: name, namespace, pod-name and pod-index labels. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = getOrdinal(pod);
  const meta = (pod.metadata ??= {});
  meta.name = getPodName(set, ordinal);
  meta.namespace = set.metadata?.namespace;
  meta.labels = { ...meta.labels, [STATEFULSET_POD_NAME_LABEL]: meta.name, [POD_INDEX_LABEL]: String(ordinal) };
}

/** Upstream's `initIdentity`: the identity plus hostname and subdomain, set only at creation. */
export function initIdentity(set: StatefulSet, pod: Pod): void {
  updateIdentity(set, pod);
  pod.spec = { containers: [], ...pod.spec, hostname: pod.metadata!.name };
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
}

/** Sets the pod's `controller-revision-hash` label. */
export function setPodRevision(pod: Pod, revision: string): void {
  const meta = (pod.metadata ??= {});
  meta.labels = { ...meta.labels, [STATEFULSET_REVISION_LABEL]: revision };
}

/** The pod's `controller-revision-hash` label, or ''. */
export function getPodRevision(pod: Pod): string {
  return pod.metadata?.labels?.[STATEFULSET_REVISION_LABEL] ?? '';
}

/** Upstream's `newStatefulSetPod`: the template's pod with the set's controller ref, identity and storage. */
export function newStatefulSetPod(set: StatefulSet, ordinal: number): Pod {
  const template = set.spec?.template ?? {};
  const pod = podFromTemplate(template, set, newControllerRef(set, 'apps/v1', 'StatefulSet'));
  pod.metadata!.name = getPodName(set, ordinal);
  initIdentity(set, pod);
  updateStorage(set, pod);
  return pod;
}

/**
 * Upstream's `newVersionedStatefulSetPod`: ordinals below the partition (or, without a rollingUpdate
 * block, below start + currentReplicas) are made at the current revision, the rest at the update
 * revision. The condition keeps upstream's operator precedence.
 */
export function newVersionedStatefulSetPod(
  currentSet: StatefulSet,
  updateSet: StatefulSet,
  currentRevision: string,
  updateRevision: string,
  ordinal: number,
): Pod {
  const strategy = currentSet.spec?.updateStrategy;
  const start = getStartOrdinal(currentSet);
  const rolling = (strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const ru = strategy?.rollingUpdate;
  const useCurrent =
    (rolling && !ru && ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (!!ru && ordinal < start + (ru.partition ?? 0));
  const pod = newStatefulSetPod(useCurrent ? currentSet : updateSet, ordinal);
  setPodRevision(pod, useCurrent ? currentRevision : updateRevision);
  return pod;
}

/** Running with a True Ready condition. */
export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/** Upstream's `isRunningAndAvailable`: available for minReadySeconds at `nowMs`. */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  return isPodAvailable(pod, minReadySeconds, nowMs);
}

/** The API server has the pod (it has a phase); pods we only built locally do not. */
export const isCreated = (pod: Pod): boolean => !!pod.status?.phase;
export const isPending = (pod: Pod): boolean => pod.status?.phase === 'Pending';
export const isFailed = (pod: Pod): boolean => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: Pod): boolean => pod.status?.phase === 'Succeeded';
export const isTerminating = (pod: Pod): boolean => !!pod.metadata?.deletionTimestamp;

/** Running, ready and not being deleted. */
export function isHealthy(pod: Pod): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/** Upstream's `isUnavailable`: not healthy, or not yet available for minReadySeconds. */
export function isUnavailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  return !isHealthy(pod) || !isPodAvailable(pod, minReadySeconds, nowMs);
}

/** Orders pods by ordinal, ascending (`dir` 1) or descending (-1). */
export function byOrdinal(dir: 1 | -1): (a: Pod, b: Pod) => number {
  return (a, b) => dir * (getOrdinal(a) - getOrdinal(b));
}
