/**
 * Upstream's `k8s.io/apiserver/pkg/quota/v1` resource-list arithmetic over quantity maps: Add,
 * SubtractWithNonNegativeResult, Mask, RemoveZeros, IsNegative, LessThanOrEqual, Equals, and the
 * sorted `name=value` printing of the admission errors.
 */
import { compareBytes } from '../../machinery/label-requirement.js';
import { parseQuantity } from '../../machinery/quantity.js';
import { readResourceList, type ResourceList } from '../pod-resources.js';

export { readResourceList, type ResourceList };

const ZERO = parseQuantity('0');

/** Upstream's `Add`: every key of either, amounts summed (a's format first). */
export function addLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, q] of a) {
    const other = b.get(k);
    out.set(k, other ? q.add(other) : q);
  }
  for (const [k, q] of b) if (!out.has(k)) out.set(k, q);
  return out;
}

/** Upstream's `SubtractWithNonNegativeResult`: a − b per key, 0 where that is not positive. */
export function subtractNonNegative(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, q] of a) {
    const other = b.get(k);
    const d = other ? q.sub(other) : q;
    out.set(k, d.sign() > 0 ? d : ZERO);
  }
  for (const k of b.keys()) if (!out.has(k)) out.set(k, ZERO);
  return out;
}

/** Upstream's `Mask`: only the named resources. */
export function mask(list: ResourceList, names: Iterable<string>): ResourceList {
  const keep = new Set(names);
  return new Map([...list].filter(([k]) => keep.has(k)));
}

/** Upstream's `RemoveZeros`. */
export function removeZeros(list: ResourceList): ResourceList {
  return new Map([...list].filter(([, q]) => !q.isZero()));
}

/** Upstream's `IsNegative`: the names whose amount is below zero. */
export function negativeNames(list: ResourceList): string[] {
  return [...list].filter(([, q]) => q.sign() < 0).map(([k]) => k);
}

/** Upstream's `LessThanOrEqual`: the names of `hard` that `a` has and exceeds. */
export function exceededNames(a: ResourceList, hard: ResourceList): string[] {
  const out: string[] = [];
  for (const [k, limit] of hard) {
    const v = a.get(k);
    if (v && v.cmp(limit) > 0) out.push(k);
  }
  return out;
}

/** Upstream's `Equals`: same names, equal amounts. */
export function listsEqual(a: ResourceList, b: ResourceList): boolean {
  if (a.size !== b.size) return false;
  for (const [k, q] of a) {
    const other = b.get(k);
    if (!other || q.cmp(other) !== 0) return false;
  }
  return true;
}

/** Names sorted as Go's sort.Strings. */
export const sortedNames = (names: Iterable<string>): string[] => [...new Set(names)].sort(compareBytes);

/** Upstream's `prettyPrint`: `name=value` sorted by name, `,`-joined. */
export function prettyPrint(list: ResourceList): string {
  return sortedNames(list.keys())
    .map((k) => `${k}=${list.get(k)}`)
    .join(',');
}

/** The list as JSON (`{cpu: '1'}`), names sorted. */
export function toStrings(list: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of sortedNames(list.keys())) out[k] = list.get(k)!.toString();
  return out;
}
