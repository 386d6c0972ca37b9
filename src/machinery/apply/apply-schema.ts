/**
 * The schema server-side apply walks, read from OpenAPI as upstream's OpenAPI-to-SMD conversion
 * reads it: objects with `properties` are structs and objects with `additionalProperties` maps
 * (both granular unless `x-kubernetes-map-type: atomic`); arrays are atomic unless
 * `x-kubernetes-list-type` says `set`, or `map` with `x-kubernetes-list-map-keys`; everything else
 * with a `type` is a scalar, and a value the schema does not describe (no schema, an undeclared
 * field, `x-kubernetes-preserve-unknown-fields`) is "deduced" as upstream's deduced type does:
 * maps granular, lists atomic, scalars leaves.
 */
import type { Definitions, SchemaObject } from '../../api/openapi/types.js';

/** How a schema node is walked. */
export type SchemaKind = 'scalar' | 'list' | 'map' | 'deduced';

interface Resolved {
  kind: SchemaKind;
  atomic: boolean;
  listType: 'atomic' | 'set' | 'map';
  listKeys: readonly string[];
  properties: Record<string, SchemaObject>;
  additionalProperties?: SchemaObject;
  items?: SchemaObject;
}

const EXTENSIONS = [
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'default',
] as const;

const str: SchemaObject = { type: 'string' };
const stringMap: SchemaObject = { type: 'object', additionalProperties: str };

/**
 * ObjectMeta as the apiserver gives it to every custom resource (and embedded resource):
 * finalizers a set, ownerReferences keyed by uid, labels and annotations granular maps.
 */
export const OBJECT_META_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    annotations: stringMap,
    creationTimestamp: str,
    deletionGracePeriodSeconds: { type: 'integer' },
    deletionTimestamp: str,
    finalizers: { type: 'array', items: str, 'x-kubernetes-list-type': 'set' },
    generateName: str,
    generation: { type: 'integer' },
    labels: stringMap,
    managedFields: { type: 'array', items: { type: 'object' }, 'x-kubernetes-list-type': 'atomic' },
    name: str,
    namespace: str,
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          apiVersion: str,
          blockOwnerDeletion: { type: 'boolean' },
          controller: { type: 'boolean' },
          kind: str,
          name: str,
          uid: str,
        },
      },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['uid'],
    },
    resourceVersion: str,
    selfLink: str,
    uid: str,
  },
};

const RESOURCE_FIELDS: Record<string, SchemaObject> = { apiVersion: str, kind: str, metadata: OBJECT_META_SCHEMA };

/** A node of the schema; immutable, children resolved lazily (definitions may be recursive). */
export class ApplySchema {
  readonly #schema: SchemaObject | undefined;
  readonly #definitions: Definitions;
  #resolved?: Resolved;
  readonly #fields = new Map<string, ApplySchema>();
  #element?: ApplySchema;

  private constructor(schema: SchemaObject | undefined, definitions: Definitions) {
    this.#schema = schema;
    this.#definitions = definitions;
  }

  /** A definition of the v2 document, e.g. `ApplySchema.root(loadDefinitions(), 'io.k8s.api.apps.v1.Deployment')`. */
  static root(definitions: Definitions, name: string): ApplySchema {
    const s = definitions[name];
    if (!s) throw new Error(`schema error: no type found matching: ${name}`);
    return new ApplySchema(s, definitions);
  }

  /** A standalone schema; `$ref`s resolve against `definitions` (`#/definitions/…` or `#/components/schemas/…`). */
  static fromSchema(schema: SchemaObject, definitions: Definitions = {}): ApplySchema {
    return new ApplySchema(schema, definitions);
  }

  /**
   * A custom resource's schema (a version's `openAPIV3Schema`), with `apiVersion`, `kind` and
   * ObjectMeta's `metadata` as the apiserver adds them; without a schema everything is deduced.
   */
  static customResource(openAPIV3Schema?: SchemaObject): ApplySchema {
    if (!openAPIV3Schema) return ApplySchema.deduced();
    return new ApplySchema(
      { ...openAPIV3Schema, type: 'object', properties: { ...openAPIV3Schema.properties, ...RESOURCE_FIELDS } },
      {},
    );
  }

  /** The deduced type: what upstream uses when there is no schema. */
  static deduced(): ApplySchema {
    return (ApplySchema.#deduced ??= new ApplySchema(undefined, {}));
  }

  static #deduced: ApplySchema | undefined;

  get #r(): Resolved {
    return (this.#resolved ??= this.#resolve());
  }

  /** Scalar, list, map (structs included) or deduced (decided by the value). */
  get kind(): SchemaKind {
    return this.#r.kind;
  }

  /** For maps and lists: true when the whole value is one field (`x-kubernetes-map-type`/`list-type: atomic`). */
  get atomic(): boolean {
    return this.#r.atomic;
  }

  /** For lists: `atomic`, `set` or `map`. */
  get listType(): 'atomic' | 'set' | 'map' {
    return this.#r.listType;
  }

  /** For map-lists: the key fields, as declared. */
  get listKeys(): readonly string[] {
    return this.#r.listKeys;
  }

  /** True when `name` is a declared field of this struct. */
  hasField(name: string): boolean {
    return Object.hasOwn(this.#r.properties, name);
  }

  /** The schema of a map's member: the declared field, else `additionalProperties`, else deduced. */
  field(name: string): ApplySchema {
    let f = this.#fields.get(name);
    if (!f) {
      const r = this.#r;
      const s = Object.hasOwn(r.properties, name) ? r.properties[name] : r.additionalProperties;
      f = s ? new ApplySchema(s, this.#definitions) : ApplySchema.deduced();
      this.#fields.set(name, f);
    }
    return f;
  }

  /** The schema of a list's items (deduced when undeclared). */
  items(): ApplySchema {
    return (this.#element ??= this.#r.items
      ? new ApplySchema(this.#r.items, this.#definitions)
      : ApplySchema.deduced());
  }

  /** The declared default of one field of this struct (how a map-list item lacking a key field is keyed). */
  fieldDefault(name: string): unknown {
    const p = this.#r.properties[name];
    return p ? flatten(p, this.#definitions).default : undefined;
  }

  #resolve(): Resolved {
    const base: Resolved = { kind: 'deduced', atomic: false, listType: 'atomic', listKeys: [], properties: {} };
    if (!this.#schema) return base;
    const s = flatten(this.#schema, this.#definitions);
    if (s['x-kubernetes-int-or-string']) return { ...base, kind: 'scalar' };
    if (s.type === 'array' || (s.items && !s.type)) {
      let listType = s['x-kubernetes-list-type'] ?? 'atomic';
      const listKeys = s['x-kubernetes-list-map-keys'] ?? [];
      if (listType === 'map' && listKeys.length === 0) listType = 'atomic';
      return { ...base, kind: 'list', atomic: listType === 'atomic', listType, listKeys, items: s.items };
    }
    if (s.type === 'object' || s.properties || s.additionalProperties !== undefined) {
      const properties = { ...s.properties };
      if (s['x-kubernetes-embedded-resource']) {
        for (const [k, v] of Object.entries(RESOURCE_FIELDS)) if (!Object.hasOwn(properties, k)) properties[k] = v;
      }
      const ap = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
      return {
        ...base,
        kind: 'map',
        atomic: s['x-kubernetes-map-type'] === 'atomic',
        properties,
        additionalProperties: ap,
      };
    }
    if (s.type) return { ...base, kind: 'scalar' };
    return base;
  }
}

/** The schema behind `$ref`/`allOf: [{$ref}]` wrappers, the wrappers' extensions taking precedence. */
function flatten(schema: SchemaObject, definitions: Definitions): SchemaObject {
  let out: SchemaObject = schema;
  const overrides: Partial<SchemaObject> = {};
  for (let depth = 0; depth < 64; depth++) {
    const ref = out.$ref ?? out.allOf?.find((a) => a.$ref)?.$ref;
    if (!ref) break;
    for (const k of EXTENSIONS)
      if (out[k] !== undefined && overrides[k] === undefined) Object.assign(overrides, { [k]: out[k] });
    const name = ref.replace(/^#\/(definitions|components\/schemas)\//, '');
    const target = definitions[name];
    if (!target) throw new Error(`schema error: no type found matching: ${name}`);
    out = target;
  }
  return { ...out, ...overrides };
}
