/**
 * admissionregistration.k8s.io/v1 Validating- and MutatingWebhookConfigurations, as upstream's
 * `ValidateValidatingWebhookConfiguration` and `ValidateMutatingWebhookConfiguration` check them:
 * fully qualified unique webhook names, rules, client config (url xor service), side effects,
 * admission review versions, timeouts, policies and selectors.
 */
import { fieldErrors, printed } from '../../machinery/field-errors.js';
import { validateLabelSelector } from '../../machinery/label-selector.js';
import { isDNS1035Label, isDNS1123Subdomain, isValidPortNum } from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import {
  type Errs,
  type Obj,
  goStrs,
  int,
  labelSelector,
  obj,
  objList,
  objectMeta,
  optObj,
  optStr,
  str,
  strList,
} from './util.js';

const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const SCOPES = ['*', 'Cluster', 'Namespaced'];

/** Upstream's `IsFullyQualifiedName`: a DNS subdomain of three or more segments. */
function fullyQualifiedName(name: string, path: string, errs: Errs): void {
  if (!name) return void errs.push(fieldErrors.required(path));
  const msgs = isDNS1123Subdomain(name);
  if (msgs.length) return void errs.push(fieldErrors.invalid(path, name, msgs.join(',')));
  if (name.split('.').length < 3)
    errs.push(fieldErrors.invalid(path, name, 'should be a domain with at least three segments separated by dots'));
}

function resources(list: string[], path: string, errs: Errs): void {
  if (list.length === 0) errs.push(fieldErrors.required(path));
  const wildSub = new Set<string>();
  const wildRes = new Set<string>();
  let double = false;
  let single = false;
  let plain = false;
  list.forEach((rs, i) => {
    if (rs === '') return void errs.push(fieldErrors.required(`${path}[${i}]`));
    if (rs === '*/*') double = true;
    if (rs === '*') single = true;
    const slash = rs.indexOf('/');
    if (slash < 0) {
      plain = rs !== '*';
      return;
    }
    const res = rs.slice(0, slash);
    const sub = rs.slice(slash + 1);
    if (wildSub.has(res))
      errs.push(fieldErrors.invalid(`${path}[${i}]`, rs, `if '${res}/*' is present, must not specify ${rs}`));
    if (wildRes.has(sub))
      errs.push(fieldErrors.invalid(`${path}[${i}]`, rs, `if '*/${sub}' is present, must not specify ${rs}`));
    if (sub === '*') wildSub.add(res);
    if (res === '*') wildRes.add(sub);
  });
  const shown = printed(goStrs(list));
  if (list.length > 1 && double)
    errs.push(fieldErrors.invalid(path, shown, "if '*/*' is present, must not specify other resources"));
  if (single && plain)
    errs.push(
      fieldErrors.invalid(path, shown, "if '*' is present, must not specify other resources without subresources"),
    );
}

function rule(r: Obj, path: string, errs: Errs): void {
  const ops = strList(r.operations, `${path}.operations`, errs);
  if (ops.length === 0) errs.push(fieldErrors.required(`${path}.operations`));
  if (ops.length > 1 && ops.includes('*')) {
    errs.push(
      fieldErrors.invalid(
        `${path}.operations`,
        printed(`[]admissionregistration.OperationType{${ops.map((o) => JSON.stringify(o)).join(', ')}}`),
        "if '*' is present, must not specify other operations",
      ),
    );
  }
  ops.forEach((o, i) => {
    if (!OPERATIONS.includes(o)) errs.push(fieldErrors.notSupported(`${path}.operations[${i}]`, o, OPERATIONS));
  });
  const groups = strList(r.apiGroups, `${path}.apiGroups`, errs);
  if (groups.length === 0) errs.push(fieldErrors.required(`${path}.apiGroups`));
  if (groups.length > 1 && groups.includes('*'))
    errs.push(
      fieldErrors.invalid(
        `${path}.apiGroups`,
        printed(goStrs(groups)),
        "if '*' is present, must not specify other API groups",
      ),
    );
  const versions = strList(r.apiVersions, `${path}.apiVersions`, errs);
  if (versions.length === 0) errs.push(fieldErrors.required(`${path}.apiVersions`));
  if (versions.length > 1 && versions.includes('*')) {
    errs.push(
      fieldErrors.invalid(
        `${path}.apiVersions`,
        printed(goStrs(versions)),
        "if '*' is present, must not specify other API versions",
      ),
    );
  }
  versions.forEach((v, i) => v === '' && errs.push(fieldErrors.required(`${path}.apiVersions[${i}]`)));
  resources(strList(r.resources, `${path}.resources`, errs), `${path}.resources`, errs);
  const scope = optStr(r.scope, `${path}.scope`, errs);
  if (scope !== undefined && !SCOPES.includes(scope))
    errs.push(fieldErrors.notSupported(`${path}.scope`, scope, SCOPES));
}

const FORM = '; desired format: https://host[/path]';

function webhookURL(u: string, path: string, errs: Errs): void {
  let url: URL;
  try {
    url = new URL(u);
  } catch (err) {
    return void errs.push(fieldErrors.required(path, `url must be a valid URL: ${(err as Error).message}${FORM}`));
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'https') errs.push(fieldErrors.invalid(path, scheme, `'https' is the only allowed URL scheme${FORM}`));
  if (!url.host) errs.push(fieldErrors.invalid(path, url.host, `host must be specified${FORM}`));
  if (url.username || url.password) {
    errs.push(
      fieldErrors.invalid(
        path,
        url.password ? `${url.username}:${url.password}` : url.username,
        'user information is not permitted in the URL',
      ),
    );
  }
  if (url.hash.length > 1)
    errs.push(fieldErrors.invalid(path, url.hash.slice(1), 'fragments are not permitted in the URL'));
  if (url.search.length > 1)
    errs.push(fieldErrors.invalid(path, url.search.slice(1), 'query parameters are not permitted in the URL'));
}

function webhookService(s: Obj, path: string, errs: Errs): void {
  if (!str(s.name, `${path}.name`, errs)) errs.push(fieldErrors.required(`${path}.name`, 'service name is required'));
  if (!str(s.namespace, `${path}.namespace`, errs))
    errs.push(fieldErrors.required(`${path}.namespace`, 'service namespace is required'));
  const port = int(s.port, `${path}.port`, errs) ?? 443;
  const portErrs = isValidPortNum(port);
  if (portErrs.length)
    errs.push(fieldErrors.invalid(`${path}.port`, port, `port is not valid: ${portErrs.join(', ')}`));
  const p = optStr(s.path, `${path}.path`, errs);
  if (p === undefined || p === '/' || p === '') return;
  if (p === '//') return void errs.push(fieldErrors.invalid(`${path}.path`, p, 'segment[0] may not be empty'));
  if (!p.startsWith('/')) errs.push(fieldErrors.invalid(`${path}.path`, p, "must start with a '/'"));
  let check = p.slice(1);
  if (check.endsWith('/')) check = check.slice(0, -1);
  check.split('/').forEach((step, i) => {
    if (!step) return void errs.push(fieldErrors.invalid(`${path}.path`, p, `segment[${i}] may not be empty`));
    for (const m of isDNS1123Subdomain(step)) errs.push(fieldErrors.invalid(`${path}.path`, p, `segment[${i}]: ${m}`));
  });
}

function webhook(h: Obj, mutating: boolean, path: string, errs: Errs): void {
  fullyQualifiedName(str(h.name, `${path}.name`, errs), `${path}.name`, errs);
  for (const [r, i] of objList(h.rules, `${path}.rules`, errs)) rule(r, `${path}.rules[${i}]`, errs);
  const fp = optStr(h.failurePolicy, `${path}.failurePolicy`, errs);
  if (fp !== undefined && fp !== 'Fail' && fp !== 'Ignore')
    errs.push(fieldErrors.notSupported(`${path}.failurePolicy`, fp, ['Fail', 'Ignore']));
  const mp = optStr(h.matchPolicy, `${path}.matchPolicy`, errs);
  if (mp !== undefined && mp !== 'Equivalent' && mp !== 'Exact')
    errs.push(fieldErrors.notSupported(`${path}.matchPolicy`, mp, ['Equivalent', 'Exact']));
  for (const f of ['namespaceSelector', 'objectSelector']) {
    const sel = labelSelector(h[f], `${path}.${f}`, errs);
    if (sel) errs.push(...validateLabelSelector(sel, `${path}.${f}`));
  }
  const cc = obj(h.clientConfig, `${path}.clientConfig`, errs);
  const url = optStr(cc.url, `${path}.clientConfig.url`, errs);
  const service = optObj(cc.service, `${path}.clientConfig.service`, errs);
  if ((url === undefined) === (service === undefined))
    errs.push(fieldErrors.required(`${path}.clientConfig`, 'exactly one of url or service is required'));
  else if (url !== undefined) webhookURL(url, `${path}.clientConfig.url`, errs);
  else if (service) webhookService(service, `${path}.clientConfig.service`, errs);
  const se = optStr(h.sideEffects, `${path}.sideEffects`, errs);
  if (se === undefined)
    errs.push(fieldErrors.required(`${path}.sideEffects`, 'must specify one of None, NoneOnDryRun'));
  else if (se !== 'None' && se !== 'NoneOnDryRun')
    errs.push(fieldErrors.notSupported(`${path}.sideEffects`, se, ['None', 'NoneOnDryRun']));
  const timeout = int(h.timeoutSeconds, `${path}.timeoutSeconds`, errs);
  if (timeout !== undefined && (timeout > 30 || timeout < 1)) {
    errs.push(
      fieldErrors.invalid(`${path}.timeoutSeconds`, timeout, 'the timeout value must be between 1 and 30 seconds'),
    );
  }
  if (mutating) {
    const rp = optStr(h.reinvocationPolicy, `${path}.reinvocationPolicy`, errs);
    if (rp !== undefined && rp !== 'Never' && rp !== 'IfNeeded')
      errs.push(fieldErrors.notSupported(`${path}.reinvocationPolicy`, rp, ['IfNeeded', 'Never']));
  }
}

function reviewVersions(v: unknown, path: string, errs: Errs): void {
  const versions = strList(v, path, errs);
  if (versions.length < 1) return void errs.push(fieldErrors.required(path, 'must specify one of v1, v1beta1'));
  const seen = new Set<string>();
  let accepted = false;
  versions.forEach((ver, i) => {
    if (seen.has(ver)) return void errs.push(fieldErrors.invalid(`${path}[${i}]`, ver, 'duplicate version'));
    seen.add(ver);
    for (const m of isDNS1035Label(ver)) errs.push(fieldErrors.invalid(`${path}[${i}]`, ver, m));
    if (ver === 'v1' || ver === 'v1beta1') accepted = true;
  });
  if (!accepted)
    errs.push(fieldErrors.invalid(path, printed(goStrs(versions)), 'must include at least one of v1, v1beta1'));
}

function configuration(c: Obj, mutating: boolean, errs: Errs): void {
  const names = new Set<string>();
  for (const [h, i] of objList(c.webhooks, 'webhooks', errs)) {
    const p = `webhooks[${i}]`;
    const name = str(h.name);
    if (names.has(name)) errs.push(fieldErrors.duplicate(`${p}.name`, name));
    webhook(h, mutating, p, errs);
    reviewVersions(h.admissionReviewVersions, `${p}.admissionReviewVersions`, errs);
    if (name) names.add(name);
  }
}

/** Upstream's validation of a webhook configuration on create. */
export function webhookConfigurationValidator(mutating: boolean) {
  return {
    validate(c: Obj): Errs {
      const errs: Errs = [];
      errs.push(...validateObjectMeta(objectMeta(c.metadata, 'metadata', errs), { namespaced: false }));
      configuration(c, mutating, errs);
      return errs;
    },
    validateUpdate(c: Obj, old: Obj): Errs {
      const errs = validateObjectMetaUpdate(objectMeta(c.metadata), objectMeta(old.metadata));
      errs.push(...validateObjectMeta(objectMeta(c.metadata), { namespaced: false }));
      configuration(c, mutating, errs);
      return errs;
    },
  };
}
