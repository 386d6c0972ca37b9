/**
 * Services, as upstream's `ValidateService` and `ValidateServiceUpdate` check them: ports, type,
 * session affinity, clusterIPs and IP families, external IPs, source ranges, traffic policies, and
 * on update the rules for changing clusterIPs, families and the load balancer class.
 */
import { fieldErrors, printed } from '../../../machinery/field-errors.js';
import { validateLabels } from '../../../machinery/label-selector.js';
import {
  isDNS1123Subdomain,
  isValidCIDR,
  isValidIP,
  isValidPortNum,
  nameIsDNS1035Label,
} from '../../../machinery/validation/names.js';
import { validateObjectMeta } from '../../../machinery/validation/object-meta.js';
import {
  type Errs,
  type Obj,
  bool,
  goStrs,
  int,
  obj,
  objList,
  objectMeta,
  optObj,
  optStr,
  str,
  strList,
  strMap,
} from '../util.js';
import { isIPv6, validateNonSpecialIP } from './ips.js';
import { dns1123Label, qualifiedName } from './rules.js';
import { validatePortNumOrName } from './probes.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

/** Upstream's `isHeadlessService`: clusterIPs is exactly ["None"]. */
export const isHeadless = (spec: Obj) => {
  const ips = strList(spec.clusterIPs);
  return ips.length === 1 && ips[0] === 'None';
};

/** Go's `%#v` of the core.ServicePort key upstream reports a duplicate port with. */
function goServicePortKey(protocol: string, port: number): string {
  return (
    `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, ` +
    'TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}'
  );
}

function validateServicePort(sp: Obj, requireName: boolean, names: Set<string>, path: string, errs: Errs): void {
  const name = str(sp.name, `${path}.name`, errs);
  if (requireName && !name) errs.push(fieldErrors.required(`${path}.name`));
  else if (name) {
    dns1123Label(name, `${path}.name`, errs);
    if (names.has(name)) errs.push(fieldErrors.duplicate(`${path}.name`, name));
    else names.add(name);
  }
  const port = int(sp.port, `${path}.port`, errs) ?? 0;
  for (const m of isValidPortNum(port)) errs.push(fieldErrors.invalid(`${path}.port`, port, m));
  const protocol = str(sp.protocol, `${path}.protocol`, errs);
  if (!protocol) errs.push(fieldErrors.required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(protocol)) errs.push(fieldErrors.notSupported(`${path}.protocol`, protocol, PROTOCOLS));
  validatePortNumOrName(sp.targetPort, `${path}.targetPort`, errs);
  const appProtocol = optStr(sp.appProtocol, `${path}.appProtocol`, errs);
  if (appProtocol !== undefined) qualifiedName(appProtocol, `${path}.appProtocol`, errs);
}

/** Upstream's `ValidateServiceClusterIPsRelatedFields`. */
function validateClusterIPs(spec: Obj, errs: Errs): void {
  if (str(spec.type) === 'ExternalName') return;
  const clusterIP = str(spec.clusterIP, 'spec.clusterIP', errs);
  const ips = strList(spec.clusterIPs, 'spec.clusterIPs', errs);
  const families = strList(spec.ipFamilies, 'spec.ipFamilies', errs);
  const shownIPs = printed(goStrs(ips));
  if (clusterIP) {
    if (ips.length === 0) errs.push(fieldErrors.required('spec.clusterIPs'));
    else if (ips[0] !== clusterIP)
      errs.push(fieldErrors.invalid('spec.clusterIPs', shownIPs, 'first value must match `clusterIP`'));
  } else if (ips.length !== 0) {
    errs.push(fieldErrors.invalid('spec.clusterIPs', shownIPs, 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.push(fieldErrors.notSupported(`spec.ipFamilies[${i}]`, f, ['IPv4', 'IPv6']));
    if (seen.has(f)) errs.push(fieldErrors.duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });
  const policy = optStr(spec.ipFamilyPolicy, 'spec.ipFamilyPolicy', errs);
  const POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
  if (policy !== undefined && !POLICIES.includes(policy))
    errs.push(fieldErrors.notSupported('spec.ipFamilyPolicy', policy, POLICIES));
  let invalid = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        invalid = true;
        errs.push(fieldErrors.invalid('spec.clusterIPs', shownIPs, "'None' must be the first and only value"));
      }
      return;
    }
    for (const m of isValidIP(ip)) {
      invalid = true;
      errs.push(fieldErrors.invalid(`spec.clusterIPs[${i}]`, ip, m));
    }
  });
  if (ips.length > 2) errs.push(fieldErrors.invalid('spec.clusterIPs', shownIPs, 'may only hold up to 2 values'));
  if (invalid) return;
  if (ips.length > 1 && isIPv6(ips[0]) === isIPv6(ips[1])) {
    errs.push(fieldErrors.invalid('spec.clusterIPs', shownIPs, 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(spec) && ips.length > 0 && families.length > 0) {
    ips.slice(0, families.length).forEach((ip, i) => {
      if (families[i] === 'IPv4' && isIPv6(ip)) {
        errs.push(
          fieldErrors.invalid(
            `spec.clusterIPs[${i}]`,
            ip,
            `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
      if (families[i] === 'IPv6' && !isIPv6(ip)) {
        errs.push(
          fieldErrors.invalid(
            `spec.clusterIPs[${i}]`,
            ip,
            `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
    });
  }
}

const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';
const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const SOURCE_RANGES = 'service.beta.kubernetes.io/load-balancer-source-ranges';

function validateServiceSpec(svc: Obj, annotations: Record<string, string>, errs: Errs): void {
  if (
    TOPOLOGY_HINTS in annotations &&
    TOPOLOGY_MODE in annotations &&
    annotations[TOPOLOGY_HINTS] !== annotations[TOPOLOGY_MODE]
  ) {
    errs.push(
      fieldErrors.invalid(
        `metadata.annotations[${TOPOLOGY_MODE}]`,
        annotations[TOPOLOGY_MODE],
        `must match annotations[${TOPOLOGY_HINTS}] when both are specified`,
      ),
    );
  }
  const spec = obj(svc.spec, 'spec', errs);
  const type = str(spec.type, 'spec.type', errs);
  const ports = objList(spec.ports, 'spec.ports', errs);
  const headless = isHeadless(spec);
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(fieldErrors.required('spec.ports'));
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    errs.push(fieldErrors.invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`));
  }
  if (type === 'ExternalName') {
    if (strList(spec.clusterIPs).length > 0)
      errs.push(fieldErrors.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (strList(spec.ipFamilies).length > 0)
      errs.push(fieldErrors.forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) {
      errs.push(fieldErrors.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    }
    const cname = str(spec.externalName, 'spec.externalName', errs).replace(/\.$/, '');
    if (cname) for (const m of isDNS1123Subdomain(cname)) errs.push(fieldErrors.invalid('spec.externalName', cname, m));
    else errs.push(fieldErrors.required('spec.externalName'));
  }
  const names = new Set<string>();
  for (const [p, i] of ports) validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`, errs);
  const selector = strMap(spec.selector, 'spec.selector', errs);
  if (selector) errs.push(...validateLabels(selector, 'spec.selector'));
  const affinity = str(spec.sessionAffinity, 'spec.sessionAffinity', errs);
  if (!affinity) errs.push(fieldErrors.required('spec.sessionAffinity'));
  else if (affinity !== 'ClientIP' && affinity !== 'None') {
    errs.push(fieldErrors.notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  }
  const cfg = optObj(spec.sessionAffinityConfig, 'spec.sessionAffinityConfig', errs);
  if (affinity === 'ClientIP') {
    const when = 'when session affinity type is ClientIP';
    const clientIP = optObj(cfg?.clientIP);
    const timeout = int(clientIP?.timeoutSeconds, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', errs);
    if (!cfg) errs.push(fieldErrors.required('spec.sessionAffinityConfig', when));
    else if (!clientIP) errs.push(fieldErrors.required('spec.sessionAffinityConfig.clientIP', when));
    else if (timeout === undefined)
      errs.push(fieldErrors.required('spec.sessionAffinityConfig.clientIP.timeoutSeconds', when));
    else if (timeout <= 0 || timeout > 86400) {
      errs.push(
        fieldErrors.invalid(
          'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
          timeout,
          'must be greater than 0 and less than 86400',
        ),
      );
    }
  } else if (affinity === 'None' && cfg) {
    errs.push(fieldErrors.forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  validateClusterIPs(spec, errs);
  const externalIPs = strList(spec.externalIPs, 'spec.externalIPs', errs);
  externalIPs.forEach((ip, i) => {
    const msgs = isValidIP(ip);
    for (const m of msgs) errs.push(fieldErrors.invalid(`spec.externalIPs[${i}]`, ip, m));
    if (!msgs.length) validateNonSpecialIP(ip, `spec.externalIPs[${i}]`, errs);
  });
  if (!type) errs.push(fieldErrors.required('spec.type'));
  else if (!TYPES.includes(type)) errs.push(fieldErrors.notSupported('spec.type', type, TYPES));
  const nodePorts = new Set<string>();
  const seenPorts = new Set<string>();
  for (const [p, i] of ports) {
    const nodePort = int(p.nodePort, `spec.ports[${i}].nodePort`, errs) ?? 0;
    if (type === 'ClusterIP' && nodePort !== 0) {
      errs.push(fieldErrors.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
  }
  for (const [p, i] of ports) {
    const nodePort = int(p.nodePort) ?? 0;
    if (nodePort === 0) continue;
    const key = `${str(p.protocol)}/${nodePort}`;
    if (nodePorts.has(key)) errs.push(fieldErrors.duplicate(`spec.ports[${i}].nodePort`, nodePort));
    nodePorts.add(key);
  }
  for (const [p, i] of ports) {
    const key = `${str(p.protocol)}/${int(p.port) ?? 0}`;
    if (seenPorts.has(key))
      errs.push(
        fieldErrors.duplicate(`spec.ports[${i}]`, printed(goServicePortKey(str(p.protocol), int(p.port) ?? 0))),
      );
    seenPorts.add(key);
  }
  const ranges = strList(spec.loadBalancerSourceRanges, 'spec.loadBalancerSourceRanges', errs);
  if (ranges.length > 0) {
    if (type !== 'LoadBalancer')
      errs.push(
        fieldErrors.forbidden('spec.LoadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'"),
      );
    ranges.forEach((r, i) => {
      const v = r.trim();
      for (const m of isValidCIDR(v)) errs.push(fieldErrors.invalid(`spec.LoadBalancerSourceRanges[${i}]`, v, m));
    });
  } else if (SOURCE_RANGES in annotations) {
    const path = `metadata.annotations[${SOURCE_RANGES}]`;
    if (type !== 'LoadBalancer')
      errs.push(fieldErrors.forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
    const val = annotations[SOURCE_RANGES].trim();
    if (val)
      for (const c of val.split(','))
        for (const m of isValidCIDR(c.trim())) errs.push(fieldErrors.invalid(path, c.trim(), m));
  }
  const alloc = bool(spec.allocateLoadBalancerNodePorts, 'spec.allocateLoadBalancerNodePorts', errs);
  if (alloc !== undefined && type !== 'LoadBalancer') {
    errs.push(
      fieldErrors.forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"),
    );
  }
  if (type === 'LoadBalancer' && alloc === undefined) errs.push(fieldErrors.required('allocateLoadBalancerNodePorts'));
  const lbClass = optStr(spec.loadBalancerClass, 'spec.loadBalancerClass', errs);
  if (type === 'LoadBalancer') {
    if (lbClass !== undefined) qualifiedName(lbClass, 'spec.loadBalancerClass', errs);
  } else if (lbClass !== undefined) {
    errs.push(fieldErrors.forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
  }
  const accessible = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs.length > 0);
  const etp = str(spec.externalTrafficPolicy, 'spec.externalTrafficPolicy', errs);
  if (!accessible) {
    if (etp)
      errs.push(
        fieldErrors.invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'),
      );
  } else if (!etp) errs.push(fieldErrors.required('spec.externalTrafficPolicy'));
  else if (etp !== 'Cluster' && etp !== 'Local') {
    errs.push(fieldErrors.notSupported('spec.externalTrafficPolicy', etp, ['Cluster', 'Local']));
  }
  const hcnp = int(spec.healthCheckNodePort, 'spec.healthCheckNodePort', errs) ?? 0;
  if (!(type === 'LoadBalancer' && etp === 'Local')) {
    if (hcnp !== 0) {
      errs.push(
        fieldErrors.invalid(
          'spec.healthCheckNodePort',
          hcnp,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (hcnp === 0) errs.push(fieldErrors.required('spec.healthCheckNodePort'));
  else for (const m of isValidPortNum(hcnp)) errs.push(fieldErrors.invalid('spec.healthCheckNodePort', hcnp, m));
  const itp = optStr(spec.internalTrafficPolicy, 'spec.internalTrafficPolicy', errs);
  if (itp === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(type)) {
    errs.push(fieldErrors.required('spec.internalTrafficPolicy'));
  }
  if (itp !== undefined && itp !== 'Cluster' && itp !== 'Local') {
    errs.push(fieldErrors.notSupported('spec.internalTrafficPolicy', itp, ['Cluster', 'Local']));
  }
  const td = optStr(spec.trafficDistribution, 'spec.trafficDistribution', errs);
  if (td !== undefined && td !== 'PreferClose')
    errs.push(fieldErrors.notSupported('spec.trafficDistribution', td, ['PreferClose']));
}

/** Upstream's `ValidateService` (create). */
export function validateService(svc: Obj): Errs {
  const errs: Errs = [];
  const meta = objectMeta(svc.metadata, 'metadata', errs);
  errs.push(...validateObjectMeta(meta, { namespaced: true, nameValidator: nameIsDNS1035Label }));
  validateServiceSpec(svc, meta.annotations ?? {}, errs);
  return errs;
}
