/**
 * The mirroring plan (upstream's pkg/controller/endpointslicemirroring reconciler.go): an
 * Endpoints object's repacked subsets become one EndpointSlice per (address type, ports) pair —
 * at most `maxEndpointsPerSubset` addresses each — labelled and annotated like the Endpoints.
 */
import { isIP } from 'node:net';
import type { EndpointAddress, Endpoints } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { newControllerRef } from '../common/index.js';
import {
  addrTypePortMapKey,
  EndpointSet,
  endpointsEqualBeyondHash,
  LAST_CHANGE_TRIGGER_TIME,
  repackSubsets,
  sortPorts,
} from '../common/endpoints/index.js';

/** The `managed-by` value of mirrored slices. */
export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** kubectl's client-side apply annotation, never mirrored. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type AddressType = 'IPv4' | 'IPv6';

/**
 * Upstream's `addressToEndpoint`: the address (restringified) with its readiness, target, node and
 * hostname, and its type; undefined for an address that is not an IP.
 */
export function addressToEndpoint(address: EndpointAddress, ready: boolean): [Endpoint, AddressType] | undefined {
  let ip = address.ip ?? '';
  let type: AddressType;
  const v = isIP(ip);
  if (v === 4) type = 'IPv4';
  else if (v === 6) {
    // Go treats an IPv4-mapped IPv6 address as IPv4 (To4 succeeds) and prints it as such.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) [ip, type] = [mapped[1], 'IPv4'];
    else [ip, type] = [ip.toLowerCase(), 'IPv6'];
  } else return undefined;
  const ep: Endpoint = { addresses: [ip], conditions: { ready } };
  if (address.targetRef) ep.targetRef = address.targetRef;
  if (address.nodeName) ep.nodeName = address.nodeName;
  if (address.hostname) ep.hostname = address.hostname;
  return [ep, type];
}

/** The annotations a mirrored slice carries: the Endpoints' but the trigger time and last-applied. */
export function mirroredAnnotations(endpoints: Endpoints): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(endpoints.metadata?.annotations ?? {}))
    if (k !== LAST_CHANGE_TRIGGER_TIME && k !== LAST_APPLIED) out[k] = v;
  return out;
}

/** Upstream's `newEndpointSlice` (mirroring): owned by the Endpoints, named `name` or generated. */
export function newMirroredSlice(
  endpoints: Endpoints,
  ports: EndpointPort[],
  addressType: AddressType,
  name?: string,
): EndpointSlice {
  const epName = endpoints.metadata?.name ?? '';
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      namespace: endpoints.metadata?.namespace,
      labels: {
        ...endpoints.metadata?.labels,
        [LABEL_SERVICE_NAME]: epName,
        [LABEL_MANAGED_BY]: MIRRORING_CONTROLLER_NAME,
      },
      annotations: mirroredAnnotations(endpoints),
      ownerReferences: [newControllerRef(endpoints, 'v1', 'Endpoints')],
    },
    addressType,
    endpoints: [],
    ports,
  };
  if (name) slice.metadata!.name = name;
  else slice.metadata!.generateName = epName.length + 1 > 248 ? epName : `${epName}-`;
  return slice;
}

export interface MirrorPlan {
  toCreate: EndpointSlice[];
  toUpdate: EndpointSlice[];
  toDelete: EndpointSlice[];
  /** Addresses that were not IPs. */
  invalid: number;
  /** Addresses left out: invalid ones and those past the per-subset maximum. */
  skipped: number;
}

function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => a?.[k] === b?.[k]);
}

/** Upstream's `reconcile`: the plan mirroring `endpoints` over its `existing` mirrored slices. */
export function planMirroredSlices(
  endpoints: Endpoints,
  existing: readonly EndpointSlice[],
  maxEndpointsPerSubset: number,
): MirrorPlan {
  const plan: MirrorPlan = { toCreate: [], toUpdate: [], toDelete: [], invalid: 0, skipped: 0 };
  const desired = new Map<string, { set: EndpointSet; ports: EndpointPort[]; type: AddressType }>();
  for (const subset of repackSubsets(endpoints.subsets ?? [])) {
    const ports = sortPorts(
      (subset.ports ?? []).map((p) => {
        const epp: EndpointPort = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
        if (p.appProtocol) epp.appProtocol = p.appProtocol;
        return epp;
      }),
    );
    const keys = {} as Record<AddressType, string>;
    for (const type of ['IPv4', 'IPv6'] as const) {
      const k = (keys[type] = addrTypePortMapKey(ports, type));
      if (!desired.has(k)) desired.set(k, { set: new EndpointSet(), ports, type });
    }
    const total = (subset.addresses?.length ?? 0) + (subset.notReadyAddresses?.length ?? 0);
    let added = 0;
    const addAll = (addrs: readonly EndpointAddress[] | undefined, ready: boolean) => {
      for (const a of addrs ?? []) {
        if (added >= maxEndpointsPerSubset) break;
        const got = addressToEndpoint(a, ready);
        if (!got) {
          plan.invalid++;
          continue;
        }
        desired.get(keys[got[1]])!.set.insert(got[0]);
        added++;
      }
    };
    addAll(subset.addresses, true);
    addAll(subset.notReadyAddresses, false);
    plan.skipped += total - added;
  }

  const existingByKey = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    const k = addrTypePortMapKey(s.ports ?? [], s.addressType);
    existingByKey.set(k, [...(existingByKey.get(k) ?? []), s]);
  }
  for (const [k, { set, ports, type }] of desired) {
    const slices = existingByKey.get(k) ?? [];
    if (set.size === 0) {
      plan.toDelete.push(...slices);
      continue;
    }
    plan.toDelete.push(...slices.slice(1));
    const first = slices[0];
    if (first && unchanged(first, set, endpoints)) continue;
    const slice = newMirroredSlice(endpoints, ports, type, first?.metadata?.name);
    if (first) slice.metadata = { ...slice.metadata, resourceVersion: first.metadata?.resourceVersion };
    while (set.size > 0 && slice.endpoints.length < maxEndpointsPerSubset) slice.endpoints.push(set.popAny()!);
    (first ? plan.toUpdate : plan.toCreate).push(slice);
  }
  for (const [k, slices] of existingByKey) if (!desired.has(k)) plan.toDelete.push(...slices);
  recycle(plan);
  return plan;
}

/** Upstream's early return: the slice has exactly the desired endpoints, labels and annotations. */
function unchanged(slice: EndpointSlice, desired: EndpointSet, endpoints: Endpoints): boolean {
  let matches = 0;
  for (const ep of slice.endpoints ?? []) {
    const want = desired.get(ep);
    if (!want || !endpointsEqualBeyondHash(want, ep)) return false;
    matches++;
  }
  if (matches !== desired.size) return false;
  const labels = { ...slice.metadata?.labels };
  delete labels[LABEL_SERVICE_NAME];
  delete labels[LABEL_MANAGED_BY];
  return (
    sameMap(endpoints.metadata?.labels, labels) && sameMap(mirroredAnnotations(endpoints), slice.metadata?.annotations)
  );
}

/** Upstream's `recycleSlices`: creates become updates of same-type slices about to be deleted. */
function recycle(plan: MirrorPlan): void {
  for (const type of ['IPv4', 'IPv6']) {
    const creates = plan.toCreate.filter((s) => s.addressType === type);
    const deletes = plan.toDelete.filter((s) => s.addressType === type);
    for (let i = 0; i < creates.length && i < deletes.length; i++) {
      plan.toCreate.splice(plan.toCreate.indexOf(creates[i]), 1);
      plan.toDelete.splice(plan.toDelete.indexOf(deletes[i]), 1);
      creates[i].metadata = {
        ...creates[i].metadata,
        generateName: undefined,
        name: deletes[i].metadata?.name,
        resourceVersion: deletes[i].metadata?.resourceVersion,
      };
      plan.toUpdate.push(creates[i]);
    }
  }
}
