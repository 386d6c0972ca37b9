/**
 * One RFC 6902 operation with the semantics and messages of evanphx/json-patch v4, the library the
 * apiserver applies `application/json-patch+json` with: negative array indices count from the end,
 * `replace` of a missing object member adds it, a `test` of a missing member passes against `null`.
 * Paths are resolved and checked here; the mutation itself is fast-json-patch's, on a pointer whose
 * indices have been made non-negative.
 */
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { goQuote, jsonKindName } from './go-format.js';
import { isJsonObject } from './json-values.js';

type Json = unknown;
type Op = Record<string, unknown>;

/** A failed operation; its message is the library's, e.g. `testing value /spec/x failed: test failed`. */
export class JsonPatchOpError extends Error {}

const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';
const fail = (message: string): never => {
  throw new JsonPatchOpError(message);
};

/** A container on the way down a path, with the pointer tokens (indices made non-negative) that reach it. */
interface Found {
  container: Record<string, Json> | Json[];
  tokens: string[];
  key: string;
}

const decodeToken = (t: string) => t.replace(/~1/g, '/').replace(/~0/g, '~');
const encodeToken = (t: string) => t.replace(/~/g, '~0').replace(/\//g, '~1');
const pointer = (tokens: string[]) => tokens.map((t) => `/${encodeToken(t)}`).join('');

/** strconv.Atoi, with its error text. */
function atoi(s: string): { n: number } | { error: string } {
  if (!/^[+-]?\d+$/.test(s)) return { error: `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax` };
  const big = BigInt(s);
  if (big > 9223372036854775807n || big < -9223372036854775808n) {
    return { error: `strconv.Atoi: parsing ${goQuote(s)}: value out of range` };
  }
  return { n: Number(big) };
}

/** Index `key` of `arr` for reading (get/replace/test/copy/move): `{ idx }` or the error text. */
function readIndex(arr: Json[], key: string): { idx: number } | { error: string } {
  const parsed = atoi(key);
  if ('error' in parsed) return parsed;
  let idx = parsed.n;
  if (idx < 0) {
    if (idx < -arr.length) return { error: `Unable to access invalid index: ${idx}: ${INVALID_INDEX}` };
    idx += arr.length;
  }
  if (idx >= arr.length) return { error: `Unable to access invalid index: ${idx}: ${INVALID_INDEX}` };
  return { idx };
}

/** evanphx's findObject: walks all but the last token; undefined when any step is missing. */
function findObject(root: Json, path: string): Found | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let doc: Json = root;
  const tokens: string[] = [];
  for (const raw of split.slice(1, -1)) {
    const part = decodeToken(raw);
    let next: Json;
    if (Array.isArray(doc)) {
      const at = readIndex(doc, part);
      if ('error' in at) return undefined;
      next = doc[at.idx];
      tokens.push(String(at.idx));
    } else if (isJsonObject(doc)) {
      next = Object.hasOwn(doc, part) ? doc[part] : undefined;
      tokens.push(part);
    } else return undefined;
    if (!Array.isArray(next) && !isJsonObject(next)) return undefined;
    doc = next;
  }
  if (!Array.isArray(doc) && !isJsonObject(doc)) return undefined;
  return { container: doc as Found['container'], tokens, key: decodeToken(split[split.length - 1]) };
}

/** The member or element at `key`: `{ value }` (undefined for an absent member) or the error text. */
function get(found: Found): { value: Json; token: string } | { error: string } {
  const { container, key } = found;
  if (Array.isArray(container)) {
    const at = readIndex(container, key);
    return 'error' in at ? at : { value: container[at.idx], token: String(at.idx) };
  }
  return { value: Object.hasOwn(container, key) ? container[key] : undefined, token: key };
}

/** The pointer an `add` of `key` resolves to, or the error text. */
function addTarget(found: Found): { path: string } | { error: string } {
  const { container, key, tokens } = found;
  if (!Array.isArray(container) || key === '-') return { path: pointer([...tokens, key]) };
  const parsed = atoi(key);
  if ('error' in parsed) return { error: `value was not a proper array index: '${key}': ${parsed.error}` };
  let idx = parsed.n;
  const size = container.length + 1;
  if (idx >= size) return { error: `Unable to access invalid index: ${idx}: ${INVALID_INDEX}` };
  if (idx < 0) {
    if (idx < -size) return { error: `Unable to access invalid index: ${idx}: ${INVALID_INDEX}` };
    idx += size;
  }
  return { path: pointer([...tokens, String(idx)]) };
}

/** The pointer a `remove` of `key` resolves to, or the error text. */
function removeTarget(found: Found): { path: string } | { error: string } {
  const { container, key, tokens } = found;
  if (!Array.isArray(container)) {
    if (!Object.hasOwn(container, key)) return { error: `Unable to remove nonexistent key: ${key}: ${MISSING}` };
    return { path: pointer([...tokens, key]) };
  }
  const at = readIndex(container, key);
  return 'error' in at ? at : { path: pointer([...tokens, String(at.idx)]) };
}

/** A string member of the operation: `{ value }`, or undefined when absent or null, or Go's decode error. */
function member(op: Op, name: string): { value: string } | { error: string } | undefined {
  const v = op[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return { error: `json: cannot unmarshal ${jsonKindName(v)} into Go value of type string` };
  return { value: v };
}

const mutate = (root: Json, operation: Operation) =>
  fastJsonPatch.applyOperation(root, operation, false, true, true).newDocument;

/** The op's value; a missing `value` member is JSON null, as evanphx treats it. */
const valueOf = (op: Op): Json => (op.value === undefined ? null : fastJsonPatch.deepClone(op.value));

/** Applies one operation to `root` (mutated) and returns the new root. Throws JsonPatchOpError. */
export function applyOp(root: Json, op: Op | null): Json {
  const kind = op && typeof op.op === 'string' ? op.op : 'unknown';
  if (!op) return fail(`Unexpected kind: ${kind}`);
  const path = member(op, 'path');
  const pathError = path === undefined ? `operation missing path field: ${MISSING}` : 'error' in path ? path.error : '';
  switch (kind) {
    case 'add': {
      if (pathError || !path || 'error' in path) return fail(`add operation failed to decode path: ${MISSING}`);
      const found = findObject(root, path.value);
      if (!found) return fail(`add operation does not apply: doc is missing path: "${path.value}": ${MISSING}`);
      const target = addTarget(found);
      if ('error' in target) return fail(`error in add for path: '${path.value}': ${target.error}`);
      return mutate(root, { op: 'add', path: target.path, value: valueOf(op) });
    }
    case 'remove': {
      if (pathError || !path || 'error' in path) return fail(`remove operation failed to decode path: ${MISSING}`);
      const found = findObject(root, path.value);
      if (!found) return fail(`remove operation does not apply: doc is missing path: "${path.value}": ${MISSING}`);
      const target = removeTarget(found);
      if ('error' in target) return fail(`error in remove for path: '${path.value}': ${target.error}`);
      return mutate(root, { op: 'remove', path: target.path });
    }
    case 'replace': {
      if (pathError || !path || 'error' in path) return fail(`replace operation failed to decode path: ${pathError}`);
      if (path.value === '') {
        // A scalar value is silently ignored: evanphx wraps a nil error there.
        return Array.isArray(op.value) || isJsonObject(op.value) ? valueOf(op) : root;
      }
      const found = findObject(root, path.value);
      if (!found) return fail(`replace operation does not apply: doc is missing path: ${path.value}: ${MISSING}`);
      const at = get(found);
      if ('error' in at) return fail(`replace operation does not apply: doc is missing key: ${path.value}: ${MISSING}`);
      const target = pointer([...found.tokens, at.token]);
      // v4 sets a missing object member rather than failing (RFC 6902 says it must exist).
      return mutate(root, { op: 'add', path: target, value: valueOf(op) });
    }
    case 'move':
      return move(root, op, path, pathError);
    case 'copy':
      return copy(root, op, path);
    case 'test': {
      if (pathError || !path || 'error' in path) return fail(`test operation failed to decode path: ${pathError}`);
      const expected = op.value === undefined ? null : op.value;
      if (path.value === '') {
        if (fastJsonPatch._areEquals(root, expected)) return root;
        return fail(`testing value  failed: test failed`);
      }
      const found = findObject(root, path.value);
      if (!found) return fail(`test operation does not apply: is missing path: ${path.value}: ${MISSING}`);
      const at = get(found);
      if ('error' in at) return fail(`error in test for path: '${path.value}': ${at.error}`);
      const actual = at.value === undefined ? null : at.value;
      if (actual === null ? expected === null : op.value !== undefined && fastJsonPatch._areEquals(actual, expected)) {
        return root;
      }
      return fail(`testing value ${path.value} failed: test failed`);
    }
    default:
      return fail(`Unexpected kind: ${kind}`);
  }
}

function move(root: Json, op: Op, path: ReturnType<typeof member>, pathError: string): Json {
  const from = member(op, 'from');
  if (!from || 'error' in from) {
    return fail(
      `move operation failed to decode from: ${from ? from.error : `operation, missing from field: ${MISSING}`}`,
    );
  }
  const source = findObject(root, from.value);
  if (!source) return fail(`move operation does not apply: doc is missing from path: ${from.value}: ${MISSING}`);
  const at = get(source);
  if ('error' in at) return fail(`error in move for path: '${source.key}': ${at.error}`);
  const removal = removeTarget(source);
  if ('error' in removal) return fail(`error in move for path: '${source.key}': ${removal.error}`);
  const value = at.value === undefined ? null : at.value;
  root = mutate(root, { op: 'remove', path: removal.path });
  if (pathError || !path || 'error' in path) return fail(`move operation failed to decode path: ${pathError}`);
  const found = findObject(root, path.value);
  if (!found) return fail(`move operation does not apply: doc is missing destination path: ${path.value}: ${MISSING}`);
  const target = addTarget(found);
  if ('error' in target) return fail(`error in move for path: '${path.value}': ${target.error}`);
  return mutate(root, { op: 'add', path: target.path, value });
}

function copy(root: Json, op: Op, path: ReturnType<typeof member>): Json {
  const from = member(op, 'from');
  if (!from || 'error' in from) {
    return fail(
      `copy operation failed to decode from: ${from ? from.error : `operation, missing from field: ${MISSING}`}`,
    );
  }
  const source = findObject(root, from.value);
  if (!source) return fail(`copy operation does not apply: doc is missing from path: ${from.value}: ${MISSING}`);
  const at = get(source);
  if ('error' in at) return fail(`error in copy for from: '${from.value}': ${at.error}`);
  if (!path || 'error' in path) return fail(`copy operation failed to decode path: ${MISSING}`);
  const found = findObject(root, path.value);
  if (!found) return fail(`copy operation does not apply: doc is missing destination path: ${path.value}: ${MISSING}`);
  const target = addTarget(found);
  if ('error' in target) return fail(`error while adding value during copy: ${target.error}`);
  // Copying an absent member copies null, as v4 does.
  const value = at.value === undefined ? null : fastJsonPatch.deepClone(at.value);
  return mutate(root, { op: 'add', path: target.path, value });
}
