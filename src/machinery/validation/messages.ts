/**
 * The sentence builders upstream's validators share (`k8s.io/apimachinery/pkg/util/validation`),
 * kept apart so that every validator words its failures the same way.
 */

/** Upstream's `MaxLenError`: `must be no more than 63 characters`. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/**
 * Upstream's `RegexError`: the message, the examples (each followed by `', '`, joined with `' or '`,
 * hence the double space upstream prints) and the regex.
 */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((ex, i) => {
    if (i > 0) out += ' or ';
    out += `'${ex}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}

/** Upstream's `EmptyError`. */
export function emptyError(): string {
  return 'must be non-empty';
}

/** Upstream's `InclusiveRangeError`: `must be between 1 and 65535, inclusive`. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** Go's `len(s)`: the length in UTF-8 bytes, which is what upstream's limits count. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Go's `%#v` of a `[]string`: `[]string{"a", "b"}`. */
export function goStringSlice(values: readonly string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}
