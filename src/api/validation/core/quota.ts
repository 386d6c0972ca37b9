/**
 * LimitRanges and ResourceQuotas, as upstream's `ValidateLimitRange` and `ValidateResourceQuota`
 * (and the update variant: scopes are immutable) check them.
 */
import { fieldErrors, printed } from '../../../machinery/field-errors.js';
import { parseQuantity, type Quantity } from '../../../machinery/quantity.js';
import { isQualifiedName } from '../../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../machinery/validation/object-meta.js';
import { type Errs, type Obj, obj, objList, objectMeta, optObj, str, strList } from '../util.js';
import {
  isOvercommitAllowed,
  resourceList,
  validateContainerResourceName,
  validateQuotaResourceName,
  validateResourceName,
  validateResourceQuantityValue,
} from './resources.js';

const LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);

function limitTypeName(type: string, path: string, errs: Errs): void {
  const msgs = isQualifiedName(type);
  for (const m of msgs) errs.push(fieldErrors.invalid(path, type, m));
  if (!msgs.length && !type.includes('/') && !LIMIT_TYPES.has(type)) {
    errs.push(fieldErrors.invalid(path, type, 'must be a standard limit type or fully qualified'));
  }
}

/** Upstream's `ValidateLimitRange`. */
export function validateLimitRange(lr: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(lr.metadata, 'metadata', errs), { namespaced: true }));
  const types = new Set<string>();
  for (const [limit, i] of objList(obj(lr.spec, 'spec', errs).limits, 'spec.limits', errs)) {
    const p = `spec.limits[${i}]`;
    const type = str(limit.type, `${p}.type`, errs);
    limitTypeName(type, `${p}.type`, errs);
    if (types.has(type)) errs.push(fieldErrors.duplicate(`${p}.type`, type));
    types.add(type);
    const nameCheck = (name: string, path: string) =>
      type === 'Pod' || type === 'Container'
        ? validateContainerResourceName(name, path, errs)
        : void validateResourceName(name, path, errs);
    const lists: Record<string, Map<string, Quantity>> = {};
    const keys = new Set<string>();
    const read = (field: string) => {
      const m = resourceList(limit[field], `${p}.${field}`, errs);
      for (const k of m.keys()) {
        nameCheck(k, `${p}.${field}[${k}]`);
        keys.add(k);
      }
      lists[field] = m;
    };
    read('max');
    read('min');
    if (type === 'Pod') {
      for (const f of ['default', 'defaultRequest']) {
        if (Object.keys(obj(limit[f])).length > 0)
          errs.push(fieldErrors.forbidden(`${p}.${f}`, "may not be specified when `type` is 'Pod'"));
      }
      lists.default = new Map();
      lists.defaultRequest = new Map();
    } else {
      read('default');
      read('defaultRequest');
    }
    if (type === 'PersistentVolumeClaim' && !lists.min.has('storage') && !lists.max.has('storage')) {
      errs.push(
        fieldErrors.required(
          `${p}.limits`,
          'either minimum or maximum storage value is required, but neither was provided',
        ),
      );
    }
    read('maxLimitRequestRatio');
    for (const k of keys) {
      const min = lists.min.get(k);
      const max = lists.max.get(k);
      const def = lists.default.get(k);
      const defReq = lists.defaultRequest.get(k);
      const ratio = lists.maxLimitRequestRatio.get(k);
      const shown = (q: Quantity) => printed(q.toString());
      if (min && max && min.cmp(max) > 0) {
        errs.push(
          fieldErrors.invalid(`${p}.min[${k}]`, shown(min), `min value ${min} is greater than max value ${max}`),
        );
      }
      if (defReq && min && min.cmp(defReq) > 0) {
        errs.push(
          fieldErrors.invalid(
            `${p}.defaultRequest[${k}]`,
            shown(defReq),
            `min value ${min} is greater than default request value ${defReq}`,
          ),
        );
      }
      if (defReq && max && defReq.cmp(max) > 0) {
        errs.push(
          fieldErrors.invalid(
            `${p}.defaultRequest[${k}]`,
            shown(defReq),
            `default request value ${defReq} is greater than max value ${max}`,
          ),
        );
      }
      if (defReq && def && defReq.cmp(def) > 0) {
        errs.push(
          fieldErrors.invalid(
            `${p}.defaultRequest[${k}]`,
            shown(defReq),
            `default request value ${defReq} is greater than default limit value ${def}`,
          ),
        );
      }
      if (def && min && min.cmp(def) > 0) {
        errs.push(
          fieldErrors.invalid(
            `${p}.default[${k}]`,
            shown(min),
            `min value ${min} is greater than default value ${def}`,
          ),
        );
      }
      if (def && max && def.cmp(max) > 0) {
        errs.push(
          fieldErrors.invalid(
            `${p}.default[${k}]`,
            shown(max),
            `default value ${def} is greater than max value ${max}`,
          ),
        );
      }
      if (ratio && ratio.cmp(ONE) < 0) {
        errs.push(
          fieldErrors.invalid(`${p}.maxLimitRequestRatio[${k}]`, shown(ratio), `ratio ${ratio} is less than 1`),
        );
      }
      if (!isOvercommitAllowed(k) && def && defReq && def.cmp(defReq) !== 0) {
        errs.push(
          fieldErrors.invalid(
            `${p}.defaultRequest[${k}]`,
            shown(defReq),
            `default value ${def} must equal to defaultRequest value ${defReq} in ${k}`,
          ),
        );
      }
    }
  }
  return errs;
}

const ONE = parseQuantity('1');

const SCOPES = new Set([
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
]);

function quotaSpec(spec: Obj, path: string, errs: Errs): void {
  for (const [k, q] of resourceList(spec.hard, `${path}.hard`, errs)) {
    validateQuotaResourceName(k, `${path}.hard[${k}]`, errs);
    validateResourceQuantityValue(k, q, `${path}.hard[${k}]`, errs);
  }
  const scopes = strList(spec.scopes, `${path}.scopes`, errs);
  const shownScopes = printed(`[]core.ResourceQuotaScope{${scopes.map((s) => JSON.stringify(s)).join(', ')}}`);
  for (const s of scopes)
    if (!SCOPES.has(s)) errs.push(fieldErrors.invalid(`${path}.scopes`, shownScopes, 'unsupported scope'));
  const conflict = (set: Set<string>) =>
    (set.has('BestEffort') && set.has('NotBestEffort')) || (set.has('Terminating') && set.has('NotTerminating'));
  if (conflict(new Set(scopes))) errs.push(fieldErrors.invalid(`${path}.scopes`, shownScopes, 'conflicting scopes'));
  const sel = optObj(spec.scopeSelector, `${path}.scopeSelector`, errs);
  if (!sel) return;
  const mp = `${path}.scopeSelector.matchExpressions`;
  const names = new Set<string>();
  for (const [req] of objList(sel.matchExpressions, mp, errs)) {
    const scope = str(req.scopeName);
    const op = str(req.operator);
    const values = strList(req.values);
    if (!SCOPES.has(scope)) errs.push(fieldErrors.invalid(`${mp}.scopeName`, scope, 'unsupported scope'));
    if (
      ['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating', 'CrossNamespacePodAffinity'].includes(scope) &&
      op !== 'Exists'
    ) {
      errs.push(
        fieldErrors.invalid(
          `${mp}.operator`,
          op,
          "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
        ),
      );
    }
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) {
        errs.push(
          fieldErrors.required(
            `${mp}.values`,
            "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
          ),
        );
      }
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length !== 0) {
        errs.push(
          fieldErrors.invalid(
            `${mp}.values`,
            values,
            "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
          ),
        );
      }
    } else errs.push(fieldErrors.invalid(`${mp}.operator`, op, 'not a valid selector operator'));
    names.add(scope);
  }
  if (conflict(names)) errs.push(fieldErrors.invalid(mp, shownScopes, 'conflicting scopes'));
}

/** Upstream's `ValidateResourceQuota`. */
export function validateResourceQuota(rq: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(rq.metadata, 'metadata', errs), { namespaced: true }));
  quotaSpec(obj(rq.spec, 'spec', errs), 'spec', errs);
  const status = obj(rq.status);
  for (const f of ['hard', 'used']) {
    for (const [k, q] of resourceList(status[f], `status.${f}`, errs)) {
      validateQuotaResourceName(k, `status.${f}[${k}]`, errs);
      validateResourceQuantityValue(k, q, `status.${f}[${k}]`, errs);
    }
  }
  return errs;
}

/** Upstream's `ValidateResourceQuotaUpdate`: the spec again, scopes unchanged. */
export function validateResourceQuotaUpdate(rq: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(rq.metadata), objectMeta(old.metadata));
  quotaSpec(obj(rq.spec), 'spec', errs);
  const n = new Set(strList(obj(rq.spec).scopes));
  const o = new Set(strList(obj(old.spec).scopes));
  if (n.size !== o.size || [...n].some((s) => !o.has(s))) {
    errs.push(fieldErrors.invalid('spec.scopes', strList(obj(rq.spec).scopes), 'field is immutable'));
  }
  return errs;
}
