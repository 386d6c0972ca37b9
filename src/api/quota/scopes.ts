/**
 * Quota scopes: a quota's `spec.scopes` (each an `Exists`) and `spec.scopeSelector` expressions,
 * whether an object satisfies them (only pods can; every other evaluator matches no scope), whether a
 * quota applies to an object at all (upstream's `generic.Matches`), and which resource names each
 * scope may limit (upstream's `IsResourceQuotaScopeValidForResource`).
 */
import { evaluatorKind, type GroupResource, matchingResources } from './names.js';
import { podMatchesScope, type ScopeSelector } from './pods.js';

export type { ScopeSelector };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** Upstream's `getScopeSelectorsFromQuota`. */
export function scopeSelectorsOf(quota: Obj): ScopeSelector[] {
  const out: ScopeSelector[] = [];
  for (const s of Array.isArray(quota?.spec?.scopes) ? quota.spec.scopes : []) {
    out.push({ scopeName: String(s), operator: 'Exists' });
  }
  const exprs = quota?.spec?.scopeSelector?.matchExpressions;
  for (const e of Array.isArray(exprs) ? exprs : []) {
    out.push({ scopeName: e?.scopeName, operator: e?.operator, values: e?.values });
  }
  return out;
}

/** Whether `obj` (of resource `gr`) satisfies one scope; throws for a selector no pod can be matched by. */
export function matchesScope(gr: GroupResource, sel: ScopeSelector, obj: Obj): boolean {
  return evaluatorKind(gr) === 'pods' ? podMatchesScope(sel, obj) : false;
}

/** Go's `%v` of a ScopedResourceSelectorRequirement: `{PriorityClass In [high]}`. */
const goPrint = (s: ScopeSelector) => `{${s.scopeName ?? ''} ${s.operator ?? ''} [${(s.values ?? []).join(' ')}]}`;

/**
 * The quota's scope selectors that `obj` satisfies (upstream's `MatchingScopes`). Throws an Error
 * worded as upstream's for an unusable selector.
 */
export function matchingScopes(gr: GroupResource, selectors: readonly ScopeSelector[], obj: Obj): ScopeSelector[] {
  if (evaluatorKind(gr) !== 'pods') return [];
  return selectors.filter((s) => {
    try {
      return podMatchesScope(s, obj);
    } catch (err) {
      throw new Error(`error on matching scope ${goPrint(s)}: ${(err as Error).message}`);
    }
  });
}

/** Whether `obj` satisfies every scope of `quota` (true when the quota has none). */
export function matchesScopes(quota: Obj, gr: GroupResource, obj: Obj): boolean {
  return scopeSelectorsOf(quota).every((s) => matchesScope(gr, s, obj));
}

/**
 * Upstream's `generic.Matches`: the quota's synced `status.hard` names something the evaluator for
 * `gr` tracks, and `obj` satisfies all its scopes. A quota the controller has not synced matches nothing.
 */
export function matchesQuota(quota: Obj, gr: GroupResource, obj: Obj): boolean {
  const hard = quota?.status?.hard;
  const names = hard && typeof hard === 'object' ? Object.keys(hard) : [];
  return matchingResources(gr, names).length > 0 && matchesScopes(quota, gr, obj);
}

const POD_COUNT = ['pods'];
const POD_COMPUTE = ['cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory'];

/**
 * Upstream's `IsResourceQuotaScopeValidForResource`: BestEffort limits only `pods`; the other pod
 * scopes `pods` and cpu/memory names; anything else is not restricted.
 */
export function scopeAllowsResource(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return POD_COUNT.includes(resource) || POD_COMPUTE.includes(resource);
    case 'BestEffort':
      return POD_COUNT.includes(resource);
    default:
      return true;
  }
}
