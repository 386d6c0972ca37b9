/**
 * Errors of the connection rather than of the API: refused, reset, GOAWAY, TLS. Each knows
 * whether the request may have reached the server (`sent`), which decides whether a request that
 * is not idempotent may be sent again.
 */
import { ErrorCode } from '../../machinery/h2/frames.js';

/** Codes of errors that happen before a request could reach the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_INVALID_SESSION',
]);

/** Codes of transient connection errors worth a retry. */
const TRANSIENT_CODES = new Set([
  ...NOT_SENT_CODES,
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_STREAM_CANCEL',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_HTTP2_PING_CANCEL',
]);

/** A failure to exchange a request with the server, as Go words it: `Get "https://…": <cause>`. */
export class TransportError extends Error {
  /** The underlying error's code (`ECONNREFUSED`, `ERR_HTTP2_GOAWAY_SESSION`, …), when it has one. */
  readonly code: string | undefined;

  /**
   * @param cause the underlying error
   * @param sent whether the request may have reached the server
   * @param url the request's method and URL, for the message
   * @param refused the server refused the stream unprocessed (HTTP/2 REFUSED_STREAM or GOAWAY)
   */
  constructor(
    cause: unknown,
    readonly sent: boolean,
    url = '',
    readonly refused = false,
  ) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    super(url ? `${url}: ${msg}` : msg, { cause });
    this.name = 'TransportError';
    this.code = (cause as { code?: string } | null)?.code;
  }

  /** Whether the error is a transient connection failure (not, say, a bad certificate). */
  get transient(): boolean {
    return this.refused || (this.code !== undefined && TRANSIENT_CODES.has(this.code));
  }

  /** Whether the request surely did not reach the server, so that any method may be sent again. */
  get unsent(): boolean {
    return !this.sent || this.refused || (this.code !== undefined && NOT_SENT_CODES.has(this.code));
  }
}

/** Whether an HTTP/2 stream was closed by the server as refused (unprocessed, safe to resend). */
export const isRefusedStream = (rstCode: number | undefined): boolean => rstCode === ErrorCode.REFUSED_STREAM;

/** Whether a request that failed with `err` may be sent again: transient, and unsent or idempotent. */
export function isRetryableConnectionError(err: unknown, idempotent: boolean): boolean {
  return err instanceof TransportError && err.transient && (idempotent || err.unsent);
}
