/**
 * A batch's rows (backend-db.cjs) as the bytes of its commit log record: encoded on the event loop
 * for every write, decoded by the writer thread when it applies the batch and at recovery. Written
 * by hand: V8's serializer took 6-8 µs a put on the event loop and its deserializer 4-5 µs on the
 * writer thread, a few times what this takes.
 *
 * Tag byte 1, then five lists, each a u32 count and its items: rows (seq, rev, sub as f64, key and
 * value as u32 length and bytes, create_rev and version as f64, lease as a string, deleted as a
 * byte), dropped seqs (f64), leases put (id string, ttl f64), leases deleted (id strings), and meta
 * (name and value strings). A string is its u32 UTF-8 length and bytes; numbers little-endian.
 * Records written by V8's serializer (earlier versions; they start with its tag byte 0xff) are
 * read with V8's deserializer.
 *
 * Plain CommonJS, so that the backend's writer thread needs no TypeScript loader.
 */
'use strict';
const v8 = require('node:v8');

const TAG = 1;

/** The bytes of `rows` ({ rows, dropped, leasesPut, leasesDeleted, meta }). */
function encodeRows(b) {
  let size = 1 + 5 * 4;
  for (const r of b.rows) size += 8 * 5 + 4 + r[3].length + 4 + r[4].length + 4 + Buffer.byteLength(r[7]) + 1;
  size += 8 * b.dropped.length;
  for (const [id] of b.leasesPut) size += 4 + Buffer.byteLength(id) + 8;
  for (const id of b.leasesDeleted) size += 4 + Buffer.byteLength(id);
  for (const [name, value] of b.meta) size += 8 + Buffer.byteLength(name) + Buffer.byteLength(value);
  const out = Buffer.allocUnsafe(size);
  let at = out.writeUInt8(TAG, 0);
  const num = (n) => (at = out.writeDoubleLE(n, at));
  const bytes = (u8) => {
    at = out.writeUInt32LE(u8.length, at);
    out.set(u8, at);
    at += u8.length;
  };
  const str = (s) => {
    const n = out.write(s, at + 4);
    out.writeUInt32LE(n, at);
    at += 4 + n;
  };
  at = out.writeUInt32LE(b.rows.length, at);
  for (const r of b.rows) {
    num(r[0]);
    num(r[1]);
    num(r[2]);
    bytes(r[3]);
    bytes(r[4]);
    num(r[5]);
    num(r[6]);
    str(r[7]);
    at = out.writeUInt8(r[8], at);
  }
  at = out.writeUInt32LE(b.dropped.length, at);
  for (const seq of b.dropped) num(seq);
  at = out.writeUInt32LE(b.leasesPut.length, at);
  for (const [id, ttl] of b.leasesPut) {
    str(id);
    num(ttl);
  }
  at = out.writeUInt32LE(b.leasesDeleted.length, at);
  for (const id of b.leasesDeleted) str(id);
  at = out.writeUInt32LE(b.meta.length, at);
  for (const [name, value] of b.meta) {
    str(name);
    str(value);
  }
  return out;
}

/** The rows of a record's bytes (a Buffer); keys and values are views of it. Throws on torn bytes. */
function decodeRows(buf) {
  if (buf[0] !== TAG) return v8.deserialize(buf);
  let at = 1;
  const num = () => {
    const n = buf.readDoubleLE(at);
    at += 8;
    return n;
  };
  const count = () => {
    const n = buf.readUInt32LE(at);
    at += 4;
    return n;
  };
  /** Where the field that starts at `at` ends: a u32 length and that many bytes. */
  const end = () => {
    const n = count();
    if (at + n > buf.length) throw new RangeError('batch record truncated');
    return (at += n);
  };
  const bytes = () => {
    const start = at + 4;
    return buf.subarray(start, end());
  };
  const str = () => {
    const start = at + 4;
    return buf.toString('utf8', start, end());
  };
  const list = (item) => {
    const out = [];
    for (let n = count(); n > 0; n--) out.push(item());
    return out;
  };
  const b = {
    rows: list(() => [num(), num(), num(), bytes(), bytes(), num(), num(), str(), buf.readUInt8(at++)]),
    dropped: list(num),
    leasesPut: list(() => [str(), num()]),
    leasesDeleted: list(str),
    meta: list(() => [str(), str()]),
  };
  if (at !== buf.length) throw new RangeError('batch record has bytes past its end');
  return b;
}

module.exports = { encodeRows, decodeRows };
