import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http2 from 'node:http2';
import { FakeClock } from './clock.js';
import { RestClient, type RestClientOptions } from './client.js';
import type { RestConfig } from './config.js';
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

test('falls back to HTTP/1.1 when ALPN offers no h2', async () => {
  const { server, client } = await setup((_q, res, n) => ok(res, n), {}, {}, true);
  assert.deepEqual((await client.request(POST)).body, { n: 0 });
  assert.deepEqual((await client.request({ path: '/y' })).body, { n: 1 });
  assert.equal(client.protocol, 'http/1.1');
  assert.equal(server.seen[0].body, '{"a":1}');
  assert.equal(server.seen[0].headers['content-type'], 'application/json');
});

test('GOAWAY: the session is dropped and the next request opens a new one', async () => {
  const sessions = new Set<unknown>();
  const { client } = await setup((req, res, n) => {
    const stream = req.stream;
    sessions.add(stream.session);
    ok(res, n);
    if (n === 0) stream.session!.close();
  });
  assert.deepEqual((await client.request({ path: '/a' })).body, { n: 0 });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual((await client.request({ method: 'DELETE', path: '/b' })).body, { n: 1 });
  assert.equal(sessions.size, 2);
});

test("a full session: requests over the server's stream limit go on another connection, as Go's transport does", async () => {
  const server = await startTestServer(() => {}, { maxConcurrentStreams: 3 });
  servers.push(server);
  const client = new RestClient({ server: server.url, caData: server.ca }, { rateLimiter: null });
  clients.push(client);
  // Every request is held until all ten have arrived: they must all be open at once.
  const held: (() => void)[] = [];
  const sessions = new Set<unknown>();
  server.handle((req, res, n) => {
    sessions.add(req.stream.session);
    held.push(() => ok(res, n));
    if (held.length === 10) for (const answer of held) answer();
  });
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`only ${held.length} of 10 requests reached the server at once`)), 5000);
  });
  const answers = await Promise.race([
    Promise.all(Array.from({ length: 10 }, (_, i) => client.request({ path: `/r${i}` }))),
    stuck,
  ]).finally(() => clearTimeout(timer));
  assert.equal(answers.length, 10);
  assert.ok(answers.every((a) => a.status === 200));
  // Three streams a connection: ten requests at once take four connections.
  assert.equal(sessions.size, 4);
  // The next requests reuse the open sessions.
  server.handle((req, res, n) => {
    sessions.add(req.stream.session);
    ok(res, n);
  });
  await Promise.all(Array.from({ length: 6 }, () => client.request({ path: '/again' })));
  assert.equal(sessions.size, 4);
});

test('a server that never finishes the TLS handshake: timeoutMs still ends the request', async () => {
  const silent = net.createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const port = (silent.address() as net.AddressInfo).port;
  const client = new RestClient({ server: `https://127.0.0.1:${port}` }, { rateLimiter: null });
  clients.push(client);
  await assert.rejects(client.request({ path: '/x', timeoutMs: 50 }), { name: 'TimeoutError' });
  client.close();
  silent.close();
});

test('TLS: an unknown CA is refused (not retried); insecure-skip-tls-verify and tls-server-name work', async () => {
  const { server } = await setup((_q, res, n) => ok(res, n));
  const clock = new FakeClock();
  const untrusted = new RestClient({ server: server.url }, { clock, rateLimiter: null });
  const insecure = new RestClient({ server: server.url, insecureSkipTlsVerify: true }, { rateLimiter: null });
  const named = new RestClient(
    { server: server.url, caData: server.ca, tlsServerName: 'localhost' },
    { rateLimiter: null },
  );
  const wrongName = new RestClient(
    { server: server.url, caData: server.ca, tlsServerName: 'other' },
    { rateLimiter: null },
  );
  clients.push(untrusted, insecure, named, wrongName);
  await assert.rejects(untrusted.request({ path: '/x' }), (e: unknown) => e instanceof TransportError && !e.transient);
  assert.deepEqual(clock.sleeps, []);
  assert.equal((await insecure.request({ path: '/x' })).status, 200);
  assert.equal((await named.request({ path: '/x' })).status, 200);
  await assert.rejects(wrongName.request({ path: '/x' }), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
});

test('watch over HTTP/1.1', async () => {
  const { client } = await setup(
    (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"type":"ADDED","object":{}}\n{"type":"BOOKMARK","object":{}}\n');
    },
    {},
    {},
    true,
  );
  const types: string[] = [];
  for await (const e of client.watch('/w')) types.push(e.type);
  assert.deepEqual(types, ['ADDED', 'BOOKMARK']);
  assert.equal(client.protocol, 'http/1.1');
});

test('HTTP/2: a header sent twice arrives as a list; a body cut midway is an error once the response has begun', async () => {
  const { client } = await setup((req, res, n) => {
    if (n === 0) {
      res.setHeader('Warning', ['299 - "first"', '299 - "second"']);
      return ok(res, n);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"partial":');
    setTimeout(() => req.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR), 20);
  });
  const first = await client.request({ path: '/w' });
  assert.deepEqual(first.headers.warning, ['299 - "first"', '299 - "second"']);
  await assert.rejects(
    client.request({ method: 'POST', path: '/cut', body: {} }),
    (e: unknown) => e instanceof TransportError && e.sent && /stream closed with error code 2/.test(e.message),
  );
});
