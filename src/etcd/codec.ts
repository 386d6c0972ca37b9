/**
 * Hand-written protobuf encoders for the two responses that carry the store's bulk: RangeResponse
 * and WatchResponse (with their KeyValues and Events). protobufjs' generic path converts every
 * int64 through an object and writes through many small buffers, about 10× slower than sizing the
 * message once and writing into one Buffer, which is what this does. Every other message keeps
 * the generic encoder. Field numbers are those of etcd's rpc.proto and kv.proto; fields holding
 * their default value are left out, as proto3 encoders do.
 */
import type { Msg } from './rpc-client.js';

type Int = number | string | bigint | undefined | null;

/** Bytes of an int64/uint64 as a varint (negative values take ten bytes). */
function varintSize(v: Int): number {
  if (typeof v === 'number' && v >= 0 && v < 2 ** 53) {
    let n = 1;
    while (v >= 128) {
      v = Math.floor(v / 128);
      n++;
    }
    return n;
  }
  let b = BigInt.asUintN(64, BigInt(v ?? 0));
  let n = 1;
  while (b >= 128n) {
    b >>= 7n;
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
    if (typeof v === 'number' && v >= 0 && v < 2 ** 53) {
      while (v >= 128) {
        this.buf[this.pos++] = (v % 128) | 0x80;
        v = Math.floor(v / 128);
      }
      this.buf[this.pos++] = v;
      return;
    }
    let b = BigInt.asUintN(64, BigInt(v ?? 0));
    while (b >= 128n) {
      this.buf[this.pos++] = Number(b & 0x7fn) | 0x80;
      b >>= 7n;
    }
    this.buf[this.pos++] = Number(b);
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

/** etcdserverpb.RangeResponse. */
export function encodeRangeResponse(r: Msg): Buffer {
  const kvs: Msg[] = r.kvs ?? [];
  const sizes = kvs.map(kvSize);
  let total = r.header ? msgField(headerSize(r.header)) : 0;
  for (const s of sizes) total += msgField(s);
  total += r.more ? 2 : 0;
  total += intField(r.count);
  const w = new Writer(Buffer.allocUnsafe(total));
  writeHeader(w, 1, r.header);
  kvs.forEach((kv, i) => writeKv(w, 2, kv, sizes[i]));
  writeBool(w, 3, r.more);
  writeInt(w, 4, r.count);
  return w.buf;
}

/** etcdserverpb.WatchResponse. */
export function encodeWatchResponse(r: Msg): Buffer {
  const events: Msg[] = r.events ?? [];
  const sizes = events.map(eventSize);
  const reason = r.cancel_reason ? Buffer.from(r.cancel_reason) : undefined;
  let total = r.header ? msgField(headerSize(r.header)) : 0;
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
