/**
 * Upstream's pod quota evaluator (`pkg/quota/v1/evaluator/core/pods.go`): what a pod uses, whether it
 * still counts (QuotaV1Pod), the "must specify" constraint, and the pod scopes.
 */
import { podQOSClass } from '../pod-qos.js';
import { newRequirement, requirementMatches } from '../../machinery/label-requirement.js';
import { newQuantity, parseQuantity } from '../../machinery/quantity.js';
import { podLimits, podRequests, readResourceList } from '../pod-resources.js';
import { isExtendedResourceName } from './names.js';
import { addLists, type ResourceList, sortedNames } from './resource-list.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** One scope requirement (`spec.scopes` entries become `Exists`). */
export interface ScopeSelector {
  scopeName: string;
  operator: string;
  values?: string[];
}

/** Names a pod must set on every container when a matching quota limits them (upstream's mistake). */
const VALIDATION_SET = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

/** Upstream's `podComputeUsageHelper`. */
export function podComputeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = new Map([['pods', parseQuantity('1')]]);
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests.get(r);
    if (req) {
      out.set(r, req);
      out.set(`requests.${r}`, req);
    }
    const lim = limits.get(r);
    if (lim) out.set(`limits.${r}`, lim);
  }
  for (const [name, req] of requests) {
    if (name.startsWith('hugepages-')) {
      out.set(name, req);
      out.set(`requests.${name}`, req);
    }
    if (isExtendedResourceName(name)) out.set(`requests.${name}`, req);
  }
  return out;
}

/**
 * Upstream's `QuotaV1Pod`: false for a pod in a terminal phase, or one being deleted whose grace
 * period has run out by `now` (ms since the epoch).
 */
export function quotaV1Pod(pod: Obj, now: number): boolean {
  const phase = pod?.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  const ts = pod?.metadata?.deletionTimestamp;
  const grace = pod?.metadata?.deletionGracePeriodSeconds;
  if (ts && typeof grace === 'number') {
    const deleted = Date.parse(ts);
    if (!Number.isNaN(deleted) && now > deleted + grace * 1000) return false;
  }
  return true;
}

/** Upstream's `PodUsageFunc`: `count/pods` always; compute (with overhead) only while it counts. */
export function podUsage(pod: Obj, now: number): ResourceList {
  const out: ResourceList = new Map([['count/pods', newQuantity(1, 'DecimalSI')]]);
  if (!quotaV1Pod(pod, now)) return out;
  const usage = podComputeUsage(podRequests(pod, { overhead: true }), podLimits(pod, { overhead: true }));
  return addLists(out, usage);
}

/**
 * Upstream's pod `Constraints`: when a quota limits cpu or memory, each container and init container
 * must state them. Returns `must specify limits.cpu for: a,b; requests.memory for: a`, or undefined.
 */
export function podConstraints(required: readonly string[], pod: Obj): string | undefined {
  const need = required.filter((r) => VALIDATION_SET.includes(r));
  const missing = new Map<string, string[]>();
  for (const field of ['containers', 'initContainers']) {
    const list = pod?.spec?.[field];
    for (const c of Array.isArray(list) ? list : []) {
      const res = c?.resources ?? {};
      const has = podComputeUsage(readResourceList(res.requests), readResourceList(res.limits));
      for (const r of need) if (!has.has(r)) missing.set(r, [...(missing.get(r) ?? []), String(c?.name ?? '')]);
    }
  }
  if (!missing.size) return undefined;
  const parts = sortedNames(missing.keys()).map((r) => `${r} for: ${sortedNames(missing.get(r)!).join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

const crossNamespaceTerm = (t: Obj | undefined) =>
  !!t &&
  ((Array.isArray(t.namespaces) && t.namespaces.length > 0) ||
    (t.namespaceSelector !== undefined && t.namespaceSelector !== null));

/** Upstream's `usesCrossNamespacePodAffinity`: a pod (anti-)affinity term names namespaces or a namespace selector. */
export function usesCrossNamespacePodAffinity(pod: Obj): boolean {
  const aff = pod?.spec?.affinity;
  for (const kind of [aff?.podAffinity, aff?.podAntiAffinity]) {
    if (!kind) continue;
    const req: Obj[] = kind.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const pref: Obj[] = kind.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (req.some(crossNamespaceTerm) || pref.some((w) => crossNamespaceTerm(w?.podAffinityTerm))) return true;
  }
  return false;
}

const isTerminating = (pod: Obj) =>
  typeof pod?.spec?.activeDeadlineSeconds === 'number' && pod.spec.activeDeadlineSeconds >= 0;
const isBestEffort = (pod: Obj) => (pod?.status?.qosClass || podQOSClass(pod)) === 'BestEffort';

const SCOPE_OPERATORS: Readonly<Record<string, string>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * Upstream's `podMatchesScopeFunc`. PriorityClass matches `spec.priorityClassName` as the value of a
 * `PriorityClass` label. Throws an Error (upstream's words) for an operator or values no selector takes.
 */
export function podMatchesScope(sel: ScopeSelector, pod: Obj): boolean {
  switch (sel.scopeName) {
    case 'Terminating':
      return isTerminating(pod);
    case 'NotTerminating':
      return !isTerminating(pod);
    case 'BestEffort':
      return isBestEffort(pod);
    case 'NotBestEffort':
      return !isBestEffort(pod);
    case 'CrossNamespacePodAffinity':
      return usesCrossNamespacePodAffinity(pod);
    case 'PriorityClass': {
      const pc: string = pod?.spec?.priorityClassName ?? '';
      if (sel.operator === 'Exists') return pc.length > 0;
      const op = Object.hasOwn(SCOPE_OPERATORS, sel.operator) ? SCOPE_OPERATORS[sel.operator] : undefined;
      if (!op) {
        const quoted = JSON.stringify(sel.operator ?? '');
        throw new Error(`failed to parse and convert selector: ${quoted} is not a valid scope selector operator`);
      }
      let req;
      try {
        req = newRequirement('PriorityClass', op, sel.values ?? []);
      } catch (err) {
        throw new Error(`failed to parse and convert selector: ${(err as Error).message}`);
      }
      return requirementMatches(req, pc ? { PriorityClass: pc } : undefined);
    }
  }
  return false;
}
