/**
 * The list and map extensions of a CRD schema node, as upstream's
 * `ValidateCustomResourceDefinitionOpenAPISchema` checks them: `x-kubernetes-list-type` only on
 * arrays (atomic, set or map), map lists with scalar, required-or-defaulted, non-nullable keys that
 * are item properties, set items atomic, `x-kubernetes-map-type` only on objects.
 */
import { type FieldError, fieldErrors, printed } from '../../machinery/field-errors.js';
import { goStrings } from './go-values.js';
import { child, key } from './paths.js';
import type { JSONSchemaProps } from './types.js';

/** The options the list and map checks read. */
export interface ListMapOptions {
  requireAtomicSetType: boolean;
  requireMapListKeysMapSetValidation: boolean;
}

const present = (v: unknown) => v !== undefined && v !== null;
const itemSchema = (s: JSONSchemaProps) => (s.items && !Array.isArray(s.items) ? s.items : undefined);

/** The list, map and preserve-unknown-fields errors of node s at path. */
export function listAndMapErrors(s: JSONSchemaProps, path: string, opts: ListMapOptions): FieldError[] {
  const errs: FieldError[] = [];
  const type = s.type ?? '';
  const mapType = s['x-kubernetes-map-type'];
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  const items = itemSchema(s);
  if (present(s['x-kubernetes-preserve-unknown-fields']) && s['x-kubernetes-preserve-unknown-fields'] === false) {
    errs.push(
      fieldErrors.invalid(child(path, 'x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'),
    );
  }
  const typeMust = (what: string, ext: string) => {
    const msg = `must be ${what} if ${ext} is specified`;
    errs.push(
      type ? fieldErrors.invalid(child(path, 'type'), type, msg) : fieldErrors.required(child(path, 'type'), msg),
    );
  };
  if (present(mapType) && type !== 'object') typeMust('object', 'x-kubernetes-map-type');
  if (present(mapType) && mapType !== 'atomic' && mapType !== 'granular') {
    errs.push(fieldErrors.notSupported(child(path, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  }
  if (present(listType) && type !== 'array') typeMust('array', 'x-kubernetes-list-type');
  else if (opts.requireAtomicSetType && listType === 'set' && items) {
    const msg = 'must be atomic as item of a list with x-kubernetes-list-type=set';
    const itemList = items['x-kubernetes-list-type'];
    if (items.type === 'array' && present(itemList) && itemList !== 'atomic') {
      errs.push(fieldErrors.invalid(child(child(path, 'items'), 'x-kubernetes-list-type'), itemList, msg));
    } else if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      // Upstream shows the items' list type here, which is unset.
      errs.push(fieldErrors.invalid(child(child(path, 'items'), 'x-kubernetes-map-type'), itemList ?? null, msg));
    }
  }
  if (present(listType) && !['atomic', 'set', 'map'].includes(listType as string)) {
    errs.push(fieldErrors.notSupported(child(path, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
  }
  if (keys.length > 0) {
    const msg = 'must be map if x-kubernetes-list-map-keys is non-empty';
    if (!present(listType)) errs.push(fieldErrors.required(child(path, 'x-kubernetes-list-type'), msg));
    else if (listType !== 'map') errs.push(fieldErrors.invalid(child(path, 'x-kubernetes-list-type'), listType, msg));
  }
  if (listType === 'map') {
    if (keys.length === 0) {
      errs.push(
        fieldErrors.required(
          child(path, 'x-kubernetes-list-map-keys'),
          'must not be empty if x-kubernetes-list-type is map',
        ),
      );
    }
    if (!present(s.items))
      errs.push(fieldErrors.required(child(path, 'items'), 'must have a schema if x-kubernetes-list-type is map'));
    if (Array.isArray(s.items)) {
      errs.push(
        fieldErrors.invalid(
          child(path, 'items'),
          printed(
            'apiextensions.JSONSchemaPropsOrArray{Schema:(*apiextensions.JSONSchemaProps)(nil), JSONSchemas:[]apiextensions.JSONSchemaProps{…}}',
          ),
          'must only have a single schema if x-kubernetes-list-type is map',
        ),
      );
    }
    if (items && items.type !== 'object') {
      errs.push(
        fieldErrors.invalid(
          child(child(path, 'items'), 'type'),
          items.type ?? '',
          "must be object if parent array's x-kubernetes-list-type is map",
        ),
      );
    }
    if (items?.type === 'object') {
      const seen = new Set<string>();
      for (const k of keys) {
        const prop = items.properties?.[k];
        if (prop) {
          if (prop.type === 'array' || prop.type === 'object') {
            // Upstream shows the items' type ("object") as the bad value.
            errs.push(
              fieldErrors.invalid(
                child(key(child(child(path, 'items'), 'properties'), k), 'type'),
                items.type,
                "must be a scalar type if parent array's x-kubernetes-list-type is map",
              ),
            );
          }
        } else {
          errs.push(
            fieldErrors.invalid(
              child(path, 'x-kubernetes-list-map-keys'),
              goStrings(keys),
              'entries must all be names of item properties',
            ),
          );
        }
        if (seen.has(k)) {
          errs.push(
            fieldErrors.invalid(
              child(path, 'x-kubernetes-list-map-keys'),
              goStrings(keys),
              'must not contain duplicate entries',
            ),
          );
        }
        seen.add(k);
      }
    }
  }
  if (opts.requireMapListKeysMapSetValidation) errs.push(...mapListKeysMapSetErrors(s, path));
  return errs;
}

/** Upstream's `validateMapListKeysMapSet`: set/map items not nullable, map keys required or defaulted. */
export function mapListKeysMapSetErrors(s: JSONSchemaProps, path: string): FieldError[] {
  const items = itemSchema(s);
  const listType = s['x-kubernetes-list-type'];
  if (!items || (listType !== 'set' && listType !== 'map')) return [];
  const errs: FieldError[] = [];
  const itemsPath = child(path, 'items');
  if (items.nullable) {
    errs.push(
      fieldErrors.forbidden(
        child(itemsPath, 'nullable'),
        `cannot be nullable when x-kubernetes-list-type is ${listType}`,
      ),
    );
  }
  if (listType === 'map') {
    const required = new Set(items.required ?? []);
    for (const k of s['x-kubernetes-list-map-keys'] ?? []) {
      const prop = items.properties?.[k];
      if (!prop) continue;
      const propPath = key(child(itemsPath, 'properties'), k);
      if (!required.has(k) && !present(prop.default)) {
        errs.push(
          fieldErrors.required(
            child(propPath, 'default'),
            'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
          ),
        );
      }
      if (prop.nullable) {
        errs.push(
          fieldErrors.forbidden(
            child(propPath, 'nullable'),
            'this property is in x-kubernetes-list-map-keys, so it cannot be nullable',
          ),
        );
      }
    }
  }
  return errs;
}
