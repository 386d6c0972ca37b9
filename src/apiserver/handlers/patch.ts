/**
 * Applies a PATCH body to the current object by its Content-Type, as upstream's patch handler:
 * JSON patch, JSON merge patch, strategic merge patch (built-in kinds only, by their OpenAPI
 * patch metadata). Other types get 415 with upstream's list of accepted ones.
 */
import { ApiError, errors } from '../../machinery/errors.js';
import { applyJsonPatch } from '../../machinery/patch/json-patch.js';
import { applyMergePatch } from '../../machinery/patch/merge-patch.js';
import { strategicMergePatch } from '../../machinery/patch/strategic.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KObject } from '../cacher/types.js';
import type { Context } from '../context.js';
import { definitionFor } from '../openapi.js';
import { loadDefinitions } from '../../api/openapi/documents.js';
import { PATCH_TYPES, patchTypesOf } from '../../api/openapi/operation-model.js';

const ACCEPTED = PATCH_TYPES;

export function applyPatch(ctx: Context, info: ResourceInfo, type: string, current: KObject, patch: unknown): KObject {
  let result: unknown;
  switch (type) {
    case 'application/json-patch+json':
      result = applyJsonPatch(current, patch);
      break;
    case 'application/merge-patch+json':
      result = applyMergePatch(current, patch);
      break;
    case 'application/strategic-merge-patch+json': {
      if (info.custom) throw unsupported(type, info);
      const definitions = loadDefinitions();
      const root = definitionFor(definitions, info.group, info.version, info.kind);
      if (!root) throw unsupported(type);
      result = strategicMergePatch(current, patch, definitions, root);
      break;
    }
    default:
      throw unsupported(type, info);
  }
  if (!result || typeof result !== 'object' || Array.isArray(result))
    throw errors.badRequest('the patch produced something that is not an object');
  return result as KObject;
}

const unsupported = (type: string, info?: ResourceInfo) =>
  new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${(info ? patchTypesOf(info) : ACCEPTED).join(', ')}`,
    { kind: type },
  );
