/**
 * One HTTP/2 connection (RFC 9113), either side of it, as much as gRPC uses: the preface and
 * SETTINGS, HEADERS with CONTINUATION, DATA, flow control both ways, PING, RST_STREAM,
 * WINDOW_UPDATE and GOAWAY. A server's new streams go to `onStream`; a client opens them with
 * `request`. Both are {@link H2Stream}s.
 *
 * Why not `node:http2`: it sends a stream's trailers a turn of the event loop after its data (the
 * 'wantTrailers' event, then a `setImmediate`), so a gRPC answer ends in a second write, and its
 * C++/JavaScript hand-offs add to every call. Here whatever the streams write in one turn of the
 * event loop leaves in one socket write, queued with `setImmediate` (one for all the sessions with
 * output): after every I/O callback of the turn, so that a busy server answers the requests and
 * sends the watch events of many reads in one write per connection, not one write per read.
 * Header blocks are never indexed on the way out (hpack.ts), so the only HPACK state is the peer's.
 */
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import {
  ACK,
  DEFAULT_MAX_FRAME,
  DEFAULT_WINDOW,
  ErrorCode,
  Flag,
  FRAME_HEADER,
  frameHeader,
  FrameType,
  MAX_WINDOW,
  PREFACE,
  Setting,
  settings,
  u32,
  wholeFrame,
} from './frames.js';
import { HpackDecoder, encodeHeaders } from './hpack.js';
import { H2Stream, Text, type Chunk, type HeaderList } from './stream.js';

/** Each stream's receive window, advertised in SETTINGS (room for a large Put in one go). */
const STREAM_WINDOW = 1 << 20;
/** The connection's receive window. */
const CONNECTION_WINDOW = 4 << 20;
/** Largest header block accepted, with its CONTINUATIONs. */
const MAX_HEADER_BLOCK = 64 * 1024;
/** Output from this size on is written piece by piece rather than copied into one buffer. */
const COPY_LIMIT = 64 * 1024;
/**
 * A frame with up to this much payload that is the first of its session's output in a turn is built
 * whole, payload copied after the header, in one buffer from Node's pool (allocations under 4 KiB).
 */
const WHOLE_FRAME = 4000;
const EMPTY = Buffer.alloc(0);

class ConnectionError extends Error {
  constructor(readonly code: ErrorCode) {
    super(`HTTP/2 connection error ${code}`);
  }
}

/**
 * Events: 'settings' for each SETTINGS frame of the peer's (its stream limit is then in
 * `peerMaxStreams`), 'goaway' when the peer sends GOAWAY (no new streams), 'close' when the
 * connection is gone.
 */
export class H2Session extends EventEmitter {
  readonly streams = new Map<number, H2Stream>();
  private pending: Buffer = EMPTY;
  private prefaceSeen: boolean;
  /** The highest stream ID opened, by the peer (a server) or by us (a client). */
  private lastStreamId = 0;
  /** Bytes the peer lets the connection send now. */
  private sendWindow = DEFAULT_WINDOW;
  private peerInitialWindow = DEFAULT_WINDOW;
  private peerMaxFrame = DEFAULT_MAX_FRAME;
  /** Streams the peer lets us have open at once (SETTINGS_MAX_CONCURRENT_STREAMS; unlimited until it says). */
  peerMaxStreams = Infinity;
  private unacked = 0;
  private readonly decoder = new HpackDecoder();
  private firstBlock = true;
  /** A header block waiting for its CONTINUATION frames. */
  private continued?: { id: number; endStream: boolean; parts: Buffer[]; size: number };
  /** Streams with data waiting for window. */
  private readonly blocked = new Set<H2Stream>();
  /** What this turn of the event loop has sent: the first `outCount` entries of `out`. */
  private out: Chunk[] = [];
  private outCount = 0;
  private outBytes = 0;
  /** The other of two arrays that take turns as `out`: they keep their room, so sending allocates none. */
  private spare: Chunk[] = [];
  private closing = false;
  private dead = false;
  /** The socket's last write went over its buffer: DATA waits for 'drain'. */
  private socketFull = false;
  private closeEmitted = false;

  /**
   * With `onStream`, the server side of the connection; without, the client side. A server
   * with `maxConcurrentStreams` says so in its SETTINGS and refuses (REFUSED_STREAM) a stream
   * opened beyond it.
   */
  constructor(
    private readonly socket: Duplex,
    private readonly onStream?: (stream: H2Stream) => void,
    private readonly maxConcurrentStreams = Infinity,
  ) {
    super();
    this.prefaceSeen = !onStream; // only a server reads a preface
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {}); // 'close' follows
    socket.on('close', () => this.destroy());
    socket.on('drain', () => {
      this.socketFull = false;
      this.pumpBlocked();
    });
    const ours: Array<[Setting, number]> = [[Setting.INITIAL_WINDOW_SIZE, STREAM_WINDOW]];
    if (!onStream) ours.push([Setting.ENABLE_PUSH, 0]);
    if (Number.isFinite(maxConcurrentStreams)) ours.push([Setting.MAX_CONCURRENT_STREAMS, maxConcurrentStreams]);
    if (!onStream) this.send(PREFACE);
    this.sendFrame(FrameType.SETTINGS, 0, 0, settings(ours));
    this.sendFrame(FrameType.WINDOW_UPDATE, 0, 0, u32(CONNECTION_WINDOW - DEFAULT_WINDOW));
  }

  /** Whether new streams can start on this connection. */
  get alive(): boolean {
    return !this.dead && !this.closing;
  }

  /**
   * A client's new stream, its request headers sent; the caller then writes and ends it, unless
   * `endStream` says the headers are the whole request.
   */
  request(headers: HeaderList, endStream = false): H2Stream {
    if (!this.alive) throw new Error('HTTP/2 connection closed');
    this.lastStreamId += this.lastStreamId ? 2 : 1;
    const s = new H2Stream(this, this.lastStreamId, {}, this.peerInitialWindow);
    s.headersSent = true;
    this.streams.set(s.id, s);
    this.sendHeaders(s, headers, endStream);
    return s;
  }

  /** Holds the process open while this connection is (Node's `ref`/`unref` of its socket). */
  ref(held: boolean): void {
    const socket = this.socket as Duplex & { ref?: () => void; unref?: () => void };
    if (held) socket.ref?.();
    else socket.unref?.();
  }

  /** Resets a stream (RST_STREAM CANCEL): a client's call given up on. */
  cancel(s: H2Stream): void {
    if (!s.closed) this.resetStream(s, ErrorCode.CANCEL);
  }

  /** Stops taking new streams (GOAWAY) and ends the connection once the open ones are over. */
  close(): void {
    if (this.closing || this.dead) return;
    this.closing = true;
    this.sendFrame(FrameType.GOAWAY, 0, 0, u32(this.lastStreamId, ErrorCode.NO_ERROR));
    this.endIfIdle();
  }

  /** Drops the connection and every stream on it. */
  destroy(): void {
    this.dead = true;
    this.socket.destroy();
    for (const s of [...this.streams.values()]) this.closeStream(s);
    if (this.closeEmitted) return;
    this.closeEmitted = true;
    this.emit('close');
  }

  sendHeaders(s: H2Stream, headers: HeaderList, endStream: boolean): void {
    this.sendBlock(s.id, headers, endStream);
    if (endStream) this.localEnd(s);
  }

  /** Sends as much of a stream's queued data as the windows allow, then its trailers. */
  pump(s: H2Stream): void {
    if (s.closed || s.localEnded) return;
    while (s.queue.length) {
      const room = Math.min(s.sendWindow, this.sendWindow, this.peerMaxFrame);
      // A peer that does not read its socket holds data back as a closed window does.
      if (room <= 0 || this.socketFull) {
        this.blocked.add(s);
        return;
      }
      let chunk = s.queue[0];
      const n = Math.min(room, chunk.length);
      if (n < chunk.length && chunk instanceof Text) chunk = chunk.bytes();
      if (n === chunk.length) s.queue.shift();
      else s.queue[0] = (chunk as Buffer).subarray(n);
      s.queued -= n;
      s.sendWindow -= n;
      this.sendWindow -= n;
      // Ending without trailers: the last DATA frame carries END_STREAM.
      const last = s.queue.length === 0 && s.ending?.length === 0;
      this.sendFrame(
        FrameType.DATA,
        last ? Flag.END_STREAM : 0,
        s.id,
        n === chunk.length ? chunk : (chunk as Buffer).subarray(0, n),
      );
      if (last) return this.localEnd(s);
    }
    if (this.blocked.size) this.blocked.delete(s);
    if (s.needDrain) {
      s.needDrain = false;
      process.nextTick(() => s.emit('drain'));
    }
    if (s.ending === undefined) return;
    if (s.ending.length) this.sendBlock(s.id, s.ending, true);
    else this.sendFrame(FrameType.DATA, Flag.END_STREAM, s.id);
    this.localEnd(s);
  }

  private onData(chunk: Buffer): void {
    if (this.dead) return;
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    try {
      if (!this.prefaceSeen) {
        if (buf.length < PREFACE.length) return void (this.pending = buf);
        if (!buf.subarray(0, PREFACE.length).equals(PREFACE)) return this.destroy();
        this.prefaceSeen = true;
        buf = buf.subarray(PREFACE.length);
      }
      let pos = 0;
      while (buf.length - pos >= FRAME_HEADER) {
        const length = buf.readUIntBE(pos, 3);
        if (length > DEFAULT_MAX_FRAME) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR);
        if (buf.length - pos < FRAME_HEADER + length) break;
        const type = buf[pos + 3];
        const flags = buf[pos + 4];
        const id = buf.readUInt32BE(pos + 5) & 0x7fffffff;
        const payload = buf.subarray(pos + FRAME_HEADER, pos + FRAME_HEADER + length);
        pos += FRAME_HEADER + length;
        this.onFrame(type, flags, id, payload);
        if (this.dead) return;
      }
      this.pending = pos < buf.length ? buf.subarray(pos) : EMPTY;
    } catch (err) {
      if (!(err instanceof ConnectionError)) throw err;
      this.fail(err.code);
    }
  }

  private onFrame(type: number, flags: number, id: number, payload: Buffer): void {
    if (this.continued && type !== FrameType.CONTINUATION) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR);
    switch (type) {
      case FrameType.HEADERS:
        return this.onHeaders(flags, id, payload);
      case FrameType.CONTINUATION:
        return this.onContinuation(flags, id, payload);
      case FrameType.DATA:
        return this.onDataFrame(flags, id, payload);
      case FrameType.RST_STREAM: {
        if (payload.length !== 4) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR);
        const s = this.streams.get(id);
        if (!s) return;
        s.rstCode = payload.readUInt32BE(0);
        this.closeStream(s);
        return;
      }
      case FrameType.SETTINGS:
        return this.onSettings(flags, payload);
      case FrameType.PING:
        if (payload.length !== 8) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR);
        if (!(flags & ACK)) this.sendFrame(FrameType.PING, ACK, 0, Buffer.from(payload));
        return;
      case FrameType.GOAWAY:
        return this.onGoaway(payload);
      case FrameType.WINDOW_UPDATE:
        return this.onWindowUpdate(id, payload);
      case FrameType.PUSH_PROMISE:
        throw new ConnectionError(ErrorCode.PROTOCOL_ERROR);
      default:
        return; // PRIORITY, and types this server does not know, are ignored
    }
  }

  private onHeaders(flags: number, id: number, payload: Buffer): void {
    if (id === 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR);
    let block = unpad(flags, payload);
    if (flags & Flag.PRIORITY) block = block.subarray(5);
    const endStream = (flags & Flag.END_STREAM) !== 0;
    if (flags & Flag.END_HEADERS) return this.onHeaderBlock(id, endStream, block);
    this.continued = { id, endStream, parts: [block], size: block.length };
  }

  private onContinuation(flags: number, id: number, payload: Buffer): void {
    const c = this.continued;
    if (!c || c.id !== id) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR);
    c.parts.push(payload);
    c.size += payload.length;
    if (c.size > MAX_HEADER_BLOCK) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR);
    if (!(flags & Flag.END_HEADERS)) return;
    this.continued = undefined;
    this.onHeaderBlock(id, c.endStream, Buffer.concat(c.parts));
  }

  private onHeaderBlock(id: number, endStream: boolean, block: Buffer): void {
    let list: HeaderList;
    try {
      list = this.decoder.decode(block);
    } catch {
      throw new ConnectionError(ErrorCode.COMPRESSION_ERROR);
    }
    const existing = this.streams.get(id);
    if (existing) {
      if (existing.remoteClosed) return this.resetStream(existing, ErrorCode.STREAM_CLOSED);
      // A client's first block on its stream is the response's headers; anything later, on
      // either side, is trailers, which end the sender's side.
      const response = !this.onStream && !existing.responded;
      existing.responded = true;
      existing.emit(response ? 'response' : 'trailers', record(list), list);
      if (endStream || !response) this.remoteEnd(existing);
      return;
    }
    if (!this.onStream) {
      // A stream this client already gave up on is ignored; a server cannot open one.
      if (id % 2 === 0 || id > this.lastStreamId) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR);
      return;
    }
    if (id % 2 === 0 || id <= this.lastStreamId) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR);
    this.lastStreamId = id;
    if (this.closing || this.streams.size >= this.maxConcurrentStreams) {
      return this.sendFrame(FrameType.RST_STREAM, 0, id, u32(ErrorCode.REFUSED_STREAM));
    }
    const s = new H2Stream(this, id, record(list), this.peerInitialWindow);
    s.headerList = list;
    s.remoteClosed = endStream;
    this.streams.set(id, s);
    this.onStream(s);
    if (endStream && !s.closed) s.emit('end');
  }

  private onDataFrame(flags: number, id: number, payload: Buffer): void {
    this.unacked += payload.length;
    if (this.unacked >= CONNECTION_WINDOW / 2) {
      this.sendFrame(FrameType.WINDOW_UPDATE, 0, 0, u32(this.unacked));
      this.unacked = 0;
    }
    const s = this.streams.get(id);
    if (!s) {
      // Data in flight on a stream already over is dropped; on one never opened it is an error.
      if (id === 0 || id > this.lastStreamId) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR);
      return;
    }
    if (s.remoteClosed) return this.resetStream(s, ErrorCode.STREAM_CLOSED);
    const data = unpad(flags, payload);
    const endStream = (flags & Flag.END_STREAM) !== 0;
    s.unacked += payload.length;
    if (!endStream && s.unacked >= STREAM_WINDOW / 2) {
      this.sendFrame(FrameType.WINDOW_UPDATE, 0, id, u32(s.unacked));
      s.unacked = 0;
    }
    if (data.length) s.emit('data', data);
    if (endStream && !s.closed) this.remoteEnd(s);
  }

  private onSettings(flags: number, payload: Buffer): void {
    if (flags & ACK) return;
    if (payload.length % 6) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR);
    for (let i = 0; i < payload.length; i += 6) {
      const id = payload.readUInt16BE(i);
      const value = payload.readUInt32BE(i + 2);
      if (id === Setting.INITIAL_WINDOW_SIZE) {
        if (value > MAX_WINDOW) throw new ConnectionError(ErrorCode.FLOW_CONTROL_ERROR);
        const delta = value - this.peerInitialWindow;
        this.peerInitialWindow = value;
        for (const s of this.streams.values()) s.sendWindow += delta;
      } else if (id === Setting.MAX_FRAME_SIZE) {
        if (value < DEFAULT_MAX_FRAME || value > 0xffffff) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR);
        this.peerMaxFrame = value;
      } else if (id === Setting.MAX_CONCURRENT_STREAMS) {
        this.peerMaxStreams = value;
      }
    }
    this.sendFrame(FrameType.SETTINGS, ACK, 0);
    this.emit('settings');
    this.pumpBlocked();
  }

  private onWindowUpdate(id: number, payload: Buffer): void {
    if (payload.length !== 4) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR);
    const increment = payload.readUInt32BE(0) & 0x7fffffff;
    if (id === 0) {
      if (increment === 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR);
      this.sendWindow += increment;
      if (this.sendWindow > MAX_WINDOW) throw new ConnectionError(ErrorCode.FLOW_CONTROL_ERROR);
      return this.pumpBlocked();
    }
    const s = this.streams.get(id);
    if (!s) return;
    if (increment === 0) return this.resetStream(s, ErrorCode.PROTOCOL_ERROR);
    s.sendWindow += increment;
    if (s.sendWindow > MAX_WINDOW) return this.resetStream(s, ErrorCode.FLOW_CONTROL_ERROR);
    this.pump(s);
  }

  private pumpBlocked(): void {
    for (const s of [...this.blocked]) this.pump(s);
  }

  /** One header block as HEADERS, then CONTINUATIONs if it is larger than a frame. */
  private sendBlock(id: number, headers: HeaderList, endStream: boolean): void {
    const block = encodeHeaders(headers, { tableSizeZero: this.firstBlock });
    this.firstBlock = false;
    const end = endStream ? Flag.END_STREAM : 0;
    for (let at = 0, first = true; first || at < block.length; first = false) {
      const part = block.subarray(at, at + this.peerMaxFrame);
      at += part.length;
      const type = first ? FrameType.HEADERS : FrameType.CONTINUATION;
      const flags = (first ? end : 0) | (at >= block.length ? Flag.END_HEADERS : 0);
      this.sendFrame(type, flags, id, part);
    }
  }

  private remoteEnd(s: H2Stream): void {
    s.remoteClosed = true;
    s.emit('end');
    if (s.closed) return;
    if (s.localEnded) this.closeStream(s);
    // A client whose call the server ended stops sending (a server waits for its own response).
    else if (!this.onStream) this.resetStream(s, ErrorCode.CANCEL);
  }

  /**
   * Our side of a stream is complete. A server's response ends the stream: a client still sending
   * is told to stop (RST_STREAM NO_ERROR). A client's request waits for the response.
   */
  private localEnd(s: H2Stream): void {
    s.ending ??= [];
    s.localEnded = true;
    if (s.remoteClosed) this.closeStream(s);
    else if (this.onStream) this.resetStream(s, ErrorCode.NO_ERROR);
  }

  private onGoaway(payload: Buffer): void {
    if (payload.length < 8) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR);
    this.closing = true;
    this.emit('goaway');
    // A client's streams above the last one the server took will not be answered.
    const last = payload.readUInt32BE(0) & 0x7fffffff;
    if (!this.onStream) {
      for (const s of [...this.streams.values()]) {
        if (s.id <= last) continue;
        s.rstCode = ErrorCode.REFUSED_STREAM; // unprocessed: safe to send again
        this.closeStream(s);
      }
    }
    this.endIfIdle();
  }

  private resetStream(s: H2Stream, code: ErrorCode): void {
    this.sendFrame(FrameType.RST_STREAM, 0, s.id, u32(code));
    s.rstCode ??= code;
    this.closeStream(s);
  }

  private closeStream(s: H2Stream): void {
    if (s.closed) return;
    s.closed = true;
    this.streams.delete(s.id);
    this.blocked.delete(s);
    s.emit('close');
    this.endIfIdle();
  }

  private endIfIdle(): void {
    if (this.closing && this.streams.size === 0) this.end();
  }

  /** A connection error: GOAWAY with its code, then the connection is dropped. */
  private fail(code: ErrorCode): void {
    this.sendFrame(FrameType.GOAWAY, 0, 0, u32(this.lastStreamId, code));
    this.end();
    for (const s of [...this.streams.values()]) this.closeStream(s);
  }

  /** Sends what is queued and closes the connection, dropping it if the client does not close its side. */
  private end(): void {
    if (this.dead) return;
    this.flush();
    this.dead = true;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  /** One frame, its length taken from its payload. */
  private sendFrame(type: FrameType, flags: number, stream: number, payload?: Chunk): void {
    // Alone, it is then written as it is; with more output, joined (copied) with the rest anyway.
    if (payload instanceof Buffer && payload.length <= WHOLE_FRAME && !this.outCount)
      return this.send(wholeFrame(type, flags, stream, payload));
    this.send(frameHeader(type, flags, stream, payload?.length ?? 0));
    if (payload?.length) this.send(payload);
  }

  private send(piece: Chunk): void {
    if (this.dead) return;
    if (!this.outCount) {
      if (!unflushed.length) setImmediate(H2Session.flushAll);
      unflushed.push(this);
    }
    this.out[this.outCount++] = piece;
    this.outBytes += piece.length;
  }

  /** Writes out every session's output of this turn of the event loop (one `setImmediate` for them all). */
  private static flushAll(this: void): void {
    const sessions = unflushed;
    unflushed = [];
    for (const s of sessions) s.flush();
  }

  private flush(): void {
    const { out, outCount: count, outBytes: bytes } = this;
    if (!count || this.dead) return;
    this.out = this.spare;
    this.outCount = this.outBytes = 0;
    if (bytes < COPY_LIMIT) {
      const only = count === 1 ? out[0] : undefined;
      this.socketFull = !this.socket.write(only instanceof Buffer ? only : join(out, count, bytes));
    } else {
      this.socket.cork();
      for (let i = 0; i < count; i++) {
        const p = out[i];
        this.socketFull = !this.socket.write(p instanceof Text ? p.text : p);
      }
      this.socket.uncork();
    }
    out.fill(EMPTY, 0, count); // lets go of what was written
    this.spare = out;
  }
}

/** Sessions with output waiting for this turn's {@link H2Session.flushAll}. */
let unflushed: H2Session[] = [];

/** The first `count` pieces in one buffer of `bytes` bytes, text encoded into it in place. */
function join(pieces: Chunk[], count: number, bytes: number): Buffer {
  const buf = Buffer.allocUnsafe(bytes);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const p = pieces[i];
    at += p instanceof Text ? buf.write(p.text, at) : p.copy(buf, at);
  }
  return buf;
}

/** Headers by name; a name that comes more than once has its values joined with ', ' (as HTTP/1.1 folds them). */
function record(list: HeaderList): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of list) headers[name] = Object.hasOwn(headers, name) ? `${headers[name]}, ${value}` : value;
  return headers;
}

/** A frame's payload without its padding (the PADDED flag: a length byte, then zeros at the end). */
function unpad(flags: number, payload: Buffer): Buffer {
  if (!(flags & Flag.PADDED)) return payload;
  if (payload.length < 1 || payload[0] >= payload.length) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR);
  return payload.subarray(1, payload.length - payload[0]);
}
