/**
 * How a JSON value is walked against an {@link ApplySchema} (structured-merge-diff's
 * `resolveSchema`/`deduceAtom`), how list items are named (`listItemToPathElement`), and the
 * validation a value passes before it is merged (`typed.AsTyped`): map-list items must carry
 * their keys (or have defaults for them), set items must be scalars, and, unless allowed,
 * no two items may share a key.
 */
import { isJsonObject } from '../patch/json-values.js';
import type { ApplySchema } from './apply-schema.js';
import {
  keyElement,
  pathElementString,
  pathOf,
  pathString,
  serializePathElement,
  type KeyField,
  type Path,
  type PathElement,
  type PathRef,
} from './field-path.js';

/** How one node is walked: as a single field, or member by member. */
export type Shape = 'leaf' | 'map' | 'list';

/** A JSON object (the only kind of map a value holds). */
export type JsonMap = Record<string, unknown>;

const present = (v: unknown) => v !== undefined && v !== null;

/**
 * The shape of a node holding `a` and `b` (one per side; `undefined` is absent, `null` an empty
 * container for maps and lists). Atomic maps and lists are leaves; a value the schema does not
 * expect is walked as a leaf rather than refused; a deduced node is a map only for objects.
 */
export function shapeOf(schema: ApplySchema, a: unknown, b?: unknown): Shape {
  switch (schema.kind) {
    case 'scalar':
      return 'leaf';
    case 'deduced':
      return (present(a) || present(b)) && fits(a, isJsonObject) && fits(b, isJsonObject) ? 'map' : 'leaf';
    case 'map':
      return !schema.atomic && fits(a, isJsonObject) && fits(b, isJsonObject) ? 'map' : 'leaf';
    case 'list':
      return !schema.atomic && fits(a, Array.isArray) && fits(b, Array.isArray) ? 'list' : 'leaf';
  }
}

const fits = (v: unknown, test: (v: unknown) => boolean) => !present(v) || test(v);

/** The path element naming one item of a granular list, or the reason it has none. */
export function listItemElement(list: ApplySchema, item: unknown): PathElement | string {
  if (list.listType === 'map') {
    if (item === null) return 'associative list with keys may not have a null element';
    if (!isJsonObject(item)) return 'associative list with keys may not have non-map elements';
    const element = list.items();
    const fields: KeyField[] = [];
    for (const name of list.listKeys) {
      if (Object.hasOwn(item, name)) fields.push({ name, value: item[name] });
      else {
        const def = element.fieldDefault(name);
        if (def === undefined) {
          return `associative list with keys has an element that omits key field ${JSON.stringify(name)} (and doesn't have default value)`;
        }
        fields.push({ name, value: def });
      }
    }
    return keyElement(fields);
  }
  if (isJsonObject(item)) return "associative list without keys has an element that's a map type";
  if (Array.isArray(item)) return 'not supported: associative list with lists as elements';
  if (item === null) return "associative list without keys has an element that's an explicit null";
  return { value: item };
}

/** An indexed granular list: each item's element and spelling, and which spellings repeat. */
export interface IndexedList {
  elements: PathElement[];
  keys: string[];
  duplicates: Set<string>;
}

/** Names every item of a granular list (the caller has validated it, so every item has a name). */
export function indexList(list: ApplySchema, items: readonly unknown[]): IndexedList {
  const out: IndexedList = { elements: [], keys: [], duplicates: new Set() };
  const seen = new Set<string>();
  items.forEach((item, i) => {
    let pe = listItemElement(list, item);
    // Unreachable after validation; an index keeps the item rather than dropping it.
    if (typeof pe === 'string') pe = { index: i };
    const k = serializePathElement(pe);
    if (seen.has(k)) out.duplicates.add(k);
    seen.add(k);
    out.elements.push(pe);
    out.keys.push(k);
  });
  return out;
}

/** One validation error: where, and what (`typed.ValidationError`). */
export interface ValidationError {
  path: Path;
  message: string;
}

/** ValidationErrors.Error(): one error as `path: message`, several under `errors:`. */
export function validationErrorsText(errs: readonly ValidationError[]): string {
  const one = (e: ValidationError) => `${pathString(e.path)}: ${e.message}`;
  return errs.length === 1 ? one(errs[0]) : ['errors:', ...errs.map((e) => `  ${one(e)}`)].join('\n');
}

/** The errors that keep a value from being walked against the schema; none means it can be merged. */
export function validateValue(value: unknown, schema: ApplySchema, allowDuplicates: boolean): ValidationError[] {
  const errs: ValidationError[] = [];
  const walk = (v: unknown, s: ApplySchema, at: PathRef | undefined) => {
    // Deduced values hold no keyed lists, scalars nothing at all.
    if (!present(v) || s.kind === 'deduced' || s.kind === 'scalar') return;
    if (isJsonObject(v)) {
      if (s.kind !== 'map') return;
      for (const [k, child] of Object.entries(v)) walk(child, s.field(k), { parent: at, pe: { field: k } });
      return;
    }
    if (!Array.isArray(v) || s.kind !== 'list') return;
    const seen = new Set<string>();
    for (let i = 0; i < v.length; i++) {
      let pe: PathElement = { index: i };
      if (!s.atomic) {
        const named = listItemElement(s, v[i]);
        if (typeof named === 'string') {
          errs.push({ path: pathOf(at), message: `element ${i}: ${named}` });
          return;
        }
        pe = named;
        const k = serializePathElement(pe);
        if (seen.has(k) && !allowDuplicates) {
          errs.push({ path: pathOf(at), message: `duplicate entries for key ${pathElementString(pe)}` });
        }
        seen.add(k);
      }
      walk(v[i], s.items(), { parent: at, pe });
    }
  };
  walk(value, schema, undefined);
  return errs;
}
