/**
 * The ValidatingAdmissionWebhook plugin's dispatch, as upstream's `validating/dispatcher.go`: every
 * matching webhook is called at once; a denial or a failure (under failurePolicy Fail) refuses
 * the request. Webhooks with failurePolicy Ignore that cannot be called are skipped, with a
 * `failed-open.validating.webhook.admission.k8s.io/round_0_index_<i>` audit annotation.
 */
import type { ValidatingWebhook, ValidatingWebhookConfiguration } from 'kubernetes-types/admissionregistration/v1.js';
import type { ApiError } from '../../../machinery/errors.js';
import { callWebhook } from './call.js';
import { isExemptAdmissionConfigurationResource } from './rules.js';
import { shouldCallHook } from './should-call.js';
import { attachNotes, CallingWebhookError, failClosed, toStatusErr } from './status.js';
import {
  addAnnotation,
  addWarning,
  flattenHooks,
  withNamespaceLabelCache,
  type DispatchNotes,
  type HookEntry,
  type Invocation,
  type WebhookAttributes,
  type WebhookDeps,
} from './types.js';

export const VALIDATING_FAILED_OPEN_PREFIX = 'failed-open.validating.webhook.admission.k8s.io/';

/** What validation gathered when it admits the request. */
export type ValidatingResult = DispatchNotes;

/**
 * Runs the validating webhooks of `configs` for the request (in parallel) and resolves with their
 * warnings and audit annotations. Rejects with an ApiError:
 * - a denial: the webhook's status, code ≥ 400 (`admission webhook "x" denied the request: …`);
 * - a failure under failurePolicy Fail: 500 `Internal error occurred: failed calling webhook "x": …`;
 * - 400 for a dry run a webhook with side effects cannot take; selector and matchCondition errors.
 * When several webhooks refuse, the first in webhook order is reported (upstream reports whichever
 * finished first). The warnings and annotations gathered stay readable with `dispatchNotesOf(err)`.
 */
export async function runValidating(
  configs: readonly ValidatingWebhookConfiguration[],
  attrs: WebhookAttributes,
  depsIn: WebhookDeps = {},
): Promise<ValidatingResult> {
  const notes: DispatchNotes = { warnings: [], auditAnnotations: {} };
  if (isExemptAdmissionConfigurationResource(attrs)) return notes;

  const deps = withNamespaceLabelCache(depsIn);
  const relevant: { hook: HookEntry<ValidatingWebhook>; inv: Invocation }[] = [];
  for (const hook of flattenHooks(configs)) {
    const inv = await shouldCallHook(hook, attrs, deps);
    if (inv) relevant.push({ hook, inv });
  }
  if (relevant.length === 0) return notes;

  const outcomes = await Promise.all(
    relevant.map(async ({ hook, inv }, idx): Promise<{ notes: DispatchNotes; error?: ApiError }> => {
      const own: DispatchNotes = { warnings: [], auditAnnotations: {} };
      const { webhook } = hook;
      try {
        const res = await callWebhook(webhook, attrs, inv, false, deps);
        for (const [k, v] of Object.entries(res.auditAnnotations)) addAnnotation(own, `${webhook.name}/${k}`, v);
        for (const w of res.warnings) addWarning(own, w);
        if (!res.allowed) return { notes: own, error: toStatusErr(webhook.name, res.result) };
        return { notes: own };
      } catch (err) {
        if (err instanceof CallingWebhookError && webhook.failurePolicy === 'Ignore') {
          addAnnotation(own, `${VALIDATING_FAILED_OPEN_PREFIX}round_0_index_${idx}`, webhook.name);
          return { notes: own };
        }
        return { notes: own, error: failClosed(err) };
      }
    }),
  );
  let refusal: ApiError | undefined;
  for (const o of outcomes) {
    refusal ??= o.error;
    for (const w of o.notes.warnings) addWarning(notes, w);
    for (const [k, v] of Object.entries(o.notes.auditAnnotations)) addAnnotation(notes, k, v);
  }
  if (refusal) throw attachNotes(refusal, notes);
  return notes;
}
