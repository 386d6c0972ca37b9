/**
 * kube-apiserver auditing (`--audit-policy-file`, `--audit-log-*`): policies, per-request events
 * and the log backend. See `Auditor` for the per-request calls.
 */
export * from './types.js';
export { auditAttributes } from './attributes.js';
export { Auditor, authMethodsMessage, isLongRunning, type AuditorOptions, type AuditRequest } from './auditor.js';
export { encodeEvent, formatMicroTime, goJSON, nowMicros, RawJSON, withoutManagedFields } from './encode.js';
export { DEFAULT_AUDIT_LEVEL, evaluate, pathMatches, ruleMatches } from './evaluate.js';
export { eventString } from './legacy.js';
export { ALLOWED_FORMATS, LogBackend, type LogBackendOptions, type LogFormat } from './log-backend.js';
export { loadPolicyFile, setupAudit, validateAuditOptions, type AuditOptions, type AuditSetup } from './options.js';
export { parsePolicy, PolicyLoadError, validatePolicy, type ParsePolicyOptions } from './policy.js';
export { DECISION_ANNOTATION, REASON_ANNOTATION, RequestAudit } from './request-audit.js';
export { RotatingFile, type RotatingFileOptions } from './rotating-file.js';
export { sourceIPs, formatIP } from './source-ips.js';
