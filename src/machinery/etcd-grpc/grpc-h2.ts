/**
 * A minimal gRPC client on our own HTTP/2 (src/machinery/h2/), for the apiserver's storage calls
 * and the store benchmark's load generator: grpc-js costs about 0.5 ms of client CPU per call
 * (channel, resolver, retry and load-balancing layers, interceptors, a captured stack, protobufjs
 * through proto-loader); `node:http2` alone about 0.15 ms. Here one {@link GrpcConn} is one
 * HTTP/2 connection; callers hand over request messages already framed (so that hot loops can
 * pre-encode them) and decode only what they need of the replies.
 *
 * Wire format (gRPC over HTTP/2): `POST /<package.Service>/<Method>` with `content-type:
 * application/grpc` and `te: trailers`; each message is framed as a 1-byte compressed flag (0), a
 * 4-byte big-endian length and the protobuf bytes; the status comes in the trailers
 * (`grpc-status`, `grpc-message`), or in the headers of a Trailers-Only response.
 */
import net from 'node:net';
import tls from 'node:tls';
import { H2Session } from '../h2/session.js';
import type { H2Stream, HeaderList } from '../h2/stream.js';

/** Frames one protobuf message: flag 0, 4-byte big-endian length, bytes. */
export function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** gRPC's status code for a call past its deadline. */
const DEADLINE_EXCEEDED = 4;

export class GrpcError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
    readonly path: string,
  ) {
    super(`${path}: grpc-status ${code}${details ? `: ${details}` : ''}`);
  }
}

/** The DATA of a unary reply, as received (timing stops here; parsing is up to the caller). */
export class Reply {
  constructor(readonly chunks: Buffer[]) {}

  get bytes(): number {
    let n = 0;
    for (const c of this.chunks) n += c.length;
    return n;
  }

  /** The one message of the reply, unframed. */
  message(): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    if (all.length < 5) throw new Error(`reply of ${all.length} bytes has no message`);
    if (all[0] !== 0) throw new Error('compressed reply (flag 1) not supported');
    const len = all.readUInt32BE(1);
    if (all.length !== 5 + len) throw new Error(`reply has ${all.length - 5} bytes for a ${len}-byte message`);
    return all.subarray(5);
  }
}

/** Splits a stream of DATA chunks into messages, across chunk boundaries. */
export class MessageParser {
  private pending: Buffer | undefined;

  constructor(private readonly onMessage: (message: Buffer) => void) {}

  push(chunk: Buffer): void {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    while (buf.length >= 5) {
      if (buf[0] !== 0) throw new Error('compressed message (flag 1) not supported');
      const end = 5 + buf.readUInt32BE(1);
      if (buf.length < end) break;
      this.onMessage(buf.subarray(5, end));
      buf = buf.subarray(end);
    }
    if (buf.length) this.pending = buf;
  }
}

/** The headers of a request to `path`. */
function requestHeaders(authority: string, scheme: string, path: string): HeaderList {
  return [
    [':method', 'POST'],
    [':scheme', scheme],
    [':path', path],
    [':authority', authority],
    ['content-type', 'application/grpc'],
    ['te', 'trailers'],
  ];
}

type Headers = Record<string, string>;

/** The gRPC status of a finished call: from the trailers, else a Trailers-Only header block. */
function statusOf(path: string, headers: Headers | undefined, trailers: Headers | undefined): GrpcError | undefined {
  const httpStatus = headers?.[':status'];
  if (httpStatus !== undefined && Number(httpStatus) !== 200)
    return new GrpcError(13, `HTTP status ${httpStatus}`, path);
  const src = trailers?.['grpc-status'] !== undefined ? trailers : headers;
  const status = src?.['grpc-status'];
  if (status === undefined) return new GrpcError(13, 'no grpc-status', path);
  const code = Number(status);
  if (code === 0) return undefined;
  const msg = src?.['grpc-message'];
  return new GrpcError(code, msg !== undefined ? decodeURIComponent(msg) : '', path);
}

/** One bidirectional streaming call: write framed messages, get parsed messages as they arrive. */
export class GrpcStream {
  private closed = false;

  constructor(
    private readonly h2: H2Stream,
    readonly path: string,
    onMessage: (message: Buffer, arrival: number) => void,
    onEnd: (err: Error | undefined) => void,
  ) {
    let headers: Headers | undefined;
    let trailers: Headers | undefined;
    let arrival = 0;
    const parser = new MessageParser((m) => onMessage(m, arrival));
    let ended = false;
    const end = (err: Error | undefined) => {
      if (ended) return;
      ended = true;
      onEnd(err);
    };
    h2.on('response', (h: Headers) => (headers = h));
    h2.on('trailers', (t: Headers) => (trailers = t));
    h2.on('data', (chunk: Buffer) => {
      arrival = performance.now();
      try {
        parser.push(chunk);
      } catch (err) {
        end(err as Error);
        this.cancel();
      }
    });
    h2.on('end', () => end(this.closed ? undefined : statusOf(path, headers, trailers)));
    // An Error (its stack captured) only for a stream that closed without ending.
    h2.on('close', () => ended || end(this.closed ? undefined : new Error(`${path}: stream closed`)));
  }

  write(framed: Buffer): void {
    this.h2.write(framed);
  }

  /** Cancels the call (RST_STREAM CANCEL); ends without an error. */
  cancel(): void {
    this.closed = true;
    this.h2.cancel();
  }
}

/** TLS for `https://` endpoints: the CA to verify the server by, and a client certificate. */
export interface GrpcTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** One HTTP/2 connection to a gRPC server. */
export class GrpcConn {
  private constructor(
    private readonly session: H2Session,
    private readonly authority: string,
    private readonly scheme: string,
  ) {}

  /** Whether calls can still start on this connection (not closed, no GOAWAY). */
  get alive(): boolean {
    return this.session.alive;
  }

  /**
   * Connects to `http://host:port`, or with TLS to `https://host:port` or whenever `tls` is given
   * (as grpc-go and grpc-js do with TLS credentials); resolves once the connection is up, rejects
   * if it is not within `timeoutMs`.
   */
  static connect(endpoint: string, tlsOptions?: GrpcTls, timeoutMs = 20_000): Promise<GrpcConn> {
    return new Promise((resolve, reject) => {
      const url = new URL(endpoint);
      const secure = url.protocol === 'https:' || tlsOptions !== undefined;
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const port = Number(url.port || (secure ? 443 : 80));
      const socket = secure
        ? tls.connect({
            host,
            port,
            ...tlsOptions,
            ALPNProtocols: ['h2'],
            servername: net.isIP(host) ? undefined : host,
          })
        : net.connect({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connecting to ${endpoint}: no connection within ${timeoutMs / 1000}s`));
      }, timeoutMs);
      const onError = (err: Error) => {
        clearTimeout(timer);
        reject(err);
      };
      socket.once('error', onError);
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        if (secure && (socket as tls.TLSSocket).alpnProtocol !== 'h2') {
          socket.destroy();
          return reject(new Error(`connecting to ${endpoint}: the server did not agree to HTTP/2 (ALPN h2)`));
        }
        resolve(new GrpcConn(new H2Session(socket), url.host, secure ? 'https' : 'http'));
      });
    });
  }

  /**
   * A unary call with a framed request; resolves with the reply's DATA, rejects on non-OK status,
   * and, with `timeoutMs`, cancels the call and rejects with DEADLINE_EXCEEDED once it is over.
   */
  unary(path: string, framed: Buffer, timeoutMs?: number): Promise<Reply> {
    return new Promise((resolve, reject) => {
      let h2: H2Stream;
      try {
        h2 = this.session.request(requestHeaders(this.authority, this.scheme, path));
      } catch (err) {
        reject(err);
        return;
      }
      const chunks: Buffer[] = [];
      let headers: Headers | undefined;
      let trailers: Headers | undefined;
      let settled = false;
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              settled = true;
              reject(new GrpcError(DEADLINE_EXCEEDED, 'context deadline exceeded', path));
              h2.cancel();
            }, timeoutMs);
      const settle = (err: Error | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(new Reply(chunks));
      };
      h2.on('response', (h: Headers) => (headers = h));
      h2.on('trailers', (t: Headers) => (trailers = t));
      h2.on('data', (chunk: Buffer) => chunks.push(chunk));
      h2.on('end', () => settle(statusOf(path, headers, trailers)));
      // Closed without an end: reset, or the connection went away under it. Every call closes, so
      // the Error (its stack captured) is made only then.
      h2.on('close', () => settled || settle(new Error(`${path}: stream closed`)));
      h2.write(framed);
      h2.end();
    });
  }

  /** Opens a bidirectional streaming call. */
  stream(
    path: string,
    onMessage: (message: Buffer, arrival: number) => void,
    onEnd: (err: Error | undefined) => void,
  ): GrpcStream {
    const h2 = this.session.request(requestHeaders(this.authority, this.scheme, path));
    return new GrpcStream(h2, path, onMessage, onEnd);
  }

  close(): void {
    this.session.destroy();
  }
}

/** Opens `n` connections (each checked with one call of `probe`, if given); closes them all on failure. */
export async function connectAll(
  endpoint: string,
  n: number,
  probe?: (conn: GrpcConn) => Promise<unknown>,
): Promise<GrpcConn[]> {
  const settled = await Promise.allSettled(Array.from({ length: n }, () => GrpcConn.connect(endpoint)));
  const conns = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    if (probe) await Promise.all(conns.map(probe));
    return conns;
  } catch (err) {
    for (const c of conns) c.close();
    throw err;
  }
}
