/**
 * Pod Security Admission as of Kubernetes 1.32 (k8s.io/pod-security-admission): policy levels
 * and versions, namespace label parsing, the baseline and restricted checks, pod evaluation, and
 * the admission decision for pods, pod controllers and namespaces.
 */
export * from './api.js';
export * from './labels.js';
export type { CheckDefinition, CheckFailure, CheckFn, Failure, Json, VersionedCheck } from './types.js';
export {
  aggregateMessage,
  aggregateReasons,
  checksFor,
  DEFAULT_CHECKS,
  evaluateLevelVersion,
  evaluatePod,
  MAX_POLICY_MINOR,
} from './registry.js';
export { evaluatePodForAdmission } from './evaluate.js';
export { admitPodSecurity, type PodSecurityInput } from './admission.js';
export { validateNamespace, type NamespaceRequest } from './namespace-admission.js';
export {
  enforceTightened,
  exemptNamespaceWarning,
  NAMESPACE_MAX_PODS_TO_CHECK,
  namespaceWarnings,
  type NamespaceWarningOptions,
} from './namespace.js';
export { isSignificantPodUpdate } from './pod-update.js';
export { extractPodTemplate, hasPodSpec, POD_SPEC_RESOURCES } from './extract.js';
export {
  AUDIT_VIOLATIONS_ANNOTATION,
  ENFORCE_POLICY_ANNOTATION,
  ERROR_ANNOTATION,
  EXEMPT_ANNOTATION,
  type AdmissionResult,
  type ExemptConfig,
} from './result.js';
export { toStatus, type PodSecurityStatus, type StatusTarget } from './status.js';
