/**
 * Bad values as upstream prints them. `field.Error` shows a value of a Go struct, slice or map
 * through `%#v` (`map[string]interface {}{"port":80}`, `[]string{"v1"}`,
 * `apiextensions.ValidationRule{Rule:"…", …}`), which JSON would not reproduce. Pointers inside a
 * struct print as an address in Go; we print the fixed stand-in `0xc000000000`, the only part that
 * cannot match.
 */
import { printed, type Printed } from '../../machinery/field-errors.js';
import { goStringSlice } from '../../machinery/validation/messages.js';
import type { CustomResourceColumnDefinition, ValidationRule } from './types.js';
import { isJsonObject } from './types.js';

const ADDRESS = '0xc000000000';

/** Go's %q of a string (Go escapes as JSON does for the characters that matter here). */
export const goQuote = (s: string): string => JSON.stringify(s);

/** Go's %v of a float64 or int64 held in an interface (`1e+21`, `1.5`, `80`). */
export function goNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const s = String(n);
  // Go writes a two-digit exponent at least: 1e-07 where JavaScript writes 1e-7.
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Go's %#v of a decoded JSON value held in an `interface{}`. */
export function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  if (isJsonObject(v)) {
    const entries = Object.keys(v)
      .sort()
      .map((k) => `${goQuote(k)}:${goSharpV(v[k])}`);
    return `map[string]interface {}{${entries.join(', ')}}`;
  }
  return String(v);
}

/** Go's %v of a decoded JSON value (`map[a:1]`, `[a b]`), as `fmt.Errorf("%v")` shows it. */
export function goPlainV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return goNumber(v);
  if (Array.isArray(v)) return `[${v.map(goPlainV).join(' ')}]`;
  if (isJsonObject(v)) {
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goPlainV(v[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

/** Go's %T of a decoded JSON value. */
export function goType(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/**
 * A bad value for a FieldError: scalars as they are (the FieldError quotes strings), compound
 * values in Go's %#v.
 */
export function badValue(v: unknown): unknown {
  if (v === null || v === undefined || typeof v !== 'object') return v;
  return printed(goSharpV(v));
}

/** A `[]string` value: `[]string{"a"}`, or `[]string(nil)` when absent. */
export function goStrings(values: readonly string[] | undefined): Printed {
  return printed(values === undefined ? '[]string(nil)' : goStringSlice(values));
}

const ptr = (type: string, present: boolean) => `(*${type})(${present ? ADDRESS : 'nil'})`;
const slice = (type: string, items: readonly unknown[] | undefined, each: (x: never) => string) =>
  items === undefined || items.length === 0
    ? `[]${type}(nil)`
    : `[]${type}{${items.map((x) => each(x as never)).join(', ')}}`;

function goColumn(c: CustomResourceColumnDefinition): string {
  return (
    `apiextensions.CustomResourceColumnDefinition{Name:${goQuote(c.name ?? '')}, Type:${goQuote(c.type ?? '')}, ` +
    `Format:${goQuote(c.format ?? '')}, Description:${goQuote(c.description ?? '')}, Priority:${c.priority ?? 0}, ` +
    `JSONPath:${goQuote(c.jsonPath ?? '')}}`
  );
}

/** One internal version, as the list below holds it. */
export interface GoVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  hasSchema: boolean;
  hasSubresources: boolean;
  additionalPrinterColumns?: CustomResourceColumnDefinition[];
  selectableFields?: { jsonPath: string }[];
}

/** `[]apiextensions.CustomResourceDefinitionVersion{…}`, as `spec.versions` errors print it. */
export function goVersions(versions: readonly GoVersion[] | undefined): Printed {
  const one = (v: GoVersion) =>
    `apiextensions.CustomResourceDefinitionVersion{Name:${goQuote(v.name ?? '')}, Served:${v.served === true}, ` +
    `Storage:${v.storage === true}, Deprecated:${v.deprecated === true}, ` +
    `DeprecationWarning:${ptr('string', v.deprecationWarning !== undefined)}, ` +
    `Schema:${ptr('apiextensions.CustomResourceValidation', v.hasSchema)}, ` +
    `Subresources:${ptr('apiextensions.CustomResourceSubresources', v.hasSubresources)}, ` +
    `AdditionalPrinterColumns:${slice('apiextensions.CustomResourceColumnDefinition', v.additionalPrinterColumns, goColumn)}, ` +
    `SelectableFields:${slice('apiextensions.SelectableField', v.selectableFields, (f: { jsonPath: string }) => `apiextensions.SelectableField{JSONPath:${goQuote(f.jsonPath ?? '')}}`)}}`;
  return printed(
    versions === undefined
      ? '[]apiextensions.CustomResourceDefinitionVersion(nil)'
      : `[]apiextensions.CustomResourceDefinitionVersion{${versions.map(one).join(', ')}}`,
  );
}

/** `apiextensions.ValidationRule{Rule:"…", …}`, the bad value of CEL compilation errors. */
export function goValidationRule(r: ValidationRule): Printed {
  return printed(
    `apiextensions.ValidationRule{Rule:${goQuote(r.rule ?? '')}, Message:${goQuote(r.message ?? '')}, ` +
      `MessageExpression:${goQuote(r.messageExpression ?? '')}, ` +
      `Reason:${ptr('apiextensions.FieldValueErrorReason', r.reason !== undefined)}, ` +
      `FieldPath:${goQuote(r.fieldPath ?? '')}, OptionalOldSelf:${ptr('bool', r.optionalOldSelf !== undefined)}}`,
  );
}

/** `[]byte{0x61, 0x62}`, Go's %#v of bytes. */
export function goBytes(bytes: Uint8Array): Printed {
  return printed(`[]byte{${[...bytes].map((b) => `0x${b.toString(16)}`).join(', ')}}`);
}
