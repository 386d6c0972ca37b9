/**
 * A webhook's `namespaceSelector` and `objectSelector`, as upstream's `predicates/namespace` and
 * `predicates/object`. Each answers whether the request is selected, or the error that fails the
 * request — which upstream reports only when the webhook's rules match the request too.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { ApiError, errors } from '../../../machinery/errors.js';
import { selectorFromLabelSelector, type Selector } from '../../../machinery/labels.js';
import type { AnyWebhook, JsonObject, WebhookAttributes, WebhookDeps } from './types.js';

/** A selector decision: `error` set means the request must fail with it (if the rules match). */
export interface SelectorMatch {
  matches: boolean;
  error?: ApiError;
}

/** A nil selector is `{}` in v1 (defaulted): everything. Parse errors are internal errors, as upstream. */
function parse(ls: LabelSelector | undefined): Selector | ApiError {
  try {
    return selectorFromLabelSelector(ls ?? {});
  } catch (err) {
    return errors.internal(err);
  }
}

function labelsOf(obj: JsonObject | null | undefined): Record<string, string> | undefined {
  const md = obj?.metadata as { labels?: Record<string, string> } | undefined;
  return md?.labels;
}

/**
 * Upstream's `MatchNamespaceSelector`. Cluster-scoped requests (other than for namespaces) always
 * match. A Namespace being created or updated is matched by its own labels; otherwise the labels
 * come from `deps.namespaceLabels`, and a namespace that does not exist is a 404 NotFound.
 */
export async function matchNamespaceSelector(
  webhook: AnyWebhook,
  attrs: WebhookAttributes,
  deps: WebhookDeps,
): Promise<SelectorMatch> {
  const isNamespaces = attrs.resource.resource === 'namespaces';
  let namespace = attrs.namespace ?? '';
  if (namespace === '' && isNamespaces) namespace = attrs.name ?? '';
  if (namespace === '' && !isNamespaces) return { matches: true };
  const selector = parse(webhook.namespaceSelector);
  if (selector instanceof ApiError) return { matches: false, error: selector };
  if (selector.empty()) return { matches: true };

  if (isNamespaces && !attrs.subresource && (attrs.operation === 'CREATE' || attrs.operation === 'UPDATE')) {
    return { matches: selector.matches(labelsOf(attrs.object)) };
  }
  if (!deps.namespaceLabels) {
    return { matches: false, error: errors.internal(new Error('the namespace matcher requires a namespace provider')) };
  }
  let labels: Record<string, string> | undefined;
  try {
    labels = await deps.namespaceLabels(namespace);
  } catch (err) {
    return { matches: false, error: err instanceof ApiError && err.code === 404 ? err : errors.internal(err) };
  }
  if (labels === undefined)
    return { matches: false, error: errors.notFound({ group: '', name: 'namespaces' }, namespace) };
  return { matches: selector.matches(labels) };
}

/**
 * Upstream's `MatchObjectSelector`: the labels of the object or of the old object must match
 * (either suffices); an absent object matches nothing.
 */
export function matchObjectSelector(webhook: AnyWebhook, attrs: WebhookAttributes): SelectorMatch {
  const selector = parse(webhook.objectSelector);
  if (selector instanceof ApiError) return { matches: false, error: selector };
  if (selector.empty()) return { matches: true };
  const matchObject = (o: JsonObject | null | undefined) => !!o && selector.matches(labelsOf(o) ?? {});
  return { matches: matchObject(attrs.object) || matchObject(attrs.oldObject) };
}
