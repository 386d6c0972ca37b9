/**
 * Small text helpers that reproduce the exact formatting Go's pod-security-admission uses in its
 * messages: `%q` quoting, `joinQuote`, `pluralize`, and `sets.String.List()` (sorted, unique).
 */

export { goQuote } from '../../../machinery/go-quote.js';

/** Upstream's `joinQuote`: `"a", "b"` — wraps each item in plain double quotes, no escaping. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/** Upstream's `pluralize`: the singular form only when `count` is exactly 1. */
export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** Byte-wise ascending comparison, as Go's `sort.Strings` (identical to JS for BMP text). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `sets.NewString(items...).List()`: unique and sorted ascending. */
export function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(compareStrings);
}

/** `"container"`/`"containers"` followed by the quoted names: `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}
