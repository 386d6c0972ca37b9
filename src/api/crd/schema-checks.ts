/**
 * Upstream's `ValidateCustomResourceDefinitionOpenAPISchema`: what a CRD schema may use at each
 * node (no $ref, id, definitions…; defaults where they can be applied), the consistency of the list
 * and map extensions (`x-kubernetes-list-type` / `-list-map-keys` / `-map-type`), and the
 * `x-kubernetes-validations` rules. Schema errors and CEL errors are kept apart as upstream keeps
 * them: CEL runs only where the schema below it is clean, and its errors come last.
 */
import { type FieldError, fieldErrors } from '../../machinery/field-errors.js';
import { type CelStep, ruleCelErrors, ruleShapeErrors } from './cel-rules.js';
import { listAndMapErrors } from './list-map-checks.js';
import { child, index, key } from './paths.js';
import type { CrdValidationOptions, JSONSchemaProps } from './types.js';

const OPENAPI_V3_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);

/** The per-path state of upstream's `specStandardValidatorV3`. */
interface Ssv {
  allowDefaults: boolean;
  disallowDefaultsReason: string;
  insideResourceMeta: boolean;
  requireValidPropertyType: boolean;
  uncorrelatablePath?: string;
}

/** Options that hold for the whole schema. */
export interface SchemaCheckOptions extends CrdValidationOptions {
  allowDefaults: boolean;
  requireValidPropertyType: boolean;
  requireAtomicSetType: boolean;
  requireMapListKeysMapSetValidation: boolean;
}

/** Schema errors, then CEL errors. */
export interface SchemaErrorList {
  schemaErrors: FieldError[];
  celErrors: FieldError[];
}

const forbidDefaults = (v: Ssv, reason: string): Ssv => ({
  ...v,
  allowDefaults: false,
  disallowDefaultsReason: reason,
});
const forbidOldSelf = (v: Ssv, path: string): Ssv =>
  v.uncorrelatablePath !== undefined ? v : { ...v, uncorrelatablePath: path };
const present = (v: unknown) => v !== undefined && v !== null;

function nodeErrors(s: JSONSchemaProps, path: string, v: Ssv): FieldError[] {
  const errs: FieldError[] = [];
  if (v.requireValidPropertyType && s.type && !OPENAPI_V3_TYPES.includes(s.type)) {
    errs.push(fieldErrors.notSupported(child(path, 'type'), s.type, OPENAPI_V3_TYPES));
  }
  if (present(s.default) && !v.allowDefaults) {
    const detail = v.disallowDefaultsReason ? `must not be set ${v.disallowDefaultsReason}` : 'must not be set';
    errs.push(fieldErrors.forbidden(child(path, 'default'), detail));
  }
  if (s.id) errs.push(fieldErrors.forbidden(child(path, 'id'), 'id is not supported'));
  if (present(s.additionalItems))
    errs.push(fieldErrors.forbidden(child(path, 'additionalItems'), 'additionalItems is not supported'));
  if (Object.keys(s.patternProperties ?? {}).length) {
    errs.push(fieldErrors.forbidden(child(path, 'patternProperties'), 'patternProperties is not supported'));
  }
  if (Object.keys(s.definitions ?? {}).length)
    errs.push(fieldErrors.forbidden(child(path, 'definitions'), 'definitions is not supported'));
  if (present(s.dependencies))
    errs.push(fieldErrors.forbidden(child(path, 'dependencies'), 'dependencies is not supported'));
  if (present(s.$ref)) errs.push(fieldErrors.forbidden(child(path, '$ref'), '$ref is not supported'));
  if (s.type === 'null') {
    errs.push(fieldErrors.forbidden(child(path, 'type'), 'type cannot be set to null, use nullable as an alternative'));
  }
  if (Array.isArray(s.items) && s.items.length) {
    errs.push(fieldErrors.forbidden(child(path, 'items'), 'items must be a schema object and not an array'));
  }
  if (v.insideResourceMeta && s['x-kubernetes-embedded-resource'] === true) {
    errs.push(
      fieldErrors.forbidden(child(path, 'x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'),
    );
  }
  return errs;
}

/**
 * Checks schema at path. `cel` is true along the chain of properties, additionalProperties and
 * items from a root whose structural checks passed (upstream's CEL context); it is false under
 * junctors.
 */
export function checkSchema(
  s: JSONSchemaProps | undefined,
  path: string,
  v: Ssv,
  isRoot: boolean,
  opts: SchemaCheckOptions,
  cel: boolean,
): SchemaErrorList {
  const out: SchemaErrorList = { schemaErrors: [], celErrors: [] };
  if (!s) return out;
  const add = (r: SchemaErrorList) => {
    out.schemaErrors.push(...r.schemaErrors);
    out.celErrors.push(...r.celErrors);
  };
  out.schemaErrors.push(...nodeErrors(s, path, v));
  if (s.uniqueItems) {
    out.schemaErrors.push(
      fieldErrors.forbidden(
        child(path, 'uniqueItems'),
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    );
  }
  const ap = s.additionalProperties;
  if (present(ap)) {
    if (Object.keys(s.properties ?? {}).length && (ap === false || typeof ap === 'object')) {
      out.schemaErrors.push(
        fieldErrors.forbidden(
          child(path, 'additionalProperties'),
          'additionalProperties and properties are mutual exclusive',
        ),
      );
    }
    const sub = v.insideResourceMeta ? forbidDefaults(v, 'inside additionalProperties applying to object metadata') : v;
    if (typeof ap === 'object') add(checkSchema(ap, child(path, 'additionalProperties'), sub, false, opts, cel));
  }
  const mapType = s['x-kubernetes-map-type'];
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    let sub = v;
    if (present(mapType) && mapType !== 'granular' && mapType !== 'atomic') sub = forbidOldSelf(sub, path);
    if ((isRoot || s['x-kubernetes-embedded-resource'] === true) && META_FIELDS.has(k)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot) sub = forbidDefaults(sub, `in top-level ${k}`);
    }
    add(checkSchema(p, key(child(path, 'properties'), k), sub, false, opts, cel));
  }
  if (s.not) add(checkSchema(s.not, child(path, 'not'), v, false, opts, false));
  for (const j of ['allOf', 'oneOf', 'anyOf'] as const) {
    (s[j] ?? []).forEach((x, i) => add(checkSchema(x, index(child(path, j), i), v, false, opts, false)));
  }
  for (const [k, d] of Object.entries(s.definitions ?? {})) {
    add(checkSchema(d, key(child(path, 'definitions'), k), v, false, opts, false));
  }
  if (present(s.items)) {
    const sub = s['x-kubernetes-list-type'] !== 'map' ? forbidOldSelf(v, path) : v;
    if (Array.isArray(s.items)) {
      s.items.forEach((x, i) => add(checkSchema(x, index(child(path, 'items'), i), sub, false, opts, cel)));
    } else add(checkSchema(s.items, child(path, 'items'), sub, false, opts, cel));
  }
  for (const [k, d] of Object.entries(s.dependencies ?? {})) {
    if (!Array.isArray(d)) add(checkSchema(d, key(child(path, 'dependencies'), k), v, false, opts, false));
  }
  out.schemaErrors.push(...listAndMapErrors(s, path, opts));
  if (s['x-kubernetes-validations']?.length) {
    out.schemaErrors.push(...ruleShapeErrors(s, path));
    if (out.schemaErrors.length === 0 && cel) {
      const step: CelStep = { ...opts, uncorrelatablePath: v.uncorrelatablePath };
      out.celErrors.push(...ruleCelErrors(s, path, step));
    }
  }
  return out;
}

/** The validator state at a schema's root. */
export function rootSsv(opts: SchemaCheckOptions): Ssv {
  return {
    allowDefaults: opts.allowDefaults,
    disallowDefaultsReason: '',
    insideResourceMeta: false,
    requireValidPropertyType: opts.requireValidPropertyType,
  };
}
