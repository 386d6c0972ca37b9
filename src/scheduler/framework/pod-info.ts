/**
 * `PodInfo`: a pod with what the scheduler derives from it once — its requests and its parsed
 * inter-pod affinity terms — after upstream's `framework.PodInfo` and `AffinityTerm`.
 */
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { nothing, type Selector } from '../../machinery/label-requirement.js';
import { selectorFromLabelSelector } from '../../machinery/label-selector.js';
import { podRequests, type PodRequests } from './resource.js';

/** One (anti-)affinity term, ready to match pods. */
export interface AffinityTerm {
  /** Namespaces named by the term, or the pod's own when it names none and has no namespaceSelector. */
  namespaces: ReadonlySet<string>;
  selector: Selector;
  topologyKey: string;
  /** Matches namespaces by their labels; matches nothing when the term has none. */
  namespaceSelector: Selector;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/**
 * Whether `pod`, in a namespace labelled `nsLabels`, is matched by `term` (upstream's
 * `AffinityTerm.Matches`).
 */
export function termMatches(term: AffinityTerm, pod: Pod, nsLabels: Record<string, string> | undefined): boolean {
  const ns = pod.metadata?.namespace ?? '';
  if (term.namespaces.has(ns) || term.namespaceSelector.matches(nsLabels ?? {})) {
    return term.selector.matches(pod.metadata?.labels ?? {});
  }
  return false;
}

/** Parses a PodAffinityTerm of `pod` (an invalid selector matches nothing). */
export function newAffinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  let selector: Selector;
  let namespaceSelector: Selector;
  try {
    selector = selectorFromLabelSelector(term.labelSelector);
    namespaceSelector = selectorFromLabelSelector(term.namespaceSelector);
  } catch {
    selector = nothing();
    namespaceSelector = nothing();
  }
  const namespaces = new Set(term.namespaces ?? []);
  if (namespaces.size === 0 && !term.namespaceSelector) namespaces.add(pod.metadata?.namespace ?? '');
  return { namespaces, selector, topologyKey: term.topologyKey, namespaceSelector };
}

function weighted(pod: Pod, terms: WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  return (terms ?? []).map((t) => ({ ...newAffinityTerm(pod, t.podAffinityTerm), weight: t.weight }));
}

/** A pod and its derived scheduling data. Build once per pod version; treat as immutable. */
export class PodInfo {
  readonly requiredAffinityTerms: AffinityTerm[];
  readonly requiredAntiAffinityTerms: AffinityTerm[];
  readonly preferredAffinityTerms: WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: WeightedAffinityTerm[];
  private cachedRequests: PodRequests | undefined;

  constructor(readonly pod: Pod) {
    const aff = pod.spec?.affinity;
    this.requiredAffinityTerms = (aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      newAffinityTerm(pod, t),
    );
    this.requiredAntiAffinityTerms = (aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (t) => newAffinityTerm(pod, t),
    );
    this.preferredAffinityTerms = weighted(pod, aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.preferredAntiAffinityTerms = weighted(
      pod,
      aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
    );
  }

  /** The pod's requests (computed on first use). */
  get requests(): PodRequests {
    return (this.cachedRequests ??= podRequests(this.pod));
  }

  get key(): string {
    return podKey(this.pod);
  }

  /** True when the pod has any pod affinity or anti-affinity term. */
  hasAffinity(): boolean {
    return (
      this.requiredAffinityTerms.length > 0 ||
      this.requiredAntiAffinityTerms.length > 0 ||
      this.preferredAffinityTerms.length > 0 ||
      this.preferredAntiAffinityTerms.length > 0
    );
  }
}

/** `namespace/name`, the scheduler's key for a pod. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}
