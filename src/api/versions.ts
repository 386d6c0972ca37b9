/**
 * Kubernetes' ordering of API versions (upstream's `version.CompareKubeAwareVersionStrings`):
 * GA before beta before alpha, a higher major first, then a higher minor; strings that are not
 * of the `v<major>[(alpha|beta)<minor>]` form come last, in alphabetical order.
 */
const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

const STABILITY: Record<string, number> = { '': 3, beta: 2, alpha: 1 };

/** Plain string order, for sorting. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Negative when `a` has the higher priority (sorts first), positive when `b` has, 0 when equal. */
export function compareKubeVersions(a: string, b: string): number {
  const ma = KUBE_VERSION.exec(a);
  const mb = KUBE_VERSION.exec(b);
  if (!ma || !mb) return ma ? -1 : mb ? 1 : compareStrings(a, b);
  const stability = STABILITY[ma[2] ?? ''] - STABILITY[mb[2] ?? ''];
  if (stability) return -stability;
  const major = Number(ma[1]) - Number(mb[1]);
  if (major) return -major;
  return -(Number(ma[3] ?? 0) - Number(mb[3] ?? 0));
}
