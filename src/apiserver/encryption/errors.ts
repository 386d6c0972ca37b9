/**
 * Error shapes mirroring upstream's: apimachinery's aggregate (`[a, b]`, duplicates folded) and
 * `field.Error` (`<path>: <Type>: <value>: <detail>`), so messages read as kube-apiserver's do.
 */

/**
 * Several errors as one, worded as apimachinery's `utilerrors.Aggregate.Error()`: a single
 * distinct message alone, otherwise `[m1, m2, ...]` with repeats dropped and nested lists flattened.
 */
export class ErrorList extends Error {
  /** The errors, in order (never empty). */
  readonly errors: readonly Error[];

  constructor(errors: readonly Error[]) {
    super(formatAggregate(errors));
    this.name = 'ErrorList';
    this.errors = errors;
  }
}

function flatten(errors: readonly Error[]): Error[] {
  return errors.flatMap((e) => (e instanceof ErrorList ? flatten(e.errors) : [e]));
}

function formatAggregate(errors: readonly Error[]): string {
  if (errors.length === 0) return '';
  if (errors.length === 1) return errors[0].message;
  const seen = [...new Set(flatten(errors).map((e) => e.message))];
  return seen.length === 1 ? seen[0] : `[${seen.join(', ')}]`;
}

/**
 * Upstream's `utilerrors.Reduce(utilerrors.NewAggregate(errs))`: undefined for none, the error
 * itself for one, an {@link ErrorList} otherwise.
 */
export function reduceErrors(errors: readonly Error[]): Error | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return errors[0];
  return new ErrorList(errors);
}

/** A Go value rendered with `%#v` (e.g. a struct), carried as its text. */
export interface GoSyntax {
  goSyntax: string;
}

/** The field error kinds this package reports, with upstream's type strings. */
export type FieldErrorType = 'Required value' | 'Invalid value' | 'Forbidden';

/** One validation failure at a field path, worded as upstream's `field.Error.Error()`. */
export class FieldError extends Error {
  constructor(
    readonly type: FieldErrorType,
    readonly field: string,
    readonly badValue: string | readonly string[] | GoSyntax | undefined,
    readonly detail: string,
  ) {
    super(`${field}: ${errorBody(type, badValue, detail)}`);
    this.name = 'FieldError';
  }
}

/** `field.Required(path, detail)`. */
export const required = (field: string, detail: string) => new FieldError('Required value', field, undefined, detail);

/** `field.Invalid(path, value, detail)`. */
export const invalid = (field: string, value: FieldError['badValue'], detail: string) =>
  new FieldError('Invalid value', field, value, detail);

/** `field.Forbidden(path, detail)`. */
export const forbidden = (field: string, detail: string) => new FieldError('Forbidden', field, undefined, detail);

/** Go's `%q` for the printable strings config files hold. */
export const goQuote = (s: string): string => JSON.stringify(s);

function goValue(value: FieldError['badValue']): string {
  if (value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (Array.isArray(value)) return `[]string{${value.map(goQuote).join(', ')}}`;
  return (value as GoSyntax).goSyntax;
}

function errorBody(type: FieldErrorType, value: FieldError['badValue'], detail: string): string {
  const head = type === 'Invalid value' ? `${type}: ${goValue(value)}` : type;
  return detail ? `${head}: ${detail}` : head;
}

/**
 * `field.ErrorList.ToAggregate()`: identical messages folded, then aggregated. Undefined when the
 * list is empty.
 */
export function toAggregate(errors: readonly FieldError[]): Error | undefined {
  const seen = new Set<string>();
  const unique = errors.filter((e) => !seen.has(e.message) && seen.add(e.message));
  if (unique.length === 0) return undefined;
  return new ErrorList(unique);
}
