/**
 * Encodes a JSON object as a protobuf message the way gogo's generated marshallers lay it out:
 * fields in field-number order, repeated fields unpacked, map entries sorted by key with both key
 * and value written, inline structs as their own (always present) field. Only what the JSON
 * carries is written: absent and null fields are left out, which Go reads as zero values. Keys the
 * schema does not know are ignored, as upstream's (non-strict) JSON decoding ignores them.
 */
import { message, type Field } from './schema.js';
import { SPECIAL_TYPES, type Codec } from './special-types.js';
import { ProtoWriter, WIRE_BYTES, WIRE_FIXED32, WIRE_FIXED64, WIRE_VARINT } from './wire.js';

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const wrongType = (path: string, want: string, v: unknown) =>
  new Error(`${path}: expected ${want}, got ${describe(v)}`);

const INT_RANGE: Record<string, [number, number]> = {
  i32: [-(2 ** 31), 2 ** 31 - 1],
  u32: [0, 2 ** 32 - 1],
  i64: [-(2 ** 63), 2 ** 63],
  u64: [0, 2 ** 64],
};

function integer(type: string, v: unknown, path: string): number | bigint {
  const [min, max] = INT_RANGE[type];
  if (typeof v === 'bigint' && v >= BigInt(min) && v <= BigInt(max)) return v;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw wrongType(path, type === 'i32' ? 'an int32' : type === 'u32' ? 'a uint32' : 'an integer', v);
  }
  return v;
}

function writeScalar(w: ProtoWriter, num: number, type: string, v: unknown, path: string): void {
  switch (type) {
    case 's':
      if (typeof v !== 'string') throw wrongType(path, 'string', v);
      w.tag(num, WIRE_BYTES).string(v);
      return;
    case 'y':
      if (typeof v !== 'string') throw wrongType(path, 'a base64 string', v);
      w.tag(num, WIRE_BYTES).bytes(Buffer.from(v, 'base64'));
      return;
    case 'b':
      if (typeof v !== 'boolean') throw wrongType(path, 'boolean', v);
      w.tag(num, WIRE_VARINT).varint(v ? 1 : 0);
      return;
    case 'd':
    case 'f':
      if (typeof v !== 'number') throw wrongType(path, 'number', v);
      if (type === 'd') w.tag(num, WIRE_FIXED64).double(v);
      else w.tag(num, WIRE_FIXED32).float(v);
      return;
    default:
      w.tag(num, WIRE_VARINT).varint(integer(type, v, path));
  }
}

function messageBytes(type: string, v: unknown, path: string, codec: Codec): Buffer {
  const special = SPECIAL_TYPES[type];
  if (special) return special.encode(v, path, codec);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw wrongType(path, 'object', v);
  return codec.encodeMessage(type, v as Record<string, unknown>, path);
}

function writeValue(w: ProtoWriter, f: Field, v: unknown, path: string, codec: Codec): void {
  if (f.message) w.tag(f.num, WIRE_BYTES).bytes(messageBytes(f.type, v, path, codec));
  else writeScalar(w, f.num, f.type, v, path);
}

function writeMap(w: ProtoWriter, f: Field, v: unknown, path: string, codec: Codec): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw wrongType(path, 'object', v);
  const obj = v as Record<string, unknown>;
  // Go's generated marshallers sort map keys so that equal objects give equal bytes.
  for (const key of Object.keys(obj).sort()) {
    const value = obj[key];
    const entry = new ProtoWriter().tag(1, WIRE_BYTES).string(key);
    if (value !== null && value !== undefined) {
      writeValue(entry, { ...f, num: 2 }, value, `${path}[${JSON.stringify(key)}]`, codec);
    }
    w.tag(f.num, WIRE_BYTES).bytes(entry.finish());
  }
}

/**
 * The protobuf bytes of message `key` for the JSON object `obj`. `path` names `obj` in errors
 * (`spec.template.spec.containers[0].ports[0].containerPort: expected an int32, got string`).
 * Throws Error for a value of the wrong JSON type or a key the schema lacks.
 */
export function encodeMessage(key: string, obj: Record<string, unknown>, path: string, codec: Codec): Buffer {
  const m = message(key);
  if (!m) throw new Error(`no protobuf schema for message ${key}`);
  const w = new ProtoWriter();
  for (const f of m.wireOrder) {
    if (f.inline) {
      // The embedded struct reads its own fields from the same JSON object.
      w.tag(f.num, WIRE_BYTES).bytes(codec.encodeMessage(f.type, obj, path));
      continue;
    }
    const v = obj[f.name];
    if (v === undefined || v === null) continue;
    const here = path ? `${path}.${f.name}` : f.name;
    if (f.map) {
      writeMap(w, f, v, here, codec);
    } else if (f.repeated) {
      if (!Array.isArray(v)) throw wrongType(here, 'array', v);
      v.forEach((item, i) => {
        // A null in a list of messages is Go's zero value (or JSON null): an empty message.
        if ((item === null || item === undefined) && f.message) w.tag(f.num, WIRE_BYTES).varint(0);
        else writeValue(w, f, item, `${here}[${i}]`, codec);
      });
    } else {
      writeValue(w, f, v, here, codec);
    }
  }
  return w.finish();
}
