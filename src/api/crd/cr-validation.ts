/**
 * Validation of a custom resource, as upstream's custom-resource strategy and validator run it:
 * apiVersion and kind (`kind: Invalid value: "X": must be CronTab`, and nothing else when they are
 * wrong), optionally ObjectMeta, the OpenAPI schema (kube-openapi's messages: `spec.replicas:
 * Invalid value: 15: spec.replicas in body should be less than or equal to 10`), the scale
 * subresource's replicas and selector, embedded resources, and list-type sets and maps. CEL rules
 * are not evaluated here. Prune and default the object first ({@link pruneUnknownFields},
 * {@link applyDefaults}), as upstream's decoder does.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { type FieldError, fieldErrors } from '../../machinery/field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import { goPlainV, goType } from './go-values.js';
import { validateListSetsAndMaps } from './listtype.js';
import { validateEmbeddedResources } from './objectmeta.js';
import { validateAgainstSchema } from './openapi-errors.js';
import { NIL_PATH } from './paths.js';
import { isJsonObject, type CustomResourceSubresourceScale, type JSONSchemaProps, type JsonObject } from './types.js';

/** What validateCustomResource checks besides the schema. */
export interface CustomResourceValidationOptions {
  /** The expected group, version and kind; apiVersion and kind are checked when given. */
  gvk?: { group: string; version: string; kind: string };
  /** Validate metadata as ObjectMeta (names as DNS subdomains); `old` makes it the update rules. */
  objectMeta?: { namespaced: boolean; old?: ObjectMeta };
  /** The scale subresource; spec replicas are skipped for status updates (`statusUpdate`). */
  scale?: CustomResourceSubresourceScale;
  statusUpdate?: boolean;
}

function typeMetaErrors(obj: JsonObject, gvk: NonNullable<CustomResourceValidationOptions['gvk']>): FieldError[] {
  const errs: FieldError[] = [];
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const want = `${gvk.group}/${gvk.version}`;
  if (kind !== gvk.kind) errs.push(fieldErrors.invalid('kind', kind, `must be ${gvk.kind}`));
  if (apiVersion !== want) errs.push(fieldErrors.invalid('apiVersion', apiVersion, `must be ${want}`));
  return errs;
}

/** Upstream's `unstructured.NestedInt64`/`NestedString` at a `.a.b` path: value, or the accessor error. */
function nested(obj: JsonObject, jsonPath: string, want: 'int64' | 'string'): { value: unknown; error?: string } {
  const fields = jsonPath.replace(/^\./, '').split('.');
  let cur: unknown = obj;
  for (let i = 0; i < fields.length; i++) {
    if (cur === null) return { value: want === 'int64' ? 0 : '' };
    if (!isJsonObject(cur)) {
      const at = `.${fields.slice(0, i + 1).join('.')}`;
      return {
        value: want === 'int64' ? 0 : '',
        error: `${at} accessor error: ${goPlainV(cur)} is of the type ${goType(cur)}, expected map[string]interface{}`,
      };
    }
    if (!(fields[i] in cur)) return { value: want === 'int64' ? 0 : '' };
    cur = cur[fields[i]];
  }
  const ok = want === 'int64' ? typeof cur === 'number' && Number.isInteger(cur) : typeof cur === 'string';
  if (ok) return { value: cur };
  return {
    value: want === 'int64' ? 0 : '',
    error: `.${fields.join('.')} accessor error: ${goPlainV(cur)} is of the type ${goType(cur)}, expected ${want}`,
  };
}

function replicasErrors(obj: JsonObject, path: string): FieldError[] {
  const { value, error } = nested(obj, path, 'int64');
  if (error) return [fieldErrors.invalid(path, value, error)];
  const n = value as number;
  if (n < 0) return [fieldErrors.invalid(path, n, 'should be a non-negative integer')];
  if (n > 2147483647) return [fieldErrors.invalid(path, n, 'should be less than or equal to 2147483647')];
  return [];
}

function scaleErrors(obj: JsonObject, scale: CustomResourceSubresourceScale, statusUpdate: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!statusUpdate) errs.push(...replicasErrors(obj, scale.specReplicasPath));
  errs.push(...replicasErrors(obj, scale.statusReplicasPath));
  if (scale.labelSelectorPath !== undefined) {
    const { value, error } = nested(obj, scale.labelSelectorPath, 'string');
    if (error) errs.push(fieldErrors.invalid(scale.labelSelectorPath, value, error));
  }
  return errs;
}

/**
 * Validates a custom resource against its version's schema (`openAPIV3Schema`). Returns upstream's
 * errors in upstream's order; an empty list when valid.
 */
export function validateCustomResource(
  obj: JsonObject,
  schema: JSONSchemaProps | undefined,
  opts: CustomResourceValidationOptions = {},
): FieldError[] {
  if (opts.gvk) {
    const errs = typeMetaErrors(obj, opts.gvk);
    if (errs.length) return errs;
  }
  const errs: FieldError[] = [];
  if (opts.objectMeta) {
    const meta = (isJsonObject(obj.metadata) ? obj.metadata : {}) as ObjectMeta;
    const { namespaced, old } = opts.objectMeta;
    errs.push(
      ...(old
        ? validateObjectMetaUpdate(meta, old, 'metadata', { standardFinalizers: false })
        : validateObjectMeta(meta, { namespaced, standardFinalizers: false })),
    );
  }
  if (schema) errs.push(...validateAgainstSchema(NIL_PATH, obj, schema));
  if (opts.scale) errs.push(...scaleErrors(obj, opts.scale, opts.statusUpdate === true));
  errs.push(...validateEmbeddedResources('', obj, schema, false));
  errs.push(...validateListSetsAndMaps('', schema, obj));
  return errs;
}
