/**
 * One request on an HTTP/2 connection of our own layer (`src/machinery/h2/`): the request's
 * headers and body out, the response's headers in, and its body as an {@link H2Body}.
 */
import type { H2Session } from '../../machinery/h2/session.js';
import type { H2Stream, HeaderList } from '../../machinery/h2/stream.js';
import { abortReason } from './clock.js';
import { TransportError, isRefusedStream } from './transport-error.js';

/** What a response body offers its readers: its chunks as they come, or all of it at once. */
export interface ResponseBody extends AsyncIterable<Buffer | string> {
  /** Stops reading: the stream is cancelled if it has not ended. */
  destroy(): void;
  /** The whole body, when the body can hand it over without being iterated. */
  readAll?(): Promise<Buffer>;
}

/**
 * A response body arriving on an H2Stream. Everything that arrives is kept until read (the
 * session acknowledges data as it arrives; a reader that stops holding on is cancelled by
 * `destroy`).
 */
export class H2Body implements ResponseBody {
  private chunks: Buffer[] = [];
  private done = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly stream: H2Stream) {
    stream.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.signal();
    });
    stream.once('end', () => {
      this.done = true;
      this.signal();
    });
  }

  /** The stream was cut before its end. */
  fail(err: Error): void {
    if (this.done) return;
    this.error = err;
    this.done = true;
    this.signal();
  }

  destroy(): void {
    if (!this.stream.closed) this.stream.cancel();
    this.done = true;
    this.chunks = [];
    this.signal();
  }

  async readAll(): Promise<Buffer> {
    while (!this.done) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.error) throw this.error;
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    this.chunks = [];
    return all;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (;;) {
      while (this.chunks.length) yield this.chunks.shift()!;
      if (this.error) throw this.error;
      if (this.done) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

export interface H2Request {
  method: string;
  /** Path and query, with the server URL's own path in front. */
  path: string;
  authority: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  signal?: AbortSignal;
  /** The method and URL for messages: `Get "https://…"`. */
  where: string;
}

export interface H2Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: H2Body;
}

/** Sends `req` on `session`; resolves on the response's headers, rejects with a TransportError. */
export function exchangeH2(session: H2Session, req: H2Request, done: () => void): Promise<H2Response> {
  return new Promise((resolve, reject) => {
    const list: HeaderList = [
      [':method', req.method],
      [':scheme', 'https'],
      [':authority', req.authority],
      [':path', req.path],
    ];
    for (const [name, value] of Object.entries(req.headers)) {
      const lower = name.toLowerCase();
      if (Array.isArray(value)) for (const v of value) list.push([lower, v]);
      else list.push([lower, value]);
    }
    if (req.body) list.push(['content-length', String(req.body.length)]);
    let stream: H2Stream;
    try {
      stream = session.request(list, !req.body);
    } catch (err) {
      done();
      return reject(new TransportError(err, false, req.where));
    }
    const body = new H2Body(stream);
    let responded = false;
    const onAbort = () => stream.cancel();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    stream.once('response', (headers: Record<string, string>, raw: HeaderList) => {
      responded = true;
      resolve({ status: Number(headers[':status']), headers: responseHeaders(raw), body });
    });
    stream.once('close', () => {
      done();
      req.signal?.removeEventListener('abort', onAbort);
      if (stream.remoteClosed) return;
      // Cut before the end: the connection went, or the server reset the stream.
      const err =
        stream.rstCode === undefined
          ? Object.assign(new Error('http2: client connection lost'), { code: 'ECONNRESET' })
          : Object.assign(new Error(`stream closed with error code ${stream.rstCode}`), {
              code: 'ERR_HTTP2_STREAM_ERROR',
            });
      if (responded) return body.fail(new TransportError(err, true, req.where));
      responded = true;
      if (req.signal?.aborted) return reject(abortReason(req.signal));
      reject(new TransportError(err, true, req.where, isRefusedStream(stream.rstCode)));
    });
    if (req.body) {
      stream.write(req.body);
      stream.end();
    }
  });
}

/** The response's headers without the pseudo-headers; a name sent more than once gives a list. */
function responseHeaders(raw: HeaderList): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of raw) {
    if (name.startsWith(':')) continue;
    const have = out[name];
    out[name] = have === undefined ? value : Array.isArray(have) ? [...have, value] : [have, value];
  }
  return out;
}
