/**
 * When a request is sent again, and after how long — client-go's `withRetry`: a response of 429,
 * or 5xx with `Retry-After`, waits the seconds the server asked for; a transient connection error
 * waits an exponential backoff. A request that is not idempotent is sent again only when it surely
 * did not reach the server, unless the caller marked it retryable; 429 says it was not processed.
 */
import { isRetryableConnectionError } from './transport-error.js';
import { retryAfterSeconds } from './status-error.js';
import type { ResponseHeaders } from './transport.js';

/** The exponential backoff of connection errors. */
export interface Backoff {
  /** Delay before the first retry, in milliseconds (default 200). */
  baseMs: number;
  /** Most a delay grows to, in milliseconds (default 10 000). */
  capMs: number;
}

/** The backoff used when none is configured. */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 200, capMs: 10_000 };

/** Methods safe to send twice: reads. Others need `retryable: true`. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The delay before retry number `attempt` (1-based): `baseMs·2^(attempt−1)`, at most `capMs`. */
export function backoffDelay(attempt: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * The delay in milliseconds before sending again after a response with `status`, or undefined
 * when it is final: 429 and 5xx carrying `Retry-After` (5xx only for idempotent requests, since
 * the server may have acted). `Retry-After: 0` waits the backoff instead of spinning.
 */
export function responseRetryDelay(
  status: number,
  headers: ResponseHeaders,
  idempotent: boolean,
  attempt: number,
  backoff: Backoff = DEFAULT_BACKOFF,
): number | undefined {
  if (status !== 429 && !(status >= 500 && idempotent)) return undefined;
  const seconds = retryAfterSeconds(headers['retry-after']);
  if (seconds === undefined) return undefined;
  return seconds > 0 ? seconds * 1000 : backoffDelay(attempt, backoff);
}

/** The delay before sending again after a transport error, or undefined when the error is final. */
export function errorRetryDelay(
  err: unknown,
  idempotent: boolean,
  attempt: number,
  backoff: Backoff = DEFAULT_BACKOFF,
): number | undefined {
  return isRetryableConnectionError(err, idempotent) ? backoffDelay(attempt, backoff) : undefined;
}
