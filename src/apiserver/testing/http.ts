/** A small HTTPS client for apiserver tests: JSON in, status, headers and parsed JSON out. */
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body's bytes. */
  raw: Buffer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface TestClient {
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  /** Opens a watch; `events` fills as JSON lines arrive (`raw` with the bytes, whatever their form); `close()` ends it. */
  watch(
    path: string,
    headers?: Record<string, string>,
  ): Promise<{
    status: number;
    headers: IncomingHttpHeaders;
    events: { type: string; object: any }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    raw: Buffer[];
    close(): void;
    ended: Promise<void>;
  }>;
}

export function testClient(url: string, ca: Buffer): TestClient {
  const base = new URL(url);
  const agent = new https.Agent({ ca, keepAlive: true });
  const open = (method: string, path: string, headers: Record<string, string>) =>
    https.request({ host: base.hostname, port: base.port, path, method, agent, headers });
  return {
    request(method, path, body, headers = {}) {
      return new Promise((resolve, reject) => {
        const payload =
          body === undefined || typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
        const req = open(method, path, {
          Accept: 'application/json',
          // Node sends a DELETE body unchunked: it needs its length.
          ...(payload !== undefined
            ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) }
            : {}),
          ...headers,
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const text = raw.toString();
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, raw, body: parsed });
          });
        });
        req.on('error', reject);
        req.end(payload);
      });
    },
    watch(path, headers = {}) {
      return new Promise((resolve, reject) => {
        const req = open('GET', path, { Accept: 'application/json', ...headers });
        req.on('response', (res) => {
          const events: { type: string; object: unknown }[] = [];
          const raw: Buffer[] = [];
          const json = (res.headers['content-type'] ?? '').startsWith('application/json');
          let buf = '';
          res.on('data', (c: Buffer) => {
            raw.push(c);
            if (!json) return;
            buf += c.toString();
            let i;
            while ((i = buf.indexOf('\n')) >= 0) {
              events.push(JSON.parse(buf.slice(0, i)));
              buf = buf.slice(i + 1);
            }
          });
          const ended = new Promise<void>((r) => {
            res.on('end', r);
            res.on('close', r);
            res.on('error', () => r());
          });
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            events,
            raw,
            close: () => req.destroy(),
            ended,
          });
        });
        req.on('error', reject);
        req.end();
      });
    },
  };
}

/** Polls `cond` every 10 ms until it holds or `ms` pass. */
export async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Starts a request that holds a seat of the apiserver's concurrency for a while: a read of
 * configmaps at a revision the store has not reached, which waits for it and is answered 504.
 * Resolves once the request has had 200 ms to arrive, with its pending response.
 */
export async function holdSeat(c: TestClient): Promise<{ held: Promise<TestResponse> }> {
  const list = await c.request('GET', '/api/v1/namespaces/default/configmaps');
  const ahead = Number(list.body.metadata.resourceVersion) + 1000;
  const held = c.request(
    'GET',
    `/api/v1/namespaces/default/configmaps?resourceVersion=${ahead}&resourceVersionMatch=NotOlderThan`,
  );
  await new Promise((r) => setTimeout(r, 200));
  return { held };
}
