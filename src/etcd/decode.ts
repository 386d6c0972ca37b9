/**
 * Hand-written protobuf decoders for the KV service's requests (Range, Put, DeleteRange, Txn),
 * the counterpart of codec.ts' encoders. They give exactly what protobufjs' decode and toObject
 * with the server's conversion options give (src/machinery/etcd-grpc/proto-types.ts): every field
 * present, absent ones as their defaults; int64 values as decimal strings; enums by their
 * upstream names (a number outside the enum stays a number); bytes as views of the request;
 * a oneof's member only when set, and the oneof's name holding the member's. protobufjs builds a
 * message object and converts it to another, with every int64 through a Long; here one pass over
 * the bytes builds the object. Field numbers are those of etcd's rpc.proto.
 */
import type { Msg } from './rpc-client.js';

const EMPTY = Buffer.alloc(0);

class Reader {
  pos = 0;
  constructor(
    readonly buf: Buffer,
    readonly end = buf.length,
  ) {}

  private byte(): number {
    if (this.pos >= this.end) throw new RangeError('protobuf: truncated message');
    return this.buf[this.pos++];
  }

  /** A varint as a number: exact below 2^53, which every length and tag is. */
  uint(): number {
    let n = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = this.byte();
      n += (b & 0x7f) * shift;
      if (b < 0x80) return n;
      if (shift >= 2 ** 63) throw new RangeError('protobuf: varint too long');
    }
  }

  /** A varint's low 32 bits, signed, as protobufjs reads enums (and, unsigned, bools). */
  int32(): number {
    const start = this.pos;
    this.uint();
    let n = 0;
    for (let i = Math.min(this.pos, start + 5) - 1; i >= start; i--) n = (n << 7) | (this.buf[i] & 0x7f);
    return n | 0;
  }

  bool(): boolean {
    return this.int32() !== 0;
  }

  /** An int64 as protobufjs gives it with `longs: String`: signed, in decimal. */
  int64(): string {
    const start = this.pos;
    const n = this.uint();
    if (n < 2 ** 53) return String(n);
    let b = 0n;
    for (let i = this.pos - 1; i >= start; i--) b = (b << 7n) | BigInt(this.buf[i] & 0x7f);
    return BigInt.asIntN(64, b).toString();
  }

  bytes(): Buffer {
    const length = this.uint();
    const end = this.pos + length;
    if (end > this.end) throw new RangeError('protobuf: truncated message');
    const out = length ? this.buf.subarray(this.pos, end) : EMPTY;
    this.pos = end;
    return out;
  }

  /** The reader of an embedded message. */
  message(): Reader {
    const length = this.uint();
    const r = new Reader(this.buf, this.pos + length);
    if (r.end > this.end) throw new RangeError('protobuf: truncated message');
    r.pos = this.pos;
    this.pos = r.end;
    return r;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.uint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.pos += this.uint();
    else if (wireType === 5) this.pos += 4;
    else if (wireType === 3) {
      for (let tag = this.uint(); (tag & 7) !== 4; tag = this.uint()) this.skip(tag & 7);
    } else throw new RangeError(`protobuf: wire type ${wireType} not supported`);
    if (this.pos > this.end) throw new RangeError('protobuf: truncated message');
  }
}

/** Reads fields until the message ends, handing each field number and wire type to `field`. */
function fields(r: Reader, field: (n: number, wireType: number) => void): void {
  while (r.pos < r.end) {
    const tag = r.uint();
    field(Math.floor(tag / 8), tag & 7);
  }
}

const enumName = (names: readonly string[], n: number): string | number => names[n] ?? n;
const SORT_ORDER = ['NONE', 'ASCEND', 'DESCEND'];
const SORT_TARGET = ['KEY', 'VERSION', 'CREATE', 'MOD', 'VALUE'];
const COMPARE_RESULT = ['EQUAL', 'GREATER', 'LESS', 'NOT_EQUAL'];
const COMPARE_TARGET = ['VERSION', 'CREATE', 'MOD', 'VALUE', 'LEASE'];

function rangeRequest(r: Reader): Msg {
  const m: Msg = {
    key: EMPTY,
    range_end: EMPTY,
    limit: '0',
    revision: '0',
    sort_order: 'NONE',
    sort_target: 'KEY',
    serializable: false,
    keys_only: false,
    count_only: false,
    min_mod_revision: '0',
    max_mod_revision: '0',
    min_create_revision: '0',
    max_create_revision: '0',
  };
  fields(r, (n, wt) => {
    if (n === 1) m.key = r.bytes();
    else if (n === 2) m.range_end = r.bytes();
    else if (n === 3) m.limit = r.int64();
    else if (n === 4) m.revision = r.int64();
    else if (n === 5) m.sort_order = enumName(SORT_ORDER, r.int32());
    else if (n === 6) m.sort_target = enumName(SORT_TARGET, r.int32());
    else if (n === 7) m.serializable = r.bool();
    else if (n === 8) m.keys_only = r.bool();
    else if (n === 9) m.count_only = r.bool();
    else if (n === 10) m.min_mod_revision = r.int64();
    else if (n === 11) m.max_mod_revision = r.int64();
    else if (n === 12) m.min_create_revision = r.int64();
    else if (n === 13) m.max_create_revision = r.int64();
    else r.skip(wt);
  });
  return m;
}

function putRequest(r: Reader): Msg {
  const m: Msg = { key: EMPTY, value: EMPTY, lease: '0', prev_kv: false, ignore_value: false, ignore_lease: false };
  fields(r, (n, wt) => {
    if (n === 1) m.key = r.bytes();
    else if (n === 2) m.value = r.bytes();
    else if (n === 3) m.lease = r.int64();
    else if (n === 4) m.prev_kv = r.bool();
    else if (n === 5) m.ignore_value = r.bool();
    else if (n === 6) m.ignore_lease = r.bool();
    else r.skip(wt);
  });
  return m;
}

function deleteRangeRequest(r: Reader): Msg {
  const m: Msg = { key: EMPTY, range_end: EMPTY, prev_kv: false };
  fields(r, (n, wt) => {
    if (n === 1) m.key = r.bytes();
    else if (n === 2) m.range_end = r.bytes();
    else if (n === 3) m.prev_kv = r.bool();
    else r.skip(wt);
  });
  return m;
}

const COMPARE_UNION: Record<number, string> = {
  4: 'version',
  5: 'create_revision',
  6: 'mod_revision',
  7: 'value',
  8: 'lease',
};

function compare(r: Reader): Msg {
  const m: Msg = { result: 'EQUAL', target: 'VERSION', key: EMPTY, range_end: EMPTY };
  let member = 0;
  fields(r, (n, wt) => {
    if (n === 1) m.result = enumName(COMPARE_RESULT, r.int32());
    else if (n === 2) m.target = enumName(COMPARE_TARGET, r.int32());
    else if (n === 3) m.key = r.bytes();
    else if (n === 64) m.range_end = r.bytes();
    else if (n >= 4 && n <= 8) {
      m[COMPARE_UNION[n]] = n === 7 ? r.bytes() : r.int64();
      // As protobufjs: every member sent is kept, and the oneof names the last in field order.
      if (n > member) m.target_union = COMPARE_UNION[(member = n)];
    } else r.skip(wt);
  });
  return m;
}

/** RequestOp's oneof `request`: each member's name and decoder, by field number. */
const REQUEST_OP: Record<number, [string, (r: Reader) => Msg]> = {
  1: ['request_range', rangeRequest],
  2: ['request_put', putRequest],
  3: ['request_delete_range', deleteRangeRequest],
  4: ['request_txn', txnRequest],
};

function requestOp(r: Reader): Msg {
  const m: Msg = {};
  let member = 0;
  fields(r, (n, wt) => {
    const op = REQUEST_OP[n];
    if (!op) return r.skip(wt);
    m[op[0]] = op[1](r.message());
    if (n > member) m.request = REQUEST_OP[(member = n)][0];
  });
  return m;
}

function txnRequest(r: Reader): Msg {
  const m: Msg = { compare: [], success: [], failure: [] };
  fields(r, (n, wt) => {
    if (n === 1) m.compare.push(compare(r.message()));
    else if (n === 2) m.success.push(requestOp(r.message()));
    else if (n === 3) m.failure.push(requestOp(r.message()));
    else r.skip(wt);
  });
  return m;
}

const decoder = (decode: (r: Reader) => Msg) => (b: Buffer) => decode(new Reader(b));

/** etcdserverpb.RangeRequest. */
export const decodeRangeRequest = decoder(rangeRequest);
/** etcdserverpb.PutRequest. */
export const decodePutRequest = decoder(putRequest);
/** etcdserverpb.DeleteRangeRequest. */
export const decodeDeleteRangeRequest = decoder(deleteRangeRequest);
/** etcdserverpb.TxnRequest. */
export const decodeTxnRequest = decoder(txnRequest);
