/**
 * Upstream's `listtype.ValidateListSetsAndMaps`: items of `x-kubernetes-list-type: set` lists are
 * unique (`spec.tags[2]: Duplicate value: "a"`), items of `map` lists are objects with unique keys
 * (`spec.ports[1]: Duplicate value: map[string]interface {}{"port":80}`). Each repeated value is
 * reported once, at its second appearance.
 */
import { type FieldError, fieldErrors, printed } from '../../machinery/field-errors.js';
import { badValue, goSharpV } from './go-values.js';
import { child, index, key } from './paths.js';
import { isJsonObject, type JSONSchemaProps, type JsonObject } from './types.js';

const UNSPECIFIED = Symbol('unspecified key');

function identity(x: unknown): string {
  if (x === UNSPECIFIED) return 'u:';
  if (isJsonObject(x) || Array.isArray(x)) return `c:${JSON.stringify(x)}`;
  return `s:${typeof x}:${String(x)}`;
}

/** The first repeat of every value that appears more than once. */
function nonUnique(values: readonly unknown[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  values.forEach((v, i) => {
    const id = identity(v);
    const times = seen.get(id) ?? 0;
    if (times === 1) out.push(i);
    seen.set(id, times + 1);
  });
  return out;
}

function listMapErrors(path: string, s: JSONSchemaProps, list: unknown[]): FieldError[] {
  const bad = list.findIndex((x) => x !== null && !isJsonObject(x));
  if (bad >= 0)
    return [
      fieldErrors.invalid(index(path, bad), badValue(list[bad]), 'must be an object for an array of list-type map'),
    ];
  if (list.length <= 1) return [];
  const keyFields = s['x-kubernetes-list-map-keys'] ?? [];
  if (keyFields.length === 1) {
    const f = keyFields[0];
    const keys = list.map((x) => (x === null || !(f in (x as JsonObject)) ? UNSPECIFIED : (x as JsonObject)[f]));
    return nonUnique(keys).map((i) =>
      fieldErrors.duplicate(index(path, i), printed(goSharpV(keys[i] === UNSPECIFIED ? {} : { [f]: keys[i] }))),
    );
  }
  const keys = list.map((x) => {
    const k: JsonObject = {};
    if (x !== null) for (const f of keyFields) if (f in (x as JsonObject)) k[f] = (x as JsonObject)[f];
    return k;
  });
  return nonUnique(keys).map((i) => fieldErrors.duplicate(index(path, i), printed(goSharpV(keys[i]))));
}

function arrayErrors(path: string, s: JSONSchemaProps, list: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set' && list.length > 1) {
    for (const i of nonUnique(list)) errs.push(fieldErrors.duplicate(index(path, i), badValue(list[i])));
  } else if (listType === 'map') errs.push(...listMapErrors(path, s, list));
  const items = s.items && !Array.isArray(s.items) ? s.items : undefined;
  if (items) list.forEach((x, i) => errs.push(...valueErrors(index(path, i), items, x)));
  return errs;
}

function valueErrors(path: string, s: JSONSchemaProps, v: unknown): FieldError[] {
  if (Array.isArray(v)) return arrayErrors(path, s, v);
  if (isJsonObject(v)) return validateListSetsAndMaps(path, s, v);
  return [];
}

/** All set and map list errors in obj (a custom resource when path is `<nil>`/''). */
export function validateListSetsAndMaps(path: string, s: JSONSchemaProps | undefined, obj: JsonObject): FieldError[] {
  if (!s) return [];
  const errs: FieldError[] = [];
  const ap = s.additionalProperties;
  if (typeof ap === 'object' && ap !== null) {
    for (const [k, v] of Object.entries(obj)) errs.push(...valueErrors(key(path, k), ap, v));
  }
  if (s.properties) {
    for (const [k, v] of Object.entries(obj)) {
      const sub = s.properties[k];
      if (sub) errs.push(...valueErrors(child(path, k), sub, v));
    }
  }
  return errs;
}
