/**
 * What one object uses of quota (upstream's evaluators' `Usage`), and which operations each
 * evaluator charges (`Handles`), as kube-apiserver 1.32 with default feature gates does.
 */
import { newQuantity, Quantity } from '../../machinery/quantity.js';
import { evaluatorKind, genericNames, type GroupResource, STORAGE_CLASS_SUFFIX } from './names.js';
import { podUsage } from './pods.js';
import { readResourceList, type ResourceList } from './resource-list.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

export interface UsageOptions {
  /** The clock for pods' deletion grace (ms since the epoch); default Date.now(). */
  now?: number;
}

const one = () => newQuantity(1, 'DecimalSI');

/** Upstream's service `Usage`: counts, load balancers, and node ports by intent. */
export function serviceUsage(svc: Obj): ResourceList {
  const ports: Obj[] = Array.isArray(svc?.spec?.ports) ? svc.spec.ports : [];
  const out: ResourceList = new Map([
    ['count/services', one()],
    ['services', one()],
    ['services.loadbalancers', newQuantity(0, 'DecimalSI')],
    ['services.nodeports', newQuantity(0, 'DecimalSI')],
  ]);
  const type = svc?.spec?.type;
  if (type === 'NodePort') out.set('services.nodeports', newQuantity(ports.length, 'DecimalSI'));
  if (type === 'LoadBalancer') {
    // Without node port allocation only the ports asking for one explicitly take one.
    const count =
      svc.spec.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p && p.nodePort).length : ports.length;
    out.set('services.nodeports', newQuantity(count, 'DecimalSI'));
    out.set('services.loadbalancers', one());
  }
  return out;
}

/** Upstream's `GetPersistentVolumeClaimClass`: the beta annotation first, then `spec.storageClassName`. */
export function claimStorageClass(pvc: Obj): string {
  const ann = pvc?.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (typeof ann === 'string') return ann;
  return typeof pvc?.spec?.storageClassName === 'string' ? pvc.spec.storageClassName : '';
}

/** Rounds up to a whole number, keeping the format (upstream's `RoundUp(0)`). */
function wholeUnits(q: Quantity): Quantity {
  if (q.scale >= 0) return q;
  const rounded = Quantity.of(q.value(), 0, q.format);
  return rounded.cmp(q) === 0 ? q : rounded;
}

/** Upstream's `getStorageUsage`: the request, or the allocated size when that is larger. */
function claimStorage(pvc: Obj): Quantity | undefined {
  const req = readResourceList(pvc?.spec?.resources?.requests).get('storage');
  if (!req) return undefined;
  let result = wholeUnits(req);
  const allocated = readResourceList(pvc?.status?.allocatedResources).get('storage');
  if (allocated && allocated.cmp(result) > 0) result = wholeUnits(allocated);
  return result;
}

/** Upstream's claim `Usage`, per storage class when the claim names one. */
export function claimUsage(pvc: Obj): ResourceList {
  const out: ResourceList = new Map([
    ['persistentvolumeclaims', one()],
    ['count/persistentvolumeclaims', one()],
  ]);
  const cls = claimStorageClass(pvc);
  if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, one());
  const storage = claimStorage(pvc);
  if (storage) {
    out.set('requests.storage', storage);
    if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
  }
  return out;
}

/**
 * What `obj`, an object of resource `gr`, uses of quota: pods, services and claims by their
 * evaluators, anything else `count/<resource>[.<group>]: 1` (and the legacy alias, if any).
 */
export function usageOf(gr: GroupResource, obj: Obj, opts: UsageOptions = {}): ResourceList {
  switch (evaluatorKind(gr)) {
    case 'pods':
      return podUsage(obj, opts.now ?? Date.now());
    case 'services':
      return serviceUsage(obj);
    case 'persistentvolumeclaims':
      return claimUsage(obj);
    default:
      return new Map(genericNames(gr).map((n) => [n, one()]));
  }
}

/**
 * Upstream's `Handles` with 1.32's default gates: services and claims are charged on create and
 * update, pods (no in-place resize) and everything else on create only.
 */
export function handles(gr: GroupResource, operation: string): boolean {
  const kind = evaluatorKind(gr);
  if (kind === 'services' || kind === 'persistentvolumeclaims') return operation === 'CREATE' || operation === 'UPDATE';
  return operation === 'CREATE';
}
