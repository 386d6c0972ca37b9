/**
 * Embedded resources (`x-kubernetes-embedded-resource: true`), as upstream's
 * `pkg/apiserver/schema/objectmeta` checks them: apiVersion and kind required strings, kind a
 * DNS-1035 label in any case, metadata a valid ObjectMeta (names by the path-segment rule). Also
 * ObjectMeta's own field list, for dropping unknown metadata fields.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { type FieldError, fieldErrors } from '../../machinery/field-errors.js';
import { isDNS1035Label, validatePathSegmentName } from '../../machinery/validation/names.js';
import { validateObjectMeta } from '../../machinery/validation/object-meta.js';
import { badValue } from './go-values.js';
import { child, index, key } from './paths.js';
import { isJsonObject, type JSONSchemaProps, type JsonObject } from './types.js';

type Kind = 'string' | 'int' | 'stringMap' | 'objects' | 'strings' | 'time';

/** metav1.ObjectMeta's JSON fields and what each decodes into. */
export const OBJECT_META_FIELDS: Readonly<Record<string, Kind>> = {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  selfLink: 'string',
  uid: 'string',
  resourceVersion: 'string',
  generation: 'int',
  creationTimestamp: 'time',
  deletionTimestamp: 'time',
  deletionGracePeriodSeconds: 'int',
  labels: 'stringMap',
  annotations: 'stringMap',
  ownerReferences: 'objects',
  finalizers: 'strings',
  managedFields: 'objects',
};

const GO_TYPES: Record<Kind, string> = {
  string: 'string',
  int: 'int64',
  time: 'v1.Time',
  stringMap: 'map[string]string',
  objects: '[]v1.OwnerReference',
  strings: '[]string',
};

const jsonKind = (v: unknown) =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'object'
        ? 'object'
        : typeof v === 'boolean'
          ? 'bool'
          : typeof v;

function fits(k: Kind, v: unknown): boolean {
  if (v === null) return true;
  switch (k) {
    case 'string':
    case 'time':
      return typeof v === 'string';
    case 'int':
      return typeof v === 'number' && Number.isInteger(v);
    case 'stringMap':
      return isJsonObject(v) && Object.values(v).every((x) => typeof x === 'string' || x === null);
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string' || x === null);
    case 'objects':
      return Array.isArray(v) && v.every((x) => isJsonObject(x) || x === null);
  }
}

/**
 * Why metadata does not decode into an ObjectMeta, in encoding/json's words
 * (`json: cannot unmarshal number into Go struct field ObjectMeta.name of type string`), or
 * undefined. Unknown fields are not an error here.
 */
export function objectMetaDecodeError(metadata: unknown): string | undefined {
  if (!isJsonObject(metadata)) {
    return metadata === null
      ? undefined
      : `json: cannot unmarshal ${jsonKind(metadata)} into Go value of type v1.ObjectMeta`;
  }
  for (const [k, kind] of Object.entries(OBJECT_META_FIELDS)) {
    if (k in metadata && !fits(kind, metadata[k])) {
      return `json: cannot unmarshal ${jsonKind(metadata[k])} into Go struct field ObjectMeta.${k} of type ${GO_TYPES[kind]}`;
    }
  }
  return undefined;
}

function embeddedResourceErrors(path: string, x: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!('apiVersion' in x)) errs.push(fieldErrors.required(child(path, 'apiVersion')));
  if (!('kind' in x)) errs.push(fieldErrors.required(child(path, 'kind')));
  for (const [k, v] of Object.entries(x)) {
    if (k === 'apiVersion') {
      if (typeof v !== 'string') errs.push(fieldErrors.invalid(child(path, k), badValue(v), 'must be a string'));
      else if (!v) errs.push(fieldErrors.required(child(path, k)));
      else if (v.split('/').length > 2)
        errs.push(fieldErrors.invalid(child(path, k), v, `unexpected GroupVersion string: ${v}`));
    } else if (k === 'kind') {
      if (typeof v !== 'string') errs.push(fieldErrors.invalid(child(path, k), badValue(v), 'must be a string'));
      else if (!v) errs.push(fieldErrors.required(child(path, k)));
      else {
        const msgs = isDNS1035Label(v.toLowerCase());
        if (msgs.length) {
          errs.push(
            fieldErrors.invalid(
              child(path, k),
              v,
              `may have mixed case, but should otherwise match: ${msgs.join(',')}`,
            ),
          );
        }
      }
    } else if (k === 'metadata') {
      const decodeErr = objectMetaDecodeError(v);
      if (decodeErr) errs.push(fieldErrors.invalid(child(path, k), badValue(v), decodeErr));
      else if (isJsonObject(v)) {
        const meta = { ...v, name: v.name || 'fakename' } as ObjectMeta;
        errs.push(
          ...validateObjectMeta(
            meta,
            { namespaced: !!meta.namespace, nameValidator: validatePathSegmentName, standardFinalizers: false },
            child(path, 'metadata'),
          ),
        );
      }
    }
  }
  return errs;
}

function walk(path: string, x: unknown, s: JSONSchemaProps | undefined, errs: FieldError[]): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = s.items && !Array.isArray(s.items) ? s.items : undefined;
    x.forEach((v, i) => walk(index(path, i), v, items, errs));
  } else if (isJsonObject(x)) {
    if (s['x-kubernetes-embedded-resource'] === true) errs.push(...embeddedResourceErrors(path, x));
    for (const [k, v] of Object.entries(x)) {
      const prop = s.properties?.[k];
      if (prop) walk(child(path, k), v, prop, errs);
      else if (typeof s.additionalProperties === 'object' && s.additionalProperties !== null) {
        walk(key(path, k), v, s.additionalProperties, errs);
      }
    }
  }
}

/**
 * Upstream's `objectmeta.Validate`: the TypeMeta and ObjectMeta of every embedded resource in obj
 * (`spec.template.kind: Required value`), and of obj itself when `isResourceRoot`.
 */
export function validateEmbeddedResources(
  path: string,
  obj: unknown,
  schema: JSONSchemaProps | undefined,
  isResourceRoot = false,
): FieldError[] {
  const errs: FieldError[] = [];
  const s = isResourceRoot ? { ...(schema ?? {}), 'x-kubernetes-embedded-resource': true } : schema;
  walk(path, obj, s, errs);
  return errs;
}

/** Upstream's `objectmeta.Coerce` check: apiVersion and kind of embedded resources are strings, metadata decodes. */
export function coerceEmbeddedError(
  path: string,
  obj: unknown,
  schema: JSONSchemaProps,
  isResourceRoot: boolean,
): FieldError | undefined {
  const s = isResourceRoot ? { ...schema, 'x-kubernetes-embedded-resource': true } : schema;
  const visit = (p: string, x: unknown, sc: JSONSchemaProps | undefined): FieldError | undefined => {
    if (!sc) return undefined;
    if (Array.isArray(x)) {
      const items = sc.items && !Array.isArray(sc.items) ? sc.items : undefined;
      for (let i = 0; i < x.length; i++) {
        const e = visit(index(p, i), x[i], items);
        if (e) return e;
      }
    } else if (isJsonObject(x)) {
      for (const [k, v] of Object.entries(x)) {
        if (sc['x-kubernetes-embedded-resource'] === true) {
          if ((k === 'apiVersion' || k === 'kind') && typeof v !== 'string') {
            return fieldErrors.invalid(child(p, k), badValue(v), 'must be a string');
          }
          const decodeErr = k === 'metadata' ? objectMetaDecodeError(v) : undefined;
          if (decodeErr) return fieldErrors.invalid(child(p, k), badValue(v), decodeErr);
        }
        const prop = sc.properties?.[k];
        const sub = prop ?? (typeof sc.additionalProperties === 'object' ? sc.additionalProperties : undefined);
        const e = visit(prop ? child(p, k) : key(p, k), v, sub ?? undefined);
        if (e) return e;
      }
    }
    return undefined;
  };
  return visit(path, obj, s);
}
