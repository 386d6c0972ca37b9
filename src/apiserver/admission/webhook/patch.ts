/**
 * Applying a mutating webhook's patch, as upstream's `callAttrMutatingHook` does after a webhook
 * allowed the request: decode the JSONPatch (undecodable: a call failure), refuse a patch when
 * there is no object (DELETE), apply it with evanphx/json-patch v4 semantics (a patch that does
 * not apply: 500), and tell whether the object changed.
 */
import { errors } from '../../../machinery/errors.js';
import { jsonKindName } from '../../../machinery/patch/go-format.js';
import { applyOp } from '../../../machinery/patch/json-patch-ops.js';
import { cloneJson, isJsonObject, jsonEqual } from '../../../machinery/patch/json-values.js';
import { CallingWebhookError } from './status.js';
import type { JsonObject } from './types.js';

/** A patch that was applied: the new object, whether it differs, and the decoded operations. */
export interface AppliedPatch {
  object: JsonObject;
  changed: boolean;
  operations: (JsonObject | null)[];
}

/** The operations of a patch text; throws CallingWebhookError for a patch that is not one. */
function decodePatch(webhookName: string, patchText: string): (JsonObject | null)[] {
  const undecodable = (why: string) =>
    new CallingWebhookError(webhookName, `received undecodable patch in webhook response: ${why}`);
  let ops: unknown;
  try {
    ops = JSON.parse(patchText);
  } catch (err) {
    throw undecodable((err as Error).message);
  }
  if (ops === null) return [];
  if (!Array.isArray(ops))
    throw undecodable(`json: cannot unmarshal ${jsonKindName(ops)} into Go value of type jsonpatch.Patch`);
  for (const op of ops) {
    if (op !== null && !isJsonObject(op)) {
      throw undecodable(`json: cannot unmarshal ${jsonKindName(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  return ops as (JsonObject | null)[];
}

/**
 * Applies the webhook's patch to `object` (not mutated); undefined when the patch has no
 * operations. Throws CallingWebhookError (undecodable patch, patch type other than JSONPatch) or a
 * 500 ApiError (no object to patch; an operation that does not apply).
 */
export function applyWebhookPatch(
  webhookName: string,
  object: JsonObject | null | undefined,
  patchText: string,
  patchType: string,
): AppliedPatch | undefined {
  const operations = decodePatch(webhookName, patchText);
  if (operations.length === 0) return undefined;
  if (!object) {
    throw errors.internal(
      new Error(
        `admission webhook ${JSON.stringify(webhookName)} attempted to modify the object, which is not supported for this operation`,
      ),
    );
  }
  if (patchType !== 'JSONPatch') {
    throw new CallingWebhookError(webhookName, `unsupported patch type ${JSON.stringify(patchType)}`);
  }
  let doc: unknown = cloneJson(object);
  for (const op of operations) {
    try {
      doc = applyOp(doc, op);
    } catch (err) {
      throw errors.internal(err);
    }
  }
  if (!isJsonObject(doc)) throw errors.internal(new Error('the patched object is not a JSON object'));
  return { object: doc, changed: !jsonEqual(object, doc), operations };
}

/**
 * The value of upstream's `patch.webhook.admission.k8s.io/round_<r>_index_<i>` audit annotation
 * (operation members sorted, as Go marshals the decoded operations).
 */
export function patchAnnotationValue(
  configuration: string,
  webhook: string,
  operations: (JsonObject | null)[],
): string {
  const sorted = operations.map((op) =>
    op === null
      ? null
      : Object.fromEntries(
          Object.keys(op)
            .sort()
            .map((k) => [k, op[k]]),
        ),
  );
  return JSON.stringify({ configuration, webhook, patch: sorted, patchType: 'JSONPatch' });
}
