/**
 * The field set of an object (`typed/tofieldset.go`), the removal of a field set from an object
 * (`typed/remove.go`), and `Set.EnsureNamedFieldsAreMembers` — the three walks apply's pruning
 * is made of.
 */
import { isJsonObject, putKey } from '../patch/json-values.js';
import type { ApplySchema } from './apply-schema.js';
import type { PathElement } from './field-path.js';
import { FieldSet } from './field-set.js';
import { indexList, listItemElement, shapeOf, type JsonMap } from './typed-value.js';

/**
 * The fields an object sets, as upstream counts them: every scalar, atomic map and atomic list;
 * every item of a granular list (and its fields); every member of a map that is not a declared
 * struct field, is null, or is an empty map. A struct field with content is not itself a member,
 * only what is below it.
 */
export function toFieldSet(value: unknown, schema: ApplySchema): FieldSet {
  const set = new FieldSet();
  const shape = shapeOf(schema, value);
  if (shape !== 'leaf') addContents(value, schema, shape, set);
  return set;
}

/** Adds one child of a node to the node's set `into`: a leaf as a member, a container by its contents. */
function addChild(pe: PathElement, v: unknown, s: ApplySchema, into: FieldSet): void {
  const shape = shapeOf(s, v);
  if (shape === 'leaf') {
    into.addMember(pe);
    return;
  }
  const sub = new FieldSet();
  addContents(v, s, shape, sub);
  into.setChild(pe, sub);
}

/** Adds what a granular map or list holds to its set. */
function addContents(v: unknown, s: ApplySchema, shape: 'map' | 'list', into: FieldSet): void {
  if (shape === 'map') {
    if (!isJsonObject(v)) return;
    for (const [k, child] of Object.entries(v)) {
      const pe = { field: k };
      addChild(pe, child, s.field(k), into);
      if (child === null || (isJsonObject(child) && Object.keys(child).length === 0) || !s.hasField(k)) {
        into.addMember(pe);
      }
    }
    return;
  }
  if (!Array.isArray(v)) return;
  const items = indexList(s, v);
  v.forEach((item, i) => {
    const pe = items.elements[i];
    // An item whose key repeats is owned as a whole: there is no single item to own fields of.
    if (!items.duplicates.has(items.keys[i])) addChild(pe, item, s.items(), into);
    into.addMember(pe);
  });
}

/**
 * `value` without the members of `toRemove` (a map member, a list item, and everything below
 * them). As upstream, a map or list left without members becomes null, and an atomic or
 * mistyped node visited for removal below it is removed whole.
 */
export function removeItems(value: unknown, toRemove: FieldSet, schema: ApplySchema): unknown {
  const shape = shapeOf(schema, value);
  if (shape === 'leaf') {
    const scalar = schema.kind === 'scalar' || (schema.kind === 'deduced' && !Array.isArray(value));
    return scalar ? value : null;
  }
  if (shape === 'map') {
    if (!isJsonObject(value) || Object.keys(value).length === 0) return null;
    const out: JsonMap = {};
    for (const [k, v] of Object.entries(value)) {
      const pe = { field: k };
      if (toRemove.hasMember(pe)) continue;
      const sub = toRemove.withPrefix(pe);
      putKey(out, k, sub.isEmpty() ? v : removeItems(v, sub, schema.field(k)));
    }
    return Object.keys(out).length > 0 ? out : null;
  }
  if (!Array.isArray(value) || value.length === 0) return null;
  const out: unknown[] = [];
  for (const item of value) {
    const pe = listItemElement(schema, item);
    if (typeof pe === 'string') {
      out.push(item);
      continue;
    }
    if (toRemove.hasMember(pe)) continue;
    const sub = toRemove.withPrefix(pe);
    out.push(sub.isEmpty() ? item : removeItems(item, sub, schema.items()));
  }
  return out.length > 0 ? out : null;
}

/**
 * The set with every declared struct field that has members below it made a member too
 * (`Set.EnsureNamedFieldsAreMembers`): owning `spec.strategy.type` then also owns `spec` and
 * `spec.strategy`, but owning `metadata.labels.app` does not own the map entry's parent twice.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, schema: ApplySchema | undefined): FieldSet {
  const out = new FieldSet();
  for (const pe of set.members()) out.addMember(pe);
  for (const { pe, set: child } of set.children()) {
    let childSchema: ApplySchema | undefined;
    if ('field' in pe && schema?.kind === 'map') {
      if (schema.hasField(pe.field)) out.addMember(pe);
      childSchema = schema.field(pe.field);
    } else if ('key' in pe && schema?.kind === 'list') {
      childSchema = schema.items();
    }
    out.setChild(pe, ensureNamedFieldsAreMembers(child, childSchema));
  }
  return out;
}
