/**
 * Decodes a protobuf message into the JSON object upstream's JSON encoder would write for the same
 * Go struct: fields in Go struct order, inline structs merged into their parent, maps as objects,
 * bytes as base64, special types (Time, Quantity, IntOrString …) in their JSON form. Go sends
 * value fields even when they hold the zero value; those are left out here as Go's `omitempty`
 * leaves them out of JSON, while pointer fields (`replicas: 0`) and fields upstream's JSON always
 * writes (`PriorityClass.value: 0`) keep a zero. Unknown field numbers are skipped, as gogo's
 * unmarshallers do.
 */
import { message, type Field, type Message } from './schema.js';
import { SPECIAL_TYPES, type Codec } from './special-types.js';
import { ProtoReader, WIRE_BYTES, WIRE_END_GROUP, WIRE_FIXED32, WIRE_FIXED64, WIRE_VARINT, WireError } from './wire.js';

const goName = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

const WIRE_OF: Record<string, number> = {
  s: WIRE_BYTES,
  y: WIRE_BYTES,
  i32: WIRE_VARINT,
  i64: WIRE_VARINT,
  u32: WIRE_VARINT,
  u64: WIRE_VARINT,
  b: WIRE_VARINT,
  d: WIRE_FIXED64,
  f: WIRE_FIXED32,
};

function readScalar(r: ProtoReader, type: string): unknown {
  switch (type) {
    case 's':
      return r.string();
    case 'y':
      return r.bytes().toString('base64');
    case 'i32':
      return r.int32();
    case 'i64':
      return r.int64();
    case 'u32':
      return r.uint32();
    case 'u64':
      return r.uint64();
    case 'b':
      return r.bool();
    case 'd':
      return r.double();
    case 'f':
      return r.float();
  }
  throw new Error(`unknown scalar type ${type}`);
}

/** A message-typed value at the reader (a length-delimited field). */
function readMessage(r: ProtoReader, type: string, codec: Codec): unknown {
  const [start, end] = r.delimited();
  const special = SPECIAL_TYPES[type];
  return special ? special.decode(r.buf, start, end, codec) : codec.decodeMessage(type, r.buf, start, end);
}

function checkWire(f: Field, want: number, got: number): void {
  if (want !== got) throw new WireError(`proto: wrong wireType = ${got} for field ${goName(f.name)}`);
}

/** One `map<string, X>` entry: key 1, value 2; Go fills a missing half with the zero value. */
function readMapEntry(r: ProtoReader, f: Field, codec: Codec): [string, unknown] {
  const [start, end] = r.delimited();
  const e = new ProtoReader(r.buf, start, end);
  let key = '';
  let value: unknown;
  while (!e.done) {
    const [num, wt] = e.tag();
    if (num === 1) {
      if (wt !== WIRE_BYTES) throw new WireError(`proto: wrong wireType = ${wt} for field ${goName(f.name)}`);
      key = e.string();
    } else if (num === 2) {
      checkWire(f, f.message ? WIRE_BYTES : WIRE_OF[f.type], wt);
      value = f.message ? readMessage(e, f.type, codec) : readScalar(e, f.type);
    } else e.skip(wt);
  }
  if (value === undefined) value = f.message ? (SPECIAL_TYPES[f.type] ? null : {}) : zeroOf(f.type);
  return [key, value];
}

function zeroOf(type: string): unknown {
  if (type === 's' || type === 'y') return '';
  return type === 'b' ? false : 0;
}

const isZero = (v: unknown) => v === '' || v === 0 || v === false;

/**
 * The JSON object of message `key` held in buf[start, end). Throws WireError for malformed bytes
 * (with gogo's wording) and Error for a key the schema lacks.
 */
export function decodeMessage(
  key: string,
  buf: Buffer,
  start: number,
  end: number,
  codec: Codec,
): Record<string, unknown> {
  const m = message(key);
  if (!m) throw new Error(`no protobuf schema for message ${key}`);
  const values = new Map<Field, unknown>();
  const r = new ProtoReader(buf, start, end);
  while (!r.done) {
    const [num, wt] = r.tag();
    if (num <= 0) throw new WireError(`proto: ${shortName(m)}: illegal tag ${num} (wire type ${wt})`);
    if (wt === WIRE_END_GROUP) throw new WireError(`proto: ${shortName(m)}: wiretype end group for non-group`);
    const f = m.byNumber.get(num);
    if (!f) {
      r.skip(wt);
      continue;
    }
    if (f.map) {
      checkWire(f, WIRE_BYTES, wt);
      let obj = values.get(f) as Record<string, unknown> | undefined;
      if (!obj) values.set(f, (obj = {}));
      const [k, v] = readMapEntry(r, f, codec);
      obj[k] = v;
    } else if (f.repeated) {
      let list = values.get(f) as unknown[] | undefined;
      if (!list) values.set(f, (list = []));
      if (f.message) {
        checkWire(f, WIRE_BYTES, wt);
        list.push(readMessage(r, f.type, codec) ?? null);
      } else if (wt === WIRE_BYTES && WIRE_OF[f.type] !== WIRE_BYTES) {
        // Packed numbers: accepted on read as every protobuf decoder must.
        const [s, e] = r.delimited();
        const p = new ProtoReader(r.buf, s, e);
        while (!p.done) list.push(readScalar(p, f.type));
      } else {
        checkWire(f, WIRE_OF[f.type], wt);
        list.push(readScalar(r, f.type));
      }
    } else if (f.message) {
      checkWire(f, WIRE_BYTES, wt);
      values.set(f, readMessage(r, f.type, codec));
    } else {
      checkWire(f, WIRE_OF[f.type], wt);
      values.set(f, readScalar(r, f.type));
    }
  }
  return assemble(m, values);
}

const shortName = (m: Message) => m.key.slice(m.key.lastIndexOf('.') + 1);

/** The fields in Go struct order, zero value fields left out, inline structs merged. */
function assemble(m: Message, values: Map<Field, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of m.fields) {
    if (!values.has(f)) continue;
    const v = values.get(f);
    if (v === undefined) continue;
    if (f.inline) {
      Object.assign(out, v);
      continue;
    }
    if (!f.repeated && !f.map) {
      // Go's JSON leaves out empty []byte (omitempty) whether or not gogo calls the field nullable.
      if (f.type === 'y' && v === '') continue;
    }
    if (!f.keepZero && !f.repeated && !f.map) {
      if (!f.message && isZero(v)) continue;
      if (f.message && SPECIAL_TYPES[f.type]?.isZero?.(v)) continue;
    }
    out[f.name] = v;
  }
  return out;
}
