/**
 * The annotations the deployment controller keeps (upstream's deployment util): revisions on
 * ReplicaSets and on the deployment, the revision history of a ReplicaSet rolled back to, the
 * desired/max replicas used for proportional scaling, and the deployment annotations copied to
 * its new ReplicaSet (`kubernetes.io/change-cause` among them).
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { byCreationTimestamp } from './replica-sets.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** `apps.DeprecatedRollbackTo`: the rollback request of the removed rollback subresource. */
export const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** Upstream limits the revision history to about 100 entries. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO,
]);

/** Go's `strconv.ParseInt(s, 10, 64)` for the values we meet: undefined when `s` is no integer. */
export function parseInt64(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** Upstream's `Revision`: 0 without the annotation, undefined when it is not an integer. */
export function revisionOf(obj: { metadata?: ObjectMeta }): number | undefined {
  const v = obj.metadata?.annotations?.[REVISION_ANNOTATION];
  return v === undefined ? 0 : parseInt64(v);
}

/** Upstream's `MaxRevision`: the highest revision, unparsable ones skipped. */
export function maxRevision(rss: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** Upstream's `LastRevision`: the second highest revision (the one before the current). */
export function lastRevision(rss: readonly (ReplicaSet | undefined)[]): number {
  let max = 0;
  let secMax = 0;
  for (const rs of rss) {
    const v = rs ? revisionOf(rs) : undefined;
    if (v === undefined) continue;
    if (v >= max) {
      secMax = max;
      max = v;
    } else if (v > secMax) secMax = v;
  }
  return secMax;
}

/** Upstream's `ReplicaSetsByRevision`: lowest revision first, creation time breaking ties. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const r1 = revisionOf(a);
  const r2 = revisionOf(b);
  if (r1 === undefined || r2 === undefined || r1 === r2) return byCreationTimestamp(a, b);
  return r1 - r2;
}

const annotationsOf = (o: { metadata?: ObjectMeta }): Record<string, string> =>
  ((o.metadata ??= {}).annotations ??= {});

/** Upstream's `SetDeploymentRevision`: true when the deployment's revision changed. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const a = annotationsOf(d);
  if (a[REVISION_ANNOTATION] === revision) return false;
  a[REVISION_ANNOTATION] = revision;
  return true;
}

/** Upstream's `copyDeploymentAnnotationsToReplicaSet`: true when the ReplicaSet's annotations changed. */
export function copyDeploymentAnnotationsToReplicaSet(d: Deployment, rs: ReplicaSet): boolean {
  const to = annotationsOf(rs);
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || (k in to && to[k] === v)) continue;
    to[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * Upstream's `SetDeploymentAnnotationsTo` (a rollback): the deployment keeps only its skipped
 * annotations and takes the other annotations of the ReplicaSet rolled back to.
 */
export function setDeploymentAnnotationsTo(d: Deployment, rollbackTo: ReplicaSet): void {
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) kept[k] = v;
  for (const [k, v] of Object.entries(rollbackTo.metadata?.annotations ?? {}))
    if (!ANNOTATIONS_TO_SKIP.has(k)) kept[k] = v;
  (d.metadata ??= {}).annotations = kept;
}

/** Upstream's `SetReplicasAnnotations`: true when either annotation changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = annotationsOf(rs);
  let updated = false;
  if (a[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    a[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    updated = true;
  }
  if (a[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    a[MAX_REPLICAS_ANNOTATION] = String(max);
    updated = true;
  }
  return updated;
}

/** Upstream's `ReplicasAnnotationsNeedUpdate`. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata?.annotations;
  if (!a) return true;
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata?.annotations?.[key];
  return v === undefined ? undefined : parseInt64(v);
}

/** Upstream's `GetDesiredReplicasAnnotation`. */
export function getDesiredReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

/** Upstream's `getMaxReplicasAnnotation`. */
export function getMaxReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
}

/**
 * Upstream's `SetNewReplicaSetAnnotations`: copies the deployment's annotations, raises the
 * revision to `newRevision` when lower (keeping the old one in the revision history, bounded by
 * `limitInChars`, as a rollback to an old ReplicaSet does), and for a ReplicaSet about to be
 * created sets the desired/max replicas. True when an annotation changed.
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: string,
  exists: boolean,
  limitInChars: number,
  maxSurge: number,
): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const a = annotationsOf(rs);
  const had = REVISION_ANNOTATION in a;
  const oldRevision = a[REVISION_ANNOTATION] ?? '';
  let oldInt = parseInt64(oldRevision);
  if (oldInt === undefined) {
    if (oldRevision !== '') return false;
    oldInt = 0;
  }
  const newInt = parseInt64(newRevision);
  if (newInt === undefined) return false;
  if (oldInt < newInt) {
    a[REVISION_ANNOTATION] = newRevision;
    changed = true;
    if (had) {
      const history = a[REVISION_HISTORY_ANNOTATION] ?? '';
      let olds = history.split(',');
      if (olds[0].length === 0) a[REVISION_HISTORY_ANNOTATION] = oldRevision;
      else {
        let total = history.length + oldRevision.length + 1;
        let start = 0;
        while (total > limitInChars && start < olds.length) {
          total -= olds[start].length + 1;
          start++;
        }
        if (total <= limitInChars) {
          olds = [...olds.slice(start), oldRevision];
          a[REVISION_HISTORY_ANNOTATION] = olds.join(',');
        }
      }
    }
  }
  const desired = d.spec?.replicas ?? 1;
  if (!exists && setReplicasAnnotations(rs, desired, desired + maxSurge)) changed = true;
  return changed;
}

/** Upstream's `getRollbackTo`: the revision the deprecated annotation asks for, if it parses. */
export function getRollbackTo(d: Deployment): number | undefined {
  const v = d.metadata?.annotations?.[DEPRECATED_ROLLBACK_TO];
  return v === undefined ? undefined : parseInt64(v);
}

/** Upstream's `setRollbackTo(d, nil)`: drops the rollback request. */
export function clearRollbackTo(d: Deployment): void {
  if (d.metadata?.annotations) delete d.metadata.annotations[DEPRECATED_ROLLBACK_TO];
}
