/**
 * Errors from responses, as client-go's `transformResponse` makes them: a metav1.Status body of
 * `status: Failure` becomes an `ApiError` carrying it as is; any other error response gets
 * upstream's `NewGenericServerResponse` reason and words for its code, so `isNotFound`,
 * `isConflict` and friends work on both.
 */
import { ApiError, type Status, type StatusDetails } from '../../machinery/errors.js';

/** client-go's cap on how much of a non-Status body goes into the message. */
const MAX_UNSTRUCTURED_TEXT = 2048;

/** What identifies the request in a generic message: `(get configmaps.apps x)`. */
export interface RequestTarget {
  /** The HTTP method. */
  method: string;
  /** The resource, group-qualified (`deployments.apps`), when known. */
  resource?: string;
  /** The group of the resource, when known. */
  group?: string;
  /** The object's name, when known. */
  name?: string;
}

/** Whether `body` is a metav1.Status reporting failure. */
export function isFailureStatus(body: unknown): body is Status {
  if (!body || typeof body !== 'object') return false;
  const s = body as Record<string, unknown>;
  return s.kind === 'Status' && s.status === 'Failure';
}

/** An ApiError carrying a returned Status (its code, or the HTTP status when it has none). */
export function fromStatus(status: Status, httpStatus: number): ApiError {
  return new ApiError(status.code || httpStatus, status.reason ?? '', status.message ?? '', status.details);
}

const REASONS: Record<number, [reason: string, message: string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
  504: [
    'Timeout',
    'the server was unable to return a response in the time allotted, but may still be processing the request',
  ],
};

/**
 * upstream's `NewGenericServerResponse`: an error for a response that carried no Status. The
 * server's own text is kept for 403 and 5xx (and as the cause), as upstream does.
 */
export function genericServerError(
  code: number,
  target: RequestTarget,
  serverMessage: string,
  retryAfterSeconds = 0,
): ApiError {
  let reason = 'Unknown';
  let message = `the server responded with the status code ${code} but did not return more information`;
  if (code === 409) {
    reason = target.method.toUpperCase() === 'POST' ? 'AlreadyExists' : 'Conflict';
    message = 'the server reported a conflict';
  } else if (code === 403) {
    reason = 'Forbidden';
    message = serverMessage;
  } else if (REASONS[code]) {
    [reason, message] = REASONS[code];
  } else if (code >= 500) {
    reason = 'InternalError';
    message = `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`;
  }
  if (target.resource) {
    const what = target.name ? `${target.resource} ${target.name}` : target.resource;
    message = `${message} (${target.method.toLowerCase()} ${what})`;
  }
  const details: StatusDetails = { causes: [{ reason: 'UnexpectedServerResponse', message: serverMessage }] };
  if (target.group) details.group = target.group;
  if (target.resource) details.kind = target.resource.split('.')[0];
  if (target.name) details.name = target.name;
  if (retryAfterSeconds) details.retryAfterSeconds = retryAfterSeconds;
  return new ApiError(code, reason, message, details);
}

/** The `Retry-After` header in whole seconds, when it is one. */
export function retryAfterSeconds(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (v === undefined || !/^\s*\d+\s*$/.test(v)) return undefined;
  return Number(v);
}

/**
 * The error for a non-2xx response: from its Status body when it has one, generic otherwise (the
 * server's text kept when it sent `text/*` or no type, `unknown` else).
 */
export function responseError(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  raw: Buffer,
  parsed: unknown,
  target: RequestTarget,
): ApiError {
  if (isFailureStatus(parsed)) return fromStatus(parsed, status);
  const contentType = String(headers['content-type'] ?? '');
  // client-go's isTextResponse: no Content-Type, or a text/* one.
  const text =
    !contentType || contentType.startsWith('text/')
      ? raw.subarray(0, MAX_UNSTRUCTURED_TEXT).toString('utf8').trim()
      : 'unknown';
  return genericServerError(status, target, text, retryAfterSeconds(headers['retry-after']) ?? 0);
}
