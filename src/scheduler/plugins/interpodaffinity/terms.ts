/**
 * The incoming pod's terms as the plugin uses them: namespaceSelectors resolved to namespace names
 * through the namespace lister (upstream's `mergeAffinityTermNamespacesIfNotEmpty`), the pod's own
 * namespace labels (`GetNamespaceLabelsSnapshot`), and the parse errors upstream's `NewPodInfo`
 * reports for invalid selectors.
 */
import type { Namespace, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import type { ObjectLister } from '../../framework/interface.js';
import type { AffinityTerm, PodInfo } from '../../framework/pod-info.js';
import { matchesNothing, nothing } from '../../../machinery/label-requirement.js';
import { selectorFromLabelSelector } from '../../../machinery/label-selector.js';
import type { Labels } from './counts.js';

/**
 * The term with the namespaces its namespaceSelector selects added to `namespaces`, and the
 * selector replaced by Nothing. An empty selector (all namespaces) is kept as is, so matching the
 * result never needs the other pod's namespace labels.
 */
export function mergeTermNamespaces<T extends AffinityTerm>(term: T, namespaces: ObjectLister<Namespace>): T {
  const sel = term.namespaceSelector;
  if (sel.empty()) return term;
  // A term without namespaceSelector holds Nothing: there is nothing to list.
  if (matchesNothing(sel)) return term;
  const merged = new Set(term.namespaces);
  for (const ns of namespaces.list()) {
    if (sel.matches(ns.metadata?.labels ?? {})) merged.add(ns.metadata?.name ?? '');
  }
  return { ...term, namespaces: merged, namespaceSelector: nothing() };
}

/** The labels of the pod's namespace, or undefined when the namespace is not known. */
export function namespaceLabels(namespace: string, namespaces: ObjectLister<Namespace>): Labels | undefined {
  const ns = namespaces.get(undefined, namespace);
  if (!ns) return undefined;
  return { ...(ns.metadata?.labels ?? {}) };
}

function listError(
  raw: readonly PodAffinityTerm[] | undefined,
  parsed: readonly AffinityTerm[],
  field: string,
): string | undefined {
  if (!raw) return undefined;
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    const p = parsed[i];
    // A set selector never parses to Nothing; PodInfo turns a selector it cannot parse into
    // Nothing, so only then is it worth parsing again for the message.
    const suspicious =
      (r.labelSelector != null && matchesNothing(p.selector)) ||
      (r.namespaceSelector != null && matchesNothing(p.namespaceSelector));
    if (!suspicious) continue;
    try {
      selectorFromLabelSelector(r.labelSelector);
      selectorFromLabelSelector(r.namespaceSelector);
    } catch (err) {
      return `${field}: ${(err as Error).message}`;
    }
  }
  return undefined;
}

const weighted = (terms: readonly WeightedPodAffinityTerm[] | undefined) => terms?.map((t) => t.podAffinityTerm);

/**
 * The error upstream's `NewPodInfo` returns for the pod's terms (`requiredAffinityTerms: values[0][x]:
 * Invalid value: …`, several as `[a, b]`), or undefined when every selector parses.
 */
export function podParseError(pi: PodInfo): string | undefined {
  const aff = pi.pod.spec?.affinity;
  const errs = [
    listError(
      aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
      pi.requiredAffinityTerms,
      'requiredAffinityTerms',
    ),
    listError(
      aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
      pi.requiredAntiAffinityTerms,
      'requiredAntiAffinityTerms',
    ),
    listError(
      weighted(aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      pi.preferredAffinityTerms,
      'preferredAffinityTerms',
    ),
    listError(
      weighted(aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      pi.preferredAntiAffinityTerms,
      'preferredAntiAffinityTerms',
    ),
  ].filter((e): e is string => e !== undefined);
  if (errs.length === 0) return undefined;
  return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
}

/** The pod's namespace ('' when unset). */
export function podNamespace(pod: Pod): string {
  return pod.metadata?.namespace ?? '';
}
