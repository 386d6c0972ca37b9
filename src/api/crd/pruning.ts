/**
 * Pruning, as upstream's `pruning.PruneWithOptions` with unknown-field tracking: fields a
 * structural schema does not specify are dropped, except under `x-kubernetes-preserve-unknown-fields`
 * (until a nested schema specifies properties again) and apiVersion/kind/metadata of the resource
 * and of embedded resources. Unknown fields inside those metadata are dropped too, as upstream's
 * ObjectMeta coercion drops them. The paths of what was dropped feed the `unknown field "…"`
 * warnings (fieldValidation=Warn) and the strict decoding error (fieldValidation=Strict).
 */
import { OBJECT_META_FIELDS } from './objectmeta.js';
import { isJsonObject, type JSONSchemaProps, type JsonObject } from './types.js';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

class Tracker {
  readonly pruned: string[] = [];
  private parent: string[] = [];
  constructor(readonly pruneMetadata: boolean) {}
  get depth() {
    return this.parent.length;
  }
  appendKey(k: string) {
    if (this.parent.length) this.parent.push('.');
    this.parent.push(k);
  }
  appendIndex(i: number) {
    this.parent.push('[', String(i), ']');
  }
  reset(len: number) {
    this.parent.length = len;
  }
  record(field: string) {
    const len = this.parent.length;
    this.appendKey(field);
    this.pruned.push(this.parent.join(''));
    this.reset(len);
  }
}

const apSchema = (s: JSONSchemaProps) =>
  typeof s.additionalProperties === 'object' && s.additionalProperties !== null ? s.additionalProperties : undefined;
const hasAP = (s: JSONSchemaProps) => s.additionalProperties !== undefined && s.additionalProperties !== null;
const itemSchema = (s: JSONSchemaProps | undefined) => (s?.items && !Array.isArray(s.items) ? s.items : undefined);
const isEmbedded = (s: JSONSchemaProps) => s['x-kubernetes-embedded-resource'] === true;

/** Drops metadata fields ObjectMeta does not have, recording `…metadata.<field>`. */
function pruneMetadata(meta: JsonObject, t: Tracker): void {
  const len = t.depth;
  t.appendKey('metadata');
  for (const k of Object.keys(meta)) {
    if (!(k in OBJECT_META_FIELDS)) {
      t.record(k);
      delete meta[k];
    }
  }
  t.reset(len);
}

function visitMeta(x: JsonObject, k: string, s: JSONSchemaProps, t: Tracker): boolean {
  if (!isEmbedded(s) || !META_FIELDS.has(k)) return false;
  if (k === 'metadata' && t.pruneMetadata && isJsonObject(x[k])) pruneMetadata(x[k] as JsonObject, t);
  return true;
}

function prune(x: unknown, s: JSONSchemaProps | undefined, t: Tracker): void {
  if (s && s['x-kubernetes-preserve-unknown-fields'] === true) {
    skipPrune(x, s, t);
    return;
  }
  const len = t.depth;
  if (isJsonObject(x)) {
    for (const k of Object.keys(x)) {
      if (!s) {
        t.record(k);
        delete x[k];
        continue;
      }
      if (visitMeta(x, k, s, t)) continue;
      const prop = s.properties?.[k];
      if (prop) {
        t.appendKey(k);
        prune(x[k], prop, t);
      } else if (hasAP(s)) {
        t.appendKey(k);
        prune(x[k], apSchema(s), t);
      } else {
        if (!META_FIELDS.has(k) || t.depth > 0) t.record(k);
        delete x[k];
      }
      t.reset(len);
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => {
      t.appendIndex(i);
      prune(v, itemSchema(s), t);
      t.reset(len);
    });
  }
}

function skipPrune(x: unknown, s: JSONSchemaProps | undefined, t: Tracker): void {
  if (!s) return;
  const len = t.depth;
  if (isJsonObject(x)) {
    for (const k of Object.keys(x)) {
      if (visitMeta(x, k, s, t)) continue;
      const prop = s.properties?.[k];
      if (prop || hasAP(s)) {
        t.appendKey(k);
        prune(x[k], prop ?? apSchema(s), t);
        t.reset(len);
      }
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => {
      t.appendIndex(i);
      skipPrune(v, itemSchema(s), t);
      t.reset(len);
    });
  }
}

/**
 * Drops from obj (in place) what schema does not specify and returns the dropped paths, sorted
 * (`spec.foo`, `spec.items[0].bar`, `metadata.junk`). `isResourceRoot` (default true) keeps the
 * root's apiVersion, kind and metadata, as for a whole custom resource. `pruneMetadata` (default
 * true) also drops unknown fields inside those metadata, as upstream's ObjectMeta coercion does;
 * upstream's bare pruning algorithm (used on schema defaults) leaves them.
 */
export function pruneUnknownFields(
  obj: unknown,
  schema: JSONSchemaProps | undefined,
  isResourceRoot = true,
  pruneMetadata = true,
): string[] {
  let s = schema;
  if (isResourceRoot && !s?.['x-kubernetes-embedded-resource'])
    s = { ...(s ?? {}), 'x-kubernetes-embedded-resource': true };
  const t = new Tracker(pruneMetadata);
  prune(obj, s, t);
  return t.pruned.sort();
}

/** The warning a client sees for each pruned path with fieldValidation=Warn: `unknown field "spec.foo"`. */
export const unknownFieldWarnings = (paths: readonly string[]): string[] =>
  paths.map((p) => `unknown field ${JSON.stringify(p)}`);

/**
 * The error a client gets with fieldValidation=Strict (a 400 BadRequest):
 * `strict decoding error: unknown field "spec.foo", unknown field "spec.bar"`; undefined when
 * nothing was pruned.
 */
export function strictDecodingError(paths: readonly string[]): string | undefined {
  return paths.length ? `strict decoding error: ${unknownFieldWarnings(paths).join(', ')}` : undefined;
}
