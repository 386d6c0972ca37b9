/**
 * The errors of patch application, worded as upstream's `mergepatch` package, and the one place
 * that turns them into the Status the apiserver answers with (`interpretStrategicMergePatchError`
 * in `handlers/patch.go`): format errors are 400 BadRequest, lists of lists a bare 422, and any
 * other failure carries the error text itself (`map: map[…] does not contain declared merge key:
 * name`). Upstream answers those with a 500 and no reason; a patch the client got wrong is the
 * client's error, so k8ts answers 400 BadRequest with the same text.
 */
import { ApiError } from '../errors.js';
import { goString, goTypeName, goValue } from './go-format.js';

/** How the apiserver answers a failure: 400, the generic 422, or 400 carrying the raw text. */
export type PatchFailureKind = 'BadRequest' | 'Unprocessable' | 'Unknown';

/** A failure inside the patch algorithms, before it becomes an ApiError at the API boundary. */
export class PatchFailure extends Error {
  constructor(
    readonly kind: PatchFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'PatchFailure';
  }
}

/** Upstream's text for a 422 built by `NewGenericServerResponse`; the cause is not sent. */
export const UNPROCESSABLE_MESSAGE = 'the server rejected our request due to an error in our request';

/** Upstream's `mergepatch` errors, each with the status the apiserver gives it. */
export const patchFailures = {
  badJSONDoc: () => new PatchFailure('BadRequest', 'invalid JSON document'),
  noListOfLists: () => new PatchFailure('Unprocessable', 'lists of lists are not supported'),
  badPatchFormatForPrimitiveList: () => new PatchFailure('BadRequest', 'invalid patch format of primitive list'),
  badPatchFormatForRetainKeys: () => new PatchFailure('BadRequest', 'invalid patch format of retainKeys'),
  badPatchFormatForSetElementOrderList: () =>
    new PatchFailure('BadRequest', 'invalid patch format of setElementOrder list'),
  noMergeKey: (m: unknown, key: string) =>
    new PatchFailure('Unknown', `map: ${goValue(m)} does not contain declared merge key: ${key}`),
  /** `expected` is Go's type name of the wanted value, e.g. `[]interface {}`. */
  badArgType: (expected: string, actual: unknown) =>
    new PatchFailure('Unknown', `expected a ${expected}, but received a ${goTypeName(actual)}`),
  badPatchType: (directive: unknown, m: unknown) =>
    new PatchFailure('Unknown', `unknown patch type: ${goString(directive)} in map: ${goValue(m)}`),
  other: (message: string) => new PatchFailure('Unknown', message),
};

/** Go's type names for the two container types, as `ErrBadArgType` prints them. */
export const GO_MAP = 'map[string]interface {}';
export const GO_SLICE = '[]interface {}';

/**
 * The Status the apiserver answers a failed patch with. A PatchFailure maps by its kind; an
 * ApiError passes through; anything else is a plain 500 with the error's text.
 */
export function patchFailureToApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const kind = err instanceof PatchFailure ? err.kind : 'Unknown';
  let out: ApiError;
  switch (kind) {
    case 'BadRequest':
      out = new ApiError(400, 'BadRequest', message);
      break;
    case 'Unprocessable':
      out = new ApiError(422, 'Invalid', UNPROCESSABLE_MESSAGE, {});
      break;
    default:
      // Upstream: 500 with StatusReasonUnknown. A client's bad patch is no server fault.
      out = err instanceof PatchFailure ? new ApiError(400, 'BadRequest', message) : new ApiError(500, '', message);
  }
  // Upstream drops the underlying text from a 422; keep it for logs.
  (out as Error).cause = err;
  return out;
}
