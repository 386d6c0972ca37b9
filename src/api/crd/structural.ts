/**
 * Structural schemas, as upstream's `pkg/apiserver/schema` defines them (`NewStructural`,
 * `ValidateStructural`): every field and array is specified with a type outside of the logical
 * junctors (allOf, anyOf, oneOf, not), which may only restrict values; metadata at the root may
 * only restrict name and generateName. The checks run on the JSONSchemaProps directly: a node's own
 * keys are its "structural" part, its junctors the "value validation" part.
 */
import { FieldError, fieldErrors } from '../../machinery/field-errors.js';
import { compileGoRegexp } from './go-regexp.js';
import { child, index, key } from './paths.js';
import type { JSONSchemaProps } from './types.js';

type Level = 'root' | 'item' | 'field';

/** The value a Go struct field holds when it was never set: absent, null, false or "". */
const isZero = (v: unknown) => v === undefined || v === null || v === false || v === '';
const hasDefault = (s: JSONSchemaProps) => s.default !== undefined && s.default !== null;
const props = (s: JSONSchemaProps): [string, JSONSchemaProps][] => Object.entries(s.properties ?? {});
const itemSchema = (s: JSONSchemaProps) => (s.items && !Array.isArray(s.items) ? s.items : undefined);

function unsupportedField(s: JSONSchemaProps): string | undefined {
  if (s.id) return "OpenAPIV3Schema 'id' is not supported";
  if (s.$schema) return "OpenAPIV3Schema 'schema' is not supported";
  if (s.$ref) return "OpenAPIV3Schema '$ref' is not supported";
  if (Object.keys(s.patternProperties ?? {}).length) return "OpenAPIV3Schema 'patternProperties' is not supported";
  if (Object.keys(s.dependencies ?? {}).length) return "OpenAPIV3Schema 'dependencies' is not supported";
  if (s.additionalItems !== undefined && s.additionalItems !== null) {
    return "OpenAPIV3Schema 'additionalItems' is not supported";
  }
  if (Object.keys(s.definitions ?? {}).length) return "OpenAPIV3Schema 'definitions' is not supported";
  return undefined;
}

/**
 * Upstream's `NewStructural` failure: why the schema cannot be read as a structural one at all
 * (an unsupported field, items given as an array), or undefined.
 */
export function structuralConversionError(s: JSONSchemaProps | undefined): string | undefined {
  if (!s) return undefined;
  const err = unsupportedField(s);
  if (err) return err;
  for (const sub of [s.not, ...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
    const e = structuralConversionError(sub);
    if (e) return e;
  }
  if (typeof s.additionalProperties === 'object' && s.additionalProperties !== null) {
    const e = structuralConversionError(s.additionalProperties);
    if (e) return e;
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    return "internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined";
  }
  if (Array.isArray(s.items) && s.items.length > 0) return "OpenAPIV3Schema 'items' must be a schema, but is an array";
  const e = structuralConversionError(itemSchema(s));
  if (e) return e;
  for (const [, p] of props(s)) {
    const pe = structuralConversionError(p);
    if (pe) return pe;
  }
  return undefined;
}

/** Whether s is exactly `{type: <t>}`, as the int-or-string patterns require. */
function isOnlyType(s: JSONSchemaProps, t: string): boolean {
  return Object.entries(s).every(([k, v]) => (k === 'type' ? v === t : isZero(v) || k === 'example'));
}
const isIntOrStringAnyOf = (anyOf: JSONSchemaProps[] | undefined) =>
  anyOf?.length === 2 && isOnlyType(anyOf[0], 'integer') && isOnlyType(anyOf[1], 'string');

/** The value-validation part of a node: its junctors and pattern. */
function valueValidation(
  s: JSONSchemaProps,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  lvl: Level,
  path: string,
  errs: FieldError[],
): void {
  if (!skipAnyOf) (s.anyOf ?? []).forEach((a, i) => nested(a, false, lvl, index(child(path, 'anyOf'), i), errs));
  (s.allOf ?? []).forEach((a, i) =>
    nested(a, skipFirstAllOfAnyOf && i === 0, lvl, index(child(path, 'allOf'), i), errs),
  );
  (s.oneOf ?? []).forEach((a, i) => nested(a, false, lvl, index(child(path, 'oneOf'), i), errs));
  if (s.not) nested(s.not, false, lvl, child(path, 'not'), errs);
  if (s.pattern) {
    const re = compileGoRegexp(s.pattern);
    if (typeof re === 'string') {
      errs.push(
        fieldErrors.invalid(child(path, 'pattern'), s.pattern, `must be a valid regular expression, but isn't: ${re}`),
      );
    }
  }
}

const NESTED_FORBIDDEN: [keyof JSONSchemaProps, string][] = [
  ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'],
  ['nullable', 'must be false to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'],
];

/** A schema under a junctor: it may only restrict values. */
function nested(v: JSONSchemaProps, skipAnyOf: boolean, lvl: Level, path: string, errs: FieldError[]): void {
  valueValidation(v, skipAnyOf, false, lvl, path, errs);
  const items = itemSchema(v);
  if (items) nested(items, false, lvl, child(path, 'items'), errs);
  for (const [k, p] of props(v)) nested(p, false, 'field', key(child(path, 'properties'), k), errs);
  if (v.type) errs.push(fieldErrors.forbidden(child(path, 'type'), 'must be empty to be structural'));
  if (v.additionalProperties !== undefined && v.additionalProperties !== null) {
    errs.push(fieldErrors.forbidden(child(path, 'additionalProperties'), 'must be undefined to be structural'));
  }
  if (hasDefault(v)) errs.push(fieldErrors.forbidden(child(path, 'default'), 'must be undefined to be structural'));
  for (const [k, msg] of NESTED_FORBIDDEN) if (!isZero(v[k])) errs.push(fieldErrors.forbidden(child(path, k), msg));
  if (v['x-kubernetes-list-map-keys']?.length) {
    errs.push(fieldErrors.forbidden(child(path, 'x-kubernetes-list-map-keys'), 'must be empty to be structural'));
  }
  for (const k of ['x-kubernetes-list-type', 'x-kubernetes-map-type'] as const) {
    if (v[k] !== undefined && v[k] !== null)
      errs.push(fieldErrors.forbidden(child(path, k), 'must be undefined to be structural'));
  }
  if (v['x-kubernetes-validations']?.length) {
    errs.push(fieldErrors.forbidden(child(path, 'x-kubernetes-validations'), 'must be empty to be structural'));
  }
  if (v.properties && 'metadata' in v.properties) {
    errs.push(
      fieldErrors.forbidden(key(child(path, 'properties'), 'metadata'), 'must not be specified in a nested context'),
    );
  }
}

/** Keys a root `metadata` schema may carry: a type, a default, and properties name/generateName. */
function metadataRestrictsMore(m: JSONSchemaProps): boolean {
  const names = Object.keys(m.properties ?? {});
  const onlyNames =
    names.length === 0 ||
    (names.length === 2 && names.includes('name') && names.includes('generateName')) ||
    (names.length === 1 && (names[0] === 'name' || names[0] === 'generateName'));
  return Object.entries(m).some(([k, v]) => {
    if (k === 'type' || k === 'default' || k === 'example' || k === 'externalDocs') return false;
    if (k === 'properties') return !onlyNames;
    if ((k === 'enum' || k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) return v.length > 0;
    return !isZero(v);
  });
}

function invariants(s: JSONSchemaProps, lvl: Level, path: string, errs: FieldError[]): void {
  const items = itemSchema(s);
  if (s.type === 'array' && !items) errs.push(fieldErrors.required(child(path, 'items'), 'must be specified'));
  if (items) invariants(items, 'item', child(path, 'items'), errs);
  for (const [k, p] of props(s)) invariants(p, 'field', key(child(path, 'properties'), k), errs);
  const ap = s.additionalProperties;
  if (ap !== undefined && ap !== null) {
    if (lvl === 'root')
      errs.push(fieldErrors.forbidden(child(path, 'additionalProperties'), 'must not be used at the root'));
    if (typeof ap === 'object') invariants(ap, 'field', child(path, 'additionalProperties'), errs);
  }
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (intOrString && preserve) {
    errs.push(
      fieldErrors.invalid(
        child(path, 'x-kubernetes-preserve-unknown-fields'),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  if (intOrString && embedded) {
    errs.push(
      fieldErrors.invalid(
        child(path, 'x-kubernetes-embedded-resource'),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  const skipFirstAllOfAnyOf = (s.allOf?.length ?? 0) >= 1 && isIntOrStringAnyOf(s.allOf?.[0].anyOf);
  valueValidation(s, isIntOrStringAnyOf(s.anyOf), skipFirstAllOfAnyOf, lvl, path, errs);

  const type = s.type ?? '';
  const checkMetadata = lvl === 'root' || embedded;
  if (embedded && type !== 'object') {
    const msg = 'must be object if x-kubernetes-embedded-resource is true';
    errs.push(
      type ? fieldErrors.invalid(child(path, 'type'), type, msg) : fieldErrors.required(child(path, 'type'), msg),
    );
  } else if (!type && !intOrString && !preserve) {
    const where = { root: 'at the root', item: 'for specified array items', field: 'for specified object fields' }[lvl];
    errs.push(fieldErrors.required(child(path, 'type'), `must not be empty ${where}`));
  }
  if (embedded && ap !== undefined && ap !== null) {
    errs.push(
      fieldErrors.forbidden(
        child(path, 'additionalProperties'),
        'must not be used if x-kubernetes-embedded-resource is set',
      ),
    );
  }
  if (lvl === 'root' && type && type !== 'object') {
    errs.push(fieldErrors.invalid(child(path, 'type'), type, 'must be object at the root'));
  }
  const p = s.properties ?? {};
  for (const meta of ['kind', 'apiVersion']) {
    if (meta in p && checkMetadata && p[meta].type !== 'string') {
      errs.push(
        fieldErrors.invalid(child(key(child(path, 'properties'), meta), 'type'), p[meta].type ?? '', 'must be string'),
      );
    }
  }
  if ('metadata' in p) {
    const mPath = key(child(path, 'properties'), 'metadata');
    if (checkMetadata && p.metadata.type !== 'object') {
      errs.push(fieldErrors.invalid(child(mPath, 'type'), p.metadata.type ?? '', 'must be object'));
    }
    if (lvl === 'root' && metadataRestrictsMore(p.metadata)) {
      errs.push(
        fieldErrors.forbidden(
          mPath,
          'must not specify anything other than name and generateName, but metadata is implicitly specified',
        ),
      );
    }
  }
  if (embedded && !preserve && Object.keys(p).length === 0) {
    errs.push(
      fieldErrors.required(
        child(path, 'properties'),
        'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ),
    );
  }
}

/** Every field or array a junctor mentions must also be specified outside it. */
function completeness(
  v: JSONSchemaProps,
  s: JSONSchemaProps | undefined,
  sPath: string,
  vPath: string,
  errs: FieldError[],
): void {
  if (!s) {
    errs.push(fieldErrors.required(sPath, `because it is defined in ${vPath}`));
    return;
  }
  junctorCompleteness(v, s, sPath, vPath, errs);
  const vItems = itemSchema(v);
  if (vItems) completeness(vItems, itemSchema(s), child(sPath, 'items'), child(vPath, 'items'), errs);
  for (const [k, vp] of props(v)) {
    const sp = s.properties?.[k];
    const sk = key(child(sPath, 'properties'), k);
    const vk = key(child(vPath, 'properties'), k);
    if (!sp) errs.push(fieldErrors.required(sk, `because it is defined in ${vk}`));
    else completeness(vp, sp, sk, vk, errs);
  }
}

function junctorCompleteness(v: JSONSchemaProps, s: JSONSchemaProps, sPath: string, vPath: string, errs: FieldError[]) {
  if (v.not) completeness(v.not, s, sPath, child(vPath, 'not'), errs);
  for (const j of ['allOf', 'anyOf', 'oneOf'] as const) {
    (v[j] ?? []).forEach((x, i) => completeness(x, s, sPath, index(child(vPath, j), i), errs));
  }
}

/**
 * Upstream's `ValidateStructural`: the structural invariants of s at path, errors sorted by their
 * text as upstream sorts them (`…properties[spec].type: Required value: must not be empty for
 * specified object fields`). Call it only when {@link structuralConversionError} found nothing.
 */
export function validateStructural(path: string, s: JSONSchemaProps): FieldError[] {
  const errs: FieldError[] = [];
  invariants(s, 'root', path, errs);
  junctorCompleteness(s, s, path, path, errs);
  const text = (e: FieldError) => e.toString();
  return errs.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

/** Whether s converts to a structural schema and has no structural errors. */
export function isStructural(s: JSONSchemaProps | undefined): boolean {
  return !!s && !structuralConversionError(s) && validateStructural('', s).length === 0;
}
