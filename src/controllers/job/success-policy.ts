/**
 * `spec.successPolicy` of Indexed Jobs (upstream's `success_policy.go`): the Job has succeeded
 * once the first rule is met — a set of indexes all succeeded, or at least `succeededCount` of
 * them, or `succeededCount` indexes overall.
 */
import type { SuccessPolicy } from 'kubernetes-types/batch/v1.js';
import { intervalsHas, intervalsTotal, parseIntervals, type OrderedIntervals } from './indexed.js';

/**
 * Upstream's `matchSuccessPolicy`: the SuccessCriteriaMet message (`Matched rules at index 0`)
 * when a rule is met by `succeeded`, else undefined. Rules whose indexes do not parse are skipped.
 */
export function matchSuccessPolicy(
  policy: SuccessPolicy | undefined,
  completions: number,
  succeeded: OrderedIntervals,
): string | undefined {
  if (!policy || succeeded.length === 0) return undefined;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    const count = rule.succeededCount;
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const required = parseIntervals(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      let have = 0;
      for (const iv of required) for (let ix = iv.first; ix <= iv.last; ix++) if (intervalsHas(succeeded, ix)) have++;
      const need = count === undefined || count === null ? intervalsTotal(required) : count;
      if (have >= need) return `Matched rules at index ${index}`;
    } else if (count !== undefined && count !== null && intervalsTotal(succeeded) >= count) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
