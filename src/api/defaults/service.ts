/**
 * Service defaults, as upstream's `SetDefaults_Service` applies them on decode, plus what upstream's
 * service REST storage fills before validation and is not the allocator's job: clusterIPs from
 * clusterIP, and a single-stack IPv4 family (k8ts clusters are single-stack IPv4).
 */
import { parseIPSloppy } from '../../machinery/validation/ip.js';
import { type Obj, isObj } from '../validation/util.js';

const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function family(ip: string): 'IPv4' | 'IPv6' | undefined {
  const b = parseIPSloppy(ip);
  if (!b) return undefined;
  return b.slice(0, 10).every((x: number) => x === 0) && b[10] === 0xff && b[11] === 0xff ? 'IPv4' : 'IPv6';
}

/** Upstream's `SetDefaults_Service`, with clusterIPs and the IP family fields filled in. */
export function defaultService(svc: Obj): void {
  if (!isObj(svc.spec)) svc.spec ??= {};
  const spec = svc.spec;
  if (!isObj(spec)) return;
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = spec.sessionAffinityConfig;
    if (
      !isObj(cfg) ||
      !isObj(cfg.clientIP) ||
      cfg.clientIP.timeoutSeconds === undefined ||
      cfg.clientIP.timeoutSeconds === null
    ) {
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
    }
  }
  if (!spec.type) spec.type = 'ClusterIP';
  if (Array.isArray(spec.ports)) {
    for (const p of spec.ports) {
      if (!isObj(p)) continue;
      if (!p.protocol) p.protocol = 'TCP';
      if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '')
        p.targetPort = p.port;
    }
  }
  const type = spec.type;
  const accessible =
    type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && strs(spec.externalIPs).length > 0);
  if (accessible && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (
    (spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null) &&
    ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(type)
  ) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (
    type === 'LoadBalancer' &&
    (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)
  ) {
    spec.allocateLoadBalancerNodePorts = true;
  }
  if (
    type === 'LoadBalancer' &&
    isObj(svc.status) &&
    isObj(svc.status.loadBalancer) &&
    Array.isArray(svc.status.loadBalancer.ingress)
  ) {
    for (const ing of svc.status.loadBalancer.ingress) if (isObj(ing) && ing.ip && !ing.ipMode) ing.ipMode = 'VIP';
  }
  if (type === 'ExternalName') return;
  if (
    typeof spec.clusterIP === 'string' &&
    spec.clusterIP &&
    strs(spec.clusterIPs).length === 0 &&
    spec.clusterIPs == null
  ) {
    spec.clusterIPs = [spec.clusterIP];
  }
  if (spec.ipFamilyPolicy === undefined || spec.ipFamilyPolicy === null) spec.ipFamilyPolicy = 'SingleStack';
  if (
    spec.ipFamilies === undefined ||
    spec.ipFamilies === null ||
    (Array.isArray(spec.ipFamilies) && spec.ipFamilies.length === 0)
  ) {
    const fams = strs(spec.clusterIPs)
      .filter((ip) => ip !== 'None')
      .map(family)
      .filter((f): f is 'IPv4' | 'IPv6' => !!f);
    spec.ipFamilies = fams.length ? fams : ['IPv4'];
  }
}

/**
 * Upstream's `NormalizeClusterIPs` (service strategy): keeps `clusterIP` and `clusterIPs` in step
 * for clients that only send one of them. Pass the stored object on update.
 */
export function normalizeClusterIPs(svc: Obj, old?: Obj): void {
  const spec = isObj(svc.spec) ? svc.spec : undefined;
  if (!spec) return;
  const ip = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  const ips = strs(spec.clusterIPs);
  if (!old) {
    if (ip && ips.length === 0) spec.clusterIPs = [ip];
    return;
  }
  const oldSpec = isObj(old.spec) ? old.spec : {};
  const oldIP = typeof oldSpec.clusterIP === 'string' ? oldSpec.clusterIP : '';
  const oldIPs = strs(oldSpec.clusterIPs);
  if (oldIPs.length > 0 && ips.length === 0 && oldIP === ip) spec.clusterIPs = [...oldIPs];
  const same = () => JSON.stringify(strs(spec.clusterIPs)) === JSON.stringify(oldIPs);
  if (oldIP !== ip) {
    if (oldIP && !ip && same()) delete spec.clusterIPs;
    if (ip && same()) spec.clusterIPs = [ip];
  }
}
