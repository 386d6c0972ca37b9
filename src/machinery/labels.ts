/**
 * Label selectors, as upstream's `k8s.io/apimachinery/pkg/labels`: parsing the `labelSelector`
 * query parameter (`app=web,tier in (a,b),!canary`), selectors from sets and from
 * metav1.LabelSelector, matching, and upstream's canonical string form. This module is the entry
 * point; the pieces live in label-requirement.ts, label-parser.ts and label-selector.ts.
 */
import { errors } from './errors.js';
import { parseRequirements } from './label-parser.js';
import { type Requirement, type Selector, selectorFromRequirements } from './label-requirement.js';

export {
  everything,
  matchesNothing,
  newRequirement,
  nothing,
  type Operator,
  type Requirement,
  requirementMatches,
  requirementString,
  type Selector,
  selectorFromRequirements,
} from './label-requirement.js';
export {
  type LabelSelectorValidationOptions,
  selectorFromLabelSelector,
  validateLabelName,
  validateLabels,
  validateLabelSelector,
  validateLabelSelectorRequirement,
} from './label-selector.js';

/**
 * Upstream's `labels.Parse`, as the apiserver applies it to `?labelSelector=`: the selector, or a
 * 400 BadRequest ApiError carrying upstream's message verbatim (the list handler wraps the parse
 * error with `errors.NewBadRequest(err.Error())`), e.g. `found 'c', expected: ',' or 'end of string'`
 * (for `a=b c`) or `unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt` (for `a b`).
 */
export function parseSelector(selector: string): Selector {
  let reqs: Requirement[];
  try {
    reqs = parseRequirements(selector);
  } catch (err) {
    throw errors.badRequest((err as Error).message);
  }
  return selectorFromRequirements(reqs);
}

/**
 * Upstream's `SelectorFromSet`: `=` requirements for each pair, unchecked; an empty or absent set
 * gives a selector that matches everything.
 */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined): Selector {
  return selectorFromRequirements(
    Object.entries(set ?? {}).map(([key, value]): Requirement => ({ key, operator: '=', values: [value] })),
  );
}
