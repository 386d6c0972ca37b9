/**
 * Service updates, as upstream's `ValidateServiceUpdate` checks them: clusterIPs and ipFamilies may
 * only gain or drop a secondary entry, the load balancer class and health check port stay, and the
 * new object passes create validation.
 */
import { fieldErrors, printed } from '../../../machinery/field-errors.js';
import { validateObjectMetaUpdate } from '../../../machinery/validation/object-meta.js';
import { type Errs, type Obj, goStrs, int, obj, objectMeta, optStr, str, strList } from '../util.js';
import { isHeadless, validateService } from './service.js';

function clusterIPUpdates(spec: Obj, old: Obj, errs: Errs): void {
  if (str(spec.type) === 'ExternalName' || str(old.type) === 'ExternalName') return;
  if (isHeadless(spec) && isHeadless(old)) return;
  const n = strList(spec.clusterIPs);
  const o = strList(old.clusterIPs);
  const shown = printed(goStrs(n));
  if (o.length === n.length) {
    o.forEach((ip, i) => {
      if (ip !== n[i]) errs.push(fieldErrors.invalid(`spec.clusterIPs[${i}]`, shown, 'may not change once set'));
    });
  } else if (o.length > n.length) {
    if (n.length === 0)
      errs.push(fieldErrors.invalid('spec.clusterIPs[0]', shown, 'primary clusterIP can not be unset'));
    if (o.length > 0 && n.length > 0 && n[0] !== o[0])
      errs.push(fieldErrors.invalid('spec.clusterIPs[0]', shown, 'may not change once set'));
    if (n.length === 1 && str(spec.ipFamilyPolicy) !== 'SingleStack') {
      errs.push(
        fieldErrors.invalid(
          'spec.ipFamilyPolicy',
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (o.length > 0 && n[0] !== o[0]) {
    errs.push(fieldErrors.invalid('spec.clusterIPs[0]', shown, 'may not change once set'));
  }
}

function familyUpdates(spec: Obj, old: Obj, errs: Errs): void {
  if (str(spec.type) === 'ExternalName' || str(old.type) === 'ExternalName') return;
  if (isHeadless(spec) !== isHeadless(old) || isHeadless(spec)) return;
  const n = strList(spec.ipFamilies);
  const o = strList(old.ipFamilies);
  const shownFamilies = printed(`[]core.IPFamily{${n.map((f) => JSON.stringify(f)).join(', ')}}`);
  const shownIPs = printed(goStrs(strList(spec.clusterIPs)));
  if (o.length === n.length) {
    o.forEach((f, i) => {
      if (f !== n[i]) errs.push(fieldErrors.invalid('spec.ipFamilies[0]', shownFamilies, 'may not change once set'));
    });
  } else if (o.length > n.length) {
    if (strList(spec.clusterIPs).length === 0)
      errs.push(fieldErrors.invalid('spec.ipFamilies[0]', shownFamilies, 'primary ipFamily can not be unset'));
    if (n.length > 0 && n[0] !== o[0])
      errs.push(fieldErrors.invalid('spec.ipFamilies[0]', shownIPs, 'may not change once set'));
    if (n.length === 1 && str(spec.ipFamilyPolicy) !== 'SingleStack') {
      errs.push(
        fieldErrors.invalid(
          'spec.ipFamilyPolicy',
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (o.length > 0 && n.length > 0 && n[0] !== o[0]) {
    errs.push(fieldErrors.invalid('spec.ipFamilies[0]', shownIPs, 'may not change once set'));
  }
}

/** Upstream's `ValidateServiceUpdate`. */
export function validateServiceUpdate(svc: Obj, old: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMetaUpdate(objectMeta(svc.metadata), objectMeta(old.metadata)));
  const spec = obj(svc.spec);
  const oldSpec = obj(old.spec);
  clusterIPUpdates(spec, oldSpec, errs);
  familyUpdates(spec, oldSpec, errs);
  if (
    str(spec.type) === 'LoadBalancer' &&
    str(oldSpec.type) === 'LoadBalancer' &&
    optStr(spec.loadBalancerClass) !== optStr(oldSpec.loadBalancerClass)
  ) {
    errs.push(fieldErrors.invalid('spec.loadBalancerClass', spec.loadBalancerClass ?? null, 'may not change once set'));
  }
  const needsHC = (s: Obj) => str(s.type) === 'LoadBalancer' && str(s.externalTrafficPolicy) === 'Local';
  if (
    needsHC(spec) &&
    needsHC(oldSpec) &&
    (int(spec.healthCheckNodePort) ?? 0) !== (int(oldSpec.healthCheckNodePort) ?? 0)
  ) {
    errs.push(fieldErrors.forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  errs.push(...validateService(svc));
  return errs;
}
