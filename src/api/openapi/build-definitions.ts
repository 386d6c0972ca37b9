/**
 * Turns kubernetes-types' declarations ({@link readKubernetesTypes}) plus our tables (patch
 * metadata, formats, 1.31/1.32 additions) into the OpenAPI v2 definitions upstream 1.32 serves
 * in `/openapi/v2`: one schema per type under upstream's name, descriptions from the JSDoc,
 * `$ref`s between them, `x-kubernetes-group-version-kind` on top-level kinds. The v3 documents
 * are derived from the same definitions (see `v3-schemas.ts`).
 */
import { ADDED_DEFINITIONS, ADDED_FIELDS, REMOVED_DEFINITIONS, REMOVED_FIELDS } from './additions.js';
import type { TsField, TsType, TypeDecl } from './dts-reader.js';
import { FIELD_FORMATS, type FieldFormat } from './field-formats.js';
import { ATOMIC_STRUCTS, FIELD_DEFAULTS, FIELD_PATCH_META, fieldPatchMeta } from './patch-meta.js';
import type { Definitions, SchemaObject } from './types.js';

export interface GroupVersion {
  group: string;
  version: string;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const ALWAYS_INCLUDED = [
  `${META}.`,
  'io.k8s.apimachinery.pkg.runtime.',
  'io.k8s.apimachinery.pkg.version.',
  'io.k8s.apimachinery.pkg.api.resource.',
  'io.k8s.apimachinery.pkg.util.intstr.',
];
/** Meta kinds every group-version serves (upstream lists each group-version on them). */
const KINDS_IN_EVERY_GROUP_VERSION = ['DeleteOptions', 'WatchEvent'];
/** Aliases upstream serves as strings with a format. */
const STRING_FORMATS: Record<string, string> = {
  [`${META}.Time`]: 'date-time',
  [`${META}.MicroTime`]: 'date-time',
};
/** Types that may hold any JSON value: upstream gives them no `type`. */
const UNTYPED = new Set(['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON']);

/** The definition-name prefix of a custom resource's group-version: its group reversed (`com.example.stable.v1.`). */
export const customDefinitionPrefix = (group: string, version: string): string =>
  `${group.split('.').reverse().join('.')}.${version}.`;

/**
 * The definition-name prefix of a served group-version: `apps`/`v1` → `io.k8s.api.apps.v1.`,
 * core `''`/`v1` → `io.k8s.api.core.v1.`, `rbac.authorization.k8s.io` → `io.k8s.api.rbac.v1.`.
 */
export function definitionPrefix(group: string, version: string): string {
  if (group === '') return `io.k8s.api.core.${version}.`;
  if (group === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}.`;
  if (group === 'internal.apiserver.k8s.io') return `io.k8s.api.apiserverinternal.${version}.`;
  return `io.k8s.api.${group.split('.')[0]}.${version}.`;
}

/** kubernetes-types' declarations with our additions and removals applied; the input is not changed. */
export function applyAdditions(decls: ReadonlyMap<string, TypeDecl>): Map<string, TypeDecl> {
  const out = new Map(decls);
  for (const name of REMOVED_DEFINITIONS) out.delete(name);
  for (const decl of ADDED_DEFINITIONS) out.set(decl.name, decl);
  const touched = new Set([...Object.keys(ADDED_FIELDS), ...Object.keys(REMOVED_FIELDS)]);
  for (const name of touched) {
    const decl = out.get(name);
    if (!decl?.fields) throw new Error(`additions: ${name} is not an interface kubernetes-types declares`);
    const removed = new Set(REMOVED_FIELDS[name] ?? []);
    const fields = decl.fields.filter((f) => !removed.has(f.name));
    for (const f of ADDED_FIELDS[name] ?? []) {
      if (fields.some((g) => g.name === f.name)) throw new Error(`additions: ${name}.${f.name} already exists`);
      fields.push(f);
    }
    fields.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    out.set(name, { ...decl, fields });
  }
  return out;
}

const ref = (name: string): SchemaObject => ({ $ref: `#/definitions/${name}` });

function scalarSchema(type: TsType, format: FieldFormat | undefined): SchemaObject {
  if (type.kind === 'string') return format === 'byte' ? { type: 'string', format: 'byte' } : { type: 'string' };
  if (type.kind === 'boolean') return { type: 'boolean' };
  if (type.kind === 'number') {
    if (format === 'double') return { type: 'number', format: 'double' };
    return { type: 'integer', format: format === 'int64' ? 'int64' : 'int32' };
  }
  throw new Error(`not a scalar: ${type.kind}`);
}

/** The v2 schema of a value of `type`; `format` comes from our table and applies to leaves. */
function typeSchema(type: TsType, format: FieldFormat | undefined, where: string): SchemaObject {
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return scalarSchema(type, format);
    case 'intOrString':
      return ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString');
    case 'ref':
      return ref(type.name);
    case 'array':
      return { type: 'array', items: typeSchema(type.items, format, where) };
    case 'map':
      return { type: 'object', additionalProperties: typeSchema(type.values, format, where) };
    case 'object':
      return { type: 'object' };
    case 'union':
      throw new Error(`${where}: union types are only supported as named aliases`);
  }
}

function fieldSchema(definition: string, f: TsField): SchemaObject {
  const where = `${definition}.${f.name}`;
  const schema = typeSchema(f.type, FIELD_FORMATS[definition]?.[f.name], where);
  if (f.description !== undefined) schema.description = f.description;
  const defaultValue = FIELD_DEFAULTS[definition]?.[f.name];
  if (defaultValue !== undefined) schema.default = defaultValue;
  const meta = fieldPatchMeta(definition, f.name);
  if (schema.type === 'array') schema['x-kubernetes-list-type'] = meta?.listType ?? 'atomic';
  else if (meta?.listType) throw new Error(`${where}: list type on a field that is not a list`);
  if (meta?.listMapKeys) schema['x-kubernetes-list-map-keys'] = [...meta.listMapKeys];
  if (meta?.mapType) schema['x-kubernetes-map-type'] = meta.mapType;
  if (meta?.strategy) schema['x-kubernetes-patch-strategy'] = meta.strategy;
  if (meta?.mergeKey) schema['x-kubernetes-patch-merge-key'] = meta.mergeKey;
  return schema;
}

/** The group/version/kind kubernetes-types pins a top-level kind to with `apiVersion`/`kind` literals. */
function literalGvk(decl: TypeDecl): SchemaObject['x-kubernetes-group-version-kind'] {
  const apiVersion = decl.fields?.find((f) => f.name === 'apiVersion')?.literal;
  const kind = decl.fields?.find((f) => f.name === 'kind')?.literal;
  if (!apiVersion || !kind) return undefined;
  const slash = apiVersion.indexOf('/');
  const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
  return [{ group, kind, version }];
}

/** The v2 definition of one declaration. */
export function declSchema(decl: TypeDecl): SchemaObject {
  const schema: SchemaObject = {};
  if (decl.description !== undefined) schema.description = decl.description;
  if (decl.alias) {
    const alias = decl.alias;
    if (alias.kind === 'intOrString') {
      Object.assign(schema, { type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true });
    } else if (alias.kind === 'string') {
      schema.type = 'string';
      if (STRING_FORMATS[decl.name]) schema.format = STRING_FORMATS[decl.name];
    } else if (alias.kind !== 'union') {
      throw new Error(`${decl.name}: unsupported alias of ${alias.kind}`);
    }
    return schema;
  }
  const fields = decl.fields ?? [];
  if (UNTYPED.has(decl.name)) return schema;
  schema.type = 'object';
  if (fields.length > 0) {
    schema.properties = Object.fromEntries(fields.map((f) => [f.name, fieldSchema(decl.name, f)]));
    const required = fields.filter((f) => !f.optional).map((f) => f.name);
    if (required.length > 0) schema.required = required;
  }
  if (ATOMIC_STRUCTS.includes(decl.name)) schema['x-kubernetes-map-type'] = 'atomic';
  const gvk = literalGvk(decl);
  if (gvk) schema['x-kubernetes-group-version-kind'] = gvk;
  return schema;
}

/** Every definition name a schema refers to, directly. */
export function refsOf(schema: SchemaObject, out = new Set<string>()): Set<string> {
  if (schema.$ref) out.add(schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1));
  if (schema.items) refsOf(schema.items, out);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    refsOf(schema.additionalProperties, out);
  }
  for (const p of Object.values(schema.properties ?? {})) refsOf(p, out);
  for (const s of [...(schema.allOf ?? []), ...(schema.oneOf ?? [])]) refsOf(s, out);
  return out;
}

/**
 * The definitions of everything `servedGroupVersions` serve: every type of their packages, the
 * meta, runtime, version, resource and intstr types, and whatever those refer to. Throws on a
 * dangling reference or a table entry naming a field that does not exist.
 */
export function buildDefinitions(
  decls: ReadonlyMap<string, TypeDecl>,
  servedGroupVersions: readonly GroupVersion[],
): Definitions {
  const all = applyAdditions(decls);
  checkTables(all);
  const prefixes = [...servedGroupVersions.map((gv) => definitionPrefix(gv.group, gv.version)), ...ALWAYS_INCLUDED];
  const queue = [...all.keys()].filter((name) => prefixes.some((p) => name.startsWith(p)));
  const out: Definitions = {};
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (out[name]) continue;
    const decl = all.get(name);
    if (!decl) throw new Error(`dangling reference to ${name}`);
    out[name] = declSchema(decl);
    for (const r of refsOf(out[name])) if (!out[r]) queue.push(r);
  }
  const everyGv = [...servedGroupVersions].sort((a, b) =>
    a.group === b.group ? cmp(a.version, b.version) : cmp(a.group, b.group),
  );
  for (const kind of KINDS_IN_EVERY_GROUP_VERSION) {
    out[`${META}.${kind}`]['x-kubernetes-group-version-kind'] = everyGv.map((gv) => ({ ...gv, kind }));
  }
  out[`${META}.Status`]['x-kubernetes-group-version-kind'] = [{ group: '', kind: 'Status', version: 'v1' }];
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every table entry must name an existing field, so a typo cannot silently drop metadata. */
function checkTables(all: ReadonlyMap<string, TypeDecl>): void {
  const tables = { FIELD_FORMATS, FIELD_DEFAULTS, FIELD_PATCH_META };
  for (const [tableName, table] of Object.entries(tables)) {
    for (const [def, fields] of Object.entries(table)) {
      for (const field of Object.keys(fields)) assertField(all, def, field, tableName);
    }
  }
  for (const def of ATOMIC_STRUCTS) {
    if (!all.has(def)) throw new Error(`ATOMIC_STRUCTS: no definition ${def}`);
  }
}

export function assertField(all: ReadonlyMap<string, TypeDecl>, def: string, field: string, table: string): void {
  if (!all.get(def)?.fields?.some((f) => f.name === field)) throw new Error(`${table}: no field ${def}.${field}`);
}
