/**
 * `application/vnd.kubernetes.protobuf` ⇄ the JSON objects the apiserver works with. A body is the
 * magic `k8s\0` followed by a runtime.Unknown: `typeMeta` (1: apiVersion, kind), `raw` (2: the
 * object's own message), `contentEncoding` (3) and `contentType` (4), as upstream's
 * `runtime/serializer/protobuf` writes it. kubectl sends its `create` verbs this way and nothing
 * else, so the REST handlers decode with {@link decodeProtobuf} before anything else runs.
 */
import { errors } from '../errors.js';
import { decodeMessage } from './decode.js';
import { encodeMessage } from './encode.js';
import { rootMessageKey } from './schema.js';
import type { Codec } from './special-types.js';
import { ProtoReader, ProtoWriter, WIRE_BYTES, WireError } from './wire.js';

/** The media type of Kubernetes' protobuf encoding. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = Buffer.from('k8s\0', 'latin1');

/** True when the body starts with the `k8s\0` magic. */
export function isKubernetesProtobuf(body: Buffer): boolean {
  return body.length >= MAGIC.length && body.subarray(0, MAGIC.length).equals(MAGIC);
}

interface Unknown {
  apiVersion: string;
  kind: string;
  raw: Buffer;
}

function readUnknown(buf: Buffer): Unknown {
  const u: Unknown = { apiVersion: '', kind: '', raw: Buffer.alloc(0) };
  const r = new ProtoReader(buf, MAGIC.length);
  while (!r.done) {
    const [num, wt] = r.tag();
    if (num <= 0) throw new WireError(`proto: Unknown: illegal tag ${num} (wire type ${wt})`);
    if (num === 1 || num === 2) {
      if (wt !== WIRE_BYTES)
        throw new WireError(`proto: wrong wireType = ${wt} for field ${num === 1 ? 'TypeMeta' : 'Raw'}`);
      if (num === 2) {
        u.raw = r.bytes();
        continue;
      }
      const [start, end] = r.delimited();
      const t = new ProtoReader(buf, start, end);
      while (!t.done) {
        const [tn, twt] = t.tag();
        if (tn <= 0) throw new WireError(`proto: TypeMeta: illegal tag ${tn} (wire type ${twt})`);
        if (tn !== 1 && tn !== 2) t.skip(twt);
        else if (twt !== WIRE_BYTES)
          throw new WireError(`proto: wrong wireType = ${twt} for field ${tn === 1 ? 'APIVersion' : 'Kind'}`);
        else if (tn === 1) u.apiVersion = t.string();
        else u.kind = t.string();
      }
    } else {
      r.skip(wt);
    }
  }
  return u;
}

const goTypeMeta = (u: Unknown) =>
  `runtime.TypeMeta{APIVersion:${JSON.stringify(u.apiVersion)}, Kind:${JSON.stringify(u.kind)}}`;

function decodeBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) throw new WireError('empty data');
  if (!isKubernetesProtobuf(body)) {
    throw new WireError(
      `provided data does not appear to be a protobuf message, expected prefix [${[...MAGIC].join(' ')}]`,
    );
  }
  if (body.length === MAGIC.length) throw new WireError('empty body');
  const u = readUnknown(body);
  if (!u.kind) throw new WireError(`Object 'Kind' is missing in '${goTypeMeta(u)}'`);
  if (!u.apiVersion) throw new WireError(`Object 'apiVersion' is missing in '${goTypeMeta(u)}'`);
  const key = rootMessageKey(u.apiVersion, u.kind);
  if (!key) {
    const kind = JSON.stringify(u.kind);
    const version = JSON.stringify(u.apiVersion);
    throw new WireError(
      `no kind ${kind} is registered for version ${version} in scheme "pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  return { kind: u.kind, apiVersion: u.apiVersion, ...codec.decodeMessage(key, u.raw, 0, u.raw.length) };
}

const codec: Codec = {
  decodeMessage: (key, buf, start, end) => decodeMessage(key, buf, start, end, codec),
  encodeMessage: (key, obj, path) => encodeMessage(key, obj, path, codec),
  decodeEmbedded: decodeBody,
};

/**
 * Decodes a `k8s\0` + runtime.Unknown body into the object's JSON form, `kind` and `apiVersion`
 * first (from the Unknown's typeMeta), then the fields as upstream's JSON encoder orders them.
 * Throws ApiError 400 BadRequest, worded as upstream's decoder, for malformed input or a kind
 * without a schema (`no kind "Foo" is registered for version "v1" in scheme …`).
 */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  try {
    return decodeBody(body);
  } catch (err) {
    if (err instanceof WireError) throw errors.badRequest(err.message);
    throw err;
  }
}

/**
 * Encodes a JSON-form object (`apiVersion` and `kind` set) as `k8s\0` + runtime.Unknown, with an
 * empty contentEncoding and contentType as upstream writes them. Throws Error for a kind without a
 * schema or a field whose JSON type does not fit its proto type.
 */
export function encodeProtobuf(obj: Record<string, unknown>): Buffer {
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) {
    throw new Error('encodeProtobuf: the object needs apiVersion and kind');
  }
  const key = rootMessageKey(apiVersion, kind);
  if (!key)
    throw new Error(`no protobuf schema for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`);
  return envelope(apiVersion, kind, codec.encodeMessage(key, obj, ''));
}

/**
 * Whether objects of `kind` in `apiVersion` can be encoded and decoded: every served kind and its
 * List, the subresource kinds (autoscaling/v1 Scale, policy/v1 Eviction, TokenRequest …), and the
 * meta/v1 kinds (Status, DeleteOptions, CreateOptions …) under any served group-version.
 */
export function hasProtobufSchema(apiVersion: string, kind: string): boolean {
  return rootMessageKey(apiVersion, kind) !== undefined;
}

/** `k8s\0` + runtime.Unknown around already-encoded message bytes. */
function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const typeMeta = new ProtoWriter().tag(1, WIRE_BYTES).string(apiVersion).tag(2, WIRE_BYTES).string(kind).finish();
  const unknown = new ProtoWriter()
    .tag(1, WIRE_BYTES)
    .bytes(typeMeta)
    .tag(2, WIRE_BYTES)
    .bytes(raw)
    .tag(3, WIRE_BYTES)
    .string('')
    .tag(4, WIRE_BYTES)
    .string('')
    .finish();
  return Buffer.concat([MAGIC, unknown]);
}

/**
 * One event of a protobuf watch stream, as upstream frames it: a 4-byte big-endian length, then
 * a `v1 WatchEvent` envelope whose `object` RawExtension holds the object's own protobuf body.
 */
export function encodeWatchFrame(type: string, obj: Record<string, unknown>): Buffer {
  const object = new ProtoWriter().tag(1, WIRE_BYTES).bytes(encodeProtobuf(obj)).finish();
  const event = new ProtoWriter().tag(1, WIRE_BYTES).string(type).tag(2, WIRE_BYTES).bytes(object).finish();
  const body = envelope('v1', 'WatchEvent', event);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}
