/**
 * Reads the gogo-protobuf FileDescriptorProtos that every Go program linking `k8s.io/api` carries
 * (gzipped, registered by each package's generated.pb.go). Used only by generate-schema.ts, which
 * turns kubectl's and helm's own copies into our schema table, so that field numbers, types and
 * Go pointer-ness are exactly those of the release the binaries were built from.
 */
import { inflateRawSync } from 'node:zlib';

import { ProtoReader, WIRE_BYTES, WIRE_VARINT } from './wire.js';

/** FieldDescriptorProto.Type values used by Kubernetes. */
export const FIELD_TYPE: Record<number, string> = {
  1: 'double',
  2: 'float',
  3: 'int64',
  4: 'uint64',
  5: 'int32',
  8: 'bool',
  9: 'string',
  11: 'message',
  12: 'bytes',
  13: 'uint32',
};

export interface FieldDescriptor {
  name: string;
  number: number;
  repeated: boolean;
  type: string;
  /** Fully qualified message name without the leading dot, for type 'message'. */
  typeName?: string;
  /** gogoproto.nullable: false for Go value fields, true (the default) for pointers. */
  nullable: boolean;
  /** gogoproto.customname: the Go field name. */
  goName?: string;
  packed: boolean;
}

export interface MessageDescriptor {
  /** Fully qualified, e.g. `k8s.io.api.core.v1.Pod`. */
  fullName: string;
  fields: FieldDescriptor[];
  mapEntry: boolean;
}

export interface FileDescriptor {
  name: string;
  package: string;
  messages: MessageDescriptor[];
}

function fieldOptions(r: ProtoReader, f: FieldDescriptor): void {
  while (!r.done) {
    const [num, wt] = r.tag();
    if (num === 2 && wt === WIRE_VARINT) f.packed = r.bool();
    else if (num === 65001 && wt === WIRE_VARINT) f.nullable = r.bool();
    else if (num === 65004 && wt === WIRE_BYTES) f.goName = r.string();
    else r.skip(wt);
  }
}

function field(r: ProtoReader): FieldDescriptor {
  const f: FieldDescriptor = { name: '', number: 0, repeated: false, type: '', nullable: true, packed: false };
  let type = 0;
  while (!r.done) {
    const [num, wt] = r.tag();
    if (num === 1) f.name = r.string();
    else if (num === 3) f.number = r.int32();
    else if (num === 4) f.repeated = r.int32() === 3;
    else if (num === 5) type = r.int32();
    else if (num === 6) f.typeName = r.string().replace(/^\./, '');
    else if (num === 8) {
      const [s, e] = r.delimited();
      fieldOptions(new ProtoReader(r.buf, s, e), f);
    } else r.skip(wt);
  }
  f.type = FIELD_TYPE[type] ?? `unsupported(${type})`;
  return f;
}

function message(r: ProtoReader, scope: string, out: MessageDescriptor[]): void {
  const m: MessageDescriptor = { fullName: '', fields: [], mapEntry: false };
  const nested: Buffer[] = [];
  while (!r.done) {
    const [num, wt] = r.tag();
    if (num === 1) m.fullName = `${scope}.${r.string()}`;
    else if (num === 2) {
      const [s, e] = r.delimited();
      m.fields.push(field(new ProtoReader(r.buf, s, e)));
    } else if (num === 3) nested.push(r.bytes());
    else if (num === 7) {
      const o = new ProtoReader(r.bytes());
      while (!o.done) {
        const [on, ow] = o.tag();
        if (on === 7) m.mapEntry = o.bool();
        else o.skip(ow);
      }
    } else r.skip(wt);
  }
  out.push(m);
  for (const n of nested) message(new ProtoReader(n), m.fullName, out);
}

/** Parses one serialized FileDescriptorProto. */
export function parseFileDescriptor(buf: Buffer): FileDescriptor {
  const r = new ProtoReader(buf);
  const file: FileDescriptor = { name: '', package: '', messages: [] };
  const raw: Buffer[] = [];
  while (!r.done) {
    const [num, wt] = r.tag();
    if (num === 1) file.name = r.string();
    else if (num === 2) file.package = r.string();
    else if (num === 4) raw.push(r.bytes());
    else r.skip(wt);
  }
  for (const m of raw) message(new ProtoReader(m), file.package, file.messages);
  return file;
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff]);

/**
 * Every gzipped FileDescriptorProto found in a Go binary whose file name starts with `prefix`
 * (e.g. `k8s.io/`). Go's compress/gzip writes the fixed header above, which is what is searched.
 */
export function descriptorsInBinary(binary: Buffer, prefix: string): FileDescriptor[] {
  const out: FileDescriptor[] = [];
  for (let i = binary.indexOf(GZIP_MAGIC); i >= 0; i = binary.indexOf(GZIP_MAGIC, i + 1)) {
    let data: Buffer;
    try {
      // The stream's length is unknown: inflate the raw deflate data after the 10-byte header,
      // which stops at the stream's end (gunzip would go on into a gzip member that follows).
      data = inflateRawSync(binary.subarray(i + GZIP_MAGIC.length, i + 4_000_000));
    } catch {
      continue;
    }
    if (data[0] !== 0x0a) continue;
    try {
      const file = parseFileDescriptor(data);
      if (file.name.startsWith(prefix)) out.push(file);
    } catch {
      // not a descriptor after all
    }
  }
  return out;
}
