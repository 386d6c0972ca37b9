/**
 * Which requests a webhook's `rules` select, as upstream's `predicates/rules` and the rule part of
 * `generic.Webhook.ShouldCallHook`: operation, API group, version, resource (`*`, `*` with any
 * subresource, `pods/status`, any resource's `status`) and scope must all match one rule.
 *
 * matchPolicy `Equivalent` (the v1 default) is approximated: when no rule matches exactly, a rule
 * matching the same group and resource in any other version counts, and the webhook is still
 * called with the request's own resource, kind and object (k8ts converts nothing). Upstream would
 * also consider other groups serving the same objects (`extensions` deployments) and convert.
 */
import type { RuleWithOperations } from 'kubernetes-types/admissionregistration/v1.js';
import type { AnyWebhook, GroupVersionResource, Invocation, Operation, WebhookAttributes } from './types.js';

/**
 * admissionregistration/v1 RuleWithOperations with the fields of the embedded Rule that
 * kubernetes-types leaves out (`resources`, `scope`).
 */
export type WebhookRule = RuleWithOperations & { resources?: string[]; scope?: string };

/** The request fields a rule looks at. */
export interface RuleTarget {
  operation: Operation;
  resource: GroupVersionResource;
  subresource?: string;
  namespace?: string;
}

const exactOrWildcard = (items: readonly string[] | undefined, requested: string) =>
  (items ?? []).some((i) => i === '*' || i === requested);

const isNamespaceResource = (r: GroupVersionResource) =>
  r.group === '' && r.version === 'v1' && r.resource === 'namespaces';

function scopeMatches(rule: WebhookRule, t: RuleTarget): boolean {
  const scope = rule.scope ?? '*';
  const ns = t.namespace ?? '';
  switch (scope) {
    case '*':
      return true;
    // Namespace objects are cluster-scoped, although their requests carry a namespace (their name).
    case 'Namespaced':
      return !isNamespaceResource(t.resource) && ns !== '';
    case 'Cluster':
      return isNamespaceResource(t.resource) || ns === '';
    default:
      return false;
  }
}

function resourceMatches(rule: WebhookRule, t: RuleTarget): boolean {
  const sub = t.subresource ?? '';
  return (rule.resources ?? []).some((entry) => {
    const slash = entry.indexOf('/');
    const res = slash < 0 ? entry : entry.slice(0, slash);
    const ruleSub = slash < 0 ? '' : entry.slice(slash + 1);
    return (res === '*' || res === t.resource.resource) && (ruleSub === '*' || ruleSub === sub);
  });
}

/**
 * Upstream's `rules.Matcher.Matches`. With `anyVersion`, the version is not compared (the
 * Equivalent approximation).
 */
export function ruleMatches(rule: WebhookRule, t: RuleTarget, anyVersion = false): boolean {
  return (
    scopeMatches(rule, t) &&
    (rule.operations ?? []).some((op) => op === '*' || op === t.operation) &&
    exactOrWildcard(rule.apiGroups, t.resource.group) &&
    (anyVersion || exactOrWildcard(rule.apiVersions, t.resource.version)) &&
    resourceMatches(rule, t)
  );
}

/** Upstream's `IsExemptAdmissionConfigurationResource`: admission configuration objects skip webhooks. */
export function isExemptAdmissionConfigurationResource(attrs: Pick<WebhookAttributes, 'kind'>): boolean {
  return (
    attrs.kind.group === 'admissionregistration.k8s.io' &&
    [
      'ValidatingWebhookConfiguration',
      'MutatingWebhookConfiguration',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
      'MutatingAdmissionPolicy',
      'MutatingAdmissionPolicyBinding',
    ].includes(attrs.kind.kind)
  );
}

/**
 * The invocation when one of the webhook's rules selects the request (exactly, or under
 * `Equivalent` in another version), else undefined.
 */
export function matchRules(webhook: AnyWebhook, attrs: WebhookAttributes): Invocation | undefined {
  const rules: WebhookRule[] = webhook.rules ?? [];
  const own = (): Invocation => ({ resource: attrs.resource, subresource: attrs.subresource ?? '', kind: attrs.kind });
  if (rules.some((r) => ruleMatches(r, attrs))) return own();
  if ((webhook.matchPolicy ?? 'Equivalent') === 'Equivalent' && rules.some((r) => ruleMatches(r, attrs, true))) {
    return own();
  }
  return undefined;
}
