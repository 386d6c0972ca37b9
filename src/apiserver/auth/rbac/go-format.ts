/**
 * The two pieces of Go's fmt that RBAC messages are built from: `%q` of a string (strconv.Quote)
 * and `%q` of a []string (`["a" "b"]`), so that our messages read byte for byte like upstream's.
 */

import { goQuote } from '../../../machinery/go-quote.js';

export { goQuote };

/** Go's `%q` of a `[]string`: `["a" "b"]`, and `[]` for an empty or nil slice. */
export function goQuoteList(items: readonly string[] | undefined): string {
  return `[${(items ?? []).map(goQuote).join(' ')}]`;
}
