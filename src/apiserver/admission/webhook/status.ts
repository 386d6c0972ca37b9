/**
 * How webhook outcomes become API errors, as upstream's `webhook/errors` and
 * `util/webhook/error.go`: a denial keeps the webhook's own status (code at least 400), a failure
 * to call a webhook is an `ErrCallingWebhook` that failurePolicy decides about, a dry run a
 * webhook cannot take is a 400.
 */
import { ApiError, errors, type Status, type StatusDetails } from '../../../machinery/errors.js';
import type { DispatchNotes } from './types.js';

const quote = (s: string) => JSON.stringify(s);

/**
 * An ApiError carrying a webhook's status as it is: an empty reason stays absent from the
 * metav1.Status (upstream does not invent one for denials).
 */
export class WebhookStatusError extends ApiError {
  override toStatus(): Status {
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: this.code };
    s.message = this.message;
    if (this.reason) s.reason = this.reason;
    if (this.details) s.details = this.details;
    return s;
  }
}

/**
 * Upstream's `ToStatusErr`: the webhook's status with a code of at least 400 and the message
 * `admission webhook "<name>" denied the request: <message or reason>` (or `… without explanation`).
 */
export function toStatusErr(webhookName: string, result: Partial<Status> | undefined): ApiError {
  const deniedBy = `admission webhook ${quote(webhookName)} denied the request`;
  const r = result ?? {};
  const code = typeof r.code === 'number' && r.code >= 400 ? r.code : 400;
  const message = r.message
    ? `${deniedBy}: ${r.message}`
    : r.reason
      ? `${deniedBy}: ${r.reason}`
      : `${deniedBy} without explanation`;
  const details: StatusDetails | undefined = r.details && typeof r.details === 'object' ? r.details : undefined;
  return new WebhookStatusError(code, typeof r.reason === 'string' ? r.reason : '', message, details);
}

/** Upstream's `NewDryRunUnsupportedErr`: 400 BadRequest. */
export function dryRunUnsupported(webhookName: string): ApiError {
  return errors.badRequest(`admission webhook ${quote(webhookName)} does not support dry run`);
}

/**
 * Upstream's `ErrCallingWebhook`: the webhook could not be asked or answered nonsense. With
 * failurePolicy Fail it becomes a 500 (`Internal error occurred: failed calling webhook "x": …`);
 * with Ignore the webhook is skipped.
 */
export class CallingWebhookError extends Error {
  constructor(
    readonly webhookName: string,
    readonly reason: string,
  ) {
    super(`failed calling webhook ${quote(webhookName)}: ${reason}`);
    this.name = 'CallingWebhookError';
  }
}

/** What a dispatcher throws for an error that failurePolicy does not excuse. */
export function failClosed(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return errors.internal(err);
}

const notesByError = new WeakMap<object, DispatchNotes>();

/** Remembers the warnings and annotations gathered before `err` refused the request; returns `err`. */
export function attachNotes<E extends object>(err: E, notes: DispatchNotes): E {
  notesByError.set(err, notes);
  return err;
}

/**
 * The warnings and audit annotations gathered before a dispatcher refused the request (upstream
 * still sends such warnings and audits such annotations), if `err` came from one.
 */
export function dispatchNotesOf(err: unknown): DispatchNotes | undefined {
  return typeof err === 'object' && err !== null ? notesByError.get(err) : undefined;
}
