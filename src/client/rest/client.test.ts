import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import net from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, isNotFound } from '../../machinery/errors.js';
import { FakeClock } from './clock.js';
import { RestClient, type RestClientOptions } from './client.js';
import type { RestConfig } from './config.js';
import { TokenBucket } from './token-bucket.js';
import { TransportError } from './transport-error.js';
import { startTestServer, sendJson, type Handler, type TestServer } from './test-server.js';

const servers: TestServer[] = [];
const clients: RestClient[] = [];
after(async () => {
  for (const c of clients) c.close();
  for (const s of servers) await s.stop();
});

async function setup(
  handler: Handler,
  config: Partial<RestConfig> = {},
  opts: RestClientOptions = {},
  http1Only = false,
) {
  const server = await startTestServer(handler, { http1Only });
  servers.push(server);
  const clock = new FakeClock();
  const client = new RestClient(
    { server: server.url, caData: server.ca, ...config },
    { clock, rateLimiter: null, ...opts },
  );
  clients.push(client);
  return { server, client, clock };
}

const ok = (res: Parameters<Handler>[1], n: number) => sendJson(res, 200, { n });
const POST = { method: 'POST', path: '/x', body: { a: 1 } };

test('speaks HTTP/2, sends the credentials and user agent, parses JSON', async () => {
  const { server, client } = await setup((_q, res, n) => ok(res, n), { bearerToken: 'tok', userAgent: 'me/1' });
  const res = await client.request<{ n: number }>({ path: '/api/v1/pods', query: { limit: 5, dryRun: ['All'] } });
  assert.equal(res.body.n, 0);
  assert.equal(client.protocol, 'h2');
  const seen = server.seen[0];
  assert.equal(seen.url, '/api/v1/pods?limit=5&dryRun=All');
  assert.equal(seen.headers.authorization, 'Bearer tok');
  assert.equal(seen.headers['user-agent'], 'me/1');
  assert.equal(seen.headers.accept, 'application/json');
  assert.equal(seen.alpn, 'h2');
});

test('429 with Retry-After is waited out (any method), then succeeds', async () => {
  const { server, client, clock } = await setup((_q, res, n) =>
    n < 2 ? sendJson(res, 429, { kind: 'Status' }, { 'retry-after': String(n + 1) }) : ok(res, n),
  );
  assert.deepEqual((await client.request(POST)).body, { n: 2 });
  assert.deepEqual(clock.sleeps, [1000, 2000]);
  assert.equal(server.seen.length, 3);
});

test('at most 10 retries, then the 429 is the error', async () => {
  const status = { kind: 'Status', status: 'Failure', reason: 'TooManyRequests', message: 'slow down', code: 429 };
  const { server, client, clock } = await setup((_q, res) => sendJson(res, 429, status, { 'retry-after': '1' }));
  await assert.rejects(client.request({ path: '/x' }), (e: unknown) => e instanceof ApiError && e.code === 429);
  assert.equal(server.seen.length, 11);
  assert.equal(clock.sleeps.length, 10);
});

test('5xx with Retry-After is retried for GET, not for POST', async () => {
  const { server, client } = await setup((req, res, n) =>
    n === 0 || req.method === 'POST' ? sendJson(res, 503, {}, { 'retry-after': '1' }) : ok(res, n),
  );
  assert.deepEqual((await client.request({ path: '/x' })).body, { n: 1 });
  await assert.rejects(client.request(POST), { code: 503, reason: 'InternalError' });
  assert.equal(server.seen.length, 3);
  // Marked retryable, the POST is sent again.
  server.handle((_q, res, n) => (n === 3 ? sendJson(res, 503, {}, { 'retry-after': '1' }) : ok(res, n)));
  assert.deepEqual((await client.request({ ...POST, retryable: true })).body, { n: 4 });
});

test('a dropped connection: GET retried with backoff on a new session, POST not', async () => {
  const { client, clock } = await setup((req, res, n) => (n === 0 || n === 2 ? req.socket.destroy() : ok(res, n)));
  assert.deepEqual((await client.request({ path: '/x' })).body, { n: 1 });
  assert.deepEqual(clock.sleeps, [200]);
  await assert.rejects(client.request(POST), (e: unknown) => e instanceof TransportError && e.sent);
  assert.deepEqual((await client.request(POST)).body, { n: 3 });
});

test('a refused stream may be sent again whatever the method', async () => {
  const { client } = await setup((req, res, n) =>
    n === 0 ? req.stream.close(http2.constants.NGHTTP2_REFUSED_STREAM) : ok(res, n),
  );
  assert.deepEqual((await client.request(POST)).body, { n: 1 });
});

test('connection refused: retried for any method (it never left), up to maxRetries', async () => {
  const free = net.createServer();
  await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
  const port = (free.address() as net.AddressInfo).port;
  await new Promise((r) => free.close(r));
  const clock = new FakeClock();
  const client = new RestClient({ server: `https://127.0.0.1:${port}`, maxRetries: 3 }, { clock, rateLimiter: null });
  clients.push(client);
  await assert.rejects(client.request(POST), (e: unknown) => {
    assert.ok(e instanceof TransportError);
    assert.equal(e.code, 'ECONNREFUSED');
    assert.match(e.message, new RegExp(`^Post "https://127.0.0.1:${port}/x": connect ECONNREFUSED`));
    return true;
  });
  assert.deepEqual(clock.sleeps, [200, 400, 800]);
});

test('errors: Status bodies and bare responses become ApiErrors', async () => {
  const { client } = await setup((req, res) => {
    if (req.url === '/status') {
      sendJson(res, 404, {
        kind: 'Status',
        status: 'Failure',
        reason: 'NotFound',
        message: 'pods "p" not found',
        code: 404,
      });
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found');
    }
  });
  await assert.rejects(
    client.request({ path: '/status' }),
    (e: unknown) => isNotFound(e) && (e as Error).message === 'pods "p" not found',
  );
  await assert.rejects(client.request({ path: '/bare' }), {
    code: 404,
    reason: 'NotFound',
    message: 'the server could not find the requested resource',
  });
});

test('client-side rate limiting spaces requests (fake clock)', async () => {
  const clock = new FakeClock();
  const { client } = await setup((_q, res, n) => ok(res, n), {}, { clock, rateLimiter: new TokenBucket(1, 2, clock) });
  for (let i = 0; i < 4; i++) await client.request({ path: '/x' });
  assert.deepEqual(clock.sleeps, [1000, 1000]);
});

test('timeoutMs and abort signals end a request the server does not answer', async () => {
  const { client } = await setup(() => {});
  await assert.rejects(client.request({ path: '/hang', timeoutMs: 30 }), { name: 'TimeoutError' });
  const ctrl = new AbortController();
  const p = client.request({ path: '/hang', signal: ctrl.signal });
  setImmediate(() => ctrl.abort());
  await assert.rejects(p, { name: 'AbortError' });
});

test('a token file is re-read after a minute', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-token-'));
  const file = join(dir, 'token');
  writeFileSync(file, 'one\n');
  const clock = new FakeClock();
  const { server, client } = await setup((_q, res, n) => ok(res, n), { bearerTokenFile: file }, { clock });
  await client.request({ path: '/x' });
  writeFileSync(file, 'two\n');
  await client.request({ path: '/x' });
  clock.advance(60_000);
  await client.request({ path: '/x' });
  assert.deepEqual(
    server.seen.map((s) => s.headers.authorization),
    ['Bearer one', 'Bearer one', 'Bearer two'],
  );
  rmSync(dir, { recursive: true, force: true });
});

test('watch: events parsed across chunk boundaries, ending with the stream or the signal', async () => {
  const { client, server } = await setup((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const a = JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } });
    const b = JSON.stringify({ type: 'DELETED', object: { metadata: { name: 'a' } } });
    res.write(a.slice(0, 10));
    res.write(a.slice(10) + '\n' + b.slice(0, 5));
    if (req.url?.includes('forever')) return void res.write(b.slice(5) + '\n');
    res.end(b.slice(5) + '\n');
  });
  const events = [];
  for await (const e of client.watch('/api/v1/pods', { resourceVersion: '5' })) events.push(e.type);
  assert.deepEqual(events, ['ADDED', 'DELETED']);
  assert.equal(server.seen[0].url, '/api/v1/pods?resourceVersion=5&watch=true');
  const ctrl = new AbortController();
  const seen: string[] = [];
  for await (const e of client.watch('/forever', {}, ctrl.signal)) {
    seen.push(e.type);
    if (seen.length === 2) ctrl.abort();
  }
  assert.deepEqual(seen, ['ADDED', 'DELETED']);
});
