/**
 * One webhook call, the part shared by upstream's mutating `callAttrMutatingHook` and validating
 * `callHook`: the dry-run check, the AdmissionReview, the POST within `timeoutSeconds`, and the
 * response checks. Failures to call are CallingWebhookError (failurePolicy decides), worded as
 * upstream: `failed calling webhook "x": failed to call webhook: Post "https://…?timeout=10s": …`.
 */
import type { MutatingWebhook, ValidatingWebhook } from 'kubernetes-types/admissionregistration/v1.js';
import { defaultWebhookClients, webhookTarget, type WebhookTarget } from './client.js';
import { decodeReply, isStaleSocketError, postJson, raceAbort, type HttpReply } from './http.js';
import { DeadlineExceededError, goTransportMessage } from './net-errors.js';
import {
  createAdmissionReview,
  invalidBase64At,
  InvalidResponseError,
  pickReviewVersion,
  verifyAdmissionResponse,
  type VerifiedResponse,
} from './review.js';
import { CallingWebhookError, dryRunUnsupported } from './status.js';
import type { Invocation, JsonObject, WebhookAttributes, WebhookDeps } from './types.js';

/** admissionregistration/v1's default and upstream's validation limits for timeoutSeconds. */
export const DEFAULT_TIMEOUT_SECONDS = 10;
export const MAX_TIMEOUT_SECONDS = 30;

/** The timeout a webhook gets: its own (default 10), kept within 1..30 seconds. */
export function effectiveTimeoutSeconds(webhook: { timeoutSeconds?: number }): number {
  const t = Math.floor(webhook.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
  return Math.min(MAX_TIMEOUT_SECONDS, Math.max(1, Number.isFinite(t) ? t : DEFAULT_TIMEOUT_SECONDS));
}

const addrOf = (e: { host: string; port: number }) =>
  e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;

/** Dials (resolving a service) and POSTs within `timeoutSeconds`; rejects with the Go-worded cause. */
async function post(target: WebhookTarget, body: string, timeoutSeconds: number): Promise<HttpReply> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutSeconds * 1000);
  let endpoint: { host: string; port: number } | undefined;
  try {
    endpoint = await raceAbort(target.dial(), ac.signal);
    try {
      return await postJson(target, endpoint, body, ac.signal);
    } catch (err) {
      // The server closed an idle keep-alive connection as we reused it: send once more, afresh.
      if (!isStaleSocketError(err) || ac.signal.aborted) throw err;
      return await postJson(target, endpoint, body, ac.signal);
    }
  } catch (err) {
    const cause =
      endpoint || err instanceof DeadlineExceededError
        ? goTransportMessage(err, endpoint ? addrOf(endpoint) : target.hostHeader)
        : err instanceof Error
          ? err.message
          : String(err);
    throw new Error(`Post "${target.displayUrl}": ${cause}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `webhook` for the request and returns its verified answer (allowed or not; the caller
 * turns a denial into an error and applies patches). Throws CallingWebhookError for anything
 * failurePolicy may excuse, and a 400 BadRequest ApiError for a dry run the webhook cannot take
 * (sideEffects other than None/NoneOnDryRun).
 */
export async function callWebhook(
  webhook: MutatingWebhook | ValidatingWebhook,
  attrs: WebhookAttributes,
  inv: Invocation,
  mutating: boolean,
  deps: WebhookDeps,
): Promise<VerifiedResponse> {
  const name = webhook.name;
  const fail = (reason: string) => new CallingWebhookError(name, reason);
  if (attrs.dryRun) {
    if (!webhook.sideEffects) throw fail('Webhook SideEffects is nil');
    if (webhook.sideEffects !== 'None' && webhook.sideEffects !== 'NoneOnDryRun') throw dryRunUnsupported(name);
  }
  const version = pickReviewVersion(webhook.admissionReviewVersions);
  if (!version) {
    throw fail(
      'could not create admission objects: webhook does not accept known AdmissionReview versions (v1, v1beta1)',
    );
  }
  const { uid, review } = createAdmissionReview(attrs, inv, version);
  const timeoutSeconds = effectiveTimeoutSeconds(webhook);
  let target: WebhookTarget;
  try {
    target = webhookTarget(webhook.clientConfig, timeoutSeconds, deps.clients ?? defaultWebhookClients, deps);
  } catch (err) {
    throw fail(`could not get REST client: ${(err as Error).message}`);
  }
  let reply: HttpReply;
  try {
    reply = await post(target, JSON.stringify(review), timeoutSeconds);
  } catch (err) {
    throw fail(`failed to call webhook: ${(err as Error).message}`);
  }
  const decoded = decodeReply(reply);
  if ('error' in decoded) throw fail(`failed to call webhook: ${decoded.error}`);
  const response = decoded.review.response as JsonObject | undefined;
  if (response && typeof response === 'object' && typeof response.patch === 'string') {
    const at = invalidBase64At(response.patch);
    if (at >= 0) throw fail(`failed to call webhook: illegal base64 data at input byte ${at}`);
  }
  try {
    return verifyAdmissionResponse(uid, mutating, version, decoded.review);
  } catch (err) {
    if (err instanceof InvalidResponseError) throw fail(`received invalid webhook response: ${err.message}`);
    throw err;
  }
}
