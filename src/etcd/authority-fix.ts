/**
 * etcdctl 3.4's `endpoint status|health|hashkv` dial each endpoint with the whole URL as the
 * gRPC target, so their requests carry an HTTP/2 `:authority` of `http://host:port`. Go's HTTP/2
 * server accepts that; Node's (nghttp2) refuses the stream with PROTOCOL_ERROR, because `/` may
 * not appear in an authority. This module sits between a client connection and the HTTP/2 server
 * and turns each `/` in a `:authority` value into `-`, in place: the same number of bytes, and in
 * Huffman-coded values the same number of bits (both symbols have 6-bit codes), so frame lengths
 * and the HPACK dynamic table's sizes stay exactly as the client computed them.
 *
 * Passing bytes through JavaScript costs throughput, so only connections that look like grpc-go
 * (its first SETTINGS frame is empty) are wrapped; others go to the server as they are.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { createRequire } from 'node:module';

const huffmanTable: Array<[number, number]> = createRequire(import.meta.url)('hpack.js').huffman.encode;
/** `${bits}:${code}` → symbol, for walking Huffman-coded strings. */
const huffmanDecode = new Map(huffmanTable.map(([bits, code], sym) => [`${bits}:${code}`, sym]));
const SLASH = 0x2f;
const DASH = 0x2d;
const [DASH_BITS, DASH_CODE] = huffmanTable[DASH];

const PREFACE_LENGTH = 24; // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
const FRAME_HEADER = 9;
const HEADERS = 0x1;
const SETTINGS = 0x4;
const FLAG_END_HEADERS = 0x4;
const FLAG_PADDED = 0x8;
const FLAG_PRIORITY = 0x20;

/** Reads an HPACK integer with an n-bit prefix at `pos`; returns [value, next position]. */
function readInt(buf: Buffer, pos: number, prefixBits: number): [number, number] {
  const max = (1 << prefixBits) - 1;
  let value = buf[pos++] & max;
  if (value < max) return [value, pos];
  let shift = 0;
  let byte: number;
  do {
    byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80 && pos < buf.length);
  return [value, pos];
}

/** Replaces `/` with `-` in the HPACK string at `pos`; returns the position after it. */
function patchString(buf: Buffer, pos: number, patch: boolean): number {
  const huffman = (buf[pos] & 0x80) !== 0;
  const [len, start] = readInt(buf, pos, 7);
  const end = start + len;
  if (!patch) return end;
  if (!huffman) {
    for (let i = start; i < end; i++) if (buf[i] === SLASH) buf[i] = DASH;
    return end;
  }
  let code = 0;
  let bits = 0;
  let symbolStart = start * 8;
  for (let bit = start * 8; bit < end * 8; bit++) {
    code = (code << 1) | ((buf[bit >> 3] >> (7 - (bit & 7))) & 1);
    bits++;
    const sym = huffmanDecode.get(`${bits}:${code >>> 0}`);
    if (sym === undefined) continue;
    if (sym === SLASH && bits === DASH_BITS) {
      for (let i = 0; i < bits; i++) {
        const at = symbolStart + i;
        const mask = 1 << (7 - (at & 7));
        if ((DASH_CODE >> (bits - 1 - i)) & 1) buf[at >> 3] |= mask;
        else buf[at >> 3] &= ~mask;
      }
    }
    code = 0;
    bits = 0;
    symbolStart = bit + 1;
  }
  return end;
}

/** Rewrites `:authority` values in one complete HPACK header block, in place. */
export function patchHeaderBlock(block: Buffer): void {
  let pos = 0;
  while (pos < block.length) {
    const b = block[pos];
    if (b & 0x80) {
      pos = readInt(block, pos, 7)[1]; // indexed field
      continue;
    }
    if ((b & 0xe0) === 0x20) {
      pos = readInt(block, pos, 5)[1]; // dynamic table size update
      continue;
    }
    const prefix = (b & 0xc0) === 0x40 ? 6 : 4; // with incremental indexing : without / never indexed
    const [nameIndex, next] = readInt(block, pos, prefix);
    pos = next;
    let isAuthority = nameIndex === 1; // the static table's :authority
    if (nameIndex === 0) {
      const [nameLen, nameStart] = readInt(block, pos, 7);
      isAuthority =
        (block[pos] & 0x80) === 0 && block.toString('latin1', nameStart, nameStart + nameLen) === ':authority';
      pos = nameStart + nameLen;
    }
    pos = patchString(block, pos, isAuthority);
  }
}

/**
 * Hands a new client connection to `inject`: wrapped by {@link withAuthorityFix} when its first
 * bytes look like grpc-go's (the preface, then an empty SETTINGS frame), as it is otherwise.
 */
export function acceptConnection(socket: Socket, inject: (connection: Duplex) => void): void {
  let head = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    head = Buffer.concat([head, chunk]);
    if (head.length < PREFACE_LENGTH + FRAME_HEADER) return;
    socket.off('data', onData);
    socket.pause();
    socket.unshift(head);
    const goClient = head.readUIntBE(PREFACE_LENGTH, 3) === 0 && head[PREFACE_LENGTH + 3] === SETTINGS;
    inject(goClient ? withAuthorityFix(socket) : socket);
  };
  socket.on('data', onData);
}

/**
 * Wraps a client connection to an HTTP/2 server; bytes from the client pass through with
 * `:authority` values patched, bytes to the client pass straight to the socket.
 */
export function withAuthorityFix(socket: Socket): Duplex {
  let pending: Buffer = Buffer.alloc(0);
  let prefaceLeft = PREFACE_LENGTH;
  /** Bytes of a non-HEADERS frame still to pass through unparsed. */
  let skip = 0;
  const wrapper = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk, _enc, cb) {
      socket.write(chunk, cb);
    },
    final(cb) {
      socket.end(cb);
    },
    destroy(err, cb) {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  const process = (chunk: Buffer): Buffer[] => {
    const out: Buffer[] = [];
    let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    pending = Buffer.alloc(0);
    while (buf.length) {
      if (prefaceLeft > 0) {
        const n = Math.min(prefaceLeft, buf.length);
        out.push(buf.subarray(0, n));
        prefaceLeft -= n;
        buf = buf.subarray(n);
      } else if (skip > 0) {
        const n = Math.min(skip, buf.length);
        out.push(buf.subarray(0, n));
        skip -= n;
        buf = buf.subarray(n);
      } else if (buf.length < FRAME_HEADER) {
        pending = Buffer.from(buf);
        break;
      } else {
        const length = buf.readUIntBE(0, 3);
        const type = buf[3];
        const flags = buf[4];
        if (type !== HEADERS || !(flags & FLAG_END_HEADERS)) {
          out.push(buf.subarray(0, FRAME_HEADER));
          skip = length;
          buf = buf.subarray(FRAME_HEADER);
          continue;
        }
        if (buf.length < FRAME_HEADER + length) {
          pending = Buffer.from(buf);
          break;
        }
        const frame = Buffer.from(buf.subarray(0, FRAME_HEADER + length));
        let start = FRAME_HEADER;
        let end = frame.length;
        if (flags & FLAG_PADDED) end -= frame[start++];
        if (flags & FLAG_PRIORITY) start += 5;
        try {
          patchHeaderBlock(frame.subarray(start, end));
        } catch {
          // A block we cannot walk goes through untouched; the HTTP/2 server will judge it.
        }
        out.push(frame);
        buf = buf.subarray(FRAME_HEADER + length);
      }
    }
    return out;
  };
  socket.on('data', (chunk: Buffer) => {
    let more = true;
    for (const part of process(chunk)) more = wrapper.push(part) && more;
    if (!more) socket.pause();
  });
  socket.on('end', () => wrapper.push(null));
  socket.on('error', (err) => wrapper.destroy(err));
  socket.on('close', () => wrapper.destroy());
  // What the HTTP/2 server reads off a socket.
  Object.assign(wrapper, {
    remoteAddress: socket.remoteAddress,
    remotePort: socket.remotePort,
    localAddress: socket.localAddress,
    localPort: socket.localPort,
    encrypted: (socket as { encrypted?: boolean }).encrypted,
    alpnProtocol: (socket as { alpnProtocol?: string }).alpnProtocol,
    setNoDelay: (v?: boolean) => socket.setNoDelay(v),
    setKeepAlive: (e?: boolean, d?: number) => socket.setKeepAlive(e, d),
    setTimeout: (ms: number, cb?: () => void) => socket.setTimeout(ms, cb),
  });
  return wrapper;
}
