/**
 * A webhook's `matchConditions`, as upstream's `webhook/matchconditions/matcher.go`: CEL
 * expressions over `object`, `oldObject` (null when absent) and `request` (the AdmissionRequest
 * without uid and objects). Any condition false skips the webhook; otherwise evaluation errors go
 * to failurePolicy: Fail refuses the request (403 Forbidden), Ignore skips the webhook.
 *
 * Not supported: the `authorizer` variable (an expression using it does not compile, which counts
 * as an error under failurePolicy), Kubernetes CEL libraries beyond the CEL standard ones, and
 * cost budgets.
 */
import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import type { MatchCondition } from 'kubernetes-types/admissionregistration/v1.js';
import { describeCompileError, describeRuntimeError } from '../../../machinery/cel/issues.js';
import { toCelValue } from '../../../machinery/cel/values.js';
import { admissionRequestFields } from './review.js';
import type { Invocation, WebhookAttributes } from './types.js';

const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: true })
  .registerVariable('object', 'dyn')
  .registerVariable('oldObject', 'dyn')
  .registerVariable('request', 'dyn');

type Compiled = { run: ParseResult } | { error: string };

const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 1000;

/** Compiles (once) an expression that must give a bool; errors read `compilation error: …`. */
function compile(expression: string): Compiled {
  const hit = cache.get(expression);
  if (hit) return hit;
  let result: Compiled;
  try {
    const run = env.parse(expression);
    const checked = run.check();
    if (!checked.valid) result = { error: `compilation error: ${describeCompileError(expression, checked.error)}` };
    else if (checked.type !== 'bool' && checked.type !== 'dyn') {
      result = { error: `compilation error: expression '${expression}' must evaluate to bool, not ${checked.type}` };
    } else result = { run };
  } catch (err) {
    result = { error: `compilation error: ${describeCompileError(expression, err)}` };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(expression, result);
  return result;
}

/** The outcome: call the webhook, skip it, or refuse the request with `error`. */
export type MatchConditionsResult =
  { matches: true } | { matches: false; failedCondition?: string } | { error: string };

/**
 * Evaluates `conditions` for the request. `failurePolicy` is the webhook's (default Fail).
 * `error` is upstream's aggregate text (one message, or `[a, b]` for several).
 */
export function evaluateMatchConditions(
  conditions: readonly MatchCondition[],
  attrs: WebhookAttributes,
  inv: Invocation,
  failurePolicy: string | undefined,
): MatchConditionsResult {
  const dyn = { kind: 'dyn' as const };
  const vars = {
    object: toCelValue(attrs.object ?? null, dyn),
    oldObject: toCelValue(attrs.oldObject ?? null, dyn),
    request: toCelValue(
      { ...admissionRequestFields(attrs, inv), dryRun: attrs.dryRun ?? false, options: attrs.options ?? null },
      dyn,
    ),
  };
  const errs: string[] = [];
  for (const c of conditions) {
    const compiled = compile(c.expression);
    if ('error' in compiled) {
      errs.push(compiled.error);
      continue;
    }
    let value: unknown;
    try {
      value = compiled.run(vars);
    } catch (err) {
      errs.push(`expression '${c.expression}' resulted in error: ${describeRuntimeError(err).message}`);
      continue;
    }
    // Only `false` excludes: like upstream, a non-bool result of a dyn expression counts as a match.
    if (value === false) return { matches: false, failedCondition: c.name };
  }
  if (errs.length === 0) return { matches: true };
  if ((failurePolicy ?? 'Fail') === 'Ignore') return { matches: false };
  return { error: errs.length === 1 ? errs[0] : `[${errs.join(', ')}]` };
}
