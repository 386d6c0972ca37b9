/**
 * The one error type of the API: `ApiError` carries a metav1.Status (code, reason, message,
 * details), and `toStatus` turns any thrown value into one. Constructors and messages follow
 * upstream's `k8s.io/apimachinery/pkg/api/errors`, because kubectl and client libraries print and
 * match them.
 */
import { aggregate, type FieldError } from './field-errors.js';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** metav1.Status, as sent on the wire. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A group and a resource (plural) or kind: `deployments.apps`, `pods`. */
export interface GroupThing {
  group: string;
  name: string;
}

const qualified = ({ group, name }: GroupThing) => (group ? `${name}.${group}` : name);

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): Status {
    const s: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) s.details = this.details;
    return s;
  }
}

const details = (r: GroupThing, name?: string): StatusDetails => {
  const d: StatusDetails = {};
  if (name) d.name = name;
  if (r.group) d.group = r.group;
  d.kind = r.name;
  return d;
};

export const errors = {
  notFound: (r: GroupThing, name: string) =>
    new ApiError(404, 'NotFound', `${qualified(r)} "${name}" not found`, details(r, name)),
  alreadyExists: (r: GroupThing, name: string) =>
    new ApiError(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, details(r, name)),
  generateNameConflict: (r: GroupThing, name: string, retryAfterSeconds: number) =>
    new ApiError(
      409,
      'AlreadyExists',
      `${qualified(r)} "${name}" already exists, the server was not able to generate a unique name for the object`,
      { ...details(r, name), retryAfterSeconds },
    ),
  conflict: (r: GroupThing, name: string, why: string) =>
    new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`,
      details(r, name),
    ),
  /** The optimistic-concurrency conflict kubectl users know by heart. */
  modified: (r: GroupThing, name: string) =>
    errors.conflict(
      r,
      name,
      'the object has been modified; please apply your changes to the latest version and try again',
    ),
  invalid: (kind: GroupThing, name: string, errs: readonly FieldError[]) =>
    new ApiError(
      422,
      'Invalid',
      errs.length
        ? `${qualified(kind)} "${name}" is invalid: ${aggregate(errs)}`
        : `${qualified(kind)} "${name}" is invalid`,
      {
        ...details(kind, name),
        causes: errs.map((e) => ({ reason: e.type, message: e.body(), field: e.field })),
      },
    ),
  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),
  unauthorized: (message = 'Unauthorized') => new ApiError(401, 'Unauthorized', message),
  forbidden: (r: GroupThing, name: string, why: string) =>
    new ApiError(
      403,
      'Forbidden',
      !r.name
        ? `forbidden: ${why}`
        : name
          ? `${qualified(r)} "${name}" is forbidden: ${why}`
          : `${qualified(r)} is forbidden: ${why}`,
      details(r, name),
    ),
  methodNotSupported: (r: GroupThing, action: string) =>
    new ApiError(
      405,
      'MethodNotAllowed',
      `${action} is not supported on resources of kind "${qualified(r)}"`,
      details(r),
    ),
  /** A resourceVersion older than the history kept. */
  expired: (message: string) => new ApiError(410, 'Expired', message),
  gone: (message: string) => new ApiError(410, 'Gone', message),
  requestEntityTooLarge: (message: string) =>
    new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`),
  unsupportedMediaType: (contentType: string, accepted: readonly string[]) =>
    new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
      { kind: contentType },
    ),
  tooManyRequests: (message: string, retryAfterSeconds: number) =>
    new ApiError(429, 'TooManyRequests', message, { retryAfterSeconds }),
  internal: (err: unknown) => {
    const msg = err instanceof Error ? err.message : String(err);
    return new ApiError(500, 'InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
  },
  timeout: (message: string, retryAfterSeconds: number) =>
    new ApiError(504, 'Timeout', `Timeout: ${message}`, retryAfterSeconds ? { retryAfterSeconds } : {}),
  /** A read at a resourceVersion the server has not reached yet (upstream's NewTooLargeResourceVersionError). */
  tooLargeResourceVersion: (wanted: number, current: number) =>
    new ApiError(504, 'Timeout', `Timeout: Too large resource version: ${wanted}, current: ${current}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    }),
  serviceUnavailable: (message: string) => new ApiError(503, 'ServiceUnavailable', message),
};

/** Any thrown value as a Status: an ApiError's own, anything else a 500 InternalError. */
export function toStatus(err: unknown): Status {
  return (err instanceof ApiError ? err : errors.internal(err)).toStatus();
}

export const isNotFound = (err: unknown) => err instanceof ApiError && err.reason === 'NotFound';
export const isAlreadyExists = (err: unknown) => err instanceof ApiError && err.reason === 'AlreadyExists';
export const isConflict = (err: unknown) => err instanceof ApiError && err.reason === 'Conflict';
export const isInvalid = (err: unknown) => err instanceof ApiError && err.reason === 'Invalid';
