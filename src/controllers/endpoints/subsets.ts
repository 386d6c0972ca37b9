/**
 * The desired subsets of a service's Endpoints (upstream's `syncService` body, `addEndpointSubset`,
 * `podToEndpointAddressForService`, `truncateEndpoints`): one address per pod that should be in
 * endpoints, ready or not, per service port resolved against the pod's container ports.
 */
import type { EndpointAddress, EndpointPort, EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1.js';
import { isPodReady } from '../common/index.js';
import {
  findPort,
  isIPv6,
  podIPs,
  podReference,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from '../common/endpoints/index.js';
import { canonicalJSON, repackSubsets } from '../common/endpoints/index.js';

/** Upstream's `maxCapacity`: addresses an Endpoints object holds before truncation. */
export const MAX_CAPACITY = 1000;

/** The annotation marking truncated Endpoints, and its value. */
export const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
export const TRUNCATED = 'truncated';

/**
 * Upstream's `podToEndpointAddressForService`: the pod's IP of the service's (first) IP family —
 * from `ipFamilies`, else the cluster IP, else (headless) the pod IP — with node and target.
 * Undefined when the pod has no IP of that family.
 */
export function podToEndpointAddress(svc: Service, pod: Pod): EndpointAddress | undefined {
  let v6: boolean;
  const families = svc.spec?.ipFamilies ?? [];
  if (families.length > 0) v6 = families[0] === 'IPv6';
  else if (svc.spec?.clusterIP && svc.spec.clusterIP !== 'None') v6 = isIPv6(svc.spec.clusterIP);
  else v6 = isIPv6(pod.status?.podIP ?? '');
  const ip = podIPs(pod).find((i) => isIPv6(i) === v6);
  if (!ip) return undefined;
  const addr: EndpointAddress = { ip, targetRef: podReference(pod) };
  // Upstream sets the node name even when empty; validation refuses "", so leave it out then.
  if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName;
  return addr;
}

/** The desired subsets, repacked, with the counts of ready and not-ready addresses added. */
export function computeSubsets(
  svc: Service,
  pods: readonly Pod[],
): { subsets: EndpointSubset[]; ready: number; notReady: number } {
  const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
  const svcPorts = svc.spec?.ports ?? [];
  const subsets: EndpointSubset[] = [];
  let ready = 0;
  let notReady = 0;
  const add = (pod: Pod, addr: EndpointAddress, port: EndpointPort | undefined) => {
    const ports = port ? [port] : [];
    if (publishNotReady || isPodReady(pod)) {
      subsets.push({ addresses: [addr], ports });
      ready++;
    } else {
      subsets.push({ notReadyAddresses: [addr], ports });
      notReady++;
    }
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const addr = podToEndpointAddress(svc, pod);
    if (!addr) continue;
    if (shouldSetHostname(pod, svc)) addr.hostname = pod.spec!.hostname;
    if (svcPorts.length === 0) {
      // A headless service may have no ports: its addresses still count.
      if (svc.spec?.clusterIP === 'None') add(pod, addr, undefined);
      continue;
    }
    for (const sp of svcPorts) {
      let portNum: number;
      try {
        portNum = findPort(pod, sp);
      } catch {
        continue;
      }
      const epp: EndpointPort = { port: portNum, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) epp.name = sp.name;
      if (sp.appProtocol) epp.appProtocol = sp.appProtocol;
      add(pod, addr, epp);
    }
  }
  return { subsets: repackSubsets(subsets), ready, notReady };
}

const count = (subsets: readonly EndpointSubset[] | undefined) =>
  (subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);

/**
 * Upstream's `truncateEndpoints`: past {@link MAX_CAPACITY} addresses, keeps ready addresses
 * first (dropping not-ready ones), each subset getting its share rounded up until the capacity is
 * used. Modifies `subsets` in place; true when it truncated.
 */
export function truncateSubsets(subsets: EndpointSubset[]): boolean {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= MAX_CAPACITY) return false;
  const truncateReady = totalReady > MAX_CAPACITY;
  const max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (const s of subsets) {
    const inSubset = (truncateReady ? s.addresses?.length : s.notReadyAddresses?.length) ?? 0;
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      s.addresses = s.addresses?.slice(0, toBeAdded);
      delete s.notReadyAddresses;
      canBeAdded -= s.addresses?.length ?? 0;
    } else {
      s.notReadyAddresses = s.notReadyAddresses?.slice(0, toBeAdded);
      canBeAdded -= s.notReadyAddresses?.length ?? 0;
    }
    if (s.addresses?.length === 0) delete s.addresses;
    if (s.notReadyAddresses?.length === 0) delete s.notReadyAddresses;
  }
  return true;
}

/** Upstream's `capacityAnnotationSetCorrectly`: under capacity and not annotated. */
export function capacityAnnotationSetCorrectly(
  annotations: Record<string, string> | undefined,
  subsets: readonly EndpointSubset[] | undefined,
): boolean {
  if (count(subsets) > MAX_CAPACITY) return false;
  return !annotations || !(OVER_CAPACITY in annotations);
}

/** Drops targetRef resourceVersions, which must not make a pod's unrelated updates rewrite Endpoints. */
function withoutRefVersions(subsets: readonly EndpointSubset[] | undefined): unknown {
  const strip = (a: EndpointAddress) => ({
    ...a,
    targetRef: a.targetRef && { ...a.targetRef, resourceVersion: undefined },
  });
  return (subsets ?? []).map((s) => ({
    addresses: (s.addresses ?? []).map(strip),
    notReadyAddresses: (s.notReadyAddresses ?? []).map(strip),
    ports: s.ports ?? [],
  }));
}

/** Upstream's `endpointSubsetsEqualIgnoreResourceVersion` (absent lists equal empty ones). */
export function subsetsEqualIgnoringResourceVersion(
  a: readonly EndpointSubset[] | undefined,
  b: readonly EndpointSubset[] | undefined,
): boolean {
  return canonicalJSON(withoutRefVersions(a)) === canonicalJSON(withoutRefVersions(b));
}
