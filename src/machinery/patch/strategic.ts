/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), upstream's JSON merge patch
 * variant for built-in kinds, driven by the OpenAPI patch metadata of each field:
 * - lists whose field says `x-kubernetes-patch-strategy: merge` merge by their
 *   `x-kubernetes-patch-merge-key` (containers by `name`, ports by `containerPort`), or as a set
 *   when they hold scalars (finalizers); other lists are replaced;
 * - maps merge key by key, `null` deletes a key;
 * - directives: `$patch: replace|delete` in a map, `{$patch: delete, <key>: v}` and
 *   `{$patch: replace}` list elements, `$retainKeys` under retainKeys fields,
 *   `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`.
 * Failures answer as the apiserver does (see patch-errors.ts). The two- and three-way functions
 * compute the patches kubectl sends (`kubectl edit`/`patch` and client-side `kubectl apply`).
 */
import type { Definitions } from '../../api/openapi/types.js';
import { ApiError, errors } from '../errors.js';
import { jsonKindName } from './go-format.js';
import { cloneJson, isJsonObject, type Json, type JsonObject } from './json-values.js';
import { patchFailureToApiError, patchFailures } from './patch-errors.js';
import { mergingMapsHaveConflicts } from './strategic-conflicts.js';
import { diffMaps } from './strategic-diff.js';
import { mergeMap } from './strategic-merge.js';
import { PatchSchema } from './strategic-schema.js';
import { stripDirectiveKeys } from './strategic-values.js';
import { stringify } from 'yaml';

function rootSchema(definitions: Definitions, rootName: string): PatchSchema {
  const schema = PatchSchema.root(definitions, rootName);
  if (!schema) throw new Error(`strategic merge patch: no OpenAPI definition named ${rootName}`);
  return schema;
}

/** A document argument of the diff functions: an object, or nothing (taken as `{}`). */
function documentOf(v: Json): JsonObject {
  if (v === null || v === undefined) return {};
  if (!isJsonObject(v)) throw patchFailureToApiError(patchFailures.badJSONDoc());
  return cloneJson(v);
}

/**
 * Applies `patch` to `original` (neither is mutated) for an object whose schema is
 * `definitions[rootName]`, and returns the patched object. A `null` patch changes nothing.
 * Throws ApiError: 400 for a patch that is not a JSON object or a malformed directive
 * (`invalid patch format of retainKeys`, …), a bare 422 for lists of lists, and a 500 with
 * upstream's text for the rest (`map: map[image:x] does not contain declared merge key: name`,
 * `unknown patch type: foo in map: map[$patch:foo]`). Throws Error when `rootName` is unknown.
 */
export function strategicMergePatch(
  original: unknown,
  patch: unknown,
  definitions: Definitions,
  rootName: string,
): unknown {
  const schema = rootSchema(definitions, rootName);
  if (patch === null || patch === undefined) return cloneJson(original);
  if (!isJsonObject(patch)) {
    throw errors.badRequest(
      `json: cannot unmarshal ${jsonKindName(patch)} into Go value of type map[string]interface {}`,
    );
  }
  if (!isJsonObject(original)) throw patchFailureToApiError(patchFailures.badJSONDoc());
  try {
    const result = mergeMap(cloneJson(original), cloneJson(patch), schema, {
      mergeParallelList: true,
      ignoreUnmatchedNulls: true,
    });
    // Decoding into the typed object drops directive keys that were taken over verbatim.
    stripDirectiveKeys(result);
    return result;
  } catch (err) {
    throw patchFailureToApiError(err);
  }
}

/**
 * Two-way: the patch that turns `original` into `modified` (what `kubectl edit` and
 * `kubectl patch --local` compute), with `$setElementOrder` lists. `null` means `{}`.
 */
export function createTwoWayMergePatch(
  original: unknown,
  modified: unknown,
  definitions: Definitions,
  rootName: string,
): unknown {
  const schema = rootSchema(definitions, rootName);
  try {
    return diffMaps(documentOf(original), documentOf(modified), schema, { setElementOrder: true });
  } catch (err) {
    throw patchFailureToApiError(err);
  }
}

export interface ThreeWayOptions {
  /**
   * Let the patch override fields changed on the server since `original` (kubectl apply's
   * default). When false, such a conflict is an error (409 Conflict, upstream's text).
   */
  overwrite?: boolean;
}

/**
 * Three-way, as `kubectl apply` computes it: `original` is the last-applied configuration,
 * `modified` the new manifest, `current` the live object. The patch carries the changes from
 * `current` to `modified` without deletions, plus the deletions from `original` to `modified`.
 */
export function createThreeWayMergePatch(
  original: unknown,
  modified: unknown,
  current: unknown,
  definitions: Definitions,
  rootName: string,
  options: ThreeWayOptions = {},
): unknown {
  const schema = rootSchema(definitions, rootName);
  try {
    const originalMap = documentOf(original);
    const currentMap = documentOf(current);
    const delta = diffMaps(currentMap, documentOf(modified), schema, { ignoreDeletions: true, setElementOrder: true });
    const deletions = diffMaps(originalMap, documentOf(modified), schema, {
      setElementOrder: true,
      ignoreChangesAndAdditions: true,
    });
    const patch = mergeMap(deletions, delta, schema, { mergeParallelList: false, ignoreUnmatchedNulls: false });
    if (options.overwrite === false) {
      const changed = diffMaps(originalMap, currentMap, schema, {});
      if (mergingMapsHaveConflicts(patch, changed, schema)) {
        const yaml = (v: Json) => stringify(v, { sortMapEntries: true });
        throw new ApiError(
          409,
          'Conflict',
          `patch:\n${yaml(patch)}\nconflicts with changes made from original to current:\n${yaml(changed)}\n`,
        );
      }
    }
    return patch;
  } catch (err) {
    throw patchFailureToApiError(err);
  }
}
