/**
 * Messages whose JSON form is not an object of their fields, as upstream's custom
 * MarshalJSON/Unmarshal methods define them: Time and MicroTime (RFC 3339 strings), Quantity
 * (a string), IntOrString (a number or a string), RawExtension, FieldsV1 and apiextensions' JSON
 * (embedded JSON values), the `ExtraValue` string lists, and apiextensions' JSONSchemaPropsOrBool,
 * …OrArray and …OrStringArray (a schema, or a bool / list).
 */
import { formatMicroTime, formatTime, parseRfc3339, type Timestamp } from './time-format.js';
import { ProtoReader, ProtoWriter, WIRE_BYTES, WIRE_VARINT, WireError } from './wire.js';

/** The generic codec, handed to the special types that contain ordinary messages. */
export interface Codec {
  decodeMessage(key: string, buf: Buffer, start: number, end: number): Record<string, unknown>;
  encodeMessage(key: string, obj: Record<string, unknown>, path: string): Buffer;
  /** A whole `k8s\0` body, as found inside a RawExtension. */
  decodeEmbedded(body: Buffer): Record<string, unknown>;
}

export interface SpecialType {
  /** The JSON value of the message in buf[start, end), or undefined for Go's null. */
  decode(buf: Buffer, start: number, end: number, codec: Codec): unknown;
  /** Writes the message body for a JSON value (never null or undefined). */
  encode(value: unknown, path: string, codec: Codec): Buffer;
  /** The value Go sends for an unset value field, which upstream reads as unset. */
  isZero?(value: unknown): boolean;
}

const wrongType = (path: string, want: string, value: unknown) =>
  new Error(`${path}: expected ${want}, got ${value === null ? 'null' : typeof value}`);

function readTimestamp(buf: Buffer, start: number, end: number): Timestamp {
  const r = new ProtoReader(buf, start, end);
  const t: Timestamp = { seconds: 0, nanos: 0 };
  while (!r.done) {
    const [num, wt] = r.tag();
    if (num === 1 && wt === WIRE_VARINT) t.seconds = r.int64();
    else if (num === 2 && wt === WIRE_VARINT) t.nanos = r.int32();
    else if (num === 1 || num === 2)
      throw new WireError(`proto: wrong wireType = ${wt} for field ${num === 1 ? 'Seconds' : 'Nanos'}`);
    else r.skip(wt);
  }
  return t;
}

function timestamp(format: (t: Timestamp) => string): SpecialType {
  return {
    // Go sends nothing for the zero time, which its JSON writes as null.
    decode: (buf, start, end) => (start === end ? undefined : format(readTimestamp(buf, start, end))),
    encode(value, path) {
      if (typeof value !== 'string') throw wrongType(path, 'an RFC 3339 time string', value);
      let t: Timestamp;
      try {
        t = parseRfc3339(value);
      } catch (err) {
        throw new Error(`${path}: ${(err as Error).message}`);
      }
      return new ProtoWriter().tag(1, WIRE_VARINT).varint(t.seconds).tag(2, WIRE_VARINT).varint(t.nanos).finish();
    },
  };
}

/** A message holding one bytes field (number 1) of JSON text. */
function embeddedJson(allowProtobuf: boolean): SpecialType {
  return {
    decode(buf, start, end, codec) {
      const r = new ProtoReader(buf, start, end);
      let raw: Buffer | undefined;
      while (!r.done) {
        const [num, wt] = r.tag();
        if (num !== 1) r.skip(wt);
        else if (wt !== WIRE_BYTES) throw new WireError(`proto: wrong wireType = ${wt} for field Raw`);
        else raw = r.bytes();
      }
      if (!raw || raw.length === 0) return undefined;
      if (allowProtobuf && raw.length >= 4 && raw.readUInt32BE(0) === 0x6b387300) return codec.decodeEmbedded(raw);
      try {
        return JSON.parse(raw.toString('utf8'));
      } catch (err) {
        throw new WireError(`invalid embedded JSON: ${(err as Error).message}`);
      }
    },
    encode(value) {
      return new ProtoWriter().tag(1, WIRE_BYTES).string(JSON.stringify(value)).finish();
    },
  };
}

const stringList: SpecialType = {
  decode(buf, start, end) {
    const r = new ProtoReader(buf, start, end);
    const items: string[] = [];
    while (!r.done) {
      const [num, wt] = r.tag();
      if (num !== 1) r.skip(wt);
      else if (wt !== WIRE_BYTES) throw new WireError(`proto: wrong wireType = ${wt} for field Items`);
      else items.push(r.string());
    }
    return items;
  },
  encode(value, path) {
    if (!Array.isArray(value)) throw wrongType(path, 'an array of strings', value);
    const w = new ProtoWriter();
    value.forEach((v, i) => {
      if (typeof v !== 'string') throw wrongType(`${path}[${i}]`, 'string', v);
      w.tag(1, WIRE_BYTES).string(v);
    });
    return w.finish();
  },
};

const intOrString: SpecialType = {
  decode(buf, start, end) {
    const r = new ProtoReader(buf, start, end);
    let type = 0;
    let intVal = 0;
    let strVal = '';
    while (!r.done) {
      const [num, wt] = r.tag();
      if (num === 1 && wt === WIRE_VARINT) type = r.int64();
      else if (num === 2 && wt === WIRE_VARINT) intVal = r.int32();
      else if (num === 3 && wt === WIRE_BYTES) strVal = r.string();
      else if (num >= 1 && num <= 3)
        throw new WireError(`proto: wrong wireType = ${wt} for field ${['Type', 'IntVal', 'StrVal'][num - 1]}`);
      else r.skip(wt);
    }
    return type === 1 ? strVal : intVal;
  },
  encode(value, path) {
    const w = new ProtoWriter();
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) throw wrongType(path, 'an int32', value);
      return w.tag(1, WIRE_VARINT).varint(0).tag(2, WIRE_VARINT).varint(value).tag(3, WIRE_BYTES).string('').finish();
    }
    if (typeof value !== 'string') throw wrongType(path, 'a number or a string', value);
    return w.tag(1, WIRE_VARINT).varint(1).tag(2, WIRE_VARINT).varint(0).tag(3, WIRE_BYTES).string(value).finish();
  },
  isZero: (v) => v === 0 || v === '',
};

const quantity: SpecialType = {
  decode(buf, start, end) {
    const r = new ProtoReader(buf, start, end);
    // A Quantity message without its string is Go's zero Quantity, which prints as "0".
    let s = '0';
    while (!r.done) {
      const [num, wt] = r.tag();
      if (num !== 1) r.skip(wt);
      else if (wt !== WIRE_BYTES) throw new WireError(`proto: wrong wireType = ${wt} for field String_`);
      else s = r.string();
    }
    return s;
  },
  encode(value, path) {
    if (typeof value !== 'string' && typeof value !== 'number') throw wrongType(path, 'a quantity string', value);
    return new ProtoWriter().tag(1, WIRE_BYTES).string(String(value)).finish();
  },
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSONSchemaPropsOrBool: `true`/`false`, or a schema (which means allows: true). */
const schemaOrBool: SpecialType = {
  decode(buf, start, end, codec) {
    const m = codec.decodeMessage('apiextensions.v1.JSONSchemaPropsOrBool', buf, start, end);
    return m.schema !== undefined ? m.schema : m.allows === true;
  },
  encode(value, path, codec) {
    if (typeof value === 'boolean')
      return codec.encodeMessage('apiextensions.v1.JSONSchemaPropsOrBool', { allows: value }, path);
    if (!isPlainObject(value)) throw wrongType(path, 'a schema or a boolean', value);
    return codec.encodeMessage('apiextensions.v1.JSONSchemaPropsOrBool', { allows: true, schema: value }, path);
  },
};

/** JSONSchemaPropsOrArray (a schema or a list of schemas) and …OrStringArray (or a list of strings). */
function schemaOrList(key: string, listField: string, itemType: 'object' | 'string'): SpecialType {
  return {
    decode(buf, start, end, codec) {
      const m = codec.decodeMessage(key, buf, start, end);
      const list = m[listField] as unknown[] | undefined;
      if (list?.length) return list;
      return m.schema;
    },
    encode(value, path, codec) {
      if (Array.isArray(value)) return codec.encodeMessage(key, { [listField]: value }, path);
      if (!isPlainObject(value)) throw wrongType(path, `a schema or an array of ${itemType}s`, value);
      return codec.encodeMessage(key, { schema: value }, path);
    },
  };
}

/** Special types by message key. */
export const SPECIAL_TYPES: Readonly<Record<string, SpecialType>> = {
  'meta.v1.Time': timestamp(formatTime),
  'meta.v1.MicroTime': timestamp(formatMicroTime),
  'meta.v1.FieldsV1': embeddedJson(false),
  'runtime.RawExtension': embeddedJson(true),
  'apiextensions.v1.JSON': embeddedJson(false),
  'intstr.IntOrString': intOrString,
  'resource.Quantity': quantity,
  'authentication.v1.ExtraValue': stringList,
  'authorization.v1.ExtraValue': stringList,
  'certificates.v1.ExtraValue': stringList,
  'apiextensions.v1.JSONSchemaPropsOrBool': schemaOrBool,
  'apiextensions.v1.JSONSchemaPropsOrArray': schemaOrList(
    'apiextensions.v1.JSONSchemaPropsOrArray',
    'jSONSchemas',
    'object',
  ),
  'apiextensions.v1.JSONSchemaPropsOrStringArray': schemaOrList(
    'apiextensions.v1.JSONSchemaPropsOrStringArray',
    'property',
    'string',
  ),
};
