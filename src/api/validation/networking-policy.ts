/**
 * networking.k8s.io/v1 NetworkPolicies, as upstream's `ValidateNetworkPolicy` checks them: ports and
 * port ranges, peers (one kind each, ipBlock exceptions inside the block) and policy types.
 */
import { fieldErrors } from '../../machinery/field-errors.js';
import { validateLabelSelector } from '../../machinery/label-selector.js';
import { parseCIDRSloppy } from '../../machinery/validation/ip.js';
import { isValidCIDR, isValidPortName, isValidPortNum } from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import {
  type Errs,
  type Obj,
  int,
  intOrStr,
  labelSelector,
  obj,
  objList,
  objectMeta,
  optObj,
  optStr,
  str,
  strList,
} from './util.js';

function npPort(port: Obj, path: string, errs: Errs): void {
  const protocol = optStr(port.protocol, `${path}.protocol`, errs);
  if (protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(protocol)) {
    errs.push(fieldErrors.notSupported(`${path}.protocol`, protocol, ['TCP', 'UDP', 'SCTP']));
  }
  const p = intOrStr(port.port, `${path}.port`, errs);
  const end = int(port.endPort, `${path}.endPort`, errs);
  if (typeof p === 'number') {
    for (const m of isValidPortNum(p)) errs.push(fieldErrors.invalid(`${path}.port`, p, m));
    if (end !== undefined) {
      if (end < p) errs.push(fieldErrors.invalid(`${path}.endPort`, p, 'must be greater than or equal to `port`'));
      for (const m of isValidPortNum(end)) errs.push(fieldErrors.invalid(`${path}.endPort`, end, m));
    }
  } else if (typeof p === 'string') {
    if (end !== undefined)
      errs.push(fieldErrors.invalid(`${path}.endPort`, end, 'may not be specified when `port` is non-numeric'));
    for (const m of isValidPortName(p)) errs.push(fieldErrors.invalid(`${path}.port`, p, m));
  } else if (end !== undefined) {
    errs.push(fieldErrors.invalid(`${path}.endPort`, end, 'may not be specified when `port` is not specified'));
  }
}

function ipBlock(b: Obj, path: string, errs: Errs): void {
  const cidr = str(b.cidr, `${path}.cidr`, errs);
  if (!cidr) return void errs.push(fieldErrors.required(`${path}.cidr`));
  for (const m of isValidCIDR(cidr)) errs.push(fieldErrors.invalid(`${path}.cidr`, cidr, m));
  const net = parseCIDRSloppy(cidr);
  if (!net) return;
  strList(b.except, `${path}.except`, errs).forEach((e, i) => {
    for (const m of isValidCIDR(e)) errs.push(fieldErrors.invalid(`${path}.except[${i}]`, e, m));
    const ex = parseCIDRSloppy(e);
    if (!ex) return;
    if (!cidrContains(net, ex.ip) || net.prefix >= ex.prefix || net.bits !== ex.bits) {
      errs.push(fieldErrors.invalid(`${path}.except[${i}]`, e, 'must be a strict subset of `cidr`'));
    }
  });
}

function cidrContains(net: { ip: Uint8Array; bits: number; prefix: number }, ip: Uint8Array): boolean {
  const offset = net.bits === 32 ? 12 : 0;
  for (let bit = 0; bit < net.prefix; bit++) {
    const byte = offset + (bit >> 3);
    const mask = 0x80 >> (bit & 7);
    if ((net.ip[byte] & mask) !== (ip[byte] & mask)) return false;
  }
  return true;
}

function peer(p: Obj, path: string, errs: Errs): void {
  let n = 0;
  for (const f of ['podSelector', 'namespaceSelector']) {
    const sel = labelSelector(p[f], `${path}.${f}`, errs);
    if (!sel) continue;
    n++;
    errs.push(...validateLabelSelector(sel, `${path}.${f}`));
  }
  const block = optObj(p.ipBlock, `${path}.ipBlock`, errs);
  if (block) {
    n++;
    ipBlock(block, `${path}.ipBlock`, errs);
  }
  if (n === 0) errs.push(fieldErrors.required(path, 'must specify a peer'));
  else if (n > 1 && block) errs.push(fieldErrors.forbidden(path, 'may not specify both ipBlock and another peer'));
}

function networkPolicySpec(spec: Obj, errs: Errs): void {
  const sel = labelSelector(spec.podSelector, 'spec.podSelector', errs);
  errs.push(...validateLabelSelector(sel ?? {}, 'spec.podSelector'));
  for (const [dir, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    for (const [rule, i] of objList(spec[dir], `spec.${dir}`, errs)) {
      const rp = `spec.${dir}[${i}]`;
      for (const [port, j] of objList(rule.ports, `${rp}.ports`, errs)) npPort(port, `${rp}.ports[${j}]`, errs);
      for (const [p, j] of objList(rule[peers], `${rp}.${peers}`, errs)) peer(p, `${rp}.${peers}[${j}]`, errs);
    }
  }
  const types = strList(spec.policyTypes, 'spec.policyTypes', errs);
  if (types.length > 2)
    return void errs.push(fieldErrors.invalid('spec.policyTypes', types, 'may not specify more than two policyTypes'));
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress')
      errs.push(fieldErrors.notSupported(`spec.policyTypes[${i}]`, t, ['Ingress', 'Egress']));
  });
}

/** Upstream's `ValidateNetworkPolicy`. */
export function validateNetworkPolicy(np: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(np.metadata, 'metadata', errs), { namespaced: true }));
  networkPolicySpec(obj(np.spec, 'spec', errs), errs);
  return errs;
}

/** Upstream's `ValidateNetworkPolicyUpdate`. */
export function validateNetworkPolicyUpdate(np: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(np.metadata), objectMeta(old.metadata));
  networkPolicySpec(obj(np.spec), errs);
  return errs;
}
