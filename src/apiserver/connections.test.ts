import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import https from 'node:https';
import tls from 'node:tls';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiHttpServer } from './server.js';
import { servingCert } from './tls.js';
import { ApiMetrics } from './metrics.js';
import type { Context } from './context.js';

let server: ApiHttpServer;
let port: number;
let ca: Buffer;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-conn-'));
  const cert = await servingCert({ certDir: dir, hosts: ['127.0.0.1', 'localhost'] });
  ca = cert.cert;
  // Health needs nothing from the registry.
  server = new ApiHttpServer({} as Context, {
    cert: cert.cert,
    key: cert.key,
    maxRequestsInflight: 10,
    maxMutatingRequestsInflight: 10,
    serverAddress: '127.0.0.1',
    checks: [],
    metrics: new ApiMetrics(),
    readHeaderTimeoutMs: 300,
    idleTimeoutMs: 500,
  });
  port = await server.listen(0, '127.0.0.1');
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const closed = (emitter: { once(e: 'close', f: () => void): unknown }) =>
  new Promise<number>((resolve) => {
    const start = Date.now();
    emitter.once('close', () => resolve(Date.now() - start));
  });

test('a connection that sends no request is dropped after the read-header timeout', async () => {
  const socket = tls.connect({ host: '127.0.0.1', port, ca, ALPNProtocols: ['http/1.1'] });
  await new Promise((resolve) => socket.once('secureConnect', resolve));
  const ms = await closed(socket);
  assert.ok(ms >= 200 && ms < 2000, `closed after ${ms} ms`);
});

test('an HTTP/1.1 connection is dropped once idle, not while a request is answered', async () => {
  const agent = new https.Agent({ ca, keepAlive: true });
  const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) =>
    https.get({ host: '127.0.0.1', port, path: '/healthz', agent }, resolve).on('error', reject),
  );
  res.resume();
  assert.equal(res.statusCode, 200);
  const ms = await closed(res.socket);
  assert.ok(ms >= 400 && ms < 3000, `closed after ${ms} ms`);
  agent.destroy();
});

test('an HTTP/2 session is dropped once it has no stream open', async () => {
  const session = http2.connect(`https://127.0.0.1:${port}`, { ca });
  const stream = session.request({ ':path': '/healthz' });
  const status = await new Promise((resolve) => stream.once('response', (h) => resolve(h[':status'])));
  stream.resume();
  assert.equal(status, 200);
  const ms = await closed(session);
  assert.ok(ms >= 400 && ms < 3000, `closed after ${ms} ms`);
});

/** A session's view of the server's SETTINGS. */
async function remoteSettings(p: number): Promise<{ session: http2.ClientHttp2Session; max?: number }> {
  const session = http2.connect(`https://127.0.0.1:${p}`, { ca });
  const settings = await new Promise<http2.Settings>((resolve) => session.once('remoteSettings', resolve));
  return { session, max: settings.maxConcurrentStreams };
}

test("an HTTP/2 client may open 100 streams at once, upstream's default", async () => {
  const { session, max } = await remoteSettings(port);
  assert.equal(max, 100);
  session.destroy();
});

test('--http2-max-streams-per-connection sets the streams a client may open at once', async () => {
  const cert = await servingCert({ certDir: dir, hosts: ['127.0.0.1'] });
  const small = new ApiHttpServer({} as Context, {
    cert: cert.cert,
    key: cert.key,
    maxRequestsInflight: 10,
    maxMutatingRequestsInflight: 10,
    http2MaxStreamsPerConnection: 3,
    serverAddress: '127.0.0.1',
    checks: [],
    metrics: new ApiMetrics(),
  });
  const p = await small.listen(0, '127.0.0.1');
  const { session, max } = await remoteSettings(p);
  assert.equal(max, 3);
  // Beyond the limit, streams wait on the client's side; every request is answered.
  const statuses = await Promise.all(
    Array.from(
      { length: 12 },
      () =>
        new Promise<unknown>((resolve, reject) => {
          const s = session.request({ ':path': '/healthz' });
          s.once('response', (h) => resolve(h[':status']));
          s.once('error', reject);
          s.resume();
        }),
    ),
  );
  assert.deepEqual(statuses, Array(12).fill(200));
  session.destroy();
  await small.close();
});
