/**
 * The admission decision shape and upstream's canned responses (admission/response.go), plus the
 * exemption configuration (PodSecurityConfiguration.exemptions).
 */
import { LATEST, levelVersionString } from './api.js';
import type { FieldError } from './labels.js';
import { LABEL_PREFIX } from './labels.js';

/** Audit annotation keys, already carrying upstream's `pod-security.kubernetes.io/` prefix. */
export const ENFORCE_POLICY_ANNOTATION = LABEL_PREFIX + 'enforce-policy';
export const AUDIT_VIOLATIONS_ANNOTATION = LABEL_PREFIX + 'audit-violations';
export const EXEMPT_ANNOTATION = LABEL_PREFIX + 'exempt';
export const ERROR_ANNOTATION = LABEL_PREFIX + 'error';

/** Requests that skip Pod Security entirely. Empty entries never match. */
export interface ExemptConfig {
  usernames?: readonly string[];
  runtimeClasses?: readonly string[];
  namespaces?: readonly string[];
}

/**
 * A Pod Security decision. When refused, `message` is the text upstream puts after
 * `<resource> "<name>" is forbidden: ` (reason `Forbidden`) or `Namespace "<name>" is invalid: `
 * (reason `Invalid`), or the whole message (reason `BadRequest`); `toStatus` builds the status.
 */
export interface AdmissionResult {
  allowed: boolean;
  message?: string;
  reason?: 'Forbidden' | 'Invalid' | 'BadRequest';
  /** HTTP code of the refusal: 403, 422 or 400. */
  code?: number;
  /** For `Invalid`: the invalid namespace labels (the status causes). */
  fieldErrors?: FieldError[];
  /** Warnings for the response's `Warning` headers. */
  warnings: string[];
  /** Audit annotations, keys prefixed with `pod-security.kubernetes.io/`. */
  auditAnnotations: Record<string, string>;
}

export function allowed(auditAnnotations: Record<string, string> = {}, warnings: string[] = []): AdmissionResult {
  return { allowed: true, warnings, auditAnnotations };
}

/** Allowed because of an exemption (`user`, `namespace` or `runtimeClass`). */
export function allowedByExemption(reason: 'user' | 'namespace' | 'runtimeClass'): AdmissionResult {
  return allowed({ [EXEMPT_ANNOTATION]: reason });
}

/** Allowed because every mode of the namespace is privileged. */
export function allowedPrivileged(): AdmissionResult {
  return allowed({ [ENFORCE_POLICY_ANNOTATION]: levelVersionString({ level: 'privileged', version: LATEST }) });
}

/** A request whose object could not be read (upstream `errorResponse` with a BadRequest). */
export function badRequest(message: string): AdmissionResult {
  return {
    allowed: false,
    reason: 'BadRequest',
    code: 400,
    message,
    warnings: [],
    auditAnnotations: { [ERROR_ANNOTATION]: message },
  };
}

/** Whether `value` is a non-empty member of `list`. */
export function exemptBy(value: string | undefined | null, list: readonly string[] | undefined): boolean {
  return typeof value === 'string' && value.length > 0 && !!list?.includes(value);
}
