/**
 * Admission webhooks as kube-apiserver 1.32 calls them (the MutatingAdmissionWebhook and
 * ValidatingAdmissionWebhook plugins): matching by rules, selectors and matchConditions, real
 * HTTPS calls carrying admission.k8s.io/v1 AdmissionReviews, patches, failure policies, dry-run
 * side effects and reinvocation.
 *
 * @example
 * const { object, warnings, auditAnnotations } = await runMutating(mutatingConfigs, attrs, deps);
 * await runValidating(validatingConfigs, { ...attrs, object }, deps);
 */
export { runMutating, type MutatingOptions, type MutatingResult } from './mutating.js';
export { runValidating, type ValidatingResult } from './validating.js';
export { defaultWebhookClients, WebhookClients } from './client.js';
export { dispatchNotesOf, toStatusErr } from './status.js';
export { isExemptAdmissionConfigurationResource, ruleMatches, type WebhookRule } from './rules.js';
export type {
  DispatchNotes,
  GroupVersionKind,
  GroupVersionResource,
  JsonObject,
  Operation,
  WebhookAttributes,
  WebhookDeps,
  WebhookUserInfo,
} from './types.js';
