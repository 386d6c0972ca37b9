/**
 * What the Endpoints, EndpointSlice and mirroring controllers share about pods and services
 * (upstream's `k8s.io/endpointslice/util` and `FindPort`): which pods belong in endpoints, the
 * container port a service port targets, and which services a pod change touches.
 */
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { Lister } from '../../../client/informers/lister.js';
import { selectorFromSet } from '../../../machinery/labels.js';
import { isPodReady, isPodTerminal } from '../index.js';

type Labels = Record<string, string> | undefined;

/**
 * The service's selector, or undefined when it has none. An empty map counts as none: on the wire
 * Go drops an empty selector, so upstream sees nil ("selects nothing", not "everything").
 */
export function serviceSelector(svc: Service): Record<string, string> | undefined {
  const sel = svc.spec?.selector;
  return sel && Object.keys(sel).length > 0 ? sel : undefined;
}

/** Upstream's `IsServiceIPSet`: a cluster IP that is neither empty nor `None`. */
export function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** The pod's IPs: `status.podIPs`, else `status.podIP`. */
export function podIPs(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip);
  if (ips.length === 0 && pod.status?.podIP) ips.push(pod.status.podIP);
  return ips;
}

/** True for an IPv6 address (a colon is enough: the apiserver validated the IP). */
export function isIPv6(ip: string): boolean {
  return ip.includes(':');
}

/**
 * Upstream's `ShouldPodBeInEndpoints`: not terminal, has an IP, and not terminating unless
 * `includeTerminating`.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (podIPs(pod).length === 0) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** Upstream's `ShouldSetHostname`: the pod names a hostname and this service as its subdomain. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return (
    !!pod.spec?.hostname &&
    pod.spec.subdomain === svc.metadata?.name &&
    svc.metadata?.namespace === pod.metadata?.namespace
  );
}

/**
 * Upstream's `FindPort`: a numeric targetPort as is; a named one is looked up among the pod's
 * container ports (then its sidecar init containers') with the service port's protocol. Throws
 * upstream's `no suitable port for manifest: <uid>` when no container port has that name.
 */
export function findPort(pod: Pod, svcPort: ServicePort): number {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  const protocol = svcPort.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  throw new Error(`no suitable port for manifest: ${pod.metadata?.uid ?? ''}`);
}

/** `namespace/name` keys of the services in `namespace` whose selector matches `labels`. */
export function servicesForLabels(services: Lister<Service>, namespace: string, labels: Labels): Set<string> {
  const out = new Set<string>();
  for (const svc of services.listInNamespace(namespace)) {
    const sel = serviceSelector(svc);
    if (sel && selectorFromSet(sel).matches(labels ?? {})) out.add(`${namespace}/${svc.metadata!.name}`);
  }
  return out;
}

/** Upstream's `GetPodServiceMemberships`: the services selecting `pod`. */
export function podServiceMemberships(services: Lister<Service>, pod: Pod): Set<string> {
  return servicesForLabels(services, pod.metadata?.namespace ?? '', pod.metadata?.labels);
}

function sameLabels(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => b?.[k] === a?.[k]);
}

/**
 * Upstream's `podEndpointsChanged`: [the pod changed in a way its endpoints show (deletion,
 * readiness, IPs), its labels or hostname/subdomain changed (service membership may differ)].
 */
export function podEndpointsChanged(oldPod: Pod, newPod: Pod): [boolean, boolean] {
  const labelsChanged =
    !sameLabels(oldPod.metadata?.labels, newPod.metadata?.labels) ||
    oldPod.spec?.hostname !== newPod.spec?.hostname ||
    oldPod.spec?.subdomain !== newPod.spec?.subdomain;
  if (oldPod.metadata?.deletionTimestamp !== newPod.metadata?.deletionTimestamp) return [true, labelsChanged];
  if (isPodReady(oldPod) !== isPodReady(newPod)) return [true, labelsChanged];
  const a = podIPs(oldPod);
  const b = podIPs(newPod);
  if (a.length !== b.length || a.some((ip, i) => ip !== b[i])) return [true, labelsChanged];
  return [false, labelsChanged];
}

/**
 * Upstream's `GetServicesToUpdateOnPodChange`: nothing for a resync (same resourceVersion) or an
 * irrelevant change; the current services when only the pod changed; when labels changed, the union
 * of old and new services if the pod changed too, else only the services it joined or left.
 */
export function servicesToUpdateOnPodChange(services: Lister<Service>, oldPod: Pod, newPod: Pod): Set<string> {
  if (oldPod.metadata?.resourceVersion === newPod.metadata?.resourceVersion) return new Set();
  const [podChanged, labelsChanged] = podEndpointsChanged(oldPod, newPod);
  if (!podChanged && !labelsChanged) return new Set();
  const ns = newPod.metadata?.namespace ?? '';
  const cur = servicesForLabels(services, ns, newPod.metadata?.labels);
  if (!labelsChanged) return cur;
  const old = servicesForLabels(services, ns, oldPod.metadata?.labels);
  if (podChanged) return new Set([...cur, ...old]);
  const out = new Set<string>();
  for (const k of cur) if (!old.has(k)) out.add(k);
  for (const k of old) if (!cur.has(k)) out.add(k);
  return out;
}

/** The pod as a `targetRef`. */
export function podReference(pod: Pod): { kind: string; namespace: string; name: string; uid: string } {
  return {
    kind: 'Pod',
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid ?? '',
  };
}

/** Go's `time.RFC3339Nano` of a wall time in ms (trailing zeros of the fraction dropped). */
export function formatRFC3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d+)Z$/, (_, frac: string) => {
    const f = frac.replace(/0+$/, '');
    return f ? `.${f}Z` : 'Z';
  });
}
