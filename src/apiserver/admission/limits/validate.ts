/**
 * The LimitRanger's validating half (upstream's `PodValidateLimitFunc` and
 * `PersistentVolumeClaimValidateLimitFunc`): Container bounds per container and init container,
 * Pod bounds on the pod's effective totals, PersistentVolumeClaim bounds on the claim's requests.
 */
import { compareBytes } from '../../../machinery/label-requirement.js';
import type { Quantity } from '../../../machinery/quantity.js';
import { admissionName, type GroupResource, limitRangerError } from './aggregate.js';
import { limitRequestRatioConstraint, maxConstraint, maxRequestConstraint, minConstraint } from './constraints.js';
import { podLimits, podRequests, readResourceList, type ResourceList } from '../../../api/pod-resources.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** A bound's entries sorted by name (upstream ranges over a Go map; any order is upstream's). */
const bounds = (v: unknown): [string, Quantity][] => [...readResourceList(v)].sort(([a], [b]) => compareBytes(a, b));

const itemsOf = (lr: Obj): Obj[] =>
  (Array.isArray(lr?.spec?.limits) ? lr.spec.limits : []).filter((i: unknown) => i && typeof i === 'object');

/** min, max and ratio of one LimitRange item against one set of requests and limits. */
function check(type: string, item: Obj, requests: ResourceList, limits: ResourceList, out: string[]): void {
  for (const [k, v] of bounds(item.min)) push(out, minConstraint(type, k, v, requests, limits));
  for (const [k, v] of bounds(item.max)) push(out, maxConstraint(type, k, v, requests, limits));
  for (const [k, v] of bounds(item.maxLimitRequestRatio)) {
    push(out, limitRequestRatioConstraint(type, k, v, requests, limits));
  }
}

const push = (out: string[], msg: string | undefined) => {
  if (msg !== undefined) out.push(msg);
};

function validatePod(lr: Obj, pod: Obj): string[] {
  const out: string[] = [];
  for (const item of itemsOf(lr)) {
    if (item.type === 'Container') {
      for (const field of ['containers', 'initContainers']) {
        const list = pod?.spec?.[field];
        for (const c of Array.isArray(list) ? list : []) {
          const res = c?.resources ?? {};
          check('Container', item, readResourceList(res.requests), readResourceList(res.limits), out);
        }
      }
    }
    if (item.type === 'Pod') check('Pod', item, podRequests(pod), podLimits(pod), out);
  }
  return out;
}

function validateClaim(lr: Obj, pvc: Obj): string[] {
  const out: string[] = [];
  const requests = readResourceList(pvc?.spec?.resources?.requests);
  for (const item of itemsOf(lr)) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    const type = 'PersistentVolumeClaim';
    for (const [k, v] of bounds(item.min)) push(out, minConstraint(type, k, v, requests, new Map()));
    for (const [k, v] of bounds(item.max)) push(out, maxRequestConstraint(type, k, v, requests));
  }
  return out;
}

/**
 * The violations of `obj` (a `pods` or `persistentvolumeclaims` object, after defaultPodLimits)
 * against the namespace's LimitRanges: upstream stops at the first LimitRange that objects, so the
 * messages are all that one's. Empty when the object passes; other resources always pass.
 */
export function validateLimits(resource: string, obj: Obj, limitRanges: readonly Obj[]): string[] {
  for (const lr of limitRanges) {
    const msgs =
      resource === 'pods' ? validatePod(lr, obj) : resource === 'persistentvolumeclaims' ? validateClaim(lr, obj) : [];
    if (msgs.length) return msgs;
  }
  return [];
}

/**
 * Whether upstream's LimitRanger looks at a request at all: pods on create, claims on create and
 * update, never a subresource, and never an update of an object already being deleted.
 */
export function limitRangerApplies(
  gr: GroupResource,
  operation: string,
  opts: { subresource?: string; oldObj?: Obj } = {},
): boolean {
  if (gr.group !== '' || opts.subresource) return false;
  if (opts.oldObj?.metadata?.deletionTimestamp) return false;
  if (gr.resource === 'pods') return operation === 'CREATE';
  return gr.resource === 'persistentvolumeclaims' && (operation === 'CREATE' || operation === 'UPDATE');
}

/**
 * Validates and, when something is wrong, throws upstream's 403 (`pods "nginx" is forbidden: …`).
 */
export function enforceLimits(gr: GroupResource, obj: Obj, limitRanges: readonly Obj[]): void {
  const msgs = validateLimits(gr.resource, obj, limitRanges);
  if (msgs.length) throw limitRangerError(gr, admissionName(obj), msgs);
}
