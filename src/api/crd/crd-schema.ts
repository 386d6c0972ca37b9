/**
 * The schema part of CRD validation (upstream's `validateCustomResourceDefinitionValidation`): with
 * the status subresource only some fields at the root; no nullable root; a structural schema with
 * valid defaults; then the per-node checks of schema-checks.ts. Also the predicates update
 * validation uses to avoid tightening rules for a CRD already stored with a looser schema.
 */
import { type FieldError, fieldErrors, printed } from '../../machinery/field-errors.js';
import { validateDefaults } from './defaults-check.js';
import { mapListKeysMapSetErrors } from './list-map-checks.js';
import { checkSchema, rootSsv, type SchemaCheckOptions } from './schema-checks.js';
import { structuralConversionError, validateStructural } from './structural.js';
import { child } from './paths.js';
import { pruneUnknownFields } from './pruning.js';
import type { JSONSchemaProps } from './types.js';

/** Options of one schema's validation. */
export interface SchemaValidationOptions extends SchemaCheckOptions {
  requireStructuralSchema: boolean;
  requirePrunedDefaults: boolean;
}

// JSONSchemaProps' Go fields in declaration order, with their JSON names.
const GO_FIELDS: [string, string][] = [
  ['ID', 'id'],
  ['Schema', '$schema'],
  ['Ref', '$ref'],
  ['Description', 'description'],
  ['Type', 'type'],
  ['Nullable', 'nullable'],
  ['Format', 'format'],
  ['Title', 'title'],
  ['Default', 'default'],
  ['Maximum', 'maximum'],
  ['ExclusiveMaximum', 'exclusiveMaximum'],
  ['Minimum', 'minimum'],
  ['ExclusiveMinimum', 'exclusiveMinimum'],
  ['MaxLength', 'maxLength'],
  ['MinLength', 'minLength'],
  ['Pattern', 'pattern'],
  ['MaxItems', 'maxItems'],
  ['MinItems', 'minItems'],
  ['UniqueItems', 'uniqueItems'],
  ['MultipleOf', 'multipleOf'],
  ['Enum', 'enum'],
  ['MaxProperties', 'maxProperties'],
  ['MinProperties', 'minProperties'],
  ['Required', 'required'],
  ['Items', 'items'],
  ['AllOf', 'allOf'],
  ['OneOf', 'oneOf'],
  ['AnyOf', 'anyOf'],
  ['Not', 'not'],
  ['Properties', 'properties'],
  ['AdditionalProperties', 'additionalProperties'],
  ['PatternProperties', 'patternProperties'],
  ['Dependencies', 'dependencies'],
  ['AdditionalItems', 'additionalItems'],
  ['Definitions', 'definitions'],
  ['ExternalDocs', 'externalDocs'],
  ['Example', 'example'],
  ['XPreserveUnknownFields', 'x-kubernetes-preserve-unknown-fields'],
  ['XEmbeddedResource', 'x-kubernetes-embedded-resource'],
  ['XIntOrString', 'x-kubernetes-int-or-string'],
  ['XListMapKeys', 'x-kubernetes-list-map-keys'],
  ['XListType', 'x-kubernetes-list-type'],
  ['XMapType', 'x-kubernetes-map-type'],
  ['XValidations', 'x-kubernetes-validations'],
];
const ALLOWED_AT_ROOT = [
  'Description',
  'Type',
  'Format',
  'Title',
  'Maximum',
  'ExclusiveMaximum',
  'Minimum',
  'ExclusiveMinimum',
  'MaxLength',
  'MinLength',
  'Pattern',
  'MaxItems',
  'MinItems',
  'UniqueItems',
  'MultipleOf',
  'Required',
  'Items',
  'Properties',
  'ExternalDocs',
  'Example',
  'XPreserveUnknownFields',
  'XValidations',
];

function statusRootErrors(schema: JSONSchemaProps, path: string): FieldError[] {
  for (const [goName, json] of GO_FIELDS) {
    const v = (schema as Record<string, unknown>)[json];
    if (v === undefined || v === null || v === false || v === '') continue;
    if (goName === 'Type') {
      if (v === 'object') continue;
      return [
        fieldErrors.invalid(
          `${path}.type`,
          v,
          'only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
        ),
      ];
    }
    if (!ALLOWED_AT_ROOT.includes(goName)) {
      return [
        fieldErrors.invalid(
          path,
          printed('apiextensions.JSONSchemaProps{…}'),
          `only [${ALLOWED_AT_ROOT.join(' ')}] fields are allowed at the root of the schema if the status subresource is enabled`,
        ),
      ];
    }
  }
  return [];
}

/**
 * Validates `validation.openAPIV3Schema` at path (`spec.validation` for a schema shared by all
 * versions, `spec.versions[i].schema` otherwise).
 */
export function validateSchema(
  schema: JSONSchemaProps | undefined,
  statusEnabled: boolean,
  opts: SchemaValidationOptions,
  path: string,
): FieldError[] {
  if (!schema) return [];
  const sPath = child(path, 'openAPIV3Schema');
  const errs: FieldError[] = [];
  if (statusEnabled) errs.push(...statusRootErrors(schema, sPath));
  if (schema.nullable) errs.push(fieldErrors.forbidden(`${sPath}.nullable`, 'nullable cannot be true at the root'));
  let cel = false;
  let initErrs: FieldError[] = [];
  if (opts.requireStructuralSchema) {
    const conversion = structuralConversionError(schema);
    if (conversion) initErrs = [fieldErrors.invalid(sPath, '', conversion)];
    else {
      const structural = validateStructural(sPath, schema);
      const defaults = structural.length ? [] : validateDefaults(sPath, schema, opts.requirePrunedDefaults);
      errs.push(...structural, ...defaults);
      cel = structural.length === 0 && defaults.length === 0;
    }
  }
  const checked = checkSchema(schema, sPath, rootSsv(opts), true, opts, cel);
  errs.push(...checked.schemaErrors, ...checked.celErrors);
  if (errs.length === 0) errs.push(...initErrs);
  return errs;
}

/** Upstream's `SchemaHas`: whether pred holds for s or any schema inside it. */
export function schemaHas(s: JSONSchemaProps | undefined, pred: (s: JSONSchemaProps) => boolean): boolean {
  if (!s) return false;
  if (pred(s)) return true;
  const subs: (JSONSchemaProps | undefined)[] = [
    ...(Array.isArray(s.items) ? s.items : [s.items]),
    ...(s.allOf ?? []),
    ...(s.anyOf ?? []),
    ...(s.oneOf ?? []),
    s.not,
    ...Object.values(s.properties ?? {}),
    typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined,
    ...Object.values(s.patternProperties ?? {}),
    typeof s.additionalItems === 'object' ? s.additionalItems : undefined,
    ...Object.values(s.definitions ?? {}),
    ...Object.values(s.dependencies ?? {}).filter((d): d is JSONSchemaProps => !Array.isArray(d)),
  ];
  return subs.some((x) => x !== null && x !== undefined && schemaHas(x, pred));
}

const OPENAPI_V3_TYPES = new Set(['array', 'boolean', 'integer', 'number', 'object', 'string']);

/** Predicates over a schema that upstream's update validation reads from the stored CRD. */
export const schemaPredicates = {
  hasDefaults: (s?: JSONSchemaProps) => schemaHas(s, (x) => x.default !== undefined && x.default !== null),
  hasKubernetesExtensions: (s?: JSONSchemaProps) =>
    schemaHas(
      s,
      (x) =>
        x['x-kubernetes-embedded-resource'] === true ||
        (x['x-kubernetes-preserve-unknown-fields'] !== undefined &&
          x['x-kubernetes-preserve-unknown-fields'] !== null) ||
        x['x-kubernetes-int-or-string'] === true ||
        (x['x-kubernetes-list-map-keys']?.length ?? 0) > 0 ||
        (x['x-kubernetes-list-type'] !== undefined && x['x-kubernetes-list-type'] !== null) ||
        (x['x-kubernetes-validations']?.length ?? 0) > 0,
    ),
  isNonStructural: (s?: JSONSchemaProps) =>
    !!s && (!!structuralConversionError(s) || validateStructural('', s).length > 0),
  hasInvalidTypes: (s?: JSONSchemaProps) => schemaHas(s, (x) => !!x.type && !OPENAPI_V3_TYPES.has(x.type)),
  hasNonAtomicSetType: (s?: JSONSchemaProps) =>
    schemaHas(s, (x) => {
      const items = x.items && !Array.isArray(x.items) ? x.items : undefined;
      if (x['x-kubernetes-list-type'] !== 'set' || !items) return false;
      if (items.type === 'array')
        return items['x-kubernetes-list-type'] !== undefined && items['x-kubernetes-list-type'] !== 'atomic';
      if (items.type === 'object') return items['x-kubernetes-map-type'] !== 'atomic';
      return false;
    }),
  hasInvalidMapListKeysMapSet: (s?: JSONSchemaProps) => schemaHas(s, (x) => mapListKeysMapSetErrors(x, '').length > 0),
  hasUnprunedDefaults: (s?: JSONSchemaProps): boolean => {
    if (!s || !schemaPredicates.hasDefaults(s) || structuralConversionError(s) || validateStructural('', s).length)
      return false;
    return schemaHas(s, (x) => {
      if (x.default === undefined || x.default === null) return false;
      const pruned = structuredClone(x.default);
      pruneUnknownFields(pruned, x, x['x-kubernetes-embedded-resource'] === true, false);
      return JSON.stringify(pruned) !== JSON.stringify(x.default);
    });
  },
};
