/**
 * metav1.LabelSelector (`matchLabels` + `matchExpressions`): turning one into a `Selector` as
 * upstream's `metav1.LabelSelectorAsSelector` does, and validating it (and label maps) as upstream's
 * `k8s.io/apimachinery/pkg/apis/meta/v1/validation` does.
 */
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';
import { ApiError, errors } from './errors.js';
import { FieldError, fieldErrors } from './field-errors.js';
import {
  everything,
  newRequirement,
  nothing,
  type Operator,
  type Requirement,
  type Selector,
  selectorFromRequirements,
} from './label-requirement.js';
import { isQualifiedName, isValidLabelValue } from './validation/names.js';

const OPERATORS: Readonly<Record<string, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * Upstream's `LabelSelectorAsSelector`: a nil selector (undefined or null) matches nothing, an empty
 * one everything; matchLabels are `=` requirements and matchExpressions map In/NotIn/Exists/
 * DoesNotExist. Throws a 400 BadRequest ApiError with upstream's message when a key, value or
 * operator is invalid (`"Foo" is not a valid label selector operator`).
 */
export function selectorFromLabelSelector(ls: LabelSelector | undefined | null): Selector {
  if (ls === undefined || ls === null) return nothing();
  const matchLabels = Object.entries(ls.matchLabels ?? {});
  const exprs = ls.matchExpressions ?? [];
  if (matchLabels.length + exprs.length === 0) return everything();
  const reqs: Requirement[] = [];
  try {
    for (const [k, v] of matchLabels) reqs.push(newRequirement(k, '=', [v]));
    for (const expr of exprs) {
      const op = Object.hasOwn(OPERATORS, expr.operator) ? OPERATORS[expr.operator] : undefined;
      if (!op) throw new Error(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
      reqs.push(newRequirement(expr.key, op, expr.values ?? []));
    }
  } catch (err) {
    throw err instanceof ApiError ? err : errors.badRequest((err as Error).message);
  }
  return selectorFromRequirements(reqs);
}

/** Options of upstream's `LabelSelectorValidationOptions`. */
export interface LabelSelectorValidationOptions {
  /** Accept invalid label values in matchExpressions (only for data already stored). */
  allowInvalidLabelValueInSelector?: boolean;
  /** Accept operators other than In/NotIn/Exists/DoesNotExist. */
  allowUnknownOperatorInRequirement?: boolean;
}

/** Upstream's `ValidateLabelName`: one error per problem with the key, at `path`. */
export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((msg) => fieldErrors.invalid(path, name, msg));
}

/**
 * Upstream's `ValidateLabels`: keys must be qualified names, values label values. Errors are
 * reported at the map's own path (`metadata.labels`), not at the key.
 */
export function validateLabels(labels: Readonly<Record<string, string>> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, path));
    for (const msg of isValidLabelValue(v)) errs.push(fieldErrors.invalid(path, v, msg));
  }
  return errs;
}

/** Upstream's `ValidateLabelSelectorRequirement`. */
export function validateLabelSelectorRequirement(
  sr: LabelSelectorRequirement,
  path: string,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  const errs: FieldError[] = [];
  const values = sr.values ?? [];
  switch (sr.operator) {
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
    default:
      if (!opts.allowUnknownOperatorInRequirement) {
        errs.push(fieldErrors.invalid(`${path}.operator`, sr.operator, 'not a valid selector operator'));
      }
  }
  errs.push(...validateLabelName(sr.key, `${path}.key`));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.push(fieldErrors.invalid(`${path}.values[${i}]`, v, msg));
    });
  }
  return errs;
}

/**
 * Upstream's `ValidateLabelSelector`: matchLabels as labels, each matchExpression as a requirement,
 * at `path.matchLabels` and `path.matchExpressions[i]`. A nil selector is valid.
 */
export function validateLabelSelector(
  ls: LabelSelector | undefined | null,
  path: string,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  if (ls === undefined || ls === null) return [];
  const errs = validateLabels(ls.matchLabels, `${path}.matchLabels`);
  (ls.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, `${path}.matchExpressions[${i}]`, opts));
  });
  return errs;
}
