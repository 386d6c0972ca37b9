/**
 * The patch metadata lookup strategic merge patch is driven by (upstream's `LookupPatchMeta`),
 * read from OpenAPI definitions: a field's `x-kubernetes-patch-strategy` and
 * `x-kubernetes-patch-merge-key`, and the schema to descend into. `$ref` (v2 or v3 form) and
 * `allOf: [{ $ref }]` are followed; `additionalProperties` is a map's value schema; `items` an
 * array's element schema. A field the schema does not know yields no metadata and no schema, so
 * below it maps merge and lists replace (as upstream's OpenAPI lookup does for a nil schema).
 */
import type { Definitions, SchemaObject } from '../../api/openapi/types.js';
import { patchFailures } from './patch-errors.js';

/** A field's patch metadata: its strategies (`merge`, `replace`, `retainKeys`) and merge key. */
export interface PatchMeta {
  strategies: string[];
  mergeKey: string;
}

const NO_META: PatchMeta = { strategies: [], mergeKey: '' };

/** Upstream's `extractRetainKeysPatchStrategy`: whether retainKeys is on, and the other strategy. */
export function splitStrategies(strategies: string[]): { retainKeys: boolean; strategy: string } {
  if (strategies.length === 0) return { retainKeys: false, strategy: '' };
  if (strategies.length === 1) {
    return strategies[0] === 'retainKeys'
      ? { retainKeys: true, strategy: '' }
      : { retainKeys: false, strategy: strategies[0] };
  }
  if (strategies.length === 2) {
    if (strategies[0] === 'retainKeys') return { retainKeys: true, strategy: strategies[1] };
    if (strategies[1] === 'retainKeys') return { retainKeys: true, strategy: strategies[0] };
  }
  throw patchFailures.other(`unexpected patch strategy: [${strategies.join(' ')}]`);
}

function refName(ref: string): string {
  const slash = ref.lastIndexOf('/');
  return slash < 0 ? ref : ref.slice(slash + 1);
}

/** A position in the schema tree; `schema` undefined means "nothing known here". */
export class PatchSchema {
  constructor(
    readonly definitions: Definitions,
    readonly schema: SchemaObject | undefined,
  ) {}

  /** The schema for `rootName`, or undefined when no such definition exists. */
  static root(definitions: Definitions, rootName: string): PatchSchema | undefined {
    const schema = definitions[rootName];
    return schema ? new PatchSchema(definitions, schema) : undefined;
  }

  /** The concrete schema behind `$ref` / `allOf` indirections (cycles give up). */
  private resolved(): SchemaObject | undefined {
    let s = this.schema;
    for (let hops = 0; s && hops < 32; hops++) {
      if (s.$ref) s = this.definitions[refName(s.$ref)];
      else if (!s.properties && !s.items && !s.additionalProperties && s.allOf?.length) {
        s = s.allOf.find((x) => x.$ref || x.properties || x.items || x.additionalProperties);
      } else return s;
    }
    return undefined;
  }

  /** A property schema's own metadata, else that of its allOf members. */
  private static meta(prop: SchemaObject): PatchMeta {
    for (const s of [prop, ...(prop.allOf ?? [])]) {
      const strategy = s['x-kubernetes-patch-strategy'];
      const mergeKey = s['x-kubernetes-patch-merge-key'];
      if (strategy !== undefined || mergeKey !== undefined) {
        return { strategies: strategy ? strategy.split(',') : [], mergeKey: mergeKey ?? '' };
      }
    }
    return NO_META;
  }

  /** The schema and metadata of `key` inside this object or map (`LookupPatchMetadataForStruct`). */
  field(key: string): { schema: PatchSchema; meta: PatchMeta } {
    const node = this.resolved();
    const prop = node?.properties?.[key];
    if (prop) return { schema: new PatchSchema(this.definitions, prop), meta: PatchSchema.meta(prop) };
    if (node && typeof node.additionalProperties === 'object') {
      return { schema: new PatchSchema(this.definitions, node.additionalProperties), meta: NO_META };
    }
    return { schema: new PatchSchema(this.definitions, undefined), meta: NO_META };
  }

  /** The element schema and the list's metadata of list `key` (`LookupPatchMetadataForSlice`). */
  list(key: string): { schema: PatchSchema; meta: PatchMeta } {
    const { schema, meta } = this.field(key);
    const node = schema.resolved();
    return { schema: new PatchSchema(this.definitions, node?.items), meta: node?.items ? meta : NO_META };
  }

  /** Upstream's `Name()` of a struct-backed schema, for `cannot merge lists without merge key for …`. */
  name(): string {
    const node = this.resolved();
    if (node?.properties) return 'struct';
    if (node?.additionalProperties) return 'map';
    return 'interface';
  }
}
