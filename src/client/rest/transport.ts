/**
 * The connection under a RestClient: HTTP/2 sessions per RestConfig, as Go's transport keeps
 * for kubectl, opened over TLS with ALPN `h2, http/1.1` (HTTP/2 on our own layer,
 * `src/machinery/h2/`). A request goes on the first session with
 * room under the server's SETTINGS_MAX_CONCURRENT_STREAMS (upstream's apiserver: 100); when every
 * session is full, another connection is opened, as Go's transport does. When a session closes or
 * the server sends GOAWAY, later requests go elsewhere; when the server does not choose h2 (or the
 * URL is plain http) requests go over keep-alive HTTP/1.1 instead. A session holds the process
 * open only while a request is in flight on it.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { H2Session } from '../../machinery/h2/session.js';
import type { RestConfig } from './config.js';
import { abortReason } from './clock.js';
import { exchangeH2, type ResponseBody } from './h2-exchange.js';
import { TransportError } from './transport-error.js';
import { tlsOptions } from './tls-options.js';

export type { ResponseBody } from './h2-exchange.js';

/** One request as sent: `path` is the full path and query, below the server URL's own path. */
export interface TransportRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  signal?: AbortSignal;
}

/** Response headers, lower-cased. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** A response whose body is still to be read (or streamed, for watches). */
export interface TransportResponse {
  status: number;
  headers: ResponseHeaders;
  body: ResponseBody;
}

/** The wire protocol in use: decided by ALPN on the first connection. */
export type Protocol = 'h2' | 'http/1.1';

/** How long opening a connection (TCP and TLS) may take. */
export const CONNECT_TIMEOUT_MS = 30_000;

/** `p`, or a rejection with the signal's reason when it aborts first (`p` itself goes on). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Sends requests to one server over a shared HTTP/2 session, or HTTP/1.1 when h2 is not on offer. */
export class Transport {
  private readonly url: URL;
  private readonly host: string;
  private readonly port: number;
  private readonly prefix: string;
  private tls: tls.ConnectionOptions | undefined;
  private mode: Protocol | undefined;
  /** The open sessions, and the streams each has in flight or promised to a request. */
  private readonly sessions = new Map<H2Session, number>();
  private connecting: Promise<H2Session | undefined> | undefined;
  private readonly authority: string;
  private agent: http.Agent | undefined;
  private closed = false;

  constructor(private readonly config: RestConfig) {
    this.url = new URL(config.server);
    if (this.url.protocol !== 'https:' && this.url.protocol !== 'http:') {
      throw new Error(`unsupported protocol scheme "${this.url.protocol.replace(/:$/, '')}"`);
    }
    this.host = this.url.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(this.url.port) || (this.url.protocol === 'https:' ? 443 : 80);
    this.prefix = this.url.pathname.replace(/\/+$/, '');
    if (this.url.protocol === 'http:') this.mode = 'http/1.1';
    this.authority = this.url.host;
  }

  /** The protocol ALPN settled on; undefined before the first connection. */
  get protocol(): Protocol | undefined {
    return this.mode;
  }

  /** The URL a path is sent to, for messages. */
  urlOf(path: string): string {
    return `${this.url.origin}${this.prefix}${path}`;
  }

  /** A request as Go's errors name it: `Get "https://…"`. */
  private where(req: TransportRequest): string {
    return `${req.method[0]}${req.method.slice(1).toLowerCase()} "${this.urlOf(req.path)}"`;
  }

  /** Sends one request; resolves on the response's headers, rejects with a TransportError. */
  async send(req: TransportRequest): Promise<TransportResponse> {
    if (this.closed) throw new TransportError(new Error('client is closed'), false);
    if (this.mode === 'http/1.1') return this.sendH1(req);
    const taking = this.h2Session(req);
    let session: H2Session | undefined;
    try {
      session = await untilAborted(taking, req.signal);
    } catch (err) {
      // Aborted while waiting: the stream room it would have had goes back.
      void taking.then(
        (s) => s && this.release(s),
        () => {},
      );
      throw err;
    }
    return session ? this.sendH2(session, req) : this.sendH1(req);
  }

  /** Closes the sessions and idle connections; in-flight requests are cut. */
  close(): void {
    this.closed = true;
    for (const s of this.sessions.keys()) s.destroy();
    this.sessions.clear();
    this.agent?.destroy();
  }

  private tlsOpts(): tls.ConnectionOptions {
    return (this.tls ??= tlsOptions(this.config));
  }

  /**
   * A session with room for one more stream, that room taken (give it back with `release`); a new
   * session when every one is full; undefined when the server speaks HTTP/1.1.
   */
  private async h2Session(req: TransportRequest): Promise<H2Session | undefined> {
    for (;;) {
      for (const [s, streams] of this.sessions) {
        if (!s.alive || streams >= s.peerMaxStreams) continue;
        if (streams === 0) s.ref(true);
        this.sessions.set(s, streams + 1);
        return s;
      }
      this.connecting ??= this.connect(req).finally(() => (this.connecting = undefined));
      if (!(await this.connecting)) return undefined;
    }
  }

  /** Gives back a stream's room on its session. */
  private release(session: H2Session): void {
    const streams = this.sessions.get(session);
    if (streams === undefined) return;
    this.sessions.set(session, streams - 1);
    if (streams === 1) session.ref(false);
  }

  /** Opens a TLS connection offering h2 and http/1.1; an h2 session on it when the server picks h2. */
  private connect(req: TransportRequest): Promise<H2Session | undefined> {
    const where = this.where(req);
    return new Promise((resolve, reject) => {
      let socket: tls.TLSSocket;
      try {
        const opts = { ...this.tlsOpts(), host: this.host, port: this.port, ALPNProtocols: ['h2', 'http/1.1'] };
        socket = tls.connect(opts);
      } catch (err) {
        return reject(new TransportError(err, false, where));
      }
      const onError = (err: Error) => reject(new TransportError(err, false, where));
      socket.on('error', onError);
      // Go's dialer gives up after 30s; a black-holed address must not hang every caller.
      socket.setTimeout(CONNECT_TIMEOUT_MS, () =>
        socket.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' })),
      );
      socket.once('secureConnect', () => {
        socket.removeListener('error', onError);
        socket.setTimeout(0);
        if (socket.alpnProtocol !== 'h2') {
          this.mode = 'http/1.1';
          socket.destroy();
          return resolve(undefined);
        }
        this.mode = 'h2';
        socket.setNoDelay(true);
        const session = new H2Session(socket);
        const forget = () => void this.sessions.delete(session);
        // After GOAWAY the session finishes its streams; new requests go to a new session.
        session.on('goaway', forget);
        session.on('close', forget);
        // Requests wait for the server's SETTINGS, which say how many streams it allows at once.
        session.once('settings', () => {
          session.ref(false);
          this.sessions.set(session, 0);
          resolve(session);
        });
        session.once('close', () => onError(new Error('http2: client connection lost')));
      });
    });
  }

  /** Sends on `session`, whose room for the stream `h2Session` has taken. */
  private sendH2(session: H2Session, req: TransportRequest): Promise<TransportResponse> {
    const request = {
      ...req,
      path: this.prefix + req.path,
      authority: this.authority,
      where: this.where(req),
    };
    return exchangeH2(session, request, () => this.release(session));
  }

  private sendH1(req: TransportRequest): Promise<TransportResponse> {
    const where = this.where(req);
    const secure = this.url.protocol === 'https:';
    this.agent ??= secure
      ? new https.Agent({ ...this.tlsOpts(), keepAlive: true })
      : new http.Agent({ keepAlive: true });
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    if (req.body) headers['content-length'] = req.body.length;
    return new Promise((resolve, reject) => {
      let sent = false;
      const r = (secure ? https : http).request({
        host: this.host,
        port: this.port,
        path: this.prefix + req.path,
        method: req.method,
        headers,
        agent: this.agent,
        signal: req.signal,
      });
      r.once('socket', (socket) => {
        if (!socket.connecting) sent = true;
        else socket.once(secure ? 'secureConnect' : 'connect', () => (sent = true));
      });
      // Errors after the response reach its reader through the response stream.
      r.on('error', (err) => {
        if (req.signal?.aborted) reject(abortReason(req.signal));
        else reject(new TransportError(err, sent, where));
      });
      r.once('response', (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }));
      r.end(req.body);
    });
  }
}
