/**
 * Counters keyed by topology pair (`topologyKey` → value), as upstream's
 * `topologyToMatchedTermCount`: how many pods (or terms) were matched in each topology domain.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { type AffinityTerm, termMatches } from '../../framework/pod-info.js';

/** The labels of a node (or none), read without touching the prototype. */
export type Labels = Readonly<Record<string, string>>;

const NO_LABELS: Labels = Object.freeze({});

/** A node's labels, never undefined. */
export function nodeLabels(node: { metadata?: { labels?: Record<string, string> } } | undefined): Labels {
  return node?.metadata?.labels ?? NO_LABELS;
}

/** The value of `key` in `labels`, or undefined when the label is absent. */
export function labelValue(labels: Labels, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

/** Counts per topology pair. Pairs whose count returns to zero are dropped, as upstream drops them. */
export class TopologyCounts {
  private readonly byKey = new Map<string, Map<string, number>>();
  private pairs = 0;

  /** The number of pairs held (upstream's `len(map)`). */
  get size(): number {
    return this.pairs;
  }

  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }

  /** Adds `delta` to the pair; a pair whose count becomes zero is removed. */
  add(key: string, value: string, delta: number): void {
    let values = this.byKey.get(key);
    if (!values) {
      if (delta === 0) return;
      values = new Map();
      this.byKey.set(key, values);
    }
    const prev = values.get(value);
    const next = (prev ?? 0) + delta;
    if (next !== 0) {
      if (prev === undefined) this.pairs++;
      values.set(value, next);
      return;
    }
    if (prev !== undefined) {
      values.delete(value);
      this.pairs--;
    }
    if (values.size === 0) this.byKey.delete(key);
  }

  /** Adds `delta` to the node's pair for `key`; nothing when the node lacks the label. */
  addForNode(labels: Labels, key: string, delta: number): void {
    const value = labelValue(labels, key);
    if (value !== undefined) this.add(key, value, delta);
  }

  /** Whether any pair of the node's labels has a positive count. */
  anyPositive(labels: Labels): boolean {
    // The counters hold few keys; iterating them beats iterating every node label.
    for (const [key, values] of this.byKey) {
      const value = labelValue(labels, key);
      if (value !== undefined && (values.get(value) ?? 0) > 0) return true;
    }
    return false;
  }

  /** Every pair as `[key, value, count]`. */
  *entries(): IterableIterator<[string, string, number]> {
    for (const [key, values] of this.byKey) for (const [value, n] of values) yield [key, value, n];
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [key, values] of this.byKey) c.byKey.set(key, new Map(values));
    c.pairs = this.pairs;
    return c;
  }
}

/**
 * Whether `pod` matches every term (false for no terms), as upstream's `podMatchesAllAffinityTerms`.
 * The terms are the incoming pod's, whose namespaceSelector was already merged into namespaces,
 * so no namespace labels are needed.
 */
export function podMatchesAllTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, undefined)) return false;
  return true;
}

/** Counts each term's pair on the node when `pod` matches all the (affinity) terms. */
export function addAffinityTerms(
  counts: TopologyCounts,
  terms: readonly AffinityTerm[],
  pod: Pod,
  labels: Labels,
  delta: number,
): void {
  if (!podMatchesAllTerms(terms, pod)) return;
  for (const t of terms) counts.addForNode(labels, t.topologyKey, delta);
}

/** Counts the pair of each (anti-affinity) term that `pod` matches. */
export function addAntiAffinityTerms(
  counts: TopologyCounts,
  terms: readonly AffinityTerm[],
  pod: Pod,
  nsLabels: Labels | undefined,
  labels: Labels,
  delta: number,
): void {
  for (const t of terms) if (termMatches(t, pod, nsLabels)) counts.addForNode(labels, t.topologyKey, delta);
}
