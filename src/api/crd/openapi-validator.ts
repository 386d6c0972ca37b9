/**
 * kube-openapi's `validate.SchemaValidator` as apiextensions runs it on custom resources: the same
 * validators in the same order (type, allOf/anyOf/oneOf/not, string, format, number, slice, enum,
 * object), the same dotted names (`spec.items[0].name`) and the same message templates
 * (`spec.replicas in body should be less than or equal to 10`). Errors are returned raw; openapi-errors.ts
 * turns them into FieldErrors as upstream's `kubeOpenAPIResultToFieldErrors` does.
 */
import { goQuote } from './go-values.js';
import { checkFormat, effectiveFormat, isKnownFormat } from './formats.js';
import {
  deepEqual,
  enumValidator,
  err,
  IN,
  numberValidator,
  type OpenAPIError,
  type OpenAPIResult,
  type OpenAPIValidatorOptions,
  stringValidator,
  typeError,
  typesOf,
  typeValidator,
} from './openapi-values.js';
import { isJsonObject, type JSONSchemaProps } from './types.js';

export type { OpenAPIError, OpenAPIErrorCode, OpenAPIResult, OpenAPIValidatorOptions } from './openapi-values.js';

const merge = (into: OpenAPIResult, from: OpenAPIResult) => {
  into.errors.push(...from.errors);
  into.matchCount += from.matchCount;
};

function sliceValidator(s: JSONSchemaProps, path: string, data: unknown[], o: OpenAPIValidatorOptions): OpenAPIResult {
  const r: OpenAPIResult = { errors: [], matchCount: 0 };
  const items = s.items && !Array.isArray(s.items) ? s.items : undefined;
  if (items) data.forEach((x, i) => merge(r, validateValue(items, x, `${path}[${i}]`, o)));
  const at = `${path} in ${IN}`;
  const size = data.length;
  if (s.minItems !== undefined && s.minItems !== null && size < s.minItems) {
    r.errors.push(err('other', path, `${at} should have at least ${s.minItems} items`, { value: size }));
  }
  if (s.maxItems !== undefined && s.maxItems !== null && size > s.maxItems) {
    r.errors.push(
      err('maxItems', path, `${at} should have at most ${s.maxItems} items`, { value: size, valid: s.maxItems }),
    );
  }
  if (s.uniqueItems && data.some((x, i) => data.slice(0, i).some((y) => deepEqual(x, y)))) {
    r.errors.push(err('other', path, `${at} shouldn't contain duplicates`));
  }
  r.matchCount++;
  return r;
}

function objectValidator(
  s: JSONSchemaProps,
  path: string,
  data: Record<string, unknown>,
  o: OpenAPIValidatorOptions,
): OpenAPIResult {
  const r: OpenAPIResult = { errors: [], matchCount: 0 };
  const n = Object.keys(data).length;
  const at = `${path} in ${IN}`;
  if (s.minProperties !== undefined && s.minProperties !== null && n < s.minProperties) {
    r.errors.push(err('other', path, `${at} should have at least ${s.minProperties} properties`, { value: n }));
    return r;
  }
  if (s.maxProperties !== undefined && s.maxProperties !== null && n > s.maxProperties) {
    r.errors.push(
      err('tooManyProperties', path, `${at} should have at most ${s.maxProperties} properties`, {
        value: n,
        valid: s.maxProperties,
      }),
    );
    return r;
  }
  const properties = s.properties ?? {};
  const ap = s.additionalProperties;
  if (ap === false) {
    for (const k of Object.keys(data)) {
      if (!(k in properties))
        r.errors.push(err('other', path, `${path}.${k} in ${IN} is a forbidden property`, { value: k }));
    }
  } else if (isJsonObject(ap)) {
    for (const [k, v] of Object.entries(data)) {
      if (!(k in properties)) merge(r, validateValue(ap as JSONSchemaProps, v, `${path}.${k}`, o));
    }
  }
  for (const [k, p] of Object.entries(properties)) {
    if (k in data) merge(r, validateValue(p, data[k], path ? `${path}.${k}` : k, o));
  }
  for (const k of s.required ?? []) {
    if (!(k in data)) r.errors.push(err('required', `${path}.${k}`, `${path}.${k} in ${IN} is required`));
  }
  return r;
}

function junctors(s: JSONSchemaProps, path: string, data: unknown, o: OpenAPIValidatorOptions): OpenAPIResult {
  const main: OpenAPIResult = { errors: [], matchCount: 0 };
  if (s.anyOf?.length) {
    let best: OpenAPIResult | undefined;
    let first: OpenAPIResult | undefined;
    for (const a of s.anyOf) {
      const r = validateValue(a, data, path, o);
      if (r.errors.length === 0) {
        best = undefined;
        first = r;
        break;
      }
      if (!best || r.matchCount > best.matchCount) best = r;
    }
    if (!first) main.errors.push(err('composite', path, `${goQuote(path)} must validate at least one schema (anyOf)`));
    if (best) merge(main, best);
    else if (first) merge(main, first);
  }
  if (s.oneOf?.length) {
    let best: OpenAPIResult | undefined;
    let first: OpenAPIResult | undefined;
    let validated = 0;
    for (const a of s.oneOf) {
      const r = validateValue(a, data, path, o);
      if (r.errors.length === 0) {
        validated++;
        best = undefined;
        first ??= r;
      } else if (validated === 0 && (!best || r.matchCount > best.matchCount)) best = r;
    }
    if (validated !== 1) {
      const more = validated === 0 ? 'Found none valid' : `Found ${validated} valid alternatives`;
      main.errors.push(
        err('composite', path, `${goQuote(path)} must validate one and only one schema (oneOf). ${more}`),
      );
      if (best) merge(main, best);
    } else if (first) merge(main, first);
  }
  if (s.allOf?.length) {
    let validated = 0;
    for (const a of s.allOf) {
      const r = validateValue(a, data, path, o);
      if (r.errors.length === 0) validated++;
      merge(main, r);
    }
    if (validated !== s.allOf.length) {
      const more = validated === 0 ? '. None validated' : '';
      main.errors.push(err('composite', path, `${goQuote(path)} must validate all the schemas (allOf)${more}`));
    }
  }
  if (s.not && validateValue(s.not, data, path, o).errors.length === 0) {
    main.errors.push(err('composite', path, `${goQuote(path)} must not validate the schema (not)`));
  }
  main.matchCount++;
  return main;
}

/** Validates data at path (`''` for the root) against s. */
export function validateValue(
  s: JSONSchemaProps,
  data: unknown,
  path: string,
  o: OpenAPIValidatorOptions,
): OpenAPIResult {
  const r: OpenAPIResult = { errors: [], matchCount: 0 };
  const types = typesOf(s);
  const format = o.stripUnsupportedFormats ? effectiveFormat(types, s.format) : (s.format ?? '');
  const typeApplies = types.length > 0 || format !== '';
  const add = (e: OpenAPIError | undefined) => {
    if (e) r.errors.push(e);
    r.matchCount++;
  };
  if (data === null || data === undefined) {
    if (typeApplies) add(typeValidator(types, format, s.nullable === true, path, null));
    add(enumValidator(s, path, null));
    return r;
  }
  if (typeApplies) add(typeValidator(types, format, s.nullable === true, path, data));
  merge(r, junctors(s, path, data, o));
  r.matchCount++;
  if (typeof data === 'string') {
    add(stringValidator(s, path, data));
    if (format && isKnownFormat(format)) {
      add(checkFormat(format, data) ? undefined : typeError(path, format, data));
    }
  }
  if (typeof data === 'number') {
    r.errors.push(...numberValidator(s, path, data));
    r.matchCount += 2;
  }
  if (Array.isArray(data)) {
    merge(r, sliceValidator(s, path, data, o));
    r.matchCount++;
  }
  add(enumValidator(s, path, data));
  if (isJsonObject(data)) {
    merge(r, objectValidator(s, path, data, o));
    r.matchCount++;
  }
  r.matchCount++;
  return r;
}
