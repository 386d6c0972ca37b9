/**
 * Field-level validation errors, worded as upstream's `field.Error`: each names the field's path
 * (`spec.containers[0].name`), a type, the bad value where it helps, and a detail. They end up
 * as the `causes` of a 422 Invalid Status (see errors.ts).
 */

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const TITLES: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Types whose message never shows the value. */
const VALUE_HIDDEN = new Set<FieldErrorType>([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'InternalError',
]);
const OMIT = Symbol('omit');

export class FieldError {
  constructor(
    readonly type: FieldErrorType,
    readonly field: string,
    readonly badValue: unknown,
    readonly detail = '',
  ) {}

  /** The message without the field: `Invalid value: "Foo": a lowercase RFC 1123 …`. */
  body(): string {
    let s = TITLES[this.type];
    if (!VALUE_HIDDEN.has(this.type) && this.badValue !== OMIT) s += `: ${formatValue(this.badValue)}`;
    if (this.detail) s += `: ${this.detail}`;
    return s;
  }

  /** `field: body`, as upstream's Error() prints it. */
  toString(): string {
    return `${this.field}: ${this.body()}`;
  }
}

/**
 * A bad value shown verbatim: what Go prints for a value with a `String()` method (a timestamp) or
 * through `%#v` (`[]string{"a"}`), where JSON would not read the same.
 */
export class Printed {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

/** Wraps text to be shown as the bad value exactly as given. */
export const printed = (text: string) => new Printed(text);

/**
 * Go's %q for strings, %v for numbers and booleans, JSON otherwise. Nothing (a nil pointer) prints
 * as `"null"`, quoted: upstream substitutes the string "null" and then quotes it like any string.
 */
function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '"null"';
  if (v instanceof Printed) return v.text;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

export const fieldErrors = {
  required: (field: string, detail = '') => new FieldError('FieldValueRequired', field, '', detail),
  invalid: (field: string, value: unknown, detail: string) => new FieldError('FieldValueInvalid', field, value, detail),
  notSupported: (field: string, value: unknown, valid: readonly string[]) =>
    new FieldError(
      'FieldValueNotSupported',
      field,
      value,
      valid.length ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}` : '',
    ),
  duplicate: (field: string, value: unknown) => new FieldError('FieldValueDuplicate', field, value),
  forbidden: (field: string, detail: string) => new FieldError('FieldValueForbidden', field, '', detail),
  notFound: (field: string, value: unknown) => new FieldError('FieldValueNotFound', field, value),
  tooLong: (field: string, value: unknown, max: number) =>
    new FieldError('FieldValueTooLong', field, value, `may not be more than ${max} bytes`),
  tooMany: (field: string, actual: number, max: number) =>
    new FieldError('FieldValueTooMany', field, actual >= 0 ? actual : OMIT, `must have at most ${max} items`),
  typeInvalid: (field: string, value: unknown, detail: string) =>
    new FieldError('FieldValueTypeInvalid', field, value, detail),
  internal: (field: string, err: Error) => new FieldError('InternalError', field, null, err.message),
};

/**
 * Upstream's aggregate of a list: one message, or `[a, b]` for several, duplicates dropped.
 */
export function aggregate(errs: readonly FieldError[]): string {
  const msgs = [...new Set(errs.map(String))];
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
}
