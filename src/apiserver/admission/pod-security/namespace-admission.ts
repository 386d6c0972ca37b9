/**
 * Upstream `Admission.ValidateNamespace`: namespace creates must carry valid Pod Security labels,
 * updates may not introduce invalid ones, and tightening the enforce level warns about existing
 * pods that would violate it.
 */
import type { Policy } from './api.js';
import { aggregateFieldErrors, policyFromLabels, type FieldError } from './labels.js';
import { enforceTightened, exemptNamespaceWarning, namespaceWarnings } from './namespace.js';
import { allowed, badRequest, exemptBy, type AdmissionResult, type ExemptConfig } from './result.js';
import type { Json } from './types.js';

export interface NamespaceRequest {
  operation: string;
  subresource?: string;
  /** The namespace name the exemption is judged by (defaults to the object's name). */
  namespace?: string;
  object: unknown;
  oldObject?: unknown;
  exempt: ExemptConfig;
  defaults?: Policy;
  /** The pods currently in the namespace, for the enforce-tightening dry run. */
  namespacePods?: readonly Json[];
}

const asObj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' ? (v as Json) : undefined);

function invalid(errors: FieldError[]): AdmissionResult {
  return {
    allowed: false,
    reason: 'Invalid',
    code: 422,
    message: aggregateFieldErrors(errors),
    fieldErrors: errors,
    warnings: [],
    auditAnnotations: {},
  };
}

function sameErrors(a: readonly FieldError[], b: readonly FieldError[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Decides a namespace CREATE or UPDATE; other operations and subresources are allowed. */
export function validateNamespace(req: NamespaceRequest): AdmissionResult {
  if (req.subresource) return allowed();
  const ns = asObj(req.object);
  if (!ns) return badRequest('failed to decode namespace');
  const labels = asObj(ns.metadata)?.labels as Record<string, string> | undefined;
  const name = String(asObj(ns.metadata)?.name ?? '');
  const nsName = req.namespace || name;
  const { policy: newPolicy, errors: newErrors } = policyFromLabels(labels, req.defaults);
  const exemptWarning = (): AdmissionResult => {
    const warning = exemptNamespaceWarning(name, newPolicy, labels, req.defaults);
    return allowed({}, warning ? [warning] : []);
  };

  if (req.operation === 'CREATE') {
    if (newErrors.length) return invalid(newErrors);
    return exemptBy(nsName, req.exempt.namespaces) ? exemptWarning() : allowed();
  }
  if (req.operation !== 'UPDATE') return allowed();

  const old = asObj(req.oldObject);
  if (!old) return badRequest('failed to decode  old namespace');
  const { policy: oldPolicy, errors: oldErrors } = policyFromLabels(asObj(old.metadata)?.labels, req.defaults);
  if (newErrors.length && (!oldErrors.length || !sameErrors(newErrors, oldErrors))) return invalid(newErrors);
  if (!enforceTightened(newPolicy, oldPolicy)) return allowed();
  if (exemptBy(nsName, req.exempt.namespaces)) return exemptWarning();
  return allowed(
    {},
    namespaceWarnings(newPolicy, oldPolicy, name, req.namespacePods ?? [], {
      exemptRuntimeClasses: req.exempt.runtimeClasses,
    }),
  );
}
