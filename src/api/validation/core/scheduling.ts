/**
 * Where a pod may run: tolerations, node and pod (anti-)affinity, topology spread constraints and
 * node selector terms, as upstream's `ValidateTolerations`, `validateAffinity`,
 * `ValidateNodeSelector` and `validateTopologySpreadConstraints` check them.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { validateLabelName, validateLabelSelector } from '../../../machinery/label-selector.js';
import { isValidLabelValue, nameIsDNSSubdomain, validateNamespaceName } from '../../../machinery/validation/names.js';
import { type Errs, type Obj, int, labelSelector, objList, optObj, optStr, str, strList } from '../util.js';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Upstream's `validateTaintEffect`. */
export function validateTaintEffect(effect: string, allowEmpty: boolean, path: string, errs: Errs): void {
  if (!allowEmpty && effect === '') return void errs.push(fieldErrors.required(path));
  if (!TAINT_EFFECTS.includes(effect)) errs.push(fieldErrors.notSupported(path, effect, TAINT_EFFECTS));
}

/** Upstream's `ValidateTolerations`. */
export function validateTolerations(v: unknown, path: string, errs: Errs): void {
  for (const [t, i] of objList(v, path, errs)) {
    const p = `${path}[${i}]`;
    const key = str(t.key, `${p}.key`, errs);
    const operator = str(t.operator, `${p}.operator`, errs);
    const value = str(t.value, `${p}.value`, errs);
    const effect = str(t.effect, `${p}.effect`, errs);
    if (key) errs.push(...validateLabelName(key, `${p}.key`));
    if (!key && operator !== 'Exists') {
      errs.push(
        fieldErrors.invalid(
          `${p}.operator`,
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (int(t.tolerationSeconds, `${p}.tolerationSeconds`, errs) !== undefined && effect !== 'NoExecute') {
      errs.push(
        fieldErrors.invalid(`${p}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      );
    }
    switch (operator) {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(value);
        if (msgs.length) errs.push(fieldErrors.invalid(`${p}.operator`, value, msgs.join(';')));
        break;
      }
      case 'Exists':
        if (value)
          errs.push(fieldErrors.invalid(`${p}.operator`, value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(fieldErrors.notSupported(`${p}.operator`, operator, ['Equal', 'Exists']));
    }
    if (effect) validateTaintEffect(effect, true, `${p}.effect`, errs);
  }
}

/** Upstream's `ValidateNodeSelectorRequirement`. */
function nodeSelectorRequirement(r: Obj, allowInvalidValues: boolean, path: string, errs: Errs): void {
  const operator = str(r.operator, `${path}.operator`, errs);
  const values = strList(r.values, `${path}.values`, errs);
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        errs.push(fieldErrors.required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(
          fieldErrors.forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      }
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) {
        errs.push(
          fieldErrors.required(`${path}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"),
        );
      }
      break;
    default:
      errs.push(fieldErrors.invalid(`${path}.operator`, operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(r.key, `${path}.key`, errs), `${path}.key`));
  if (!allowInvalidValues) {
    values.forEach((v, i) => {
      for (const m of isValidLabelValue(v)) errs.push(fieldErrors.invalid(`${path}.values[${i}]`, v, m));
    });
  }
}

/** Upstream's `ValidateNodeFieldSelectorRequirement` (only `metadata.name` may be matched). */
function nodeFieldSelectorRequirement(r: Obj, path: string, errs: Errs): void {
  const operator = str(r.operator, `${path}.operator`, errs);
  const values = strList(r.values, `${path}.values`, errs);
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length !== 1) {
      errs.push(
        fieldErrors.required(
          `${path}.values`,
          "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
        ),
      );
    }
  } else errs.push(fieldErrors.invalid(`${path}.operator`, operator, 'not a valid selector operator'));
  const key = str(r.key, `${path}.key`, errs);
  if (key !== 'metadata.name') errs.push(fieldErrors.invalid(`${path}.key`, key, 'not a valid field selector key'));
  else {
    values.forEach((v, i) => {
      for (const m of nameIsDNSSubdomain(v, false)) errs.push(fieldErrors.invalid(`${path}.values[${i}]`, v, m));
    });
  }
}

/** Upstream's `ValidateNodeSelectorTerm`. */
export function validateNodeSelectorTerm(t: Obj, allowInvalidValues: boolean, path: string, errs: Errs): void {
  for (const [r, j] of objList(t.matchExpressions, `${path}.matchExpressions`, errs)) {
    nodeSelectorRequirement(r, allowInvalidValues, `${path}.matchExpressions[${j}]`, errs);
  }
  for (const [r, j] of objList(t.matchFields, `${path}.matchFields`, errs)) {
    nodeFieldSelectorRequirement(r, `${path}.matchFields[${j}]`, errs);
  }
}

/** Upstream's `ValidateNodeSelector`: at least one term. */
export function validateNodeSelector(ns: Obj, allowInvalidValues: boolean, path: string, errs: Errs): void {
  const terms = objList(ns.nodeSelectorTerms, `${path}.nodeSelectorTerms`, errs);
  if (terms.length === 0) {
    return void errs.push(
      fieldErrors.required(`${path}.nodeSelectorTerms`, 'must have at least one node selector term'),
    );
  }
  for (const [t, i] of terms) validateNodeSelectorTerm(t, allowInvalidValues, `${path}.nodeSelectorTerms[${i}]`, errs);
}

function labelKeys(keys: string[], selectorSet: boolean, path: string, errs: Errs): void {
  if (keys.length === 0) return;
  if (!selectorSet)
    return void errs.push(fieldErrors.forbidden(path, 'must not be specified when labelSelector is not set'));
  keys.forEach((k, i) => errs.push(...validateLabelName(k, `${path}[${i}]`)));
}

function podAffinityTerm(t: Obj, path: string, errs: Errs): void {
  const sel = labelSelector(t.labelSelector, `${path}.labelSelector`, errs);
  errs.push(...validateLabelSelector(sel, `${path}.labelSelector`));
  const nsSel = labelSelector(t.namespaceSelector, `${path}.namespaceSelector`, errs);
  errs.push(...validateLabelSelector(nsSel, `${path}.namespaceSelector`));
  for (const ns of strList(t.namespaces, `${path}.namespaces`, errs)) {
    for (const m of validateNamespaceName(ns, false)) errs.push(fieldErrors.invalid(`${path}.namespace`, ns, m));
  }
  const match = strList(t.matchLabelKeys, `${path}.matchLabelKeys`, errs);
  const mismatch = strList(t.mismatchLabelKeys, `${path}.mismatchLabelKeys`, errs);
  labelKeys(match, !!sel, `${path}.matchLabelKeys`, errs);
  labelKeys(mismatch, !!sel, `${path}.mismatchLabelKeys`, errs);
  match.forEach((k, i) => {
    if (mismatch.includes(k)) {
      errs.push(
        fieldErrors.invalid(`${path}.matchLabelKeys[${i}]`, k, 'exists in both matchLabelKeys and mismatchLabelKeys'),
      );
    }
  });
  const topologyKey = str(t.topologyKey, `${path}.topologyKey`, errs);
  if (!topologyKey) errs.push(fieldErrors.required(`${path}.topologyKey`, 'can not be empty'));
  errs.push(...validateLabelName(topologyKey, `${path}.topologyKey`));
}

function weight(v: unknown, path: string, errs: Errs): void {
  const w = int(v, path, errs) ?? 0;
  if (w <= 0 || w > 100) errs.push(fieldErrors.invalid(path, w, 'must be in the range 1-100'));
}

function podAffinity(a: Obj, path: string, errs: Errs): void {
  const req = `${path}.requiredDuringSchedulingIgnoredDuringExecution`;
  for (const [t, i] of objList(a.requiredDuringSchedulingIgnoredDuringExecution, req, errs)) {
    podAffinityTerm(t, `${req}[${i}]`, errs);
  }
  const pref = `${path}.preferredDuringSchedulingIgnoredDuringExecution`;
  for (const [t, i] of objList(a.preferredDuringSchedulingIgnoredDuringExecution, pref, errs)) {
    weight(t.weight, `${pref}[${i}].weight`, errs);
    podAffinityTerm(optObj(t.podAffinityTerm) ?? {}, `${pref}[${i}].podAffinityTerm`, errs);
  }
}

/** Upstream's `validateAffinity`. */
export function validateAffinity(v: unknown, path: string, errs: Errs): void {
  const a = optObj(v, path, errs);
  if (!a) return;
  const na = optObj(a.nodeAffinity, `${path}.nodeAffinity`, errs);
  if (na) {
    const np = `${path}.nodeAffinity`;
    const req = optObj(
      na.requiredDuringSchedulingIgnoredDuringExecution,
      `${np}.requiredDuringSchedulingIgnoredDuringExecution`,
      errs,
    );
    if (req) validateNodeSelector(req, false, `${np}.requiredDuringSchedulingIgnoredDuringExecution`, errs);
    const pref = `${np}.preferredDuringSchedulingIgnoredDuringExecution`;
    for (const [t, i] of objList(na.preferredDuringSchedulingIgnoredDuringExecution, pref, errs)) {
      weight(t.weight, `${pref}[${i}].weight`, errs);
      validateNodeSelectorTerm(optObj(t.preference) ?? {}, true, `${pref}[${i}].preference`, errs);
    }
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = optObj(a[kind], `${path}.${kind}`, errs);
    if (pa) podAffinity(pa, `${path}.${kind}`, errs);
  }
}

const SCHEDULE_ACTIONS = ['DoNotSchedule', 'ScheduleAnyway'];
const INCLUSION_POLICIES = ['Honor', 'Ignore'];

/** Upstream's `validateTopologySpreadConstraints`. */
export function validateTopologySpreadConstraints(v: unknown, path: string, errs: Errs): void {
  const list = objList(v, path, errs);
  list.forEach(([c, i], at) => {
    const p = `${path}[${i}]`;
    const maxSkew = int(c.maxSkew, `${p}.maxSkew`, errs) ?? 0;
    if (maxSkew <= 0) errs.push(fieldErrors.invalid(`${p}.maxSkew`, maxSkew, 'must be greater than zero'));
    const key = str(c.topologyKey, `${p}.topologyKey`, errs);
    if (!key) errs.push(fieldErrors.required(`${p}.topologyKey`, 'can not be empty'));
    const action = str(c.whenUnsatisfiable, `${p}.whenUnsatisfiable`, errs);
    if (!SCHEDULE_ACTIONS.includes(action)) {
      errs.push(fieldErrors.notSupported(`${p}.whenUnsatisfiable`, action, SCHEDULE_ACTIONS));
    }
    if (list.slice(at + 1).some(([o]) => str(o.topologyKey) === key && str(o.whenUnsatisfiable) === action)) {
      errs.push(fieldErrors.duplicate(`${p}.{topologyKey, whenUnsatisfiable}`, `{${key}, ${action}}`));
    }
    const minDomains = int(c.minDomains, `${p}.minDomains`, errs);
    if (minDomains !== undefined) {
      if (minDomains <= 0) errs.push(fieldErrors.invalid(`${p}.minDomains`, minDomains, 'must be greater than zero'));
      if (action !== 'DoNotSchedule') {
        errs.push(
          fieldErrors.invalid(
            `${p}.minDomains`,
            minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`,
          ),
        );
      }
    }
    for (const f of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      const pol = optStr(c[f], `${p}.${f}`, errs);
      if (pol !== undefined && !INCLUSION_POLICIES.includes(pol)) {
        errs.push(fieldErrors.notSupported(`${p}.${f}`, pol, INCLUSION_POLICIES));
      }
    }
    const sel = labelSelector(c.labelSelector, `${p}.labelSelector`, errs);
    const keys = strList(c.matchLabelKeys, `${p}.matchLabelKeys`, errs);
    if (keys.length) {
      const selKeys = new Set([
        ...Object.keys(sel?.matchLabels ?? {}),
        ...(sel?.matchExpressions ?? []).map((e) => e.key),
      ]);
      if (!sel)
        errs.push(fieldErrors.forbidden(`${p}.matchLabelKeys`, 'must not be specified when labelSelector is not set'));
      keys.forEach((k, j) => {
        errs.push(...validateLabelName(k, `${p}.matchLabelKeys[${j}]`));
        if (selKeys.has(k)) {
          errs.push(
            fieldErrors.invalid(`${p}.matchLabelKeys[${j}]`, k, 'exists in both matchLabelKeys and labelSelector'),
          );
        }
      });
    }
    errs.push(...validateLabelSelector(sel, `${p}.labelSelector`));
  });
}
