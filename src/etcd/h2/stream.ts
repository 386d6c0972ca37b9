/**
 * One HTTP/2 stream of an {@link H2Session}: the request's headers, events for what the client
 * sends ('data', 'end', and 'close' once the stream is over either way), and the response's side:
 * `respond` (headers), `write` (data, within the client's flow-control windows), `end` (trailers,
 * which end the stream). The session does the framing; what is written in one turn of the event
 * loop leaves in one socket write, so a unary answer's headers, message and trailers arrive
 * together, as Go's HTTP/2 server sends them.
 */
import { EventEmitter } from 'node:events';
import type { H2Session } from './session.js';

export type HeaderList = Array<[string, string]>;

/** Queued response bytes from which `write` asks the caller to wait for 'drain'. */
const HIGH_WATER = 64 * 1024;

export class H2Stream extends EventEmitter {
  /** Bytes the client lets this stream send now (its flow-control window). */
  sendWindow: number;
  /** Bytes received since this stream's window was last updated. */
  unacked = 0;
  /** Response data waiting for window. */
  readonly queue: Buffer[] = [];
  queued = 0;
  /** Set by `end`: the trailers to send once the queue is out. */
  ending?: HeaderList;
  headersSent = false;
  /** The client has sent END_STREAM. */
  remoteClosed = false;
  /** Over: ended on both sides, or reset. */
  closed = false;
  /** A `write` returned false; 'drain' is owed once the queue is out. */
  needDrain = false;

  constructor(
    private readonly session: H2Session,
    readonly id: number,
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

  /** Sends data; false when the caller should wait for 'drain'. */
  write(data: Buffer): boolean {
    if (!this.writable) return false;
    this.queue.push(data);
    this.queued += data.length;
    this.session.pump(this);
    if (this.queued < HIGH_WATER) return true;
    this.needDrain = true;
    return false;
  }

  /** Ends the response with `trailers`, after the data written before. */
  end(trailers: HeaderList = []): void {
    if (!this.writable) return;
    this.ending = trailers;
    this.session.pump(this);
  }
}
