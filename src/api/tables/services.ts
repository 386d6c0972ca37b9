/**
 * Tables for core/v1 services and endpoints: upstream's printService (EXTERNAL-IP `<none>` or
 * `<pending>`, PORT(S) like `80:30080/TCP`) and printEndpoints (three addresses, then "+ N more...").
 */
import type { Endpoints, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { ageColumn, column, nameColumn, printer, wide } from './columns.js';
import { DOC } from './descriptions.js';
import { formatLabels, joinHostPort, since } from './format.js';

/** loadBalancerStatusStringer (wide): distinct ingress IPs, else hostnames, sorted. */
function loadBalancerAddresses(svc: Service): string[] {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort();
}

/** getServiceExternalIP, as the server prints it (always wide, so never clipped). */
function externalIP(svc: Service): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc);
      if (externalIPs.length > 0) return [...lb, ...externalIPs].join(',');
      return lb.length > 0 ? lb.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** makePortString: `port/PROTO`, or `port:nodePort/PROTO` when a node port is allocated. */
function portString(ports: ServicePort[]): string {
  return ports
    .map((p) => {
      const protocol = p.protocol ?? 'TCP';
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
    })
    .join(',');
}

/** core/v1 services. */
export const servicePrinter = printer<Service>(
  [
    nameColumn,
    column('Type', 'string', DOC['svc.type']),
    column('Cluster-IP', 'string', DOC['svc.clusterIP']),
    column('External-IP', 'string', DOC['svc.externalIPs']),
    column('Port(s)', 'string', DOC['svc.ports']),
    ageColumn,
    wide(column('Selector', 'string', DOC['svc.selector'])),
  ],
  (svc, now) => [
    svc.metadata?.name ?? '',
    svc.spec?.type ?? '',
    svc.spec?.clusterIPs?.[0] ?? (svc.spec?.clusterIP || '<none>'),
    externalIP(svc),
    portString(svc.spec?.ports ?? []) || '<none>',
    since(svc.metadata?.creationTimestamp, now),
    formatLabels(svc.spec?.selector),
  ],
);

/** formatEndpoints with every port: `ip:port` for each address and port, the first three shown. */
function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  const take = (entry: string) => {
    if (list.length === max) {
      more = true;
      return false;
    }
    list.push(entry);
    return true;
  };
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    if ((ss.ports ?? []).length === 0) {
      // Headless services may have no ports: list the bare addresses.
      count += addresses.length;
      for (const a of addresses) if (!take(a.ip)) break;
      continue;
    }
    for (const port of ss.ports ?? []) {
      count += addresses.length;
      for (const a of addresses) if (!take(joinHostPort(a.ip, port.port))) break;
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - max} more...` : joined;
}

/** core/v1 endpoints. */
export const endpointsPrinter = printer<Endpoints>(
  [nameColumn, column('Endpoints', 'string', DOC['ep.subsets']), ageColumn],
  (ep, now) => [ep.metadata?.name ?? '', formatEndpoints(ep), since(ep.metadata?.creationTimestamp, now)],
);
