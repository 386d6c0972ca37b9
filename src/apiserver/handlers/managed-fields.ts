/**
 * managedFields on every write (upstream's field manager in the REST handlers): creates, updates
 * and patches record what their manager changed as an `Update` entry; apply patches merge the
 * applied configuration and record it as an `Apply` entry, refusing with 409 what other managers
 * own unless forced. The object's kind decides the schema: a built-in kind's OpenAPI definition,
 * a custom resource's openAPIV3Schema.
 */
import { ApplySchema, FieldSet, apply, update } from '../../machinery/apply/index.js';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import { loadDefinitions } from '../../api/openapi/documents.js';
import type { Definitions, SchemaObject } from '../../api/openapi/types.js';
import type { KObject } from '../cacher/types.js';
import { definitionFor } from '../openapi.js';
import { resolve } from './field-validation.js';

const schemas = new WeakMap<ResourceInfo, ApplySchema>();

/** The schema ownership is computed with for `info`'s objects. */
function schemaOf(info: ResourceInfo): ApplySchema {
  let s = schemas.get(info);
  if (!s) {
    if (info.custom) s = ApplySchema.customResource(info.custom.schema as SchemaObject);
    else {
      const defs = loadDefinitions();
      const name = definitionFor(defs, info.group, info.version, info.kind);
      s = name ? ApplySchema.root(defs, name) : ApplySchema.deduced();
    }
    schemas.set(info, s);
  }
  return s;
}

const STATUS = FieldSet.fromFieldPaths(['status']);
const NOT_STATUS = FieldSet.fromFieldPaths(['spec'], ['metadata']);

/** What a write to `subresource` may not take ownership of: status on the resource itself, the rest on status. */
function resetFields(info: ResourceInfo, subresource: string): FieldSet | undefined {
  if (subresource === 'status') return NOT_STATUS;
  if (!subresource && info.subresources.some((s) => s.subresource === 'status')) return STATUS;
  return undefined;
}

/** A write's manager and where it writes. */
export interface Writer {
  info: ResourceInfo;
  manager: string;
  subresource: string;
}

/**
 * Fields that Go's API types hold as structs rather than pointers, which a new object therefore
 * has before anything is set: upstream's create starts from that zero value, so these are never
 * recorded as added (`.`) by a create.
 */
const VALUE_STRUCTS = new Set(['metadata', 'spec', 'status', 'template', 'strategy', 'updateStrategy', 'jobTemplate']);

/**
 * The Go zero value a create of a built-in kind starts from, as far as `obj` reaches: its value
 * structs, and null for the fields Go always writes (no `omitempty`: OpenAPI's `required`).
 */
function zeroValue(obj: KObject, schema: SchemaObject | undefined, defs: Definitions): KObject {
  const s = resolve(defs, schema);
  const out: KObject = {};
  for (const name of s?.required ?? []) out[name] = null;
  for (const [k, v] of Object.entries(obj)) {
    if (VALUE_STRUCTS.has(k) && v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = zeroValue(v, s?.properties?.[k], defs);
    }
  }
  return out;
}

/** Where a create starts from: a built-in kind's Go zero value; nothing for a custom resource, as upstream. */
function createBase(info: ResourceInfo, obj: KObject): KObject | undefined {
  if (info.custom) return undefined;
  const defs = loadDefinitions();
  const name = definitionFor(defs, info.group, info.version, info.kind);
  return name ? zeroValue(obj, defs[name], defs) : undefined;
}

/** `updated` with the managedFields of a create (no `live`), update or non-apply patch by `w`. */
export function trackWrite(w: Writer, live: KObject | undefined, updated: KObject): KObject {
  return update({
    live: live ?? createBase(w.info, updated),
    updated,
    manager: w.manager,
    apiVersion: apiVersionOf(w.info),
    subresource: w.subresource || undefined,
    schema: schemaOf(w.info),
    resetFields: resetFields(w.info, w.subresource),
  }).object;
}

/** The object after `w` applies `config` to `live` (undefined when the apply creates it). */
export function applyConfig(w: Writer, live: KObject | undefined, config: unknown, force: boolean): KObject {
  return apply({
    live,
    config,
    manager: w.manager,
    apiVersion: apiVersionOf(w.info),
    kind: w.info.kind,
    subresource: w.subresource || undefined,
    schema: schemaOf(w.info),
    force,
    resetFields: resetFields(w.info, w.subresource),
  }).object;
}
