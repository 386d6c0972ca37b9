/**
 * Upstream's `kubeOpenAPIResultToFieldErrors` and `ValidateCustomResource`
 * (`pkg/apiserver/validation`): kube-openapi's errors as FieldErrors under a base path, required
 * fields as `Required value`, enums as `Unsupported value: "x": supported values: "a", "b"`, long
 * strings as `Too long: may not be more than 5 bytes`, long lists and maps as `Too many`, everything
 * else as `Invalid value` with kube-openapi's message. Composite messages (anyOf, oneOf, allOf, not)
 * land on the base path itself, which is `<nil>` for a custom resource.
 */
import { FieldError, fieldErrors } from '../../machinery/field-errors.js';
import { badValue } from './go-values.js';
import { validateValue, type OpenAPIError, type OpenAPIValidatorOptions } from './openapi-validator.js';
import { NIL_PATH } from './paths.js';
import type { JSONSchemaProps } from './types.js';

const errPathOf = (base: string, name: string) => {
  if (!name || name === '.') return base;
  const n = name.startsWith('.') ? name.slice(1) : name;
  return base === NIL_PATH ? n : `${base}.${n}`;
};

function tooLong(path: string, value: unknown, max: number | undefined): FieldError {
  const detail =
    max === undefined || max < 0 ? 'value is too long' : `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`;
  return new FieldError('FieldValueTooLong', path, value, detail);
}

function tooMany(path: string, actual: number, max: number | undefined): FieldError {
  const detail =
    max === undefined || max < 0 ? 'has too many items' : `must have at most ${max} ${max === 1 ? 'item' : 'items'}`;
  return new FieldError('FieldValueTooMany', path, actual, detail);
}

/** One kube-openapi error as a FieldError under base. */
export function toFieldError(base: string, e: OpenAPIError): FieldError {
  if (e.code === 'composite') return fieldErrors.invalid(base, '', e.message);
  const path = errPathOf(base, e.name);
  const value = e.value === undefined || e.value === null ? '' : e.value;
  switch (e.code) {
    case 'required':
      return fieldErrors.required(path);
    case 'enum': {
      const values = (e.values ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      return fieldErrors.notSupported(path, badValue(e.value), values);
    }
    case 'tooLong':
      return tooLong(path, value, e.valid);
    case 'maxItems':
    case 'tooManyProperties':
      return tooMany(path, typeof e.value === 'number' ? e.value : -1, e.valid);
    case 'type':
      return fieldErrors.typeInvalid(path, value, e.message);
    default:
      return fieldErrors.invalid(path, badValue(value), e.message);
  }
}

/**
 * Upstream's `ValidateCustomResource(fldPath, obj, validator)`: obj against schema, with the formats
 * custom resources support. `base` is the path errors hang from: `<nil>` ({@link NIL_PATH}) for a
 * whole custom resource, `….default` for a schema default.
 */
export function validateAgainstSchema(
  base: string,
  obj: unknown,
  schema: JSONSchemaProps,
  opts: OpenAPIValidatorOptions = { stripUnsupportedFormats: true },
): FieldError[] {
  return validateValue(schema, obj, '', opts).errors.map((e) => toFieldError(base, e));
}
