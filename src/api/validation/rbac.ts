/**
 * rbac.authorization.k8s.io/v1: Roles, ClusterRoles, RoleBindings and ClusterRoleBindings, as
 * upstream's `pkg/apis/rbac/validation` checks them (names are path segments; a binding's roleRef
 * can never change).
 */
import { fieldErrors, printed } from '../../machinery/field-errors.js';
import { validateLabelSelector } from '../../machinery/label-selector.js';
import { nameIsDNSSubdomain, validatePathSegmentName } from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import { type Errs, type Obj, goStrs, labelSelector, obj, objList, objectMeta, optObj, str, strList } from './util.js';

const GROUP = 'rbac.authorization.k8s.io';

function policyRule(rule: Obj, namespaced: boolean, path: string, errs: Errs): void {
  if (strList(rule.verbs, `${path}.verbs`, errs).length === 0) {
    errs.push(fieldErrors.required(`${path}.verbs`, 'verbs must contain at least one value'));
  }
  const urls = strList(rule.nonResourceURLs, `${path}.nonResourceURLs`, errs);
  const groups = strList(rule.apiGroups, `${path}.apiGroups`, errs);
  const resources = strList(rule.resources, `${path}.resources`, errs);
  const names = strList(rule.resourceNames, `${path}.resourceNames`, errs);
  if (urls.length > 0) {
    const shown = printed(goStrs(urls));
    if (namespaced)
      errs.push(
        fieldErrors.invalid(`${path}.nonResourceURLs`, shown, 'namespaced rules cannot apply to non-resource URLs'),
      );
    if (groups.length || resources.length || names.length) {
      errs.push(
        fieldErrors.invalid(
          `${path}.nonResourceURLs`,
          shown,
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    }
    return;
  }
  if (groups.length === 0)
    errs.push(fieldErrors.required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (resources.length === 0)
    errs.push(fieldErrors.required(`${path}.resources`, 'resource rules must supply at least one resource'));
}

const meta = (o: Obj, namespaced: boolean, errs: Errs) =>
  validateObjectMeta(objectMeta(o.metadata, 'metadata', errs), { namespaced, nameValidator: validatePathSegmentName });
const metaUpdate = (o: Obj, old: Obj) => validateObjectMetaUpdate(objectMeta(o.metadata), objectMeta(old.metadata));

/** Upstream's `ValidateRole`. */
export function validateRole(role: Obj): Errs {
  const errs: Errs = [];
  errs.push(...meta(role, true, errs));
  for (const [r, i] of objList(role.rules, 'rules', errs)) policyRule(r, true, `rules[${i}]`, errs);
  return errs;
}

/** Upstream's `ValidateRoleUpdate`. */
export function validateRoleUpdate(role: Obj, old: Obj): Errs {
  return [...validateRole(role), ...metaUpdate(role, old)];
}

/** Upstream's `ValidateClusterRole`, with its aggregation rule. */
export function validateClusterRole(role: Obj): Errs {
  const errs: Errs = [];
  errs.push(...meta(role, false, errs));
  for (const [r, i] of objList(role.rules, 'rules', errs)) policyRule(r, false, `rules[${i}]`, errs);
  const agg = optObj(role.aggregationRule, 'aggregationRule', errs);
  if (agg) {
    const selectors = objList(agg.clusterRoleSelectors, 'aggregationRule.clusterRoleSelectors', errs);
    if (selectors.length === 0) {
      errs.push(
        fieldErrors.required(
          'aggregationRule.clusterRoleSelectors',
          'at least one clusterRoleSelector required if aggregationRule is non-nil',
        ),
      );
    }
    for (const [s, i] of selectors) {
      const p = `aggregationRule.clusterRoleSelectors[${i}]`;
      errs.push(...validateLabelSelector(labelSelector(s, p, errs), p));
    }
  }
  return errs;
}

/** Upstream's `ValidateClusterRoleUpdate`. */
export function validateClusterRoleUpdate(role: Obj, old: Obj): Errs {
  return [...validateClusterRole(role), ...metaUpdate(role, old)];
}

function subject(s: Obj, namespaced: boolean, path: string, errs: Errs): void {
  const name = str(s.name, `${path}.name`, errs);
  const apiGroup = str(s.apiGroup, `${path}.apiGroup`, errs);
  if (!name) errs.push(fieldErrors.required(`${path}.name`));
  switch (str(s.kind, `${path}.kind`, errs)) {
    case 'ServiceAccount':
      if (name)
        for (const m of nameIsDNSSubdomain(name, false)) errs.push(fieldErrors.invalid(`${path}.name`, name, m));
      if (apiGroup) errs.push(fieldErrors.notSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && !str(s.namespace)) errs.push(fieldErrors.required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== GROUP) errs.push(fieldErrors.notSupported(`${path}.apiGroup`, apiGroup, [GROUP]));
      break;
    default:
      errs.push(fieldErrors.notSupported(`${path}.kind`, str(s.kind), ['ServiceAccount', 'User', 'Group']));
  }
}

function binding(b: Obj, namespaced: boolean, errs: Errs): void {
  const ref = obj(b.roleRef, 'roleRef', errs);
  const group = str(ref.apiGroup, 'roleRef.apiGroup', errs);
  if (group !== GROUP) errs.push(fieldErrors.notSupported('roleRef.apiGroup', group, [GROUP]));
  const kind = str(ref.kind, 'roleRef.kind', errs);
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(kind)) errs.push(fieldErrors.notSupported('roleRef.kind', kind, kinds));
  const name = str(ref.name, 'roleRef.name', errs);
  if (!name) errs.push(fieldErrors.required('roleRef.name'));
  else for (const m of validatePathSegmentName(name, false)) errs.push(fieldErrors.invalid('roleRef.name', name, m));
  for (const [s, i] of objList(b.subjects, 'subjects', errs)) subject(s, namespaced, `subjects[${i}]`, errs);
}

/** Go's `%#v` of an rbac.RoleRef. */
const goRoleRef = (ref: Obj) =>
  `rbac.RoleRef{APIGroup:${JSON.stringify(str(ref.apiGroup))}, Kind:${JSON.stringify(str(ref.kind))}, Name:${JSON.stringify(str(ref.name))}}`;

function roleRefImmutable(b: Obj, old: Obj, errs: Errs): void {
  const n = obj(b.roleRef);
  const o = obj(old.roleRef);
  if (['apiGroup', 'kind', 'name'].some((f) => str(n[f]) !== str(o[f]))) {
    errs.push(fieldErrors.invalid('roleRef', printed(goRoleRef(n)), 'cannot change roleRef'));
  }
}

/** Upstream's `ValidateRoleBinding`. */
export function validateRoleBinding(b: Obj): Errs {
  const errs: Errs = [];
  errs.push(...meta(b, true, errs));
  binding(b, true, errs);
  return errs;
}

/** Upstream's `ValidateRoleBindingUpdate`: roleRef is immutable. */
export function validateRoleBindingUpdate(b: Obj, old: Obj): Errs {
  const errs = [...validateRoleBinding(b), ...metaUpdate(b, old)];
  roleRefImmutable(b, old, errs);
  return errs;
}

/** Upstream's `ValidateClusterRoleBinding`. */
export function validateClusterRoleBinding(b: Obj): Errs {
  const errs: Errs = [];
  errs.push(...meta(b, false, errs));
  binding(b, false, errs);
  return errs;
}

/** Upstream's `ValidateClusterRoleBindingUpdate`: roleRef is immutable. */
export function validateClusterRoleBindingUpdate(b: Obj, old: Obj): Errs {
  const errs = [...validateClusterRoleBinding(b), ...metaUpdate(b, old)];
  roleRefImmutable(b, old, errs);
  return errs;
}
