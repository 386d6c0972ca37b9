/**
 * What the ResourceQuota controller needs (upstream's `syncResourceQuota` and `quota.CalculateUsage`):
 * a quota's `status` recomputed from the objects in its namespace.
 */
import { newQuantity } from '../../machinery/quantity.js';
import { type GroupResource, isTrackedName, matchingResources } from './names.js';
import { addLists, listsEqual, mask, readResourceList, type ResourceList, toStrings } from './resource-list.js';
import { matchesScopes } from './scopes.js';
import { usageOf, type UsageOptions } from './usage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** One object of the quota's namespace, with its resource. */
export interface QuotaItem {
  resource: GroupResource;
  obj: Obj;
}

/** Scope errors (selectors validation should have refused) count as no match. */
function inScope(quota: Obj, item: QuotaItem): boolean {
  try {
    return matchesScopes(quota, item.resource, item.obj);
  } catch {
    return false;
  }
}

/**
 * The new `status.used` of `quota`: for every `spec.hard` name some evaluator tracks, the sum over
 * `items` (every object of the quota's namespace, of every resource that matters) that satisfy the
 * quota's scopes — 0 when none; names nothing tracks keep their previous `status.used` value (or stay
 * absent). Names outside `spec.hard` are dropped.
 */
export function totalUsage(quota: Obj, items: Iterable<QuotaItem>, opts: UsageOptions = {}): Record<string, string> {
  const hardNames = Object.keys(quota?.spec?.hard ?? {});
  const tracked = hardNames.filter(isTrackedName);
  let fresh: ResourceList = new Map(tracked.map((n) => [n, newQuantity(0, 'DecimalSI')]));
  for (const item of items) {
    const names = matchingResources(item.resource, tracked);
    if (!names.length || !inScope(quota, item)) continue;
    fresh = addLists(fresh, mask(usageOf(item.resource, item.obj, opts), names));
  }
  const used = readResourceList(quota?.status?.used);
  for (const [k, q] of fresh) used.set(k, q);
  return toStrings(mask(used, hardNames));
}

/**
 * The status the controller writes: `hard` from `spec.hard` and `used` from totalUsage, and whether
 * it differs from the quota's current status (upstream's `dirty`).
 */
export function quotaStatus(
  quota: Obj,
  items: Iterable<QuotaItem>,
  opts: UsageOptions = {},
): { hard: Record<string, string>; used: Record<string, string>; changed: boolean } {
  const hard = toStrings(readResourceList(quota?.spec?.hard));
  const used = totalUsage(quota, items, opts);
  const status = quota?.status;
  const changed =
    !status?.hard ||
    !status?.used ||
    !listsEqual(readResourceList(status.hard), readResourceList(hard)) ||
    !listsEqual(readResourceList(status.used), readResourceList(used));
  return { hard, used, changed };
}
