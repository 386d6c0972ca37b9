/**
 * One HTTP/2 stream of an {@link H2Session}. Events for what the peer sends: 'response' (a
 * client's: the response headers, as a record and as the list with any repeated names), 'data', 'trailers', 'end' (the peer's side is complete), and
 * 'close' once the stream is over either way. Our side: `respond` (a server's response headers),
 * `write` (data, within the peer's flow-control windows), `end` (with trailers, or with the last
 * DATA frame). The session does the framing; what is written in one turn of the event loop leaves
 * in one socket write, so a unary answer's headers, message and trailers arrive together, as Go's
 * HTTP/2 server sends them.
 */
import { EventEmitter } from 'node:events';
import type { H2Session } from './session.js';

export type HeaderList = Array<[string, string]>;

/** Queued response bytes from which `write` asks the caller to wait for 'drain'. */
const HIGH_WATER = 64 * 1024;

/**
 * Text written to a stream, kept as text until it leaves: it is encoded (UTF-8) straight into the
 * buffer of the socket write, with no buffer of its own. `length` is its length in bytes.
 */
export class Text {
  readonly length: number;
  constructor(readonly text: string) {
    this.length = Buffer.byteLength(text);
  }

  /** Its bytes, for the rare write that a flow-control window cuts in two. */
  bytes(): Buffer {
    return Buffer.from(this.text);
  }
}

/** What a stream queues and a session writes. */
export type Chunk = Buffer | Text;

export class H2Stream extends EventEmitter {
  /** Bytes the client lets this stream send now (its flow-control window). */
  sendWindow: number;
  /** Bytes received since this stream's window was last updated. */
  unacked = 0;
  /** Response data waiting for window. */
  readonly queue: Chunk[] = [];
  queued = 0;
  /** Set by `end`: the trailers to send once the queue is out. */
  ending?: HeaderList;
  headersSent = false;
  /** A client's stream has had its response headers. */
  responded = false;
  /** We have sent END_STREAM. */
  localEnded = false;
  /** The peer has sent END_STREAM. */
  remoteClosed = false;
  /** Over: ended on both sides, or reset. */
  closed = false;
  /** A server's stream: the request's headers as they came, repeated names and all. */
  headerList: HeaderList = [];
  /** The RST_STREAM code that ended the stream, sent or received (REFUSED_STREAM also for one a GOAWAY left unprocessed). */
  rstCode?: number;
  /** A `write` returned false; 'drain' is owed once the queue is out. */
  needDrain = false;

  constructor(
    private readonly session: H2Session,
    readonly id: number,
    /** A server's stream: the request's headers. */
    readonly headers: Record<string, string>,
    sendWindow: number,
  ) {
    super();
    this.sendWindow = sendWindow;
  }

  /** True while the response can still be added to. */
  get writable(): boolean {
    return !this.closed && this.ending === undefined;
  }

  /** Sends the response headers; with `endStream`, they are the whole response. */
  respond(headers: HeaderList, endStream = false): void {
    if (this.headersSent || !this.writable) return;
    this.headersSent = true;
    this.session.sendHeaders(this, headers, endStream);
  }

  /** Sends data (text as UTF-8); false when the caller should wait for 'drain'. */
  write(data: Buffer | string): boolean {
    if (!this.writable) return false;
    const chunk = typeof data === 'string' ? new Text(data) : data;
    this.queue.push(chunk);
    this.queued += chunk.length;
    this.session.pump(this);
    if (this.queued < HIGH_WATER) return true;
    this.needDrain = true;
    return false;
  }

  /** Resets the stream (RST_STREAM CANCEL): a client's call given up on. */
  cancel(): void {
    this.session.cancel(this);
  }

  /** Ends our side, after the data written before: with `trailers`, or none (a request). */
  end(trailers: HeaderList = []): void {
    if (!this.writable) return;
    this.ending = trailers;
    this.session.pump(this);
  }
}
