/**
 * Whether one webhook is called for a request, as upstream's `generic.Webhook.ShouldCallHook`:
 * the rules must select the request and the namespace and object selectors must match; selector
 * errors count only for webhooks whose rules match; then matchConditions decide.
 */
import { errors } from '../../../machinery/errors.js';
import { evaluateMatchConditions } from './match-conditions.js';
import { matchRules } from './rules.js';
import { matchNamespaceSelector, matchObjectSelector } from './selectors.js';
import type { HookEntry, Invocation, WebhookAttributes, WebhookDeps } from './types.js';

/**
 * The invocation when `hook` applies to the request, undefined when it does not. Throws an
 * ApiError that fails the request: the namespace's 404 when it does not exist, an internal error
 * for a bad selector, 403 Forbidden when matchConditions fail to evaluate under failurePolicy Fail
 * (`pods "p" is forbidden: expression '…' resulted in error: …`).
 *
 * (Upstream evaluates the selectors before the rules; checking the rules first gives the same
 * answers without asking for namespace labels needlessly.)
 */
export async function shouldCallHook(
  hook: HookEntry,
  attrs: WebhookAttributes,
  deps: WebhookDeps,
): Promise<Invocation | undefined> {
  const { webhook } = hook;
  const invocation = matchRules(webhook, attrs);
  if (!invocation) return undefined;

  const ns = await matchNamespaceSelector(webhook, attrs, deps);
  if (!ns.matches && !ns.error) return undefined;
  const obj = matchObjectSelector(webhook, attrs);
  if (!obj.matches && !obj.error) return undefined;
  if (ns.error) throw ns.error;
  if (obj.error) throw obj.error;

  const conditions = webhook.matchConditions ?? [];
  if (conditions.length > 0) {
    const result = evaluateMatchConditions(conditions, attrs, invocation, webhook.failurePolicy);
    if ('error' in result) {
      throw errors.forbidden(
        { group: attrs.resource.group, name: attrs.resource.resource },
        attrs.name ?? '',
        result.error,
      );
    }
    if (!result.matches) return undefined;
  }
  return invocation;
}
