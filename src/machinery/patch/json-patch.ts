/**
 * `application/json-patch+json` (RFC 6902) as the apiserver applies it: the body must decode as a
 * JSON array of operations (else 400 with Go's decoder message), at most 10,000 of them (else 413),
 * and any operation that does not apply — a failed `test`, a missing path, a bad index — fails the
 * whole patch with upstream's bare 422 (`the server rejected our request due to an error in our
 * request`; the library's own text is kept as the error's `cause`).
 */
import { ApiError, errors } from '../errors.js';
import { jsonKindName } from './go-format.js';
import { isJsonObject } from './json-values.js';
import { applyOp } from './json-patch-ops.js';
import { UNPROCESSABLE_MESSAGE } from './patch-errors.js';

/** Upstream's `maxJSONPatchOperations`. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** A JSON Patch operation as sent on the wire. */
export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function decode(body: unknown): unknown {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    try {
      return JSON.parse(text);
    } catch (err) {
      throw errors.badRequest((err as Error).message);
    }
  }
  return body;
}

/** The 422 upstream answers with when an operation does not apply. */
function unprocessable(cause: unknown): ApiError {
  const err = new ApiError(422, 'Invalid', UNPROCESSABLE_MESSAGE, {});
  (err as Error).cause = cause;
  return err;
}

/**
 * Applies a JSON Patch to a copy of `doc` and returns the result; `doc` is not mutated.
 * `patch` is the decoded body (or its raw JSON text). Throws ApiError: 400 when the body is not an
 * array of objects, 413 past 10,000 operations, 422 when an operation does not apply.
 */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  const ops = decode(patch);
  // Go decodes `null` into an empty patch.
  if (ops === null) return JSON.parse(JSON.stringify(doc));
  if (!Array.isArray(ops)) {
    throw errors.badRequest(`json: cannot unmarshal ${jsonKindName(ops)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of ops) {
    if (op !== null && !isJsonObject(op)) {
      throw errors.badRequest(`json: cannot unmarshal ${jsonKindName(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw errors.requestEntityTooLarge(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    );
  }
  if (!Array.isArray(doc) && !isJsonObject(doc)) {
    throw unprocessable(
      new Error(`json: cannot unmarshal ${jsonKindName(doc)} into Go value of type jsonpatch.partialDoc`),
    );
  }
  let result: unknown = JSON.parse(JSON.stringify(doc));
  for (const op of ops as (Record<string, unknown> | null)[]) {
    try {
      result = applyOp(result, op);
    } catch (err) {
      // JsonPatchOpError, or fast-json-patch refusing a `__proto__` path: the patch does not apply.
      throw unprocessable(err);
    }
  }
  return result;
}
