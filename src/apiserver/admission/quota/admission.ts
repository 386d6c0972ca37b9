/**
 * Upstream's ResourceQuota admission check (`CheckRequest` in the apiserver's resourcequota plugin)
 * for one request against the namespace's quotas: which quotas apply, their constraints, and the
 * new `status.used` of each if the request goes through — or upstream's 403 when it may not.
 */
import { ApiError } from '../../../machinery/errors.js';
import { admissionForbidden, admissionName } from '../limits/aggregate.js';
import { evaluatorKind, type GroupResource, isIgnoredResource, matchingResources } from '../../../api/quota/names.js';
import { podConstraints } from '../../../api/quota/pods.js';
import {
  addLists,
  exceededNames,
  listsEqual,
  mask,
  negativeNames,
  prettyPrint,
  readResourceList,
  removeZeros,
  type ResourceList,
  sortedNames,
  subtractNonNegative,
  toStrings,
} from '../../../api/quota/resource-list.js';
import { matchesQuota, matchingScopes, scopeSelectorsOf } from '../../../api/quota/scopes.js';
import { handles, usageOf, type UsageOptions } from '../../../api/quota/usage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

export type Operation = 'CREATE' | 'UPDATE';

/** A quota whose `status.used` the request changes: write it back at `resourceVersion`. */
export interface QuotaUpdate {
  name: string;
  resourceVersion?: string;
  used: Record<string, string>;
}

export interface QuotaCheckResult {
  ok: true;
  updatedQuotas: QuotaUpdate[];
}

const quotaName = (q: Obj): string => String(q?.metadata?.name ?? '');

/** A plain Go error out of admission: the apiserver sends it as a 500 with no reason. */
const plainError = (message: string) => new ApiError(500, '', message);

/** Upstream's `hasUsageStats`: every restricted name of `status.hard` has a `status.used` entry. */
function hasUsageStats(q: Obj, restricted: readonly string[]): boolean {
  const used = q?.status?.used && typeof q.status.used === 'object' ? q.status.used : {};
  return Object.keys(q?.status?.hard ?? {}).every((n) => !restricted.includes(n) || Object.hasOwn(used, n));
}

/**
 * Checks a CREATE or UPDATE of `obj` (resource `gr`; `oldObj` the stored object for an update)
 * against `quotas` (the namespace's, in order). Returns the quotas whose usage changes, or throws
 * upstream's error: 403 `exceeded quota: …`, `failed quota: …`, `status unknown for quota: …`.
 * The caller skips subresources, cluster-scoped objects and namespace creation, as upstream does.
 */
export function checkQuotas(
  quotas: readonly Obj[],
  gr: GroupResource,
  operation: Operation,
  obj: Obj,
  oldObj?: Obj,
  opts: UsageOptions = {},
): QuotaCheckResult {
  const done: QuotaCheckResult = { ok: true, updatedQuotas: [] };
  if (!quotas.length || isIgnoredResource(gr) || !handles(gr, operation)) return done;
  const forbid = (why: string) => admissionForbidden(gr, admissionName(obj), why);

  const interesting: number[] = [];
  quotas.forEach((q, i) => {
    try {
      matchingScopes(gr, scopeSelectorsOf(q), obj);
    } catch (err) {
      throw plainError(`error matching scopes of quota ${quotaName(q)}, err: ${(err as Error).message}`);
    }
    if (!matchesQuota(q, gr, obj)) return;
    const restricted = matchingResources(gr, Object.keys(q.status?.hard ?? {}));
    const missing = evaluatorKind(gr) === 'pods' ? podConstraints(restricted, obj) : undefined;
    if (missing) throw forbid(`failed quota: ${quotaName(q)}: ${missing}`);
    if (!hasUsageStats(q, restricted)) {
      throw forbid(`status unknown for quota: ${quotaName(q)}, resources: ${sortedNames(restricted).join(',')}`);
    }
    interesting.push(i);
  });

  const input = usageOf(gr, obj, opts);
  const negative = negativeNames(input);
  if (negative.length) throw forbid(`quota usage is negative for resource(s): ${sortedNames(negative).join(',')}`);

  const deltas = new Map<number, ResourceList>(interesting.map((i) => [i, input]));
  if (operation === 'UPDATE') {
    if (!oldObj) throw forbid('unable to get previous usage since prior version of object was not found');
    // Without a resourceVersion this is a create-on-update: charge it all.
    if (oldObj.metadata?.resourceVersion) {
      const delta = subtractNonNegative(input, usageOf(gr, oldObj, opts));
      for (const i of interesting) if (matchesQuota(quotas[i], gr, oldObj)) deltas.set(i, delta);
    }
  }
  for (const [i, d] of deltas) {
    const nonZero = removeZeros(d);
    if (nonZero.size) deltas.set(i, nonZero);
    else deltas.delete(i);
  }

  for (const i of interesting) {
    const delta = deltas.get(i);
    if (!delta) continue;
    const q = quotas[i];
    const hard = readResourceList(q.status?.hard);
    const used = readResourceList(q.status?.used);
    const requested = mask(delta, hard.keys());
    const next = addLists(used, requested);
    const exceeded = exceededNames(mask(next, requested.keys()), hard);
    if (exceeded.length) {
      throw forbid(
        `exceeded quota: ${quotaName(q)}, requested: ${prettyPrint(mask(requested, exceeded))}, ` +
          `used: ${prettyPrint(mask(used, exceeded))}, limited: ${prettyPrint(mask(hard, exceeded))}`,
      );
    }
    if (!listsEqual(next, used)) {
      done.updatedQuotas.push({
        name: quotaName(q),
        resourceVersion: q.metadata?.resourceVersion,
        used: toStrings(next),
      });
    }
  }
  return done;
}
