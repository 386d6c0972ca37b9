/**
 * A watcher that stops reading, on an HTTP/2 connection it shares with other requests as
 * client-go's informers and requests share one: the watch is ended once more than its limit is
 * waiting for it, and the connection goes on serving.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { startControlPlane, type TestControlPlane } from './testing/cluster.js';
import { testClient, type TestClient } from './testing/http.js';
import { WATCH_MAX_UNSENT_BYTES } from './handlers/watch.js';

const CMS = '/api/v1/namespaces/default/configmaps';
let cp: TestControlPlane;
let api: TestClient;
before(async () => {
  cp = await startControlPlane();
  api = testClient(cp.url, cp.apiserver.caCert);
});
after(() => cp?.stop());

/** Creates `count` ConfigMaps of about `bytes` each. */
async function fill(prefix: string, count: number, bytes: number) {
  const data = { blob: 'x'.repeat(bytes) };
  for (let i = 0; i < count; i++) {
    const res = await api.request('POST', CMS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${prefix}-${i}` },
      data,
    });
    assert.equal(res.status, 201);
  }
}

const get = (session: http2.ClientHttp2Session, path: string) =>
  new Promise<number>((resolve, reject) => {
    const s = session.request({ ':path': path, authorization: 'Bearer k8ts-admin' });
    s.once('response', (h) => {
      s.resume();
      resolve(Number(h[':status']));
    });
    s.once('error', reject);
  });

test('a watch with more than its limit unsent is ended; the connection goes on', { timeout: 60_000 }, async () => {
  const session = http2.connect(cp.url, { ca: cp.apiserver.caCert });
  try {
    const list = await api.request('GET', CMS);
    const watch = session.request({
      ':path': `${CMS}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`,
      authorization: 'Bearer k8ts-admin',
    });
    await new Promise((r) => watch.once('response', r));
    watch.pause();
    const ended = new Promise<void>((r) => watch.once('end', r));
    await fill('overflow', Math.ceil(WATCH_MAX_UNSENT_BYTES / 900_000) + 2, 900_000);
    // Its end comes after what was sent: read it all.
    watch.resume();
    await ended;
    assert.equal(await get(session, '/version'), 200);
  } finally {
    session.destroy();
  }
});
