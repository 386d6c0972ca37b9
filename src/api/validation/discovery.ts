/**
 * discovery.k8s.io/v1 EndpointSlices and events.k8s.io/v1 Events, as upstream checks them.
 */
import { fieldErrors } from '../../machinery/field-errors.js';
import { validateLabels } from '../../machinery/label-selector.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidIPv4Address,
  isValidLabelValue,
  isValidIPv6Address,
  nameIsDNSSubdomain,
} from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import { dns1123Label, qualifiedName } from './core/rules.js';
import { eventsV1ToCore, validateEventCreate, validateEventUpdate } from './core/events.js';
import { validateNonSpecialIP } from './core/ips.js';
import { type Errs, type Obj, objList, objectMeta, optObj, optStr, str, strList, strMap } from './util.js';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** Upstream's `IsFullyQualifiedDomainName`. */
function fqdn(name: string, path: string, errs: Errs): void {
  if (!name) return void errs.push(fieldErrors.required(path));
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  const sub = isDNS1123Subdomain(n);
  if (sub.length) return void errs.push(fieldErrors.invalid(path, n, sub.join(',')));
  const labels = n.split('.');
  if (labels.length < 2)
    return void errs.push(
      fieldErrors.invalid(path, n, 'should be a domain with at least two segments separated by dots'),
    );
  for (const l of labels) {
    const m = isDNS1123Label(l);
    if (m.length) return void errs.push(fieldErrors.invalid(path, l, m.join(',')));
  }
}

function endpoints(slice: Obj, addressType: string, errs: Errs): void {
  const list = objList(slice.endpoints, 'endpoints', errs);
  if (list.length > 1000) return void errs.push(fieldErrors.tooMany('endpoints', list.length, 1000));
  for (const [ep, i] of list) {
    const p = `endpoints[${i}]`;
    const addrs = strList(ep.addresses, `${p}.addresses`, errs);
    if (addrs.length === 0) errs.push(fieldErrors.required(`${p}.addresses`, 'must contain at least 1 address'));
    else if (addrs.length > 100) errs.push(fieldErrors.tooMany(`${p}.addresses`, addrs.length, 100));
    addrs.forEach((a, j) => {
      const ap = `${p}.addresses[${j}]`;
      if (addressType === 'IPv4' || addressType === 'IPv6') {
        const msgs = addressType === 'IPv4' ? isValidIPv4Address(a) : isValidIPv6Address(a);
        for (const m of msgs) errs.push(fieldErrors.invalid(ap, a, m));
        validateNonSpecialIP(a, ap, errs);
      } else if (addressType === 'FQDN') fqdn(a, ap, errs);
    });
    const nodeName = optStr(ep.nodeName, `${p}.nodeName`, errs);
    if (nodeName !== undefined)
      for (const m of nameIsDNSSubdomain(nodeName, false)) errs.push(fieldErrors.invalid(`${p}.nodeName`, nodeName, m));
    const topology = strMap(ep.deprecatedTopology, `${p}.deprecatedTopology`, errs);
    if (topology && Object.keys(topology).length > 16) {
      errs.push(fieldErrors.tooMany(`${p}.deprecatedTopology`, Object.keys(topology).length, 16));
    }
    errs.push(...validateLabels(topology, `${p}.deprecatedTopology`));
    const hostname = optStr(ep.hostname, `${p}.hostname`, errs);
    if (hostname !== undefined) dns1123Label(hostname, `${p}.hostname`, errs);
    const hints = optObj(ep.hints, `${p}.hints`, errs);
    if (hints) {
      const zones = objList(hints.forZones, `${p}.hints.forZones`, errs);
      if (zones.length > 8) {
        errs.push(fieldErrors.tooMany(`${p}.hints.forZones`, zones.length, 8));
        continue;
      }
      const seen = new Set<string>();
      for (const [z, j] of zones) {
        const name = str(z.name);
        if (seen.has(name)) errs.push(fieldErrors.duplicate(`${p}.hints.forZones[${j}].name`, name));
        seen.add(name);
        for (const m of isValidLabelValue(name))
          errs.push(fieldErrors.invalid(`${p}.hints.forZones[${j}].name`, name, m));
      }
    }
  }
}

function ports(slice: Obj, errs: Errs): void {
  const list = objList(slice.ports, 'ports', errs);
  if (list.length > 20000) return void errs.push(fieldErrors.tooMany('ports', list.length, 20000));
  const names = new Set<string>();
  for (const [port, i] of list) {
    const p = `ports[${i}]`;
    const name = str(port.name, `${p}.name`, errs);
    if (name) dns1123Label(name, `${p}.name`, errs);
    if (names.has(name)) errs.push(fieldErrors.duplicate(`${p}.name`, name));
    names.add(name);
    const protocol = optStr(port.protocol, `${p}.protocol`, errs);
    if (protocol === undefined) errs.push(fieldErrors.required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(protocol)) errs.push(fieldErrors.notSupported(`${p}.protocol`, protocol, PROTOCOLS));
    const appProtocol = optStr(port.appProtocol, `${p}.appProtocol`, errs);
    if (appProtocol !== undefined) qualifiedName(appProtocol, `${p}.appProtocol`, errs);
  }
}

/** Upstream's `ValidateEndpointSlice`. */
export function validateEndpointSlice(slice: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(slice.metadata, 'metadata', errs), { namespaced: true }));
  const addressType = str(slice.addressType, 'addressType', errs);
  endpoints(slice, addressType, errs);
  ports(slice, errs);
  if (!addressType) errs.push(fieldErrors.required('addressType'));
  else if (!ADDRESS_TYPES.includes(addressType))
    errs.push(fieldErrors.notSupported('addressType', addressType, ADDRESS_TYPES));
  return errs;
}

/** Upstream's `ValidateEndpointSliceUpdate`: the address type is immutable. */
export function validateEndpointSliceUpdate(slice: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(slice.metadata), objectMeta(old.metadata));
  const addressType = str(slice.addressType);
  const e2: Errs = [];
  endpoints(slice, addressType, e2);
  ports(slice, e2);
  errs.push(...e2);
  if (addressType !== str(old.addressType))
    errs.push(fieldErrors.invalid('addressType', addressType, 'field is immutable'));
  return errs;
}

/** events.k8s.io/v1 Event creation (strict rules, errors named in the core shape as upstream's are). */
export function validateEventsV1(ev: Obj): Errs {
  return validateEventCreate(eventsV1ToCore(ev), true);
}

/** events.k8s.io/v1 Event update. */
export function validateEventsV1Update(ev: Obj, old: Obj): Errs {
  return validateEventUpdate(eventsV1ToCore(ev), eventsV1ToCore(old), true);
}
