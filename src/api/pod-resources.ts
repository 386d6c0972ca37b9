/**
 * Resource lists as quantities, and a pod's total requests and limits the way upstream's
 * `resourcehelper.PodRequests` / `PodLimits` (and the LimitRanger's copies of them) add them up:
 * containers summed; each init container's need is its own plus the restartable (sidecar) init
 * containers before it; the pod needs the larger of the two; sidecars also run beside the
 * containers. Pod overhead is optional (quota counts it, the LimitRanger does not).
 */
import { parseQuantity, type Quantity } from '../machinery/quantity.js';

/** A ResourceList: resource name → amount, in insertion order. */
export type ResourceList = Map<string, Quantity>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** A JSON ResourceList (`{cpu: '100m'}`) as quantities; amounts that do not parse are left out. */
export function readResourceList(value: unknown): ResourceList {
  const out: ResourceList = new Map();
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value as Obj)) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    try {
      out.set(k, parseQuantity(String(v)));
    } catch {
      // validation reports it
    }
  }
  return out;
}

/** Upstream's `addResourceList`: adds every amount of `more` into `list`. */
export function addResourceList(list: ResourceList, more: ResourceList): void {
  for (const [k, q] of more) {
    const prev = list.get(k);
    list.set(k, prev ? prev.add(q) : q);
  }
}

/** Upstream's `maxResourceList`: for every resource of `other`, the larger amount into `list`. */
export function maxResourceList(list: ResourceList, other: ResourceList): void {
  for (const [k, q] of other) {
    const prev = list.get(k);
    if (!prev || q.cmp(prev) > 0) list.set(k, q);
  }
}

const containersOf = (pod: Obj, field: 'containers' | 'initContainers'): Obj[] => {
  const list = pod?.spec?.[field];
  return Array.isArray(list) ? list.filter((c) => c && typeof c === 'object') : [];
};

const isSidecar = (c: Obj) => c.restartPolicy === 'Always';

function aggregate(pod: Obj, field: 'requests' | 'limits'): ResourceList {
  const total: ResourceList = new Map();
  for (const c of containersOf(pod, 'containers')) addResourceList(total, readResourceList(c.resources?.[field]));
  const sidecars: ResourceList = new Map();
  const inits: ResourceList = new Map();
  for (const c of containersOf(pod, 'initContainers')) {
    const own = readResourceList(c.resources?.[field]);
    let need: ResourceList;
    if (isSidecar(c)) {
      addResourceList(total, own);
      addResourceList(sidecars, own);
      need = sidecars;
    } else {
      need = new Map();
      addResourceList(need, own);
      addResourceList(need, sidecars);
    }
    maxResourceList(inits, need);
  }
  maxResourceList(total, inits);
  return total;
}

export interface PodResourceOptions {
  /** Add `spec.overhead` (to every request; to limits already set). */
  overhead?: boolean;
}

/** The pod's effective requests. */
export function podRequests(pod: Obj, opts: PodResourceOptions = {}): ResourceList {
  const reqs = aggregate(pod, 'requests');
  if (opts.overhead) addResourceList(reqs, readResourceList(pod?.spec?.overhead));
  return reqs;
}

/** The pod's effective limits. */
export function podLimits(pod: Obj, opts: PodResourceOptions = {}): ResourceList {
  const limits = aggregate(pod, 'limits');
  if (opts.overhead) {
    for (const [k, q] of readResourceList(pod?.spec?.overhead)) {
      const prev = limits.get(k);
      if (prev) limits.set(k, prev.add(q));
    }
  }
  return limits;
}
