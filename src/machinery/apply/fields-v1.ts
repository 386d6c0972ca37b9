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

/**
 * The node of a member without children, and the value of `.`: one frozen `{}` shared by every
 * tree built here (a pod's managedFields hold some fifty), so that the watch cache does not keep
 * an object for each. Frozen, so that a write into it fails loudly instead of changing them all.
 */
export const LEAF: FieldsV1 = Object.freeze({});

/**
 * A new node for the items of a list (`k:`, `v:`, `i:` keys), in V8's dictionary mode. Such keys
 * are data (an owner's uid, a pod's IP, a node's CIDR): added one by one to ordinary objects, they
 * fill the hidden-class transitions of `{".": {}}` to V8's limit (1,536; 5,000 nodes' podCIDRs
 * do), and from then on every node built with a key that is new to it gets a hidden class of its
 * own. A dictionary-mode object keeps its keys in a table of its own and shares one hidden class.
 * Deleting a member that is not the last is what turns an object into one.
 */
export function listNode(): FieldsV1 {
  const node: FieldsV1 = { a: 0, b: 0 };
  delete node.a;
  delete node.b;
  return node;
}

/** Whether `key` names a list item: the keys of a {@link listNode}. */
export const isItemKey = (key: string): boolean => key[1] === ':' && key[0] !== 'f';

/** The set as FieldsV1, keys in the order upstream emits them (so the JSON text matches byte for byte). */
export function encodeFieldsV1(set: FieldSet): FieldsV1 {
  return emit(set, false);
}

function emit(set: FieldSet, includeSelf: boolean): FieldsV1 {
  const members = set.members();
  const children = set.children();
  const first = members[0] ?? children[0]?.pe;
  const out: FieldsV1 = first && !('field' in first) ? listNode() : {};
  if (includeSelf && (members.length > 0 || children.length > 0)) out['.'] = LEAF;
  // Members and children are both sorted; walk them together as emitContentsV1 does.
  let mi = 0;
  let ci = 0;
  while (mi < members.length || ci < children.length) {
    const m = members[mi];
    const c = children[ci];
    const order = !c ? -1 : !m ? 1 : comparePathElements(m, c.pe);
    if (order < 0) {
      out[serializePathElement(m)] = LEAF;
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
