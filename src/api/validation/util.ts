/**
 * Reading untrusted JSON for validation: objects arrive as decoded bodies, so any field may hold
 * the wrong type. The readers here return a value of the expected type (or an empty one) and, when
 * given an error list, report a wrong type there as a FieldError instead of letting a validator
 * crash. Also the small rules every group shares (non-negative, immutable, Go's formatting of the
 * values upstream prints).
 */
import { goStringSlice } from '../../machinery/validation/messages.js';
import type { LabelSelector, ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { FieldError, fieldErrors, printed } from '../../machinery/field-errors.js';

/** A decoded JSON object whose fields are not yet trusted. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

/** A list of errors validators append to. */
export type Errs = FieldError[];

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const typeError = (errs: Errs | undefined, path: string, v: unknown, type: string) => {
  errs?.push(fieldErrors.typeInvalid(path, v, `must be of type ${type}`));
};

/** The object at v; {} when absent, or when of another type (reported). */
export function obj(v: unknown, path = '', errs?: Errs): Obj {
  if (isObj(v)) return v;
  if (v !== undefined && v !== null) typeError(errs, path, v, 'object');
  return {};
}

/** The object at v, or undefined when absent (or of another type, reported). */
export function optObj(v: unknown, path = '', errs?: Errs): Obj | undefined {
  if (isObj(v)) return v;
  if (v !== undefined && v !== null) typeError(errs, path, v, 'object');
  return undefined;
}

/** The list at v; [] when absent, or when of another type (reported). */
export function arr(v: unknown, path = '', errs?: Errs): unknown[] {
  if (Array.isArray(v)) return v;
  if (v !== undefined && v !== null) typeError(errs, path, v, 'array');
  return [];
}

/** The string at v; '' when absent, or when of another type (reported). */
export function str(v: unknown, path = '', errs?: Errs): string {
  if (typeof v === 'string') return v;
  if (v !== undefined && v !== null) typeError(errs, path, v, 'string');
  return '';
}

/** The string at v, or undefined when absent (or of another type, reported). */
export function optStr(v: unknown, path = '', errs?: Errs): string | undefined {
  if (typeof v === 'string') return v;
  if (v !== undefined && v !== null) typeError(errs, path, v, 'string');
  return undefined;
}

/** The integer at v, or undefined when absent (or not an integer, reported). */
export function int(v: unknown, path = '', errs?: Errs): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (v !== undefined && v !== null) typeError(errs, path, v, 'integer');
  return undefined;
}

/** The boolean at v, or undefined when absent (or not a boolean, reported). */
export function bool(v: unknown, path = '', errs?: Errs): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v !== undefined && v !== null) typeError(errs, path, v, 'boolean');
  return undefined;
}

/** An int-or-string at v (a JSON number or string), or undefined. */
export function intOrStr(v: unknown, path = '', errs?: Errs): number | string | undefined {
  if (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))) return v;
  if (v !== undefined && v !== null) typeError(errs, path, v, 'integer or string');
  return undefined;
}

/** A map of strings at v (undefined when absent); entries that are not strings are dropped (reported). */
export function strMap(v: unknown, path = '', errs?: Errs): Record<string, string> | undefined {
  const o = optObj(v, path, errs);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(o)) {
    if (typeof val === 'string') out[k] = val;
    else typeError(errs, `${path}[${k}]`, val, 'string');
  }
  return out;
}

/** A list of strings at v; items that are not strings are dropped (reported). */
export function strList(v: unknown, path = '', errs?: Errs): string[] {
  const out: string[] = [];
  arr(v, path, errs).forEach((item, i) => {
    if (typeof item === 'string') out.push(item);
    else typeError(errs, `${path}[${i}]`, item, 'string');
  });
  return out;
}

/** The objects of the list at v, each with its index (non-objects are reported and skipped). */
export function objList(v: unknown, path = '', errs?: Errs): [Obj, number][] {
  const out: [Obj, number][] = [];
  arr(v, path, errs).forEach((item, i) => {
    if (isObj(item)) out.push([item, i]);
    else typeError(errs, `${path}[${i}]`, item, 'object');
  });
  return out;
}

/**
 * A label selector with its parts type-checked, safe to hand to the machinery's selector functions;
 * undefined when absent.
 */
export function labelSelector(v: unknown, path = '', errs?: Errs): LabelSelector | undefined {
  const o = optObj(v, path, errs);
  if (!o) return undefined;
  const out: { matchLabels?: Record<string, string>; matchExpressions?: LabelSelector['matchExpressions'] } = {};
  const ml = strMap(o.matchLabels, `${path}.matchLabels`, errs);
  if (ml) out.matchLabels = ml;
  if (o.matchExpressions !== undefined && o.matchExpressions !== null) {
    out.matchExpressions = objList(o.matchExpressions, `${path}.matchExpressions`, errs).map(([e, i]) => {
      const p = `${path}.matchExpressions[${i}]`;
      const req: { key: string; operator: string; values?: string[] } = {
        key: str(e.key, `${p}.key`, errs),
        operator: str(e.operator, `${p}.operator`, errs),
      };
      if (e.values !== undefined && e.values !== null) req.values = strList(e.values, `${p}.values`, errs);
      return req;
    });
  }
  return out;
}

/** ObjectMeta with the fields the machinery reads type-checked (labels, names, finalizers …). */
export function objectMeta(v: unknown, path = 'metadata', errs?: Errs): ObjectMeta {
  const m = obj(v, path, errs);
  const out: Obj = { ...m };
  for (const k of ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp']) {
    const s = optStr(m[k], `${path}.${k}`, errs);
    if (s === undefined) delete out[k];
    else out[k] = s;
  }
  if (m.deletionTimestamp === null) delete out.deletionTimestamp;
  for (const k of ['generation', 'deletionGracePeriodSeconds']) {
    const n = int(m[k], `${path}.${k}`, errs);
    if (n === undefined) delete out[k];
    else out[k] = n;
  }
  for (const k of ['labels', 'annotations']) {
    const mp = strMap(m[k], `${path}.${k}`, errs);
    if (mp === undefined) delete out[k];
    else out[k] = mp;
  }
  if (m.finalizers === undefined || m.finalizers === null) delete out.finalizers;
  else out.finalizers = strList(m.finalizers, `${path}.finalizers`, errs);
  if (m.ownerReferences === undefined || m.ownerReferences === null) delete out.ownerReferences;
  else {
    out.ownerReferences = objList(m.ownerReferences, `${path}.ownerReferences`, errs).map(([r]) => ({
      apiVersion: str(r.apiVersion),
      kind: str(r.kind),
      name: str(r.name),
      uid: str(r.uid),
      controller: bool(r.controller),
      blockOwnerDeletion: bool(r.blockOwnerDeletion),
    }));
  }
  return out as ObjectMeta;
}

/** Upstream's `ValidateNonnegativeField`. */
export function nonNegative(value: number | undefined, path: string, errs: Errs): void {
  if (value !== undefined && value < 0)
    errs.push(fieldErrors.invalid(path, value, 'must be greater than or equal to 0'));
}

/** Deep equality of JSON values, where an absent field equals `null` (Go's nil). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!jsonEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** Go's `apiequality.Semantic.DeepEqual` as far as JSON shows it: nil and empty lists/maps differ only in Go. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) =>
    v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

/** Go's `%#v` of a `map[string]string` (keys sorted, `(nil)` when absent). */
export function goStrMap(m: Readonly<Record<string, string>> | undefined | null): string {
  if (!m) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`).join(', ')}}`;
}

/** Go's `%#v` of a `[]string`. */
export function goStrs(list: readonly string[] | undefined | null): string {
  return list ? goStringSlice(list) : '[]string(nil)';
}

/** Go's `%#v` of a (dereferenced) metav1.LabelSelector, as upstream prints a bad selector. */
export function goLabelSelector(ls: LabelSelector | undefined | null): string {
  if (!ls) return 'null';
  const exprs = ls.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${ls.matchExpressions
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, ` +
            `Values:${goStrs(e.values)}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStrMap(ls.matchLabels)}, MatchExpressions:${exprs}}`;
}

/** A bad value shown as Go prints a map[string]string. */
export const shownMap = (m: Readonly<Record<string, string>> | undefined | null) => printed(goStrMap(m));

/** A bad value shown as Go prints a label selector. */
export const shownSelector = (ls: LabelSelector | undefined | null) => (ls ? printed(goLabelSelector(ls)) : null);

/** A FieldError shown without its value, as upstream's `field.OmitValueType{}` asks. */
class NoValueError extends FieldError {
  override body(): string {
    return this.detail ? `Invalid value: ${this.detail}` : 'Invalid value';
  }
}

/** `Invalid value: <detail>` without the bad value (upstream's `field.Invalid(path, field.OmitValueType{}, detail)`). */
export const invalidNoValue = (path: string, detail: string): FieldError =>
  new NoValueError('FieldValueInvalid', path, null, detail);
