/**
 * `admitPodSecurity`: the Pod Security admission decision for one request, independent of HTTP
 * (upstream `Admission.Validate` behind kube-apiserver's PodSecurity plugin). Pods are enforced,
 * audited and warned; pod controllers are only audited and warned; namespaces get their labels
 * validated. Only CREATE and UPDATE are judged.
 */
import type { Policy } from './api.js';
import { fullyPrivileged } from './api.js';
import { evaluatePodForAdmission } from './evaluate.js';
import { extractPodTemplate, hasPodSpec } from './extract.js';
import { policyFromLabels } from './labels.js';
import { validateNamespace } from './namespace-admission.js';
import { isSignificantPodUpdate } from './pod-update.js';
import {
  allowed,
  allowedByExemption,
  allowedPrivileged,
  badRequest,
  ERROR_ANNOTATION,
  exemptBy,
  type AdmissionResult,
  type ExemptConfig,
} from './result.js';
import type { Json } from './types.js';

export interface PodSecurityInput {
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  /** Plural resource: `pods`, `namespaces`, or a pod controller such as `deployments`. */
  resource: string;
  /** API group (`''`, `apps`, `batch`); when given, it must match the resource's group. */
  group?: string;
  subresource?: string;
  /** The request's namespace (for namespaces themselves, defaults to the object's name). */
  namespace?: string;
  object: unknown;
  oldObject?: unknown;
  /** Labels of the namespace the object lives in (pods and controllers). */
  namespaceLabels?: Record<string, string> | null;
  userName?: string;
  exempt?: ExemptConfig;
  /** Policy for unlabelled modes; privileged:latest everywhere when omitted. */
  defaults?: Policy;
  /** Existing pods of the namespace, checked when a namespace update tightens enforce. */
  namespacePods?: readonly Json[];
}

/** Pod subresources that can't change the pod spec and are never evaluated. */
const IGNORED_POD_SUBRESOURCES = new Set([
  'exec',
  'attach',
  'binding',
  'eviction',
  'log',
  'portforward',
  'proxy',
  'status',
]);

const asObj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' ? (v as Json) : undefined);

/** Decides one request; resources Pod Security does not cover are allowed untouched. */
export function admitPodSecurity(input: PodSecurityInput): AdmissionResult {
  if (input.operation !== 'CREATE' && input.operation !== 'UPDATE') return allowed();
  const exempt = input.exempt ?? {};
  if (input.resource === 'namespaces' && (input.group ?? '') === '') {
    return validateNamespace({ ...input, exempt });
  }
  if (!hasPodSpec(input.resource, input.group)) return allowed();
  return input.resource === 'pods' ? validatePod(input, exempt) : validatePodController(input, exempt);
}

function validatePod(input: PodSecurityInput, exempt: ExemptConfig): AdmissionResult {
  if (IGNORED_POD_SUBRESOURCES.has(input.subresource ?? '')) return allowed();
  if (exemptBy(input.namespace, exempt.namespaces)) return allowedByExemption('namespace');
  if (exemptBy(input.userName, exempt.usernames)) return allowedByExemption('user');
  const { policy, errors } = policyFromLabels(input.namespaceLabels, input.defaults);
  if (!errors.length && fullyPrivileged(policy)) return allowedPrivileged();
  const pod = asObj(input.object);
  if (!pod) return badRequest('failed to decode pod');
  if (input.operation === 'UPDATE') {
    const oldPod = asObj(input.oldObject);
    if (!oldPod) return badRequest('failed to decode old pod');
    if (!isSignificantPodUpdate(pod, oldPod)) return allowed();
  }
  const { metadata, spec } = extractPodTemplate('pods', pod)!;
  return evaluatePodForAdmission(policy, errors, metadata, spec, exempt, true);
}

function validatePodController(input: PodSecurityInput, exempt: ExemptConfig): AdmissionResult {
  if (input.subresource) return allowed();
  if (exemptBy(input.namespace, exempt.namespaces)) return allowedByExemption('namespace');
  if (exemptBy(input.userName, exempt.usernames)) return allowedByExemption('user');
  const { policy, errors } = policyFromLabels(input.namespaceLabels, input.defaults);
  if (!errors.length && policy.warn.level === 'privileged' && policy.audit.level === 'privileged') return allowed();
  const object = asObj(input.object);
  if (!object) return allowed({ [ERROR_ANNOTATION]: 'failed to decode object' });
  const template = extractPodTemplate(input.resource, object);
  if (!template) return allowed();
  return evaluatePodForAdmission(policy, errors, template.metadata, template.spec, exempt, false);
}
