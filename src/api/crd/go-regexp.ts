/**
 * Go (RE2) regular expressions in JavaScript: schema `pattern`s are written for Go's `regexp`, so
 * the syntax RE2 refuses (look-around, back-references) is refused here with RE2's words, and the
 * few RE2 spellings JavaScript lacks are translated.
 */

const cache = new Map<string, RegExp | string>();

/** RE2's refusal of a pattern, or undefined when RE2 would take it. */
function re2Refusal(pattern: string): string | undefined {
  const perl = /\(\?(<?[=!])/.exec(pattern);
  if (perl) return `invalid or unsupported Perl syntax: \`(?${perl[1]}\``;
  const backref = /\\([1-9])/.exec(pattern);
  if (backref) return `invalid escape sequence: \`\\${backref[1]}\``;
  return undefined;
}

/** Upstream-style wording of a compile failure JavaScript reported. */
function goWording(pattern: string, jsMessage: string): string {
  if (/Unterminated group|missing \)/i.test(jsMessage)) return `missing closing ): \`${pattern}\``;
  if (/Unmatched '\)'/i.test(jsMessage)) return `unexpected ): \`${pattern}\``;
  if (/Unterminated character class/i.test(jsMessage)) {
    return `missing closing ]: \`${pattern.slice(pattern.lastIndexOf('['))}\``;
  }
  if (/Nothing to repeat/i.test(jsMessage)) {
    const m = /(^|[^\\])([*+?])/.exec(pattern);
    return `missing argument to repetition operator: \`${m ? m[2] : '*'}\``;
  }
  return jsMessage.replace(/^Invalid regular expression: /, '');
}

/**
 * Compiles a Go pattern; returns the RegExp, or the error text upstream shows after
 * `must be a valid regular expression, but isn't: ` (`error parsing regexp: …`).
 */
export function compileGoRegexp(pattern: string): RegExp | string {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  let out: RegExp | string;
  const refusal = re2Refusal(pattern);
  if (refusal) out = `error parsing regexp: ${refusal}`;
  else {
    let source = pattern;
    let flags = 'u';
    const inline = /^\(\?([imsU]+)\)/.exec(source);
    if (inline) {
      source = source.slice(inline[0].length);
      if (inline[1].includes('i')) flags += 'i';
      if (inline[1].includes('m')) flags += 'm';
      if (inline[1].includes('s')) flags += 's';
    }
    // \z is RE2's end of text; \A its start.
    source = source.replace(/\\z/g, '$(?![\\s\\S])').replace(/\\A/g, '^');
    try {
      out = new RegExp(source, flags);
    } catch (e) {
      try {
        // Without the u flag JavaScript takes escapes such as \- that RE2 allows too.
        out = new RegExp(source, flags.replace('u', ''));
      } catch {
        out = `error parsing regexp: ${goWording(pattern, (e as Error).message)}`;
      }
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, out);
  return out;
}
