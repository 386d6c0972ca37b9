/**
 * A pod's quality-of-service class, as upstream's `qos.ComputePodQOS` works it out from the cpu and
 * memory of every container and init container: BestEffort with no positive request or limit,
 * Guaranteed when each container limits both and the summed requests equal the summed limits,
 * Burstable otherwise. The apiserver stores it in `status.qosClass` when a pod is created; it
 * never changes after.
 */
import { parseQuantity, type Quantity } from '../machinery/quantity.js';

export type PodQOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** Only these count toward QoS (upstream's `isSupportedQoSComputeResource`). */
const QOS_RESOURCES = new Set(['cpu', 'memory']);

/** Positive amounts of the QoS resources in `list`, added into `sums`; returns the names found. */
function addPositive(list: unknown, sums: Map<string, Quantity>): Set<string> {
  const found = new Set<string>();
  if (!list || typeof list !== 'object') return found;
  for (const [name, value] of Object.entries(list as Obj)) {
    if (!QOS_RESOURCES.has(name) || typeof value !== 'string') continue;
    let q: Quantity;
    try {
      q = parseQuantity(value);
    } catch {
      continue; // validation reports it
    }
    if (q.sign() <= 0) continue;
    found.add(name);
    const prev = sums.get(name);
    sums.set(name, prev ? prev.add(q) : q);
  }
  return found;
}

/** The QoS class of `pod` (a v1 Pod as decoded JSON). */
export function podQOSClass(pod: Obj): PodQOSClass {
  const spec = pod?.spec ?? {};
  const containers = [
    ...(Array.isArray(spec.containers) ? spec.containers : []),
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
  ] as Obj[];
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of containers) {
    addPositive(c?.resources?.requests, requests);
    const limited = addPositive(c?.resources?.limits, limits);
    if (!limited.has('cpu') || !limited.has('memory')) guaranteed = false;
  }
  if (!requests.size && !limits.size) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || lim.cmp(req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
