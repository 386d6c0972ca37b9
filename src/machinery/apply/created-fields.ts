/**
 * The managedFields of a create, in one walk. A create that sends no managedFields gives its
 * manager one `Update` entry holding every field the new object sets beyond the zero value it
 * starts from (upstream compares the two and takes what was added or modified), less the fields
 * the endpoint resets and those no manager owns. The general path builds that as field sets and
 * encodes them; {@link createdFieldsV1} walks the two objects as the comparison does and writes
 * the FieldsV1 straight away, keys in upstream's order. Every pod a ReplicaSet makes is created
 * this way.
 */
import { isJsonObject, jsonEqual } from '../patch/json-values.js';
import type { ApplySchema } from './apply-schema.js';
import { comparePathElements, compareStrings, type PathElement } from './field-path.js';
import type { FieldSet } from './field-set.js';
import { LEAF, listNode, type FieldsV1 } from './fields-v1.js';
import { isEmpty } from './merge.js';
import { indexList, shapeOf, validateValue } from './typed-value.js';

/**
 * The FieldsV1 the creating manager owns: what `updated` adds to or changes in `base` (the zero
 * value the create starts from; undefined for none), without what `ignored` holds or lies below
 * it (upstream's reset fields) and without the members of `stripped`. `{}` when it owns nothing.
 * Undefined when the general path must answer: `updated` does not fit its schema (a list item
 * without its keys: the create then stores no managedFields), or `base` holds a non-empty list.
 */
export function createdFieldsV1(
  base: unknown,
  updated: unknown,
  schema: ApplySchema,
  ignored: FieldSet | undefined,
  stripped: FieldSet | undefined,
): FieldsV1 | undefined {
  const out: FieldsV1 = {};
  return walkInto(out, base, updated, schema, ignored, stripped) < 0 ? undefined : out;
}

/**
 * Walks the granular container `l` → `r` as the comparison (merge.ts) does and writes the owned
 * children into `out`, in upstream's element order; returns how many, or -1 when the general
 * path must answer (see createdFieldsV1).
 */
function walkInto(
  out: FieldsV1,
  l: unknown,
  r: unknown,
  schema: ApplySchema,
  ignored: FieldSet | undefined,
  stripped: FieldSet | undefined,
): number {
  let n = 0;
  if (shapeOf(schema, l, r) === 'map') {
    const lm = isJsonObject(l) ? l : {};
    const rm = isJsonObject(r) ? r : {};
    const keys = Object.keys(lm);
    for (const k of Object.keys(rm)) if (!Object.hasOwn(lm, k)) keys.push(k);
    // Field elements sort by name.
    keys.sort(compareStrings);
    for (const k of keys) {
      const c = child(
        out,
        { field: k },
        `f:${k}`,
        lm[k],
        Object.hasOwn(rm, k) ? rm[k] : undefined,
        schema.field(k),
        false,
        ignored,
        stripped,
      );
      if (c < 0) return -1;
      n += c;
    }
    return n;
  }
  if (!isEmpty(l)) return -1;
  const items = Array.isArray(r) ? r : [];
  const named = indexList(schema, items);
  // An item that cannot be named makes the object invalid (indexList numbers it instead).
  if (named.elements.some((pe) => 'index' in pe)) return -1;
  const order = items.map((_, i) => i).sort((a, b) => comparePathElements(named.elements[a], named.elements[b]));
  for (const i of order) {
    const key = named.keys[i];
    // A key that repeats is one leaf: its items are owned together (each must still fit the schema).
    const whole = named.duplicates.has(key);
    if (whole && !fits(items[i], schema.items())) return -1;
    if (Object.hasOwn(out, key)) continue;
    const c = child(out, named.elements[i], key, undefined, items[i], schema.items(), whole, ignored, stripped);
    if (c < 0) return -1;
    n += c;
  }
  return n;
}

/**
 * Writes one child into `out` when anything at or below it is owned; returns 1 if it did, 0 if
 * not, -1 as walkInto, and -1 too when the value does not fit its schema (what validateValue
 * finds), which the general path answers. `whole`: the child is one leaf whatever it holds (an
 * item of a repeated list key, checked by the caller).
 */
function child(
  out: FieldsV1,
  pe: PathElement,
  key: string,
  l: unknown,
  r: unknown,
  schema: ApplySchema,
  whole: boolean,
  ignored: FieldSet | undefined,
  stripped: FieldSet | undefined,
): number {
  if (ignored?.hasMember(pe)) return fits(r, whole ? undefined : schema) ? 0 : -1;
  const member = !stripped?.hasMember(pe);
  const shape = whole ? 'leaf' : shapeOf(schema, l, r);
  if (shape === 'leaf' || (isEmpty(l) && isEmpty(r))) {
    if (!fits(r, whole ? undefined : schema)) return -1;
    if (!member || r === undefined || (l !== undefined && jsonEqual(l, r))) return 0;
    out[key] = LEAF;
    return 1;
  }
  // The comparison records a granular container as added when the base did not have it at all;
  // such a member carries `.` before its children, as fields-v1.ts writes it.
  const added = member && l === undefined && r !== undefined;
  const node = shape === 'map' ? {} : listNode();
  if (added) node['.'] = LEAF;
  const n = walkInto(node, l, r, schema, below(ignored, pe), below(stripped, pe));
  if (n < 0) return -1;
  if (n > 0) out[key] = node;
  else if (added) out[key] = LEAF;
  else return 0;
  return 1;
}

/** True when a value the walk does not descend into (an atomic or mistyped container) passes validateValue. */
function fits(v: unknown, schema: ApplySchema | undefined): boolean {
  if (typeof v !== 'object' || v === null) return true;
  return schema ? validateValue(v, schema, true).length === 0 : true;
}

/** The part of `set` below `pe`, or undefined when nothing is. */
function below(set: FieldSet | undefined, pe: PathElement): FieldSet | undefined {
  if (!set) return undefined;
  const sub = set.withPrefix(pe);
  return sub.isEmpty() ? undefined : sub;
}
