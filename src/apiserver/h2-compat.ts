/**
 * The request and response objects the handlers use (what `node:http` and `node:http2`'s
 * compatibility API offer: `req.headers`, `req.on('data')`, `res.writeHead`, `res.write`,
 * `res.end`, 'drain' and 'close'), for a stream of our own HTTP/2 layer (`src/machinery/h2/`).
 * Whatever a handler writes in one turn of the event loop leaves in one socket write.
 */
import { EventEmitter } from 'node:events';
import type { TLSSocket } from 'node:tls';
import type { H2Stream, HeaderList } from '../machinery/h2/stream.js';

/**
 * A request's body is buffered until a 'data' listener is added (as a paused Readable's is),
 * up to `limit` bytes: what comes after is dropped, since a reader with that limit refuses the
 * body anyway (413).
 */
export class H2ServerRequest extends EventEmitter {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private ended = false;
  /** 'data' is emitted as it arrives (after what was buffered). */
  private flowing = false;
  private resuming = false;

  constructor(
    private readonly h2: H2Stream,
    readonly socket: TLSSocket,
    private readonly limit: number,
  ) {
    super();
    this.headers = h2.headers;
    this.method = h2.headers[':method'] ?? 'GET';
    this.url = h2.headers[':path'] ?? '/';
    h2.on('data', (chunk: Buffer) => {
      if (this.flowing) return void this.emit('data', chunk);
      if (this.bufferedBytes > this.limit) return;
      this.buffered.push(chunk);
      this.bufferedBytes += chunk.length;
    });
    h2.once('end', () => {
      this.ended = true;
      if (this.flowing) this.emit('end');
    });
    h2.once('close', () => {
      // Reset before its end: a reader of the body learns it will not come.
      if (!this.ended && this.listenerCount('error')) this.emit('error', new Error('aborted'));
      this.emit('close');
    });
  }

  /** Each header's values, repeated names and all (node's `headersDistinct`). */
  get headersDistinct(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [name, value] of this.h2.headerList) (out[name] ??= []).push(value);
    return out;
  }

  override on(event: string | symbol, listener: (...args: unknown[]) => void): this {
    super.on(event, listener);
    if (event === 'data') this.resume();
    return this;
  }

  /** Starts the flow: on the next tick what was buffered goes out, in order, then what arrives. */
  resume(): this {
    if (this.resuming) return this;
    this.resuming = true;
    process.nextTick(() => {
      const held = this.buffered;
      this.buffered = [];
      this.flowing = true;
      for (const chunk of held) this.emit('data', chunk);
      if (this.ended) this.emit('end');
    });
    return this;
  }

  /** Resets the stream. */
  destroy(): void {
    this.h2.cancel();
  }
}

type HeaderValue = string | number | readonly string[];

/** A response: status and headers go out with the first write, `writeHead` or `flushHeaders`. */
export class H2ServerResponse extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  private readonly fields = new Map<string, HeaderValue>();

  constructor(
    readonly req: H2ServerRequest,
    private readonly stream: H2Stream,
  ) {
    super();
    stream.on('drain', () => this.emit('drain'));
    stream.once('close', () => this.emit('close'));
  }

  get socket(): TLSSocket {
    return this.req.socket;
  }

  get writableEnded(): boolean {
    return !this.stream.writable;
  }

  setHeader(name: string, value: HeaderValue): this {
    this.fields.set(name.toLowerCase(), value);
    return this;
  }

  getHeader(name: string): HeaderValue | undefined {
    return this.fields.get(name.toLowerCase());
  }

  removeHeader(name: string): void {
    this.fields.delete(name.toLowerCase());
  }

  writeHead(status: number, headers?: Record<string, HeaderValue | undefined>): this {
    this.statusCode = status;
    if (headers)
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) this.setHeader(name, value);
    this.flushHeaders();
    return this;
  }

  flushHeaders(): void {
    if (this.headersSent) return;
    this.headersSent = true;
    const list: HeaderList = [[':status', String(this.statusCode)]];
    for (const [name, value] of this.fields) {
      if (Array.isArray(value)) for (const v of value) list.push([name, v]);
      else list.push([name, String(value)]);
    }
    this.stream.respond(list);
  }

  /** False when the caller should wait for 'drain'. */
  write(chunk: string | Buffer): boolean {
    this.flushHeaders();
    if (!chunk.length) return true;
    return this.stream.write(chunk);
  }

  end(chunk?: string | Buffer): this {
    if (chunk?.length) this.write(chunk);
    else this.flushHeaders();
    this.stream.end();
    return this;
  }
}
