/**
 * Namespace labels → policy (upstream `api.PolicyToEvaluate`), with the field errors upstream
 * reports for invalid label values and their exact text.
 */
import { defaultPolicy, parseLevel, parseVersion, type Policy } from './api.js';
import { goQuote } from './format.js';

export const LABEL_PREFIX = 'pod-security.kubernetes.io/';
export const ENFORCE_LEVEL_LABEL = LABEL_PREFIX + 'enforce';
export const ENFORCE_VERSION_LABEL = LABEL_PREFIX + 'enforce-version';
export const AUDIT_LEVEL_LABEL = LABEL_PREFIX + 'audit';
export const AUDIT_VERSION_LABEL = LABEL_PREFIX + 'audit-version';
export const WARN_LEVEL_LABEL = LABEL_PREFIX + 'warn';
export const WARN_VERSION_LABEL = LABEL_PREFIX + 'warn-version';

/** A `field.Invalid` error (type `FieldValueInvalid`), as the API status causes carry it. */
export interface FieldError {
  type: 'FieldValueInvalid';
  /** e.g. `metadata.labels[pod-security.kubernetes.io/enforce]` */
  field: string;
  badValue: string;
  detail: string;
}

/** Upstream `field.Error.ErrorBody`: `Invalid value: "foo": must be one of ...`. */
export function fieldErrorBody(e: FieldError): string {
  return `Invalid value: ${goQuote(e.badValue)}: ${e.detail}`;
}

/** Upstream `field.Error.Error`: `<field>: <body>`. */
export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/**
 * Upstream `ErrorList.ToAggregate().Error()`: duplicates dropped; one error alone as is, several
 * as `[a, b]`. Empty string for no errors.
 */
export function aggregateFieldErrors(errs: readonly FieldError[]): string {
  const msgs = [...new Set(errs.map(fieldErrorString))];
  if (msgs.length <= 1) return msgs[0] ?? '';
  return `[${msgs.join(', ')}]`;
}

export interface PolicyFromLabels {
  /** Always a usable policy; invalid values fall back as upstream does. */
  policy: Policy;
  /** One error per invalid label, in upstream's order (enforce, audit, warn; level, version). */
  errors: FieldError[];
}

/**
 * Resolves the namespace labels to a policy, starting from `defaults` (privileged:latest for
 * every mode unless given). An invalid enforce level is treated as `restricted`, an invalid audit
 * or warn level as `privileged` (fail open), an invalid version as `latest`.
 */
export function policyFromLabels(
  labels: Record<string, string> | undefined | null,
  defaults: Policy = defaultPolicy(),
): PolicyFromLabels {
  const policy: Policy = {
    enforce: { ...defaults.enforce },
    audit: { ...defaults.audit },
    warn: { ...defaults.warn },
  };
  const errors: FieldError[] = [];
  if (!labels) return { policy, errors };
  const record = (label: string, value: string, error?: string): boolean => {
    if (error)
      errors.push({ type: 'FieldValueInvalid', field: `metadata.labels[${label}]`, badValue: value, detail: error });
    return !!error;
  };
  const modes = [
    ['enforce', ENFORCE_LEVEL_LABEL, ENFORCE_VERSION_LABEL],
    ['audit', AUDIT_LEVEL_LABEL, AUDIT_VERSION_LABEL],
    ['warn', WARN_LEVEL_LABEL, WARN_VERSION_LABEL],
  ] as const;
  for (const [mode, levelLabel, versionLabel] of modes) {
    const level = labels[levelLabel];
    if (typeof level === 'string') {
      const parsed = parseLevel(level);
      policy[mode].level = parsed.value;
      if (record(levelLabel, level, parsed.error) && mode !== 'enforce') policy[mode].level = 'privileged';
    }
    const version = labels[versionLabel];
    if (typeof version === 'string') {
      const parsed = parseVersion(version);
      policy[mode].version = parsed.value;
      record(versionLabel, version, parsed.error);
    }
  }
  return { policy, errors };
}
