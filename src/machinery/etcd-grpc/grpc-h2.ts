/**
 * A minimal gRPC client straight over `node:http2`, for the apiserver's storage calls and the
 * store benchmark's load generator: grpc-js costs about 0.5 ms of client CPU per call (channel,
 * resolver, retry and load-balancing layers, interceptors, a captured stack, protobufjs through
 * proto-loader); this costs about 0.15 ms. Here one {@link GrpcConn} is one HTTP/2 connection
 * (one `http2.connect` session); callers hand over request messages already framed (so that hot
 * loops can pre-encode them) and decode only what they need of the replies.
 *
 * Wire format (gRPC over HTTP/2): `POST /<package.Service>/<Method>` with `content-type:
 * application/grpc` and `te: trailers`; each message is framed as a 1-byte compressed flag (0), a
 * 4-byte big-endian length and the protobuf bytes; the status comes in the trailers
 * (`grpc-status`, `grpc-message`), or in the headers of a Trailers-Only response.
 */
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';

const {
  HTTP2_HEADER_METHOD,
  HTTP2_HEADER_PATH,
  HTTP2_HEADER_CONTENT_TYPE,
  HTTP2_HEADER_TE,
  HTTP2_HEADER_STATUS,
  NGHTTP2_CANCEL,
} = http2.constants;

/**
 * Flow-control windows we advertise. Node's defaults (64 KiB per stream and per connection) make
 * a 20 MB Range reply trickle in 32 KiB steps, one WINDOW_UPDATE round trip each (the Range line
 * took twice as long); grpc-go, etcd's client, grows its windows by BDP estimation. 1 MiB per
 * stream and 4 MiB per connection take that cost away; larger windows measured no faster, and
 * made the k8ts server's latency noisier (more reply buffered in it at once).
 */
const STREAM_WINDOW = 1 << 20;
const SESSION_WINDOW = 4 << 20;

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

const REQUEST_OPTIONS: http2.ClientSessionRequestOptions = { endStream: false };

/** Headers of a request to `path`, built once per path (http2 copies them per request). */
const headerCache = new Map<string, http2.OutgoingHttpHeaders>();
function requestHeaders(path: string): http2.OutgoingHttpHeaders {
  let h = headerCache.get(path);
  if (!h) {
    h = {
      [HTTP2_HEADER_METHOD]: 'POST',
      [HTTP2_HEADER_PATH]: path,
      [HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
      [HTTP2_HEADER_TE]: 'trailers',
    };
    headerCache.set(path, h);
  }
  return h;
}

/** The gRPC status of a finished call: from the trailers, else a Trailers-Only header block. */
function statusOf(
  path: string,
  headers: http2.IncomingHttpHeaders | undefined,
  trailers: http2.IncomingHttpHeaders | undefined,
): GrpcError | undefined {
  const httpStatus = headers?.[HTTP2_HEADER_STATUS];
  if (httpStatus !== undefined && Number(httpStatus) !== 200)
    return new GrpcError(13, `HTTP status ${httpStatus}`, path);
  const src = trailers?.['grpc-status'] !== undefined ? trailers : headers;
  const status = src?.['grpc-status'];
  if (status === undefined) return new GrpcError(13, 'no grpc-status', path);
  const code = Number(status);
  if (code === 0) return undefined;
  const msg = src?.['grpc-message'];
  return new GrpcError(code, typeof msg === 'string' ? decodeURIComponent(msg) : '', path);
}

/** One bidirectional streaming call: write framed messages, get parsed messages as they arrive. */
export class GrpcStream {
  private closed = false;

  constructor(
    private readonly req: http2.ClientHttp2Stream,
    readonly path: string,
    onMessage: (message: Buffer, arrival: number) => void,
    onEnd: (err: Error | undefined) => void,
  ) {
    let headers: http2.IncomingHttpHeaders | undefined;
    let trailers: http2.IncomingHttpHeaders | undefined;
    let arrival = 0;
    const parser = new MessageParser((m) => onMessage(m, arrival));
    let ended = false;
    const end = (err: Error | undefined) => {
      if (ended) return;
      ended = true;
      onEnd(err);
    };
    req.on('response', (h) => (headers = h));
    req.on('trailers', (t) => (trailers = t));
    req.on('data', (chunk: Buffer) => {
      arrival = performance.now();
      try {
        parser.push(chunk);
      } catch (err) {
        end(err as Error);
        this.cancel();
      }
    });
    req.on('end', () => end(this.closed ? undefined : statusOf(path, headers, trailers)));
    req.on('error', (err) => end(this.closed ? undefined : err));
    req.on('close', () => end(this.closed ? undefined : new Error(`${path}: stream closed (RST ${req.rstCode})`)));
  }

  write(framed: Buffer): void {
    this.req.write(framed);
  }

  /** Cancels the call (RST_STREAM CANCEL); ends without an error. */
  cancel(): void {
    this.closed = true;
    if (!this.req.closed) this.req.close(NGHTTP2_CANCEL);
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
  private dead = false;

  private constructor(private readonly session: http2.ClientHttp2Session) {
    // Once the server goes away or the connection breaks, no new call can start on it.
    const die = () => (this.dead = true);
    session.on('goaway', die);
    session.on('close', die);
    session.on('error', die);
  }

  /** Whether calls can still start on this connection. */
  get alive(): boolean {
    return !this.dead && !this.session.closed && !this.session.destroyed;
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
      // Our own socket, to set TCP_NODELAY (the session's socket proxy refuses it).
      const createConnection = () => {
        if (!secure) return net.connect({ host, port, noDelay: true });
        const socket = tls.connect({
          host,
          port,
          ...tlsOptions,
          ALPNProtocols: ['h2'],
          servername: net.isIP(host) ? undefined : host,
        });
        socket.setNoDelay(true);
        return socket;
      };
      const session = http2.connect(`${secure ? 'https' : 'http'}://${url.host}`, {
        settings: { initialWindowSize: STREAM_WINDOW, enablePush: false },
        maxSessionMemory: 256,
        createConnection,
      });
      const timer = setTimeout(() => {
        session.destroy();
        reject(new Error(`connecting to ${endpoint}: no connection within ${timeoutMs / 1000}s`));
      }, timeoutMs);
      const onError = (err: Error) => {
        clearTimeout(timer);
        reject(err);
      };
      session.once('error', onError);
      session.once('connect', () => {
        clearTimeout(timer);
        session.off('error', onError);
        // Errors after this point reach the calls in flight through their streams.
        session.on('error', () => {});
        session.setLocalWindowSize(SESSION_WINDOW);
        resolve(new GrpcConn(session));
      });
    });
  }

  /**
   * A unary call with a framed request; resolves with the reply's DATA, rejects on non-OK status,
   * and, with `timeoutMs`, cancels the call and rejects with DEADLINE_EXCEEDED once it is over.
   */
  unary(path: string, framed: Buffer, timeoutMs?: number): Promise<Reply> {
    return new Promise((resolve, reject) => {
      let req: http2.ClientHttp2Stream;
      try {
        req = this.session.request(requestHeaders(path), REQUEST_OPTIONS);
      } catch (err) {
        this.dead = true;
        reject(err);
        return;
      }
      const chunks: Buffer[] = [];
      let headers: http2.IncomingHttpHeaders | undefined;
      let trailers: http2.IncomingHttpHeaders | undefined;
      let settled = false;
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              settled = true;
              reject(new GrpcError(DEADLINE_EXCEEDED, 'context deadline exceeded', path));
              if (!req.closed) req.close(NGHTTP2_CANCEL);
            }, timeoutMs);
      const settle = (err: Error | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(new Reply(chunks));
      };
      req.on('response', (h) => (headers = h));
      req.on('trailers', (t) => (trailers = t));
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => settle(statusOf(path, headers, trailers)));
      req.on('error', settle);
      // Closed without an end or an error: reset, or the session was destroyed under it.
      req.on('close', () => settle(new Error(`${path}: stream closed (RST ${req.rstCode})`)));
      req.end(framed);
    });
  }

  /** Opens a bidirectional streaming call. */
  stream(
    path: string,
    onMessage: (message: Buffer, arrival: number) => void,
    onEnd: (err: Error | undefined) => void,
  ): GrpcStream {
    const req = this.session.request(requestHeaders(path), REQUEST_OPTIONS);
    return new GrpcStream(req, path, onMessage, onEnd);
  }

  close(): void {
    if (!this.session.destroyed) this.session.destroy();
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
