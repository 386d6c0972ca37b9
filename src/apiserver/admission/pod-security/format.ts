/**
 * Small text helpers that reproduce the exact formatting Go's pod-security-admission uses in its
 * messages: `%q` quoting, `joinQuote`, `pluralize`, and `sets.String.List()` (sorted, unique).
 */

const SIMPLE_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/**
 * Quotes `s` as Go's `%q` / `strconv.Quote` does: double quotes, backslash escapes for `"` and
 * `\`, C escapes for the usual control characters, `\xNN` for other ASCII controls, `\u00NN` for
 * C1 controls; every other character is kept as is.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const simple = SIMPLE_ESCAPES[ch];
    if (simple) {
      out += simple;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp >= 0x80 && cp < 0xa0) out += '\\u' + cp.toString(16).padStart(4, '0');
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

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
