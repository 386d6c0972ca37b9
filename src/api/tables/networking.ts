/**
 * Tables for networking.k8s.io: ingresses, ingressclasses, networkpolicies, servicecidrs,
 * ipaddresses.
 */
import type { Ingress, IngressClass, IngressRule, NetworkPolicy } from 'kubernetes-types/networking/v1.js';
import type { IPAddress, ServiceCIDR } from 'kubernetes-types/networking/v1alpha1.js';
import { ageColumn, column, nameColumn, printer } from './columns.js';
import { DOC } from './descriptions.js';
import { formatLabelSelector, since } from './format.js';

/** formatHosts: the first three rule hosts, `*` when no rule names one. */
function formatHosts(rules: IngressRule[]): string {
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${rules.length - max} more...` : list.join(',');
}

/** ingressLoadBalancerStatusStringer (wide): distinct IPs, else hostnames, sorted. */
function ingressAddress(ing: Ingress): string {
  const set = new Set<string>();
  for (const i of ing.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort().join(',');
}

/** networking.k8s.io/v1 ingresses. */
export const ingressPrinter = printer<Ingress>(
  [
    nameColumn,
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  (ing, now) => [
    ing.metadata?.name ?? '',
    ing.spec?.ingressClassName ?? '<none>',
    formatHosts(ing.spec?.rules ?? []),
    ingressAddress(ing),
    (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
    since(ing.metadata?.creationTimestamp, now),
  ],
);

/** networking.k8s.io/v1 ingressclasses: PARAMETERS as `Kind[.apiGroup]/name`. */
export const ingressClassPrinter = printer<IngressClass>(
  [
    nameColumn,
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn,
  ],
  (ic, now) => {
    const p = ic.spec?.parameters;
    let parameters = '<none>';
    if (p) {
      parameters = p.kind ?? '';
      if (p.apiGroup !== undefined && p.apiGroup !== null) parameters += `.${p.apiGroup}`;
      parameters += `/${p.name ?? ''}`;
    }
    return [ic.metadata?.name ?? '', ic.spec?.controller ?? '', parameters, since(ic.metadata?.creationTimestamp, now)];
  },
);

/** networking.k8s.io/v1 networkpolicies. */
export const networkPolicyPrinter = printer<NetworkPolicy>(
  [nameColumn, column('Pod-Selector', 'string', DOC['netpol.podSelectorExt']), ageColumn],
  (np, now) => [
    np.metadata?.name ?? '',
    formatLabelSelector(np.spec?.podSelector ?? {}),
    since(np.metadata?.creationTimestamp, now),
  ],
);

/** networking.k8s.io servicecidrs. */
export const serviceCIDRPrinter = printer<ServiceCIDR>(
  [nameColumn, column('CIDRs', 'string', DOC['scidr.cidrsV1beta1']), ageColumn],
  (s, now) => [s.metadata?.name ?? '', (s.spec?.cidrs ?? []).join(','), since(s.metadata?.creationTimestamp, now)],
);

/**
 * networking.k8s.io ipaddresses: PARENTREF as `resource.group[/namespace]/name`. Upstream defines
 * no AGE column here yet still prints the age as a third cell; so do we.
 */
export const ipAddressPrinter = printer<IPAddress>(
  [nameColumn, column('ParentRef', 'string', DOC['ip.parentRef'])],
  (ip, now) => {
    const ref = ip.spec?.parentRef;
    let parent = '<none>';
    if (ref) {
      parent = (ref.group ? `${ref.resource}.${ref.group}` : ref.resource).toLowerCase();
      if (ref.namespace) parent += `/${ref.namespace}`;
      parent += `/${ref.name}`;
    }
    return [ip.metadata?.name ?? '', parent, since(ip.metadata?.creationTimestamp, now)];
  },
);
