/**
 * FieldsV1, the JSON form of a field set in `metadata.managedFields[].fieldsV1`, written and read
 * as structured-merge-diff's `fieldpath/serialize.go` does: each node is an object whose keys are
 * path elements (`f:`, `k:`, `v:`, `i:`) in upstream's element order, a member without children is
 * `{}`, and a member that also has children carries `".": {}` before them.
 */
import { isJsonObject } from '../patch/json-values.js';
import {
  comparePathElements,
  deserializePathElement,
  serializePathElement,
  UnknownPathElementType,
} from './field-path.js';
import { FieldSet } from './field-set.js';

/** The FieldsV1 of a set: a JSON object, its keys in upstream's order. */
export type FieldsV1 = Record<string, unknown>;

/** The set as FieldsV1, keys in the order upstream emits them (so the JSON text matches byte for byte). */
export function encodeFieldsV1(set: FieldSet): FieldsV1 {
  return emit(set, false);
}

function emit(set: FieldSet, includeSelf: boolean): FieldsV1 {
  const out: FieldsV1 = {};
  const members = set.members();
  const children = set.children();
  if (includeSelf && (members.length > 0 || children.length > 0)) out['.'] = {};
  // Members and children are both sorted; walk them together as emitContentsV1 does.
  let mi = 0;
  let ci = 0;
  while (mi < members.length || ci < children.length) {
    const m = members[mi];
    const c = children[ci];
    const order = !c ? -1 : !m ? 1 : comparePathElements(m, c.pe);
    if (order < 0) {
      out[serializePathElement(m)] = {};
      mi++;
    } else if (order > 0) {
      out[serializePathElement(c.pe)] = emit(c.set, false);
      ci++;
    } else {
      out[serializePathElement(c.pe)] = emit(c.set, true);
      mi++;
      ci++;
    }
  }
  return out;
}

/** The FieldsV1 JSON text of a set, byte for byte as upstream writes it. */
export function fieldsV1Text(set: FieldSet): string {
  return JSON.stringify(encodeFieldsV1(set));
}

/**
 * The set a FieldsV1 describes (the parsed object or its JSON text). Keys of an unknown type are
 * skipped as upstream skips them; a malformed key or a non-object node throws.
 */
export function decodeFieldsV1(fields: unknown): FieldSet {
  const parsed: unknown = typeof fields === 'string' ? JSON.parse(fields) : fields;
  if (parsed === null || parsed === undefined) return new FieldSet();
  const { children } = read(parsed);
  return children ?? new FieldSet();
}

function read(node: unknown): { children?: FieldSet; isMember: boolean } {
  // A JSON null reads as an empty object, as jsoniter's ReadMapCB reads it.
  if (node === null) return { isMember: true };
  if (!isJsonObject(node)) throw new Error(`ReadMapCB: expect { or n, but found ${JSON.stringify(node)?.[0] ?? '?'}`);
  let children: FieldSet | undefined;
  let isMember = false;
  for (const [key, value] of Object.entries(node)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    let pe;
    try {
      pe = deserializePathElement(key);
    } catch (err) {
      if (err instanceof UnknownPathElementType) continue;
      throw new Error(`parsing key as path element: ${(err as Error).message}`);
    }
    const sub = read(value);
    if (sub.isMember) (children ??= new FieldSet()).addMember(pe);
    if (sub.children) (children ??= new FieldSet()).setChild(pe, sub.children);
  }
  if (!children) isMember = true;
  return { children, isMember };
}
