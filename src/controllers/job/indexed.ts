/**
 * Indexed Jobs (upstream's `indexed_job_utils.go`): completion indexes read from pods, sets of
 * indexes as ordered intervals with upstream's compressed text form (`1,3-5`; two neighbours are
 * written `1,2`), the first indexes still to run, and the pod template changes for an index.
 */
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Container, Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { activePodsOrder, JOB_COMPLETION_INDEX_ANNOTATION } from './job-util.js';

/** Upstream's `unknownCompletionIndex`. */
export const UNKNOWN_COMPLETION_INDEX = -1;
const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** Upstream's `names.MaxGeneratedNameLength` (63 less the 5 random characters). */
const MAX_GENERATED_NAME_LENGTH = 58;

export interface Interval {
  first: number;
  last: number;
}

/** Disjoint, non-adjacent, ascending intervals (upstream's `orderedIntervals`). */
export type OrderedIntervals = Interval[];

/** The pod's completion index from its annotation; {@link UNKNOWN_COMPLETION_INDEX} if none or bad. */
export function getCompletionIndex(annotations: Record<string, string> | undefined): number {
  const v = annotations?.[JOB_COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^[+-]?[0-9]+$/.test(v)) return UNKNOWN_COMPLETION_INDEX;
  const i = Number(v);
  return i < 0 || !Number.isSafeInteger(i) ? UNKNOWN_COMPLETION_INDEX : i;
}

/** Upstream's `merge`: the union of two ordered interval lists. */
export function mergeIntervals(a: OrderedIntervals, b: OrderedIntervals): OrderedIntervals {
  const out: OrderedIntervals = [];
  const push = (iv: Interval) => {
    const last = out[out.length - 1];
    if (!last || iv.first > last.last + 1) out.push({ ...iv });
    else if (last.last < iv.last) last.last = iv.last;
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) push(a[i].first < b[j].first ? a[i++] : b[j++]);
  while (i < a.length) push(a[i++]);
  while (j < b.length) push(b[j++]);
  return out;
}

/** Upstream's `withOrderedIndexes`: `oi` plus the ascending `indexes`. */
export function withOrderedIndexes(oi: OrderedIntervals, indexes: readonly number[]): OrderedIntervals {
  return mergeIntervals(
    oi,
    indexes.map((ix) => ({ first: ix, last: ix })),
  );
}

/** How many indexes the intervals hold. */
export function intervalsTotal(oi: OrderedIntervals): number {
  return oi.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
}

/** Upstream's `has` (binary search). */
export function intervalsHas(oi: OrderedIntervals, ix: number): boolean {
  let lo = 0;
  let hi = oi.length;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    if (oi[mid].last >= ix) hi = mid;
    else lo = mid + 1;
  }
  return hi < oi.length && oi[hi].first <= ix;
}

/** Upstream's `String`: `0,2-4,6,7`. */
export function formatIntervals(oi: OrderedIntervals): string {
  return oi
    .map((v) => (v.last > v.first ? `${v.first}${v.last === v.first + 1 ? ',' : '-'}${v.last}` : `${v.first}`))
    .join(',');
}

/**
 * Upstream's `parseIndexesFromString`: the intervals of `text`, dropping indexes at or beyond
 * `completions` and skipping malformed parts.
 */
export function parseIntervals(text: string | undefined, completions: number): OrderedIntervals {
  if (!text) return [];
  const out: OrderedIntervals = [];
  for (const part of text.split(',')) {
    const limits = part.split('-');
    const first = /^[+-]?[0-9]+$/.test(limits[0]) ? Number(limits[0]) : NaN;
    if (Number.isNaN(first)) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      last = /^[+-]?[0-9]+$/.test(limits[1]) ? Number(limits[1]) : NaN;
      if (Number.isNaN(last)) continue;
      if (last >= completions) last = completions - 1;
    }
    const prev = out[out.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else out.push({ first, last });
  }
  return out;
}

/** The distinct known indexes of `pods`, ascending. */
export function indexesOf(pods: readonly Pod[]): number[] {
  const s = new Set<number>();
  for (const p of pods) {
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix !== UNKNOWN_COMPLETION_INDEX) s.add(ix);
  }
  return [...s].sort((a, b) => a - b);
}

/**
 * Upstream's `firstPendingIndexes`: up to `count` indexes below `completions` held by none of
 * `nonPending` (succeeded, active, and — when only failed pods are replaced — terminating).
 */
export function firstPendingIndexes(nonPending: OrderedIntervals, count: number, completions: number): number[] {
  const out: number[] = [];
  if (count === 0) return out;
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++) out.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

/**
 * Upstream's `calculateSucceededIndexes`: the indexes in `status.completedIndexes`, and those
 * plus the valid indexes of succeeded pods still carrying the tracking finalizer.
 */
export function calculateSucceededIndexes(
  job: Job,
  pods: readonly Pod[],
  hasFinalizer: (p: Pod) => boolean,
): { prev: OrderedIntervals; all: OrderedIntervals } {
  const completions = job.spec?.completions ?? 0;
  const prev = parseIntervals(job.status?.completedIndexes, completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (p.status?.phase === 'Succeeded' && ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && hasFinalizer(p))
      fresh.add(ix);
  }
  return {
    prev,
    all: withOrderedIndexes(
      prev,
      [...fresh].sort((a, b) => a - b),
    ),
  };
}

/**
 * Upstream's `appendDuplicatedIndexPodsForRemoval` for active pods: pods without an index or
 * with one out of range, and all but one pod of a repeated index, go to `rm`; the rest to `left`.
 */
export function duplicatedIndexPodsForRemoval(pods: readonly Pod[], completions: number): { rm: Pod[]; left: Pod[] } {
  const rm: Pod[] = [];
  const left: Pod[] = [];
  const byIndex = new Map<number, Pod[]>();
  for (const p of pods) {
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix === UNKNOWN_COMPLETION_INDEX || ix >= completions) rm.push(p);
    else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
  }
  for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
    const same = byIndex.get(ix)!.sort(activePodsOrder);
    rm.push(...same.slice(0, -1));
    left.push(same[same.length - 1]);
  }
  return { rm, left };
}

/** Upstream's `podGenerateNameWithIndex`: `<job>-<index>-`, the job name cut to fit. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const room = MAX_GENERATED_NAME_LENGTH - suffix.length;
  return `${jobName.length > room ? jobName.slice(0, room) : jobName}${suffix}`;
}

/** Upstream's `addCompletionIndexEnvVariables`: `JOB_COMPLETION_INDEX` from the index label. */
export function addCompletionIndexEnvVariables(template: PodTemplateSpec): void {
  const add = (c: Container) => {
    if (c.env?.some((e) => e.name === COMPLETION_INDEX_ENV)) return;
    (c.env ??= []).push({
      name: COMPLETION_INDEX_ENV,
      valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX_ANNOTATION}']` } },
    });
  };
  for (const c of template.spec?.initContainers ?? []) add(c);
  for (const c of template.spec?.containers ?? []) add(c);
}

/** The template for index `ix`: annotation, label (PodIndexLabel) and hostname `<job>-<ix>`. */
export function templateForIndex(template: PodTemplateSpec, jobName: string, ix: number): PodTemplateSpec {
  const t = structuredClone(template);
  t.metadata ??= {};
  t.metadata.annotations = { ...(t.metadata.annotations ?? {}), [JOB_COMPLETION_INDEX_ANNOTATION]: String(ix) };
  t.metadata.labels = { ...(t.metadata.labels ?? {}), [JOB_COMPLETION_INDEX_ANNOTATION]: String(ix) };
  t.spec = { ...t.spec!, hostname: `${jobName}-${ix}` };
  return t;
}
