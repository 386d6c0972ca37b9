/**
 * A scripted HTTPS server for the client's tests, on 127.0.0.1 with a fresh self-signed
 * certificate: HTTP/2 (with HTTP/1.1 allowed) or HTTP/1.1 only. Each request is handed to the
 * test's handler, which sees how many came before it.
 */
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSigned } from '../../apiserver/tls.js';

/**
 * What a handler gets: the request, the response, and the request's 0-based number. Typed as
 * HTTP/2's compatibility objects; with `http1Only` they are node:http's, which have the same
 * methods the tests use.
 */
export type Handler = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse, n: number) => void;

/** A running test server. */
export interface TestServer {
  url: string;
  ca: string;
  /** Requests seen: method, url, headers, body. */
  seen: { method: string; url: string; headers: Record<string, unknown>; body: string; alpn: string | false }[];
  /** Replaces the handler. */
  handle(h: Handler): void;
  stop(): Promise<void>;
}

let pki: Promise<{ cert: string; key: string }> | undefined;

/**
 * Starts a server; `http1Only` serves without ALPN h2, as an HTTP/1.1-only proxy would;
 * `maxConcurrentStreams` is the streams an HTTP/2 connection may have open at once.
 */
export async function startTestServer(
  handler: Handler,
  opts: { http1Only?: boolean; maxConcurrentStreams?: number } = {},
): Promise<TestServer> {
  const { cert, key } = await (pki ??= selfSigned('test-server', ['127.0.0.1', 'localhost']));
  let h = handler;
  const seen: TestServer['seen'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const onRequest = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = seen.length;
      const alpn = (req.socket as import('node:tls').TLSSocket).alpnProtocol ?? false;
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: { ...req.headers },
        body: Buffer.concat(chunks).toString(),
        alpn,
      });
      h(req, res, n);
    });
  };
  const server = opts.http1Only
    ? https.createServer({ cert, key }, onRequest as unknown as (req: unknown, res: unknown) => void)
    : http2.createSecureServer(
        { cert, key, allowHTTP1: true, settings: { maxConcurrentStreams: opts.maxConcurrentStreams } },
        onRequest,
      );
  server.on('connection', (s: import('node:net').Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    ca: cert,
    seen,
    handle: (next) => (h = next),
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** Answers JSON. */
export function sendJson(
  res: Parameters<Handler>[1],
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
