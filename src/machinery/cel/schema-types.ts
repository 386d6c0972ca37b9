/**
 * The CEL type of a schema node, as upstream's `SchemaDeclType`
 * (`k8s.io/apiserver/pkg/cel/common/schemas.go`): what `self` is typed as in a rule.
 */
import { escapeName } from './escaping.js';

/** The parts of an OpenAPI v3 schema node (a CRD's `JSONSchemaProps`) that typing reads. */
export interface SchemaNode {
  type?: string;
  format?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
}

/** A scalar CEL type; `dyn` is `x-kubernetes-int-or-string`. */
export interface ScalarCelType {
  kind: 'int' | 'double' | 'string' | 'bool' | 'dyn' | 'bytes' | 'timestamp' | 'duration';
}

/** `type: array`: a CEL list; `listType`/`mapKeys` carry `x-kubernetes-list-type` and its keys. */
export interface ListCelType {
  kind: 'list';
  items: CelType;
  listType?: string;
  mapKeys?: string[];
}

/** `type: object` with `additionalProperties`: a CEL `map<string, V>`. */
export interface MapCelType {
  kind: 'map';
  values: CelType;
}

/** One selectable property of an object: its JSON name and its type. */
export interface CelField {
  json: string;
  type: CelType;
}

/**
 * `type: object` with `properties`: a message-like type selected with `self.field`; `fields` is
 * keyed by escaped CEL name. `ctor` is set once the type is registered in an environment.
 */
export interface ObjectCelType {
  kind: 'object';
  name: string;
  fields: Map<string, CelField>;
  ctor?: new (raw: Record<string, unknown>) => Map<string, unknown>;
}

/** The CEL type of a schema node. */
export type CelType = ScalarCelType | ListCelType | MapCelType | ObjectCelType;

const STRING: SchemaNode = { type: 'string' };

/**
 * Upstream's `WithTypeAndObjectMeta`: at the root of a resource (the custom resource or an
 * `x-kubernetes-embedded-resource`) `apiVersion`, `kind`, `metadata.name` and
 * `metadata.generateName` are selectable even when the schema does not list them.
 */
function withTypeAndObjectMeta(s: SchemaNode): SchemaNode {
  if (s.type !== 'object') return s;
  return {
    ...s,
    properties: {
      ...s.properties,
      apiVersion: STRING,
      kind: STRING,
      metadata: { type: 'object', properties: { name: STRING, generateName: STRING } },
    },
  };
}

/**
 * The CEL type of `schema`, or undefined for nodes rules cannot see (no `type`, or an array
 * without `items`); such properties are left out of their object. Object types are named
 * `<rootName>.<field>…`, list items `….items`, map values `….values`.
 */
export function schemaCelType(schema: SchemaNode, isResourceRoot: boolean, rootName = 'selfType'): CelType | undefined {
  return declType(schema, isResourceRoot, rootName);
}

function declType(raw: SchemaNode, isResourceRoot: boolean, name: string): CelType | undefined {
  if (raw['x-kubernetes-int-or-string']) return { kind: 'dyn' };
  const s = isResourceRoot ? withTypeAndObjectMeta(raw) : raw;
  switch (s.type) {
    case 'array': {
      if (!s.items) return undefined;
      const items = declType(s.items, !!s.items['x-kubernetes-embedded-resource'], `${name}.items`);
      if (!items) return undefined;
      return { kind: 'list', items, listType: s['x-kubernetes-list-type'], mapKeys: s['x-kubernetes-list-map-keys'] };
    }
    case 'object': {
      const ap = s.additionalProperties;
      if (ap && typeof ap === 'object') {
        const values = declType(ap, !!ap['x-kubernetes-embedded-resource'], `${name}.values`);
        return values ? { kind: 'map', values } : undefined;
      }
      const fields = new Map<string, CelField>();
      for (const [json, prop] of Object.entries(s.properties ?? {})) {
        const escaped = escapeName(json);
        if (escaped === undefined) continue;
        const type = declType(prop, !!prop['x-kubernetes-embedded-resource'], `${name}.${escaped}`);
        if (type) fields.set(escaped, { json, type });
      }
      return { kind: 'object', name, fields };
    }
    case 'string':
      switch (s.format) {
        case 'byte':
          return { kind: 'bytes' };
        case 'duration':
          return { kind: 'duration' };
        case 'date':
        case 'date-time':
          return { kind: 'timestamp' };
      }
      return { kind: 'string' };
    case 'boolean':
      return { kind: 'bool' };
    case 'number':
      return { kind: 'double' };
    case 'integer':
      return { kind: 'int' };
  }
  return undefined;
}

/** The type's name in the CEL library's notation (`list<int>`, `map<string, selfType.spec>`). */
export function celTypeName(t: CelType): string {
  switch (t.kind) {
    case 'list':
      return `list<${celTypeName(t.items)}>`;
    case 'map':
      return `map<string, ${celTypeName(t.values)}>`;
    case 'object':
      return t.name;
    case 'timestamp':
      return 'google.protobuf.Timestamp';
    case 'duration':
      return 'google.protobuf.Duration';
    default:
      return t.kind;
  }
}

/** Every object type in the tree rooted at `t`, parents before children. */
export function objectTypes(t: CelType, out: ObjectCelType[] = []): ObjectCelType[] {
  switch (t.kind) {
    case 'list':
      return objectTypes(t.items, out);
    case 'map':
      return objectTypes(t.values, out);
    case 'object':
      out.push(t);
      for (const f of t.fields.values()) objectTypes(f.type, out);
      return out;
    default:
      return out;
  }
}
