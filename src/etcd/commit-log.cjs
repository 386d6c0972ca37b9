/**
 * The commit log of `k8ts etcd`: what makes a batch durable (see backend.ts). Each batch is
 * appended as one record to a file that was written full of zeros when it was made, and flushed
 * with fdatasync. As in etcd's own WAL (preallocated segments, fdatasync), an append then changes
 * no file metadata, so the flush writes the record's blocks and nothing else; a SQLite commit with
 * synchronous=FULL instead flushes whole pages of a WAL file that grows, and its metadata with them.
 *
 * A record: u32 payload length, u32 CRC-32 of the log's id, the seq's 8 bytes and the payload, u64
 * seq, payload. The id is the database's (backend-db.cjs): a record written for another database
 * reads as torn. Records follow one another from offset 0 and their seqs are consecutive. When
 * the next record would not fit, the writer makes the database itself durable instead and the log
 * starts again at offset 0, over records the database now holds. Reading stops at the first record
 * that is torn (a length past the end or a CRC that does not match) or whose seq does not follow
 * the one before: what lies beyond is older than the records before it.
 *
 * Plain CommonJS, so that the backend's writer thread needs no TypeScript loader.
 */
'use strict';
const fs = require('node:fs');
const { dirname } = require('node:path');
const { crc32 } = require('node:zlib');

const HEADER = 16;
/** The log's size unless given: at 5,000 puts a second, about ten seconds of writes. */
const DEFAULT_LOG_BYTES = 16 << 20;

/**
 * Flushes a file, or a directory's entries (a file made in it then survives a power loss); a path
 * that does not exist is skipped (SQLite's WAL is there only while the database is open).
 */
function flush(path) {
  let fd;
  try {
    fd = fs.openSync(path, 'r');
  } catch (err) {
    if (err.code === 'ENOENT') return;
    throw err;
  }
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes `path` at least `bytes` long, written (not sparse), and flushed with its directory entry. */
function preallocate(path, bytes) {
  const fd = fs.openSync(path, fs.existsSync(path) ? 'r+' : 'w+');
  try {
    const have = fs.fstatSync(fd).size;
    if (have >= bytes) return;
    const zeros = Buffer.alloc(Math.min(1 << 20, bytes - have));
    for (let at = have; at < bytes; at += zeros.length) {
      fs.writeSync(fd, zeros, 0, Math.min(zeros.length, bytes - at), at);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  flush(dirname(path));
}

function checksum(id, seqBytes, payload) {
  return crc32(payload, crc32(seqBytes, crc32(id)));
}

/**
 * The log at `path` of the database `id` (a string), for appending; made and filled with zeros if
 * it is missing or short.
 */
function openLog(path, id, bytes = DEFAULT_LOG_BYTES) {
  preallocate(path, bytes);
  const fd = fs.openSync(path, 'r+');
  const header = Buffer.alloc(HEADER);
  return {
    bytes,
    /**
     * Writes record `seq` at `pos` and flushes it; returns where the next record goes, or -1
     * (nothing written) when it does not fit before the end.
     */
    append(pos, seq, payload) {
      const end = pos + HEADER + payload.length;
      if (end > bytes) return -1;
      header.writeUInt32BE(payload.length, 0);
      header.writeBigUInt64BE(BigInt(seq), 8);
      header.writeUInt32BE(checksum(id, header.subarray(8), payload), 4);
      fs.writevSync(fd, [header, payload], pos);
      fs.fdatasyncSync(fd);
      return end;
    },
    close: () => fs.closeSync(fd),
  };
}

/** The records of database `id` from offset 0, up to the first torn or out-of-sequence one. */
function readLog(path, id) {
  if (!fs.existsSync(path)) return [];
  const fd = fs.openSync(path, 'r');
  try {
    const bytes = fs.fstatSync(fd).size;
    const header = Buffer.alloc(HEADER);
    const records = [];
    for (let pos = 0; pos + HEADER <= bytes;) {
      fs.readSync(fd, header, 0, HEADER, pos);
      const length = header.readUInt32BE(0);
      const end = pos + HEADER + length;
      if (end > bytes) break;
      const payload = Buffer.alloc(length);
      fs.readSync(fd, payload, 0, length, pos + HEADER);
      if (header.readUInt32BE(4) !== checksum(id, header.subarray(8), payload)) break;
      const seq = Number(header.readBigUInt64BE(8));
      if (records.length && seq !== records[records.length - 1].seq + 1) break;
      records.push({ seq, payload });
      pos = end;
    }
    return records;
  } finally {
    fs.closeSync(fd);
  }
}

module.exports = { openLog, readLog, flush };
