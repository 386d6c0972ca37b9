/** Taints and tolerations, as upstream's `v1helper` and `Toleration.ToleratesTaint`. */
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

/** Whether `toleration` tolerates `taint` (an empty key with Exists tolerates every taint). */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** Whether any of `tolerations` tolerates `taint`. */
export function taintToleratedBy(taint: Taint, tolerations: readonly Toleration[] | undefined): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint that passes `filter` and that no toleration tolerates. */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  filter: (t: Taint) => boolean,
): Taint | undefined {
  for (const taint of taints ?? []) {
    if (!filter(taint)) continue;
    if (!taintToleratedBy(taint, tolerations)) return taint;
  }
  return undefined;
}

/** `{key: value}`, as upstream prints an untolerated taint in a reason. */
export function taintToString(t: Taint): string {
  return `{${t.key}: ${t.value ?? ''}}`;
}
