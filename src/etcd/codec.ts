/**
 * Hand-written protobuf encoders for the responses on the store's busy paths: the KV service's
 * (Range, Put, DeleteRange, and Txn, the apiserver's every write) and Watch's. protobufjs' generic
 * path converts every int64 through an object and writes through many small buffers, about 10×
 * slower than sizing the message once and writing into one Buffer, which is what this does. Every
 * other message keeps the generic encoder. Field numbers are those of etcd's rpc.proto and
 * kv.proto; fields holding their default value are left out, as proto3 encoders do.
 */
import type { Msg } from './rpc-client.js';

type Int = number | string | bigint | undefined | null;

const isSmall = (v: Int): v is number => typeof v === 'number' && v >= 0 && v < 2 ** 53;

/**
 * The varint bytes of an int64/uint64 that is not a small number (a decimal string, a bigint, a
 * negative number: ten bytes). IDs given as strings are kept: the cluster's and the member's are
 * in every response header.
 */
function bigVarint(v: Int): Buffer {
  const id = typeof v === 'string' ? v : undefined;
  const kept = id === undefined ? undefined : bigVarints.get(id);
  if (kept) return kept;
  const bytes: number[] = [];
  let b = BigInt.asUintN(64, BigInt(v ?? 0));
  while (b >= 128n) {
    bytes.push(Number(b & 0x7fn) | 0x80);
    b >>= 7n;
  }
  bytes.push(Number(b));
  const out = Buffer.from(bytes);
  if (id !== undefined && bigVarints.size < MAX_KEPT_VARINTS) bigVarints.set(id, out);
  return out;
}
const bigVarints = new Map<string, Buffer>();
/** Lease IDs are strings too: the first few are kept, the rest encoded each time. */
const MAX_KEPT_VARINTS = 64;

/** Bytes of an int64/uint64 as a varint. */
function varintSize(v: Int): number {
  if (!isSmall(v)) return bigVarint(v).length;
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function isZero(v: Int): boolean {
  return v === undefined || v === null || v === 0 || v === '0' || v === 0n;
}

class Writer {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  tag(field: number, wireType: number): void {
    this.buf[this.pos++] = (field << 3) | wireType;
  }

  varint(v: Int): void {
    if (!isSmall(v)) {
      for (const byte of bigVarint(v)) this.buf[this.pos++] = byte;
      return;
    }
    while (v >= 128) {
      this.buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }

  bytes(b: Buffer): void {
    this.varint(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }
}

// Each message has a size function (without its own tag and length) and a write function.

const intField = (v: Int) => (isZero(v) ? 0 : 1 + varintSize(v));
const bytesField = (b: Buffer | undefined) => (b && b.length ? 1 + varintSize(b.length) + b.length : 0);
const msgField = (size: number) => 1 + varintSize(size) + size;

function writeInt(w: Writer, field: number, v: Int): void {
  if (isZero(v)) return;
  w.tag(field, 0);
  w.varint(v);
}
function writeBytes(w: Writer, field: number, b: Buffer | undefined): void {
  if (!b || !b.length) return;
  w.tag(field, 2);
  w.bytes(b);
}
function writeBool(w: Writer, field: number, v: unknown): void {
  if (!v) return;
  w.tag(field, 0);
  w.buf[w.pos++] = 1;
}

function headerSize(h: Msg): number {
  return intField(h.cluster_id) + intField(h.member_id) + intField(h.revision) + intField(h.raft_term);
}
function writeHeader(w: Writer, field: number, h: Msg | undefined): void {
  if (!h) return;
  w.tag(field, 2);
  w.varint(headerSize(h));
  writeInt(w, 1, h.cluster_id);
  writeInt(w, 2, h.member_id);
  writeInt(w, 3, h.revision);
  writeInt(w, 4, h.raft_term);
}

function kvSize(kv: Msg): number {
  return (
    bytesField(kv.key) +
    intField(kv.create_revision) +
    intField(kv.mod_revision) +
    intField(kv.version) +
    bytesField(kv.value) +
    intField(kv.lease)
  );
}
function writeKv(w: Writer, field: number, kv: Msg, size = kvSize(kv)): void {
  w.tag(field, 2);
  w.varint(size);
  writeBytes(w, 1, kv.key);
  writeInt(w, 2, kv.create_revision);
  writeInt(w, 3, kv.mod_revision);
  writeInt(w, 4, kv.version);
  writeBytes(w, 5, kv.value);
  writeInt(w, 6, kv.lease);
}

const EVENT_TYPE: Record<string, number> = { PUT: 0, DELETE: 1 };

function eventSize(e: Msg): number {
  return intField(EVENT_TYPE[e.type] ?? 0) + msgField(kvSize(e.kv)) + (e.prev_kv ? msgField(kvSize(e.prev_kv)) : 0);
}

const headerField = (h: Msg | undefined) => (h ? msgField(headerSize(h)) : 0);

// The KV service's responses: a Txn holds the others (and Txns) as its ResponseOps.

function rangeSize(r: Msg): number {
  let total = headerField(r.header) + (r.more ? 2 : 0) + intField(r.count);
  for (const kv of (r.kvs ?? []) as Msg[]) total += msgField(kvSize(kv));
  return total;
}
function writeRange(w: Writer, r: Msg): void {
  writeHeader(w, 1, r.header);
  for (const kv of (r.kvs ?? []) as Msg[]) writeKv(w, 2, kv);
  writeBool(w, 3, r.more);
  writeInt(w, 4, r.count);
}

const putSize = (r: Msg) => headerField(r.header) + (r.prev_kv ? msgField(kvSize(r.prev_kv)) : 0);
function writePut(w: Writer, r: Msg): void {
  writeHeader(w, 1, r.header);
  if (r.prev_kv) writeKv(w, 2, r.prev_kv);
}

function deleteRangeSize(r: Msg): number {
  let total = headerField(r.header) + intField(r.deleted);
  for (const kv of (r.prev_kvs ?? []) as Msg[]) total += msgField(kvSize(kv));
  return total;
}
function writeDeleteRange(w: Writer, r: Msg): void {
  writeHeader(w, 1, r.header);
  writeInt(w, 2, r.deleted);
  for (const kv of (r.prev_kvs ?? []) as Msg[]) writeKv(w, 3, kv);
}

/** The one response a ResponseOp holds: its field number, size and writer. */
function responseOf(op: Msg): [number, Msg, (r: Msg) => number, (w: Writer, r: Msg) => void] {
  if (op.response_range) return [1, op.response_range, rangeSize, writeRange];
  if (op.response_put) return [2, op.response_put, putSize, writePut];
  if (op.response_delete_range) return [3, op.response_delete_range, deleteRangeSize, writeDeleteRange];
  return [4, op.response_txn, txnSize, writeTxn];
}
function opSize(op: Msg): number {
  const [, r, size] = responseOf(op);
  return r ? msgField(size(r)) : 0;
}
function txnSize(r: Msg): number {
  let total = headerField(r.header) + (r.succeeded ? 2 : 0);
  for (const op of (r.responses ?? []) as Msg[]) total += msgField(opSize(op));
  return total;
}
function writeTxn(w: Writer, r: Msg): void {
  writeHeader(w, 1, r.header);
  writeBool(w, 2, r.succeeded);
  for (const op of (r.responses ?? []) as Msg[]) {
    w.tag(3, 2);
    w.varint(opSize(op));
    const [field, res, size, write] = responseOf(op);
    if (!res) continue;
    w.tag(field, 2);
    w.varint(size(res));
    write(w, res);
  }
}

/** An encoder from a message's size and writer: one buffer of the exact size. */
const encoder =
  (size: (r: Msg) => number, write: (w: Writer, r: Msg) => void) =>
  (r: Msg): Buffer => {
    const w = new Writer(Buffer.allocUnsafe(size(r)));
    write(w, r);
    return w.buf;
  };

/** etcdserverpb.RangeResponse. */
export const encodeRangeResponse = encoder(rangeSize, writeRange);
/** etcdserverpb.PutResponse. */
export const encodePutResponse = encoder(putSize, writePut);
/** etcdserverpb.DeleteRangeResponse. */
export const encodeDeleteRangeResponse = encoder(deleteRangeSize, writeDeleteRange);
/** etcdserverpb.TxnResponse. */
export const encodeTxnResponse = encoder(txnSize, writeTxn);

/** etcdserverpb.WatchResponse. */
export function encodeWatchResponse(r: Msg): Buffer {
  const events: Msg[] = r.events ?? [];
  const sizes = events.map(eventSize);
  const reason = r.cancel_reason ? Buffer.from(r.cancel_reason) : undefined;
  let total = headerField(r.header);
  total += intField(r.watch_id) + (r.created ? 2 : 0) + (r.canceled ? 2 : 0) + intField(r.compact_revision);
  total += bytesField(reason) + (r.fragment ? 2 : 0);
  for (const s of sizes) total += msgField(s);
  const w = new Writer(Buffer.allocUnsafe(total));
  writeHeader(w, 1, r.header);
  writeInt(w, 2, r.watch_id);
  writeBool(w, 3, r.created);
  writeBool(w, 4, r.canceled);
  writeInt(w, 5, r.compact_revision);
  writeBytes(w, 6, reason);
  writeBool(w, 7, r.fragment);
  events.forEach((e, i) => {
    w.tag(11, 2);
    w.varint(sizes[i]);
    writeInt(w, 1, EVENT_TYPE[e.type] ?? 0);
    writeKv(w, 2, e.kv);
    if (e.prev_kv) writeKv(w, 3, e.prev_kv);
  });
  return w.buf;
}
