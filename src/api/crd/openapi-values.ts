/**
 * kube-openapi's error shapes and its scalar validators (type, number, string, enum), with its
 * message templates: `spec.replicas in body must be of type integer: "string"`, `… should be
 * greater than or equal to 1`, `… should match '^a'`, `… should be at most 5 chars long`.
 */
import { compileGoRegexp } from './go-regexp.js';
import { goNumber, goPlainV, goQuote } from './go-values.js';
import { isJsonObject, type JSONSchemaProps } from './types.js';

/** The failure codes apiextensions tells apart. */
export type OpenAPIErrorCode =
  'type' | 'required' | 'tooLong' | 'maxItems' | 'tooManyProperties' | 'enum' | 'other' | 'composite';

/** One kube-openapi error: a `Validation` (with its name) or a composite message. */
export interface OpenAPIError {
  code: OpenAPIErrorCode;
  name: string;
  message: string;
  value?: unknown;
  valid?: number;
  values?: unknown[];
}

/** A validation result; `matchCount` ranks failed alternatives as kube-openapi ranks them. */
export interface OpenAPIResult {
  errors: OpenAPIError[];
  matchCount: number;
}

/** How formats are read: stripped to upstream's supported set for custom resources, or as written. */
export interface OpenAPIValidatorOptions {
  stripUnsupportedFormats: boolean;
}

/** kube-openapi's `in` for request bodies. */
export const IN = 'body';
/** One error. */
export const err = (
  code: OpenAPIErrorCode,
  name: string,
  message: string,
  extra: Partial<OpenAPIError> = {},
): OpenAPIError => ({
  code,
  name,
  message,
  ...extra,
});
/** The JSON type of a decoded value as kube-openapi infers it. */
export function jsonType(v: unknown): string {
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** The types the validator sees: int-or-string is `integer,string`. */
export function typesOf(s: JSONSchemaProps): string[] {
  if (s['x-kubernetes-int-or-string']) return ['integer', 'string'];
  return s.type ? [s.type] : [];
}

/** kube-openapi's `InvalidType` with data. */
export const typeError = (path: string, typeName: string, value: string) =>
  err('type', path, `${path} in ${IN} must be of type ${typeName}: ${goQuote(value)}`, { value });

/** kube-openapi's type validator (types, format, nullable). */
export function typeValidator(
  types: string[],
  format: string,
  nullable: boolean,
  path: string,
  data: unknown,
): OpenAPIError | undefined {
  if (data === null) {
    return types.length > 0 && !types.includes('null') && !nullable
      ? typeError(path, types.join(','), 'null')
      : undefined;
  }
  const schType = jsonType(data);
  const dataFormat = schType === 'integer' ? 'int64' : schType === 'number' ? 'float64' : '';
  const isIntFloat = schType === 'integer' && types.includes('number');
  const stringOrSlice = schType === 'string' || schType === 'array';
  if (!stringOrSlice && format && !(types.includes(schType) || dataFormat === format || isIntFloat)) {
    return typeError(path, format, dataFormat);
  }
  if (!(types.includes('number') || types.includes('integer')) && format && stringOrSlice) return undefined;
  if (!(types.includes(schType) || isIntFloat)) return typeError(path, types.join(','), schType);
  return undefined;
}

function isJSONInteger(f: number): boolean {
  if (!Number.isFinite(f)) return false;
  const g = Math.trunc(f);
  if (f === g) return true;
  return Math.abs(f - g) / Math.min(Math.abs(f) + Math.abs(g), Number.MAX_VALUE) < 1e-9;
}

/** kube-openapi's number validator: multipleOf, minimum, maximum, in that order. */
export function numberValidator(s: JSONSchemaProps, path: string, data: number): OpenAPIError[] {
  const out: OpenAPIError[] = [];
  const isInt = Number.isInteger(data);
  const at = `${path} in ${IN}`;
  if (s.multipleOf !== undefined && s.multipleOf !== null) {
    const f = s.multipleOf;
    if (isInt && Math.trunc(f) !== 0) {
      const fi = Math.trunc(f);
      if (fi < 0)
        out.push(err('other', path, `factor MultipleOf declared for ${path} must be positive: ${fi}`, { value: fi }));
      else if (data % fi !== 0) out.push(err('other', path, `${at} should be a multiple of ${fi}`, { value: data }));
    } else if (f < 0) {
      out.push(
        err('other', path, `factor MultipleOf declared for ${path} must be positive: ${goNumber(f)}`, { value: f }),
      );
    } else if (!isJSONInteger(f < 1 ? (1 / f) * data : data / f)) {
      out.push(err('other', path, `${at} should be a multiple of ${goNumber(f)}`, { value: data }));
    }
  }
  const bound = (b: number) => (isInt ? Math.trunc(b) : b);
  if (s.minimum !== undefined && s.minimum !== null) {
    const min = bound(s.minimum);
    const ex = s.exclusiveMinimum === true;
    if (ex ? data <= min : data < min) {
      out.push(
        err('other', path, `${at} should be greater than ${ex ? '' : 'or equal to '}${goNumber(min)}`, { value: data }),
      );
    }
  }
  if (s.maximum !== undefined && s.maximum !== null) {
    const max = bound(s.maximum);
    const ex = s.exclusiveMaximum === true;
    if (ex ? data >= max : data > max) {
      out.push(
        err('other', path, `${at} should be less than ${ex ? '' : 'or equal to '}${goNumber(max)}`, { value: data }),
      );
    }
  }
  return out;
}

/** kube-openapi's string validator: the first of maxLength, minLength, pattern that fails. */
export function stringValidator(s: JSONSchemaProps, path: string, data: string): OpenAPIError | undefined {
  const runes = [...data].length;
  const at = `${path} in ${IN}`;
  if (s.maxLength !== undefined && s.maxLength !== null && runes > s.maxLength) {
    return err('tooLong', path, `${at} should be at most ${s.maxLength} chars long`, {
      value: data,
      valid: s.maxLength,
    });
  }
  if (s.minLength !== undefined && s.minLength !== null && runes < s.minLength) {
    return err('other', path, `${at} should be at least ${s.minLength} chars long`, { value: data });
  }
  if (s.pattern) {
    const re = compileGoRegexp(s.pattern);
    if (typeof re === 'string') {
      return err('other', path, `${at} should match '${s.pattern}, but pattern is invalid: ${re}'`, { value: data });
    }
    if (!re.test(data)) return err('other', path, `${at} should match '${s.pattern}'`, { value: data });
  }
  return undefined;
}

/** reflect.DeepEqual on JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** kube-openapi's enum check (a null never matches). */
export function enumValidator(s: JSONSchemaProps, path: string, data: unknown): OpenAPIError | undefined {
  if (!s.enum?.length) return undefined;
  if (data !== null && s.enum.some((e) => e !== null && deepEqual(data, e))) return undefined;
  return err('enum', path, `${path} in ${IN} should be one of ${goPlainV(s.enum)}`, { value: data, values: s.enum });
}
