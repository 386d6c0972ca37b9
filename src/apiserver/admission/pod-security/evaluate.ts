/**
 * Upstream `Admission.EvaluatePod`: the enforce, audit and warn evaluation of one pod or pod
 * template against a namespace policy, producing the refusal, the audit annotations and the
 * warnings exactly as upstream words them.
 */
import { levelVersionString, type LevelVersion, type Policy } from './api.js';
import { goQuote } from './format.js';
import { aggregateFieldErrors, type FieldError } from './labels.js';
import { aggregateMessage, evaluateLevelVersion } from './registry.js';
import {
  allowedByExemption,
  AUDIT_VIOLATIONS_ANNOTATION,
  ENFORCE_POLICY_ANNOTATION,
  ERROR_ANNOTATION,
  exemptBy,
  type AdmissionResult,
  type ExemptConfig,
} from './result.js';
import type { Failure, Json } from './types.js';

/**
 * Evaluates a pod's metadata and spec. With `enforce` (pods) a violation of the enforce level
 * refuses the request with `violates PodSecurity "<level:version>": ...`; audit violations go to
 * the `audit-violations` annotation and warn violations to a `would violate PodSecurity ...`
 * warning (not added when the request is refused). Pods using an exempt runtimeClass pass.
 */
export function evaluatePodForAdmission(
  policy: Policy,
  policyErrors: readonly FieldError[],
  podMetadata: Json,
  podSpec: Json,
  exempt: ExemptConfig,
  enforce: boolean,
): AdmissionResult {
  if (exemptBy(podSpec.runtimeClassName, exempt.runtimeClasses)) return allowedByExemption('runtimeClass');

  const auditAnnotations: Record<string, string> = {};
  if (policyErrors.length)
    auditAnnotations[ERROR_ANNOTATION] = `Failed to parse policy: ${aggregateFieldErrors(policyErrors)}`;

  const cache = new Map<string, Failure[]>();
  const evaluate = (lv: LevelVersion): Failure[] => {
    const key = levelVersionString(lv);
    let failures = cache.get(key);
    if (!failures) cache.set(key, (failures = evaluateLevelVersion(lv, podMetadata, podSpec)));
    return failures;
  };

  const result: AdmissionResult = { allowed: true, warnings: [], auditAnnotations };
  if (enforce) {
    auditAnnotations[ENFORCE_POLICY_ANNOTATION] = levelVersionString(policy.enforce);
    const failures = evaluate(policy.enforce);
    if (failures.length) {
      result.allowed = false;
      result.reason = 'Forbidden';
      result.code = 403;
      result.message = `violates PodSecurity ${goQuote(levelVersionString(policy.enforce))}: ${aggregateMessage(failures)}`;
    }
  }

  const audit = evaluate(policy.audit);
  if (audit.length) {
    auditAnnotations[AUDIT_VIOLATIONS_ANNOTATION] =
      `would violate PodSecurity ${goQuote(levelVersionString(policy.audit))}: ${aggregateMessage(audit)}`;
  }

  if (result.allowed) {
    const warn = evaluate(policy.warn);
    if (warn.length) {
      result.warnings.push(
        `would violate PodSecurity ${goQuote(levelVersionString(policy.warn))}: ${aggregateMessage(warn)}`,
      );
    }
  }
  return result;
}
