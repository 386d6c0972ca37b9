/**
 * The protobuf wire format at the level Kubernetes uses it: varints (int32, int64, bool, enum),
 * fixed 32/64-bit values (float, double) and length-delimited fields (strings, bytes, messages,
 * packed scalars). Reading errors carry the wording of gogo-protobuf's generated unmarshallers
 * (`unexpected EOF`, `proto: integer overflow` …), which is what upstream's apiserver reports for
 * a malformed body.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

/** A malformed protobuf message; the message is gogo-protobuf's. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

const eof = () => new WireError('unexpected EOF');

/** Reads one message's bytes front to back; every read checks the bounds. */
export class ProtoReader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** An unsigned 64-bit varint as a bigint. */
  varintBig(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (shift >= 64n) throw new WireError('proto: integer overflow');
      if (this.pos >= this.end) throw eof();
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
  }

  /** An unsigned varint known to be small (tags, lengths); falls back to bigint when it is not. */
  uvarint(): number {
    const start = this.pos;
    let result = 0;
    for (let i = 0; i < 4; i++) {
      if (this.pos >= this.end) throw eof();
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * 2 ** (7 * i);
      if (b < 0x80) return result;
    }
    this.pos = start;
    return Number(this.varintBig());
  }

  /** A tag: field number and wire type. */
  tag(): [field: number, wireType: number] {
    const t = this.varintBig();
    return [Number(t >> 3n), Number(t & 7n)];
  }

  /** int32 (Go truncates the 64-bit varint to its low 32 bits, sign included). */
  int32(): number {
    return Number(BigInt.asIntN(32, this.varintBig()));
  }

  /** int64 as a number (exact up to 2^53). */
  int64(): number {
    return Number(BigInt.asIntN(64, this.varintBig()));
  }

  uint32(): number {
    return Number(BigInt.asUintN(32, this.varintBig()));
  }

  uint64(): number {
    return Number(this.varintBig());
  }

  bool(): boolean {
    return this.varintBig() !== 0n;
  }

  double(): number {
    if (this.pos + 8 > this.end) throw eof();
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  float(): number {
    if (this.pos + 4 > this.end) throw eof();
    const v = this.buf.readFloatLE(this.pos);
    this.pos += 4;
    return v;
  }

  /** The bounds [start, end) of a length-delimited field's content; the reader moves past it. */
  delimited(): [start: number, end: number] {
    const len = this.varintBig();
    if (BigInt.asIntN(64, len) < 0n) throw new WireError('proto: negative length found during unmarshaling');
    const start = this.pos;
    const end = start + Number(len);
    if (end > this.end) throw eof();
    this.pos = end;
    return [start, end];
  }

  bytes(): Buffer {
    const [start, end] = this.delimited();
    return this.buf.subarray(start, end);
  }

  string(): string {
    const [start, end] = this.delimited();
    return this.buf.toString('utf8', start, end);
  }

  /** Skips one field's value of `wireType`, as gogo's `skipGenerated` does. */
  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varintBig();
        return;
      case WIRE_FIXED64:
        if (this.pos + 8 > this.end) throw eof();
        this.pos += 8;
        return;
      case WIRE_BYTES:
        this.delimited();
        return;
      case WIRE_FIXED32:
        if (this.pos + 4 > this.end) throw eof();
        this.pos += 4;
        return;
      case WIRE_START_GROUP:
        for (;;) {
          if (this.done) throw eof();
          const [, wt] = this.tag();
          if (wt === WIRE_END_GROUP) return;
          this.skip(wt);
        }
      case WIRE_END_GROUP:
        throw new WireError('proto: unexpected end of group');
      default:
        throw new WireError(`proto: illegal wireType ${wireType}`);
    }
  }
}

/** Appends fields to a growing buffer; messages are written into a fork and then delimited. */
export class ProtoWriter {
  private chunks: Buffer[] = [];
  private cur = Buffer.allocUnsafe(256);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.cur.length) return;
    this.chunks.push(this.cur.subarray(0, this.pos));
    this.cur = Buffer.allocUnsafe(Math.max(256, n, this.cur.length * 2));
    this.pos = 0;
  }

  /** An unsigned varint; negative numbers are written as 64-bit two's complement (ten bytes). */
  varint(v: number | bigint): this {
    if (typeof v === 'number' && v >= 0 && v <= 0xffffffff && Number.isInteger(v)) {
      this.ensure(5);
      while (v >= 0x80) {
        this.cur[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.cur[this.pos++] = v;
      return this;
    }
    let b = BigInt.asUintN(64, BigInt(v));
    this.ensure(10);
    while (b >= 0x80n) {
      this.cur[this.pos++] = Number(b & 0x7fn) | 0x80;
      b >>= 7n;
    }
    this.cur[this.pos++] = Number(b);
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  double(v: number): this {
    this.ensure(8);
    this.cur.writeDoubleLE(v, this.pos);
    this.pos += 8;
    return this;
  }

  float(v: number): this {
    this.ensure(4);
    this.cur.writeFloatLE(v, this.pos);
    this.pos += 4;
    return this;
  }

  raw(b: Uint8Array): this {
    this.ensure(b.length);
    this.cur.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** A length-delimited value: its length, then the bytes. */
  bytes(b: Uint8Array): this {
    return this.varint(b.length).raw(b);
  }

  string(s: string): this {
    return this.bytes(Buffer.from(s, 'utf8'));
  }

  finish(): Buffer {
    return Buffer.concat([...this.chunks, this.cur.subarray(0, this.pos)]);
  }
}
