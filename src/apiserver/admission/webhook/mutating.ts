/**
 * The MutatingAdmissionWebhook plugin's dispatch, as upstream's `mutating/dispatcher.go` plus the
 * one reinvocation round of `admission/reinvocation.go`: matching webhooks are called one after
 * another (configurations by name, then webhook order), each seeing the object as patched so far.
 * When a webhook changed the object, webhooks with `reinvocationPolicy: IfNeeded` that ran before
 * that change are called once more, after all the others.
 */
import type { MutatingWebhookConfiguration } from 'kubernetes-types/admissionregistration/v1.js';
import { callWebhook } from './call.js';
import { applyWebhookPatch, patchAnnotationValue } from './patch.js';
import { isExemptAdmissionConfigurationResource } from './rules.js';
import { shouldCallHook } from './should-call.js';
import { attachNotes, CallingWebhookError, failClosed, toStatusErr } from './status.js';
import {
  addAnnotation,
  addWarning,
  flattenHooks,
  withNamespaceLabelCache,
  type DispatchNotes,
  type JsonObject,
  type WebhookAttributes,
  type WebhookDeps,
} from './types.js';

export const MUTATION_ANNOTATION_PREFIX = 'mutation.webhook.admission.k8s.io/';
export const PATCH_ANNOTATION_PREFIX = 'patch.webhook.admission.k8s.io/';
export const MUTATION_FAILED_OPEN_PREFIX = 'failed-open.mutation.webhook.admission.k8s.io/';

/** What mutation produced when it admits the request. */
export interface MutatingResult extends DispatchNotes {
  /** The object after every patch (the input object itself when nothing changed it). */
  object: JsonObject | null | undefined;
  /** True when some webhook changed the object (upstream would reinvoke reinvocable in-tree plugins). */
  changed: boolean;
}

export interface MutatingOptions {
  /** Run the reinvocation round (default true). */
  reinvoke?: boolean;
}

/** upstream's webhookReinvokeContext. */
interface ReinvokeState {
  previouslyInvoked: Set<string>;
  reinvoke: Set<string>;
  shouldReinvoke: boolean;
}

function requireReinvoking(s: ReinvokeState): void {
  for (const uid of s.previouslyInvoked) s.reinvoke.add(uid);
  s.previouslyInvoked.clear();
}

/**
 * Runs the mutating webhooks of `configs` for the request and resolves with the patched object,
 * the warnings and the audit annotations (the webhooks' own `<webhook>/<key>`, and upstream's
 * `mutation.webhook.admission.k8s.io/round_<r>_index_<i>`, `patch.…` and `failed-open.…`).
 * Rejects with an ApiError: a denial (the webhook's status, code ≥ 400), 500 for a failure under
 * failurePolicy Fail or a patch that does not apply, 400 for a dry run a webhook with side effects
 * cannot take; selector and matchCondition errors. `dispatchNotesOf(err)` gives what was gathered.
 */
export async function runMutating(
  configs: readonly MutatingWebhookConfiguration[],
  attrs: WebhookAttributes,
  depsIn: WebhookDeps = {},
  opts: MutatingOptions = {},
): Promise<MutatingResult> {
  const notes: DispatchNotes = { warnings: [], auditAnnotations: {} };
  let object = attrs.object;
  if (isExemptAdmissionConfigurationResource(attrs)) return { object, changed: false, ...notes };
  const deps = withNamespaceLabelCache(depsIn);
  const hooks = flattenHooks(configs);
  const state: ReinvokeState = { previouslyInvoked: new Set(), reinvoke: new Set(), shouldReinvoke: false };
  let changedAny = false;

  const round = async (r: 0 | 1) => {
    for (const hook of hooks) {
      const current: WebhookAttributes = { ...attrs, object };
      const inv = await shouldCallHook(hook, current, deps);
      if (!inv) continue;
      // A webhook is never called for the first time in the reinvocation round.
      if (r === 1 && !state.reinvoke.has(hook.uid)) continue;
      const { webhook } = hook;
      const at = `round_${r}_index_${hook.index}`;
      let changed = false;
      let error: unknown;
      try {
        const res = await callWebhook(webhook, current, inv, true, deps);
        for (const [k, v] of Object.entries(res.auditAnnotations)) addAnnotation(notes, `${webhook.name}/${k}`, v);
        for (const w of res.warnings) addWarning(notes, w);
        if (!res.allowed) error = toStatusErr(webhook.name, res.result);
        else if (res.patch) {
          const applied = applyWebhookPatch(webhook.name, object, res.patch, res.patchType ?? '');
          if (applied) {
            changed = applied.changed;
            object = applied.object;
            const value = patchAnnotationValue(hook.configurationName, webhook.name, applied.operations);
            addAnnotation(notes, PATCH_ANNOTATION_PREFIX + at, value);
          }
        }
      } catch (err) {
        error = err;
      }
      const mutation = { configuration: hook.configurationName, webhook: webhook.name, mutated: changed };
      addAnnotation(notes, MUTATION_ANNOTATION_PREFIX + at, JSON.stringify(mutation));
      if (changed) {
        changedAny = true;
        requireReinvoking(state);
        state.shouldReinvoke = true;
      }
      if (webhook.reinvocationPolicy === 'IfNeeded') state.previouslyInvoked.add(hook.uid);
      if (error === undefined) continue;
      if (error instanceof CallingWebhookError && webhook.failurePolicy === 'Ignore') {
        addAnnotation(notes, MUTATION_FAILED_OPEN_PREFIX + at, webhook.name);
        continue;
      }
      throw failClosed(error);
    }
  };

  try {
    await round(0);
    if (state.shouldReinvoke && state.reinvoke.size > 0 && opts.reinvoke !== false) await round(1);
  } catch (err) {
    throw attachNotes(failClosed(err), notes);
  }
  return { object, changed: changedAny, ...notes };
}
