/**
 * Endpoints and Nodes, as upstream's `ValidateEndpoints` and `ValidateNode`/`ValidateNodeUpdate`
 * check them (nodes lightly: taints, pod CIDRs, provider ID, resource amounts).
 */
import { FieldError, fieldErrors, printed } from '../../../machinery/field-errors.js';
import { validateLabelName } from '../../../machinery/label-selector.js';
import {
  isValidCIDR,
  isValidIP,
  isValidLabelValue,
  isValidPortNum,
  nameIsDNSSubdomain,
} from '../../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../machinery/validation/object-meta.js';
import { type Errs, type Obj, goStrs, int, obj, objList, objectMeta, optStr, str, strList } from '../util.js';
import { dns1123Label, qualifiedName } from './rules.js';
import { resourceList, validateResourceQuantityValue } from './resources.js';
import { validateTaintEffect } from './scheduling.js';
import { validateNonSpecialIP } from './ips.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function endpointAddress(a: Obj, path: string, errs: Errs): void {
  const ip = str(a.ip, `${path}.ip`, errs);
  for (const m of isValidIP(ip)) errs.push(fieldErrors.invalid(`${path}.ip`, ip, m));
  const hostname = str(a.hostname, `${path}.hostname`, errs);
  if (hostname) dns1123Label(hostname, `${path}.hostname`, errs);
  const nodeName = optStr(a.nodeName, `${path}.nodeName`, errs);
  if (nodeName !== undefined)
    for (const m of nameIsDNSSubdomain(nodeName, false))
      errs.push(fieldErrors.invalid(`${path}.nodeName`, nodeName, m));
  validateNonSpecialIP(ip, `${path}.ip`, errs);
}

/** Upstream's `ValidateEndpoints` (create and update alike). */
export function validateEndpoints(ep: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(ep.metadata, 'metadata', errs), { namespaced: true }));
  for (const [ss, i] of objList(ep.subsets, 'subsets', errs)) {
    const p = `subsets[${i}]`;
    const addrs = objList(ss.addresses, `${p}.addresses`, errs);
    const notReady = objList(ss.notReadyAddresses, `${p}.notReadyAddresses`, errs);
    if (addrs.length === 0 && notReady.length === 0)
      errs.push(fieldErrors.required(p, 'must specify `addresses` or `notReadyAddresses`'));
    for (const [a, j] of addrs) endpointAddress(a, `${p}.addresses[${j}]`, errs);
    for (const [a, j] of notReady) endpointAddress(a, `${p}.notReadyAddresses[${j}]`, errs);
    const ports = objList(ss.ports, `${p}.ports`, errs);
    for (const [port, j] of ports) {
      const pp = `${p}.ports[${j}]`;
      const name = str(port.name, `${pp}.name`, errs);
      if (ports.length > 1 && !name) errs.push(fieldErrors.required(`${pp}.name`));
      else if (name) dns1123Label(name, `${pp}.name`, errs);
      const num = int(port.port, `${pp}.port`, errs) ?? 0;
      for (const m of isValidPortNum(num)) errs.push(fieldErrors.invalid(`${pp}.port`, num, m));
      const protocol = str(port.protocol, `${pp}.protocol`, errs);
      if (!protocol) errs.push(fieldErrors.required(`${pp}.protocol`));
      else if (!PROTOCOLS.includes(protocol))
        errs.push(fieldErrors.notSupported(`${pp}.protocol`, protocol, PROTOCOLS));
      const appProtocol = optStr(port.appProtocol, `${pp}.appProtocol`, errs);
      if (appProtocol !== undefined) qualifiedName(appProtocol, `${pp}.appProtocol`, errs);
    }
  }
  return errs;
}

/** Upstream's `ValidateEndpointsUpdate`. */
export function validateEndpointsUpdate(ep: Obj, old: Obj): Errs {
  return [...validateObjectMetaUpdate(objectMeta(ep.metadata), objectMeta(old.metadata)), ...validateEndpoints(ep)];
}

function nodeTaints(spec: Obj, errs: Errs): void {
  // Upstream reports taints under metadata (fldPath is the metadata path there).
  const path = 'metadata.taints';
  const seen = new Map<string, Set<string>>();
  for (const [t, i] of objList(spec.taints, 'spec.taints', errs)) {
    const p = `${path}[${i}]`;
    const key = str(t.key);
    const value = str(t.value);
    const effect = str(t.effect);
    errs.push(...validateLabelName(key, `${p}.key`));
    const msgs = isValidLabelValue(value);
    if (msgs.length) errs.push(fieldErrors.invalid(`${p}.value`, value, msgs.join(';')));
    validateTaintEffect(effect, false, `${p}.effect`, errs);
    if (seen.get(effect)?.has(key)) {
      errs.push(new FieldError('FieldValueDuplicate', p, t, 'taints must be unique by key and effect pair'));
      continue;
    }
    if (!seen.has(effect)) seen.set(effect, new Set());
    seen.get(effect)!.add(key);
  }
}

function nodeResources(node: Obj, errs: Errs): void {
  const status = obj(node.status);
  for (const field of ['capacity', 'allocatable']) {
    for (const [k, q] of resourceList(status[field], `status.${field}`, errs)) {
      validateResourceQuantityValue(k, q, `status.${field}.${k}`, errs);
    }
  }
}

/** Upstream's `ValidateNode`. */
export function validateNode(node: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(node.metadata, 'metadata', errs), { namespaced: false }));
  const spec = obj(node.spec, 'spec', errs);
  nodeTaints(spec, errs);
  nodeResources(node, errs);
  const cidrs = strList(spec.podCIDRs, 'spec.podCIDRs', errs);
  cidrs.forEach((c, i) => {
    for (const m of isValidCIDR(c)) errs.push(fieldErrors.invalid(`spec.podCIDRs[${i}]`, c, m));
  });
  if (cidrs.length > 2)
    errs.push(
      fieldErrors.invalid(
        'spec.podCIDRs',
        printed(goStrs(cidrs)),
        'may specify no more than one CIDR for each IP family',
      ),
    );
  const seen = new Set<string>();
  cidrs.forEach((c, i) => {
    if (seen.has(c)) errs.push(fieldErrors.duplicate(`spec.podCIDRs[${i}]`, c));
    seen.add(c);
  });
  return errs;
}

/** Upstream's `ValidateNodeUpdate`: pod CIDRs and provider ID only from unset. */
export function validateNodeUpdate(node: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(node.metadata), objectMeta(old.metadata));
  nodeResources(node, errs);
  const spec = obj(node.spec);
  const oldSpec = obj(old.spec);
  const oldCIDRs = strList(oldSpec.podCIDRs);
  const newCIDRs = strList(spec.podCIDRs);
  const msg = 'node updates may not change podCIDR except from "" to valid';
  if (oldCIDRs.length > 0) {
    if (oldCIDRs.length !== newCIDRs.length) errs.push(fieldErrors.forbidden('spec.podCIDRs', msg));
    else oldCIDRs.forEach((c, i) => c !== newCIDRs[i] && errs.push(fieldErrors.forbidden('spec.podCIDRs', msg)));
  }
  const oldProvider = str(oldSpec.providerID);
  if (oldProvider && oldProvider !== str(spec.providerID)) {
    errs.push(
      fieldErrors.forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'),
    );
  }
  nodeTaints(spec, errs);
  if (str(spec.externalID) !== str(oldSpec.externalID))
    errs.push(fieldErrors.forbidden('spec.externalID', 'may not be updated'));
  return errs;
}
