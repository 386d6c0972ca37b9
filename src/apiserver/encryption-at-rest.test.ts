import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startControlPlane, type TestControlPlane } from './testing/cluster.js';
import { testClient, type TestClient } from './testing/http.js';

const KEY1 = randomBytes(32).toString('base64');
const KEY2 = randomBytes(32).toString('base64');
const config = (keys: [string, string][]) => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
- resources: [secrets]
  providers:
  - aescbc:
      keys:
${keys.map(([name, secret]) => `      - name: ${name}\n        secret: ${secret}`).join('\n')}
  - identity: {}
`;

let cp: TestControlPlane;
let api: TestClient;
let file: string;

let dir: string;

before(async () => {
  // The apiserver reads the file at each start.
  dir = mkdtempSync(join(tmpdir(), 'k8ts-enc-'));
  file = join(dir, 'encryption.yaml');
  writeFileSync(file, config([['key1', KEY1]]));
  cp = await startControlPlane({ encryptionProviderConfig: file });
  api = testClient(cp.url, cp.apiserver.caCert);
});
after(async () => {
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** What etcd holds under `key`. */
async function raw(key: string): Promise<Buffer> {
  const res = await cp.etcd.client.range({ key: Buffer.from(key) });
  return res.kvs[0].value as Buffer;
}

const NS = '/api/v1/namespaces/default';
const secret = (name: string) => ({ metadata: { name }, stringData: { password: 'hunter2-plaintext' } });

test('secrets are stored as k8s:enc:aescbc:v1:key1:…, read back in the clear; configmaps are not touched', async () => {
  assert.equal((await api.request('POST', `${NS}/secrets`, secret('db'))).status, 201);
  const stored = await raw('/registry/secrets/default/db');
  assert.equal(stored.subarray(0, 23).toString(), 'k8s:enc:aescbc:v1:key1:');
  assert.ok(!stored.includes('hunter2') && !stored.includes(Buffer.from('hunter2').toString('base64')));
  const got = await api.request('GET', `${NS}/secrets/db`);
  assert.equal(Buffer.from(got.body.data.password, 'base64').toString(), 'hunter2-plaintext');
  await api.request('POST', `${NS}/configmaps`, { metadata: { name: 'plain' }, data: { a: 'visible' } });
  assert.ok((await raw('/registry/configmaps/default/plain')).toString().startsWith('{'));
});

test('key rotation: a new first key writes, the old one still reads, and a rewrite moves the secret to the new key', async () => {
  writeFileSync(
    file,
    config([
      ['key2', KEY2],
      ['key1', KEY1],
    ]),
  );
  await cp.restartApiserver();
  api = testClient(cp.url, cp.apiserver.caCert);
  const old = await api.request('GET', `${NS}/secrets/db`);
  assert.equal(old.status, 200, old.text);
  assert.equal((await raw('/registry/secrets/default/db')).subarray(0, 23).toString(), 'k8s:enc:aescbc:v1:key1:');
  // `kubectl get secrets -o json | kubectl replace -f -`: an unchanged object is written anew when stale.
  const replaced = await api.request('PUT', `${NS}/secrets/db`, old.body);
  assert.equal(replaced.status, 200, replaced.text);
  assert.equal((await raw('/registry/secrets/default/db')).subarray(0, 23).toString(), 'k8s:enc:aescbc:v1:key2:');
  assert.equal((await api.request('POST', `${NS}/secrets`, secret('new'))).status, 201);
  assert.equal((await raw('/registry/secrets/default/new')).subarray(0, 23).toString(), 'k8s:enc:aescbc:v1:key2:');
});

test('secrets written with keys the config no longer has are left unread; the apiserver starts and serves the rest', async () => {
  writeFileSync(file, config([['key3', randomBytes(32).toString('base64')]]));
  await cp.restartApiserver();
  api = testClient(cp.url, cp.apiserver.caCert);
  assert.equal((await api.request('GET', `${NS}/configmaps/plain`)).status, 200);
  assert.deepEqual((await api.request('GET', `${NS}/secrets`)).body.items, []);
  // Still in etcd, for when the key comes back.
  assert.equal((await raw('/registry/secrets/default/db')).subarray(0, 23).toString(), 'k8s:enc:aescbc:v1:key2:');
});
