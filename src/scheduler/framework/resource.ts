/**
 * Resource arithmetic for scheduling, after upstream's `framework.Resource`: cpu in millicores,
 * memory and ephemeral storage in bytes, a pod count, and every other (extended, hugepages)
 * resource by name. Quantities are parsed once into plain numbers; sums stay exact below 2^53.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '../../machinery/quantity.js';

/** A resource name → quantity map (`allocatable`, `requests`). */
export type ResourceList = Readonly<Record<string, string | number>>;

export const CPU = 'cpu';
export const MEMORY = 'memory';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';
export const PODS = 'pods';

/** Upstream's defaults for a container that sets no cpu or memory request (scoring only). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const parsed = new Map<string, number>();
const parsedMilli = new Map<string, number>();

/** The integer value of a quantity string (rounded up, as `Quantity.Value()`); 0 when invalid. */
export function quantityValue(q: string | number | undefined): number {
  if (q === undefined) return 0;
  const s = String(q);
  let v = parsed.get(s);
  if (v === undefined) {
    try {
      v = Number(parseQuantity(s).scaledValue(0));
    } catch {
      v = 0;
    }
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(s, v);
  }
  return v;
}

/** The value of a quantity string in thousandths (`Quantity.MilliValue()`); 0 when invalid. */
export function quantityMilliValue(q: string | number | undefined): number {
  if (q === undefined) return 0;
  const s = String(q);
  let v = parsedMilli.get(s);
  if (v === undefined) {
    try {
      v = Number(parseQuantity(s).scaledValue(-3));
    } catch {
      v = 0;
    }
    if (parsedMilli.size > 10_000) parsedMilli.clear();
    parsedMilli.set(s, v);
  }
  return v;
}

/** A bundle of resource amounts. */
export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  scalarResources: Map<string, number> | undefined;

  /** The amounts in a ResourceList (node allocatable, a container's requests). */
  static fromList(list: ResourceList | undefined): Resource {
    const r = new Resource();
    r.addList(list);
    return r;
  }

  addList(list: ResourceList | undefined): void {
    if (!list) return;
    for (const name in list) {
      const q = list[name];
      switch (name) {
        case CPU:
          this.milliCPU += quantityMilliValue(q);
          break;
        case MEMORY:
          this.memory += quantityValue(q);
          break;
        case EPHEMERAL_STORAGE:
          this.ephemeralStorage += quantityValue(q);
          break;
        case PODS:
          this.allowedPodNumber += quantityValue(q);
          break;
        default:
          this.addScalar(name, quantityValue(q));
      }
    }
  }

  addScalar(name: string, v: number): void {
    this.scalarResources ??= new Map();
    this.scalarResources.set(name, (this.scalarResources.get(name) ?? 0) + v);
  }

  add(o: Resource): void {
    this.milliCPU += o.milliCPU;
    this.memory += o.memory;
    this.ephemeralStorage += o.ephemeralStorage;
    this.allowedPodNumber += o.allowedPodNumber;
    if (o.scalarResources) for (const [k, v] of o.scalarResources) this.addScalar(k, v);
  }

  sub(o: Resource): void {
    this.milliCPU -= o.milliCPU;
    this.memory -= o.memory;
    this.ephemeralStorage -= o.ephemeralStorage;
    this.allowedPodNumber -= o.allowedPodNumber;
    if (o.scalarResources) for (const [k, v] of o.scalarResources) this.addScalar(k, -v);
  }

  /** Each amount the larger of this and `o` (init containers against the running set). */
  setMax(o: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, o.milliCPU);
    this.memory = Math.max(this.memory, o.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, o.ephemeralStorage);
    if (o.scalarResources)
      for (const [k, v] of o.scalarResources) {
        this.scalarResources ??= new Map();
        this.scalarResources.set(k, Math.max(this.scalarResources.get(k) ?? 0, v));
      }
  }

  clone(): Resource {
    const r = new Resource();
    r.add(this);
    return r;
  }

  /** The amount of one named resource (`cpu` in millicores). */
  get(name: string): number {
    switch (name) {
      case CPU:
        return this.milliCPU;
      case MEMORY:
        return this.memory;
      case EPHEMERAL_STORAGE:
        return this.ephemeralStorage;
      case PODS:
        return this.allowedPodNumber;
      default:
        return this.scalarResources?.get(name) ?? 0;
    }
  }

  isZero(): boolean {
    if (this.milliCPU || this.memory || this.ephemeralStorage) return false;
    if (this.scalarResources) for (const v of this.scalarResources.values()) if (v) return false;
    return true;
  }
}

/** What a pod asks of a node, as upstream's `resource.PodRequests` and its non-zero variant. */
export interface PodRequests {
  /** The requests the node must have room for (NodeResourcesFit's filter). */
  requests: Resource;
  /** cpu and memory with 100m / 200Mi for containers that set none (scoring, balance). */
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const r = Resource.fromList(c.resources?.requests);
  if (nonZero) {
    const req = c.resources?.requests;
    if (!req || req[CPU] === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (!req || req[MEMORY] === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * A pod's effective requests: the sum of its containers and restartable (sidecar) init
 * containers, or the largest init container step if that is more, plus the pod overhead.
 */
function effectiveRequests(pod: Pod, nonZero: boolean): Resource {
  const spec = pod.spec;
  const reqs = new Resource();
  for (const c of spec?.containers ?? []) reqs.add(containerRequests(c, nonZero));
  const sidecars = new Resource();
  const initMax = new Resource();
  for (const c of spec?.initContainers ?? []) {
    const cr = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      reqs.add(cr);
      sidecars.add(cr);
      initMax.setMax(sidecars);
    } else {
      cr.add(sidecars);
      initMax.setMax(cr);
    }
  }
  reqs.setMax(initMax);
  if (spec?.overhead) reqs.addList(spec.overhead);
  return reqs;
}

/** The requests of `pod` for fitting and for scoring. */
export function podRequests(pod: Pod): PodRequests {
  const requests = effectiveRequests(pod, false);
  const nz = effectiveRequests(pod, true);
  return { requests, nonZeroMilliCPU: nz.milliCPU, nonZeroMemory: nz.memory };
}
