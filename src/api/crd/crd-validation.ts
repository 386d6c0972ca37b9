/**
 * apiextensions.k8s.io/v1 CustomResourceDefinitions, as upstream's `ValidateCustomResourceDefinition`
 * and `ValidateCustomResourceDefinitionUpdate` check them (`pkg/apis/apiextensions/validation`):
 * metadata.name is `<plural>.<group>`; group, scope, names; versions (unique DNS-1035 names, exactly
 * one storage version, schemas required and structural, defaults valid, list/map extensions
 * consistent, CEL rules well formed and — given a compiler — compiling); subresources, printer
 * columns, selectable fields, conversion; status.storedVersions; and on update the immutable group,
 * plural (and, once Established, scope and kind). Errors carry upstream's paths on the internal
 * type, where identical per-version fields sit at `spec.validation`, `spec.subresources`…
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { type FieldError, fieldErrors } from '../../machinery/field-errors.js';
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import {
  caBundleInvalid,
  deprecationWarningErrors,
  hasValidConversionReviewVersionOrEmpty,
  validateColumn,
  validateConversion,
  validateNames,
  validateSelectableFields,
  validateSubresources,
} from './crd-parts.js';
import {
  defaultCustomResourceDefinition,
  goVersionsOf,
  type InternalSpec,
  type InternalVersion,
  toInternalSpec,
} from './crd-internal.js';
import { schemaPredicates, validateSchema, type SchemaValidationOptions } from './crd-schema.js';
import { statusAndApprovalErrors } from './crd-status.js';
import { goVersions } from './go-values.js';
import { child, index } from './paths.js';
import { structuralConversionError } from './structural.js';
import type {
  CrdValidationOptions,
  CustomResourceDefinition,
  CustomResourceSubresources,
  JSONSchemaProps,
  SelectableField,
} from './types.js';

interface SpecOptions extends SchemaValidationOptions {
  requireRecognizedConversionReviewVersion: boolean;
  requireImmutableNames: boolean;
  requireOpenAPISchema: boolean;
  allowInvalidCABundle: boolean;
}

const schemaOf = (v: { schema?: { openAPIV3Schema?: JSONSchemaProps } } | undefined) => v?.schema?.openAPIV3Schema;
const statusOn = (s: CustomResourceSubresources | undefined) => s?.status !== undefined && s?.status !== null;

function selectableFieldErrors(
  fields: SelectableField[] | undefined,
  schema: JSONSchemaProps | undefined,
  path: string,
  missing: string,
): FieldError[] {
  if (!fields?.length) return [];
  if (!schema) return [fieldErrors.invalid(child(path, 'selectableFields'), '', missing)];
  const errs: FieldError[] = [];
  const conversion = structuralConversionError(schema);
  if (conversion) errs.push(fieldErrors.invalid(child(path, 'schema.openAPIV3Schema'), '', conversion));
  return [...errs, ...validateSelectableFields(fields, schema, child(path, 'selectableFields'))];
}

function versionErrors(v: InternalVersion, path: string, statusEnabled: boolean, opts: SpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  for (const m of deprecationWarningErrors(v.deprecated === true, v.deprecationWarning)) {
    errs.push(fieldErrors.invalid(child(path, 'deprecationWarning'), v.deprecationWarning ?? null, m));
  }
  errs.push(...validateSchema(schemaOf(v), statusEnabled, opts, child(path, 'schema')));
  errs.push(...validateSubresources(v.subresources, child(path, 'subresources')));
  (v.additionalPrinterColumns ?? []).forEach((c, i) =>
    errs.push(...validateColumn(c, index(child(path, 'additionalPrinterColumns'), i))),
  );
  errs.push(
    ...selectableFieldErrors(
      v.selectableFields,
      schemaOf(v),
      path,
      'selectableFields may only be set when version.schema.openAPIV3Schema is not included',
    ),
  );
  return errs;
}

function anySchema(spec: InternalSpec, pred: (s: JSONSchemaProps | undefined) => boolean): boolean {
  return pred(spec.validation?.openAPIV3Schema) || spec.versions.some((v) => pred(schemaOf(v)));
}

function specErrors(spec: InternalSpec, opts: SpecOptions, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const at = (f: string) => child(path, f);
  if (!spec.group) errs.push(fieldErrors.required(at('group')));
  else if (isDNS1123Subdomain(spec.group).length)
    errs.push(fieldErrors.invalid(at('group'), spec.group, isDNS1123Subdomain(spec.group).join(',')));
  else if (spec.group.split('.').length < 2)
    errs.push(fieldErrors.invalid(at('group'), spec.group, 'should be a domain with at least one dot'));
  if (!spec.scope) errs.push(fieldErrors.required(at('scope')));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced')
    errs.push(fieldErrors.notSupported(at('scope'), spec.scope, ['Cluster', 'Namespaced']));
  const o: SpecOptions = { ...opts };
  if (!spec.preserveUnknownFields) o.requireStructuralSchema = true;
  if (!spec.validation?.openAPIV3Schema) {
    spec.versions.forEach((v, i) => {
      const schemaPath = child(child(index(at('versions'), i), 'schema'), 'openAPIV3Schema');
      if (o.requireOpenAPISchema && !schemaOf(v)) errs.push(fieldErrors.required(schemaPath, 'schemas are required'));
      else if (!o.requireOpenAPISchema && !spec.preserveUnknownFields && v.served && !schemaOf(v)) {
        errs.push(fieldErrors.required(schemaPath, 'because otherwise all fields are pruned'));
      }
    });
  }
  if (o.allowDefaults && anySchema(spec, schemaPredicates.hasDefaults)) {
    o.requireStructuralSchema = true;
    if (spec.preserveUnknownFields)
      errs.push(
        fieldErrors.invalid(at('preserveUnknownFields'), true, 'must be false in order to use defaults in the schema'),
      );
  }
  if (anySchema(spec, schemaPredicates.hasKubernetesExtensions)) o.requireStructuralSchema = true;

  let storage = 0;
  const names = new Set<string>();
  let unique = true;
  const perVersionSubresources = spec.versions.some((v) => v.subresources !== undefined);
  spec.versions.forEach((v, i) => {
    if (v.storage) storage++;
    if (names.has(v.name)) unique = false;
    names.add(v.name);
    const msgs = isDNS1035Label(v.name ?? '');
    if (msgs.length)
      errs.push(fieldErrors.invalid(child(index(at('versions'), i), 'name'), v.name ?? '', msgs.join(',')));
    const sub = perVersionSubresources ? v.subresources : spec.subresources;
    errs.push(...versionErrors(v, index(at('versions'), i), statusOn(sub), o));
  });
  const versionsValue = goVersions(spec.versions.length ? goVersionsOf(spec.versions) : undefined);
  if (!unique) errs.push(fieldErrors.invalid(at('versions'), versionsValue, 'must contain unique version names'));
  if (storage !== 1)
    errs.push(
      fieldErrors.invalid(at('versions'), versionsValue, 'must have exactly one version marked as storage version'),
    );
  if (spec.version && isDNS1035Label(spec.version).length) {
    errs.push(fieldErrors.invalid(at('version'), spec.version, isDNS1035Label(spec.version).join(',')));
  }
  for (const f of ['plural', 'singular', 'kind', 'listKind'] as const) {
    if (!spec.names[f]) errs.push(fieldErrors.required(child(at('names'), f)));
  }
  errs.push(...validateNames(spec.names, at('names')));
  const anyStatus = statusOn(spec.subresources) || spec.versions.some((v) => statusOn(v.subresources));
  errs.push(...validateSchema(spec.validation?.openAPIV3Schema, anyStatus, o, at('validation')));
  errs.push(...validateSubresources(spec.subresources, at('subresources')));
  (spec.additionalPrinterColumns ?? []).forEach((c, i) =>
    errs.push(...validateColumn(c, index(at('additionalPrinterColumns'), i))),
  );
  errs.push(
    ...selectableFieldErrors(
      spec.selectableFields,
      spec.validation?.openAPIV3Schema,
      path,
      'selectableFields may only be set when validations.schema is included',
    ),
  );
  if (spec.conversion?.strategy && spec.conversion.strategy !== 'None' && spec.preserveUnknownFields) {
    errs.push(
      fieldErrors.invalid(
        child(at('conversion'), 'strategy'),
        spec.conversion.strategy,
        'must be None if spec.preserveUnknownFields is true',
      ),
    );
  }
  errs.push(
    ...validateConversion(
      spec.conversion,
      o.requireRecognizedConversionReviewVersion,
      o.allowInvalidCABundle,
      at('conversion'),
    ),
  );
  return errs;
}

const defaulted = (crd: CustomResourceDefinition) => defaultCustomResourceDefinition(structuredClone(crd));

/**
 * Upstream's `ValidateCustomResourceDefinition` for a create, after v1 defaulting (applied to a
 * copy). `compileRule` compiles x-kubernetes-validations rules; without it rules are checked for
 * shape only.
 */
export function validateCustomResourceDefinition(
  input: CustomResourceDefinition,
  opts: CrdValidationOptions = {},
): FieldError[] {
  const crd = defaulted(input);
  const spec = toInternalSpec(crd);
  const requiredName = `${spec.names.plural ?? ''}.${spec.group}`;
  const errs = validateObjectMeta(crd.metadata, {
    namespaced: false,
    standardFinalizers: false,
    nameValidator: (name, prefix) => [
      ...nameIsDNSSubdomain(name, prefix),
      ...(name !== requiredName ? ['must be spec.names.plural+"."+spec.group'] : []),
    ],
  });
  const specOpts: SpecOptions = {
    ...opts,
    allowDefaults: true,
    requireRecognizedConversionReviewVersion: true,
    requireImmutableNames: false,
    requireOpenAPISchema: true,
    requireValidPropertyType: true,
    requireStructuralSchema: true,
    requirePrunedDefaults: true,
    requireAtomicSetType: true,
    requireMapListKeysMapSetValidation: true,
    allowInvalidCABundle: true,
  };
  return [...errs, ...specErrors(spec, specOpts, 'spec'), ...statusAndApprovalErrors(crd, spec)];
}

const established = (crd: CustomResourceDefinition) =>
  (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');

function immutable(path: string, now: unknown, was: unknown): FieldError[] {
  return (now ?? '') === (was ?? '') ? [] : [fieldErrors.invalid(path, now ?? '', 'field is immutable')];
}

/**
 * Upstream's `ValidateCustomResourceDefinitionUpdate`: the create rules, loosened where the stored
 * CRD already breaks them (non-structural, unpruned defaults…), plus immutable group and plural,
 * and scope and kind once the CRD is Established.
 */
export function validateCustomResourceDefinitionUpdate(
  input: CustomResourceDefinition,
  oldInput: CustomResourceDefinition,
  opts: CrdValidationOptions = {},
): FieldError[] {
  const crd = defaulted(input);
  const old = defaulted(oldInput);
  const spec = toInternalSpec(crd);
  const oldSpec = toInternalSpec(old);
  const oldHas = (pred: (s: JSONSchemaProps | undefined) => boolean) => anySchema(oldSpec, pred);
  const oldReviewVersions = oldSpec.conversion?.conversionReviewVersions;
  const specOpts: SpecOptions = {
    ...opts,
    allowDefaults: true,
    requireRecognizedConversionReviewVersion:
      !oldSpec.conversion || hasValidConversionReviewVersionOrEmpty(oldReviewVersions),
    requireImmutableNames: established(old),
    requireOpenAPISchema: !!oldSpec.validation?.openAPIV3Schema || oldSpec.versions.every((v) => !!schemaOf(v)),
    requireValidPropertyType: !oldHas(schemaPredicates.hasInvalidTypes),
    requireStructuralSchema: !oldHas(schemaPredicates.isNonStructural),
    requirePrunedDefaults: !oldHas(schemaPredicates.hasUnprunedDefaults),
    requireAtomicSetType: !oldHas(schemaPredicates.hasNonAtomicSetType),
    requireMapListKeysMapSetValidation: !oldHas(schemaPredicates.hasInvalidMapListKeysMapSet),
    allowInvalidCABundle: !established(old) || caBundleInvalid(oldSpec.conversion?.webhookClientConfig?.caBundle),
  };
  const errs = validateObjectMetaUpdate(crd.metadata as ObjectMeta, old.metadata as ObjectMeta, 'metadata', {
    standardFinalizers: false,
  });
  errs.push(...specErrors(spec, specOpts, 'spec'));
  if (specOpts.requireImmutableNames) {
    errs.push(...immutable('spec.scope', spec.scope, oldSpec.scope));
    errs.push(...immutable('spec.names.kind', spec.names.kind, oldSpec.names.kind));
  }
  errs.push(...immutable('spec.group', spec.group, oldSpec.group));
  errs.push(...immutable('spec.names.plural', spec.names.plural, oldSpec.names.plural));
  errs.push(...statusAndApprovalErrors(crd, spec, old));
  return errs;
}
