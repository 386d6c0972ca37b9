/**
 * networking.k8s.io/v1 Ingresses and IngressClasses, as upstream's
 * `pkg/apis/networking/validation` checks them.
 */
import { fieldErrors, printed } from '../../machinery/field-errors.js';
import { regexError } from '../../machinery/validation/messages.js';
import { parseIPSloppy } from '../../machinery/validation/ip.js';
import {
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  nameIsDNSSubdomain,
  validatePathSegmentName,
} from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import { type Errs, type Obj, int, obj, objList, objectMeta, optObj, optStr, str, strList } from './util.js';

function typedRef(ref: Obj, path: string, errs: Errs): void {
  const group = optStr(ref.apiGroup, `${path}.apiGroup`, errs);
  if (group !== undefined)
    for (const m of isDNS1123Subdomain(group)) errs.push(fieldErrors.invalid(`${path}.apiGroup`, group, m));
  for (const f of ['kind', 'name']) {
    const v = str(ref[f], `${path}.${f}`, errs);
    if (!v) errs.push(fieldErrors.required(`${path}.${f}`, `${f} is required`));
    else for (const m of validatePathSegmentName(v, false)) errs.push(fieldErrors.invalid(`${path}.${f}`, v, m));
  }
}

function backend(b: Obj, path: string, errs: Errs): void {
  const resource = optObj(b.resource, `${path}.resource`, errs);
  const service = optObj(b.service, `${path}.service`, errs);
  if (resource && service)
    return void errs.push(fieldErrors.invalid(path, '', 'cannot set both resource and service backends'));
  if (resource) return typedRef(resource, `${path}.resource`, errs);
  if (!service) return void errs.push(fieldErrors.invalid(path, '', 'resource or service backend is required'));
  const name = str(service.name, `${path}.service.name`, errs);
  if (!name) errs.push(fieldErrors.required(`${path}.service.name`));
  else for (const m of nameIsDNS1035Label(name, false)) errs.push(fieldErrors.invalid(`${path}.service.name`, name, m));
  const port = obj(service.port, `${path}.service.port`, errs);
  const portName = str(port.name, `${path}.service.port.name`, errs);
  const number = int(port.number, `${path}.service.port.number`, errs) ?? 0;
  if (portName && number) errs.push(fieldErrors.invalid(path, '', 'cannot set both port name & port number'));
  else if (portName)
    for (const m of isValidPortName(portName)) errs.push(fieldErrors.invalid(`${path}.service.port.name`, portName, m));
  else if (number)
    for (const m of isValidPortNum(number)) errs.push(fieldErrors.invalid(`${path}.service.port.number`, number, m));
  else errs.push(fieldErrors.required(path, 'port name or number is required'));
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const BAD_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const BAD_SUFFIXES = ['/..', '/.'];

function httpPath(p: Obj, path: string, errs: Errs): void {
  const type = optStr(p.pathType, `${path}.pathType`, errs);
  if (type === undefined) return void errs.push(fieldErrors.required(`${path}.pathType`, 'pathType must be specified'));
  const value = str(p.path, `${path}.path`, errs);
  if (type === 'Exact' || type === 'Prefix') {
    if (!value.startsWith('/')) errs.push(fieldErrors.invalid(`${path}.path`, value, 'must be an absolute path'));
    if (value) {
      for (const seq of BAD_SEQUENCES)
        if (value.includes(seq)) errs.push(fieldErrors.invalid(`${path}.path`, value, `must not contain '${seq}'`));
      for (const suf of BAD_SUFFIXES)
        if (value.endsWith(suf)) errs.push(fieldErrors.invalid(`${path}.path`, value, `cannot end with '${suf}'`));
    }
  } else if (type === 'ImplementationSpecific') {
    if (value && !value.startsWith('/'))
      errs.push(fieldErrors.invalid(`${path}.path`, value, 'must be an absolute path'));
  } else errs.push(fieldErrors.notSupported(`${path}.pathType`, type, PATH_TYPES));
  backend(obj(p.backend, `${path}.backend`, errs), `${path}.backend`, errs);
}

function hostErrors(host: string, path: string, errs: Errs): void {
  const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
  for (const m of msgs) errs.push(fieldErrors.invalid(path, host, m));
}

function ingressSpec(spec: Obj, errs: Errs): void {
  const rules = objList(spec.rules, 'spec.rules', errs);
  const def = optObj(spec.defaultBackend, 'spec.defaultBackend', errs);
  if (rules.length === 0 && !def) {
    const shown = printed(Array.isArray(spec.rules) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)');
    errs.push(fieldErrors.invalid('spec', shown, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (def) backend(def, 'spec.defaultBackend', errs);
  for (const [rule, i] of rules) {
    const host = str(rule.host, `spec.rules[${i}].host`, errs);
    if (host) {
      if (parseIPSloppy(host))
        errs.push(fieldErrors.invalid(`spec.rules[${i}].host`, host, 'must be a DNS name, not an IP address'));
      hostErrors(host, `spec.rules[${i}].host`, errs);
    }
    const http = optObj(rule.http, `spec.rules[${i}].http`, errs);
    if (!http) continue;
    const paths = objList(http.paths, `spec.rules[${i}].http.paths`, errs);
    if (paths.length === 0) errs.push(fieldErrors.required(`spec.rules[${i}].http.paths`));
    for (const [p, j] of paths) httpPath(p, `spec.rules[${i}].http.paths[${j}]`, errs);
  }
  for (const [tls, i] of objList(spec.tls, 'spec.tls', errs)) {
    strList(tls.hosts, `spec.tls[${i}].hosts`, errs).forEach((h, j) =>
      hostErrors(h, `spec.tls[${i}].hosts[${j}]`, errs),
    );
    const secret = str(tls.secretName, `spec.tls[${i}].secretName`, errs);
    if (secret)
      for (const m of nameIsDNSSubdomain(secret, false))
        errs.push(fieldErrors.invalid(`spec.tls[${i}].secretName`, secret, m));
  }
  const cls = optStr(spec.ingressClassName, 'spec.ingressClassName', errs);
  if (cls !== undefined)
    for (const m of nameIsDNSSubdomain(cls, false)) errs.push(fieldErrors.invalid('spec.ingressClassName', cls, m));
}

const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** Upstream's `ValidateIngressCreate`. */
export function validateIngress(ing: Obj): Errs {
  const errs: Errs = [];
  const meta = objectMeta(ing.metadata, 'metadata', errs);
  errs.push(...validateObjectMeta(meta, { namespaced: true }));
  const spec = obj(ing.spec, 'spec', errs);
  ingressSpec(spec, errs);
  const annotation = meta.annotations?.[CLASS_ANNOTATION];
  const cls = optStr(spec.ingressClassName);
  if (annotation !== undefined && cls !== undefined && annotation !== cls) {
    errs.push(
      fieldErrors.invalid(
        `annotations.${CLASS_ANNOTATION}`,
        annotation,
        'must match `ingressClassName` when both are specified',
      ),
    );
  }
  return errs;
}

/** Upstream's `ValidateIngressUpdate`. */
export function validateIngressUpdate(ing: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(ing.metadata), objectMeta(old.metadata));
  ingressSpec(obj(ing.spec), errs);
  return errs;
}

const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

/** Upstream's `IsDomainPrefixedPath` (`example.com/controller`). */
function domainPrefixedPath(value: string, path: string, errs: Errs): void {
  if (!value) return void errs.push(fieldErrors.required(path));
  const at = value.indexOf('/');
  if (at <= 0 || at === value.length - 1) {
    return void errs.push(fieldErrors.invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")'));
  }
  const host = value.slice(0, at);
  for (const m of isDNS1123Subdomain(host)) errs.push(fieldErrors.invalid(path, host, m));
  const rest = value.slice(at + 1);
  if (!new RegExp(`^${HTTP_PATH_FMT}$`).test(rest))
    errs.push(fieldErrors.invalid(path, rest, regexError('Invalid path', HTTP_PATH_FMT)));
}

function ingressClassSpec(spec: Obj, errs: Errs): void {
  const controller = str(spec.controller, 'spec.controller', errs);
  if (Buffer.byteLength(controller) > 250) errs.push(fieldErrors.tooLong('spec.controller', '', 250));
  domainPrefixedPath(controller, 'spec.controller', errs);
  const params = optObj(spec.parameters, 'spec.parameters', errs);
  if (!params) return;
  const p = 'spec.parameters';
  typedRef(params, p, errs);
  const scope = optStr(params.scope, `${p}.scope`, errs);
  const ns = optStr(params.namespace, `${p}.namespace`, errs);
  if (scope === undefined) return void errs.push(fieldErrors.required(`${p}.scope`, ''));
  if (scope !== 'Cluster' && scope !== 'Namespace') {
    return void errs.push(fieldErrors.notSupported(`${p}.scope`, scope, ['Cluster', 'Namespace']));
  }
  if (scope === 'Namespace' && ns === undefined)
    errs.push(fieldErrors.required(`${p}.namespace`, '`parameters.scope` is set to "Namespace"'));
  if (scope === 'Cluster' && ns !== undefined)
    errs.push(fieldErrors.forbidden(`${p}.namespace`, '`parameters.scope` is set to "Cluster"'));
}

/** Upstream's `ValidateIngressClass`. */
export function validateIngressClass(ic: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(ic.metadata, 'metadata', errs), { namespaced: false }));
  ingressClassSpec(obj(ic.spec, 'spec', errs), errs);
  return errs;
}

/** Upstream's `ValidateIngressClassUpdate`: the controller is immutable. */
export function validateIngressClassUpdate(ic: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(ic.metadata), objectMeta(old.metadata));
  const controller = str(obj(ic.spec).controller);
  if (controller !== str(obj(old.spec).controller))
    errs.push(fieldErrors.invalid('spec.controller', controller, 'field is immutable'));
  return [...errs, ...validateIngressClass(ic)];
}
