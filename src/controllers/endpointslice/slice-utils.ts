/**
 * Building blocks of the EndpointSlice reconciler (upstream's staging/src/k8s.io/endpointslice
 * utils.go): a pod as an endpoint, a service's ports resolved for a pod, new slices with the
 * service's labels, and the slice-filling choice.
 */
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { isPodReady } from '../common/index.js';
import { newControllerRef } from '../common/index.js';
import {
  findPort,
  isIPv6,
  isServiceIPSet,
  podIPs,
  podReference,
  shouldSetHostname,
  sortPorts,
} from '../common/endpoints/index.js';

/** The labels every managed slice carries. */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
/** The node label giving an endpoint's zone. */
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

export type AddressType = 'IPv4' | 'IPv6';

/** The ports and address type a group of slices shares. */
export interface EndpointMeta {
  ports: EndpointPort[];
  addressType: AddressType;
}

/**
 * Upstream's `podToEndpoint`: serving = the pod is Ready, terminating = it is being deleted,
 * ready = serving and not terminating (always true when the service publishes not-ready
 * addresses); with the pod's addresses of `addressType`, node, node zone, hostname and target.
 */
export function podToEndpoint(pod: Pod, node: Node | undefined, svc: Service, addressType: AddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  const ready = !!svc.spec?.publishNotReadyAddresses || (serving && !terminating);
  const ep: Endpoint = {
    addresses: podIPs(pod).filter((ip) => isIPv6(ip) === (addressType === 'IPv6')),
    conditions: { ready, serving, terminating },
    targetRef: podReference(pod),
  };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata?.labels?.[LABEL_TOPOLOGY_ZONE];
  if (zone) ep.zone = zone;
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname;
  return ep;
}

/** Upstream's `getEndpointPorts`: each service port resolved for `pod` (unresolvable ones skipped). */
export function getEndpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = [];
  const svcPorts = svc.spec?.ports ?? [];
  if (svcPorts.length === 0 && svc.spec?.clusterIP === 'None') return out;
  for (const sp of svcPorts) {
    let port: number;
    try {
      port = findPort(pod, sp);
    } catch {
      continue;
    }
    const epp: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) epp.appProtocol = sp.appProtocol;
    out.push(epp);
  }
  return sortPorts(out);
}

/** Upstream's `getAddressTypesForService`: from `ipFamilies`, else the cluster IP, else both. */
export function addressTypesForService(svc: Service): Set<AddressType> {
  const out = new Set<AddressType>();
  for (const f of svc.spec?.ipFamilies ?? []) {
    if (f === 'IPv4') out.add('IPv4');
    if (f === 'IPv6') out.add('IPv6');
  }
  if (out.size > 0) return out;
  const ip = svc.spec?.clusterIP;
  if (ip && ip !== 'None') return new Set([isIPv6(ip) ? 'IPv6' : 'IPv4']);
  return new Set(['IPv4', 'IPv6']);
}

const isReservedLabel = (k: string) => k === LABEL_SERVICE_NAME || k === LABEL_MANAGED_BY || k === LABEL_HEADLESS;

/**
 * Upstream's `setEndpointSliceLabels`: the service's labels (but the reserved ones), the headless
 * label for a service without a cluster IP, the service name and the manager. The flag says
 * whether the slice's non-reserved labels differed from the service's.
 */
export function endpointSliceLabels(
  slice: EndpointSlice,
  svc: Service,
  controllerName: string,
): [Record<string, string>, boolean] {
  const sliceLabels: Record<string, string> = {};
  const svcLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(slice.metadata?.labels ?? {})) if (!isReservedLabel(k)) sliceLabels[k] = v;
  for (const [k, v] of Object.entries(svc.metadata?.labels ?? {})) if (!isReservedLabel(k)) svcLabels[k] = v;
  const keys = Object.keys(sliceLabels);
  const updated = keys.length !== Object.keys(svcLabels).length || keys.some((k) => svcLabels[k] !== sliceLabels[k]);
  if (!isServiceIPSet(svc)) svcLabels[LABEL_HEADLESS] = '';
  svcLabels[LABEL_SERVICE_NAME] = svc.metadata?.name ?? '';
  svcLabels[LABEL_MANAGED_BY] = controllerName;
  return [svcLabels, updated];
}

/** Upstream's `getEndpointSlicePrefix`: `<service>-` (the name itself when that would be too long). */
export function endpointSlicePrefix(name: string): string {
  return name.length + 1 > 253 - 5 ? name : `${name}-`;
}

/** Upstream's `newEndpointSlice`: an empty slice for `meta`, owned by the service. */
export function newEndpointSlice(svc: Service, meta: EndpointMeta, controllerName: string): EndpointSlice {
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: endpointSlicePrefix(svc.metadata?.name ?? ''),
      namespace: svc.metadata?.namespace,
      ownerReferences: [newControllerRef(svc, 'v1', 'Service')],
      labels: {},
    },
    addressType: meta.addressType,
    endpoints: [],
    ports: meta.ports,
  };
  slice.metadata!.labels = endpointSliceLabels(slice, svc, controllerName)[0];
  return slice;
}

/** Upstream's `ownedBy`: the slice has an owner reference to this service (by uid). */
export function ownedBy(slice: EndpointSlice, svc: Service): boolean {
  return (slice.metadata?.ownerReferences ?? []).some(
    (o) => o.uid === svc.metadata?.uid && o.kind === 'Service' && o.apiVersion === 'v1',
  );
}

/** Upstream's `getSliceToFill`: the slice closest to full once `n` endpoints are added, if any fits. */
export function getSliceToFill(slices: readonly EndpointSlice[], n: number, max: number): EndpointSlice | undefined {
  let closestDiff = max;
  let closest: EndpointSlice | undefined;
  for (const s of slices) {
    const diff = max - (n + (s.endpoints?.length ?? 0));
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = s;
      if (diff === 0) return s;
    }
  }
  return closest;
}
