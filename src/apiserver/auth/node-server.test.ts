import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type TestControlPlane } from '../testing/cluster.js';
import { testClient, type TestClient } from '../testing/http.js';

let cp: TestControlPlane;
let api: TestClient;
let dir: string;
const ADMIN = { Authorization: 'Bearer admin' };
const N1 = { Authorization: 'Bearer kubelet-n1' };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-node-'));
  writeFileSync(
    join(dir, 'tokens.csv'),
    'admin,admin,1,"system:masters"\nkubelet-n1,system:node:n1,2,"system:nodes"\nkubelet-n2,system:node:n2,3,"system:nodes"\n',
  );
  cp = await startControlPlane({
    authorizationMode: 'Node,RBAC',
    tokenAuthFile: join(dir, 'tokens.csv'),
    enableAdmissionPlugins: ['NodeRestriction'],
  });
  api = testClient(cp.url, cp.apiserver.caCert);
  const NS = '/api/v1/namespaces/default';
  for (const name of ['mine', 'theirs']) {
    await api.request('POST', `${NS}/secrets`, { metadata: { name }, stringData: { k: 'v' } }, ADMIN);
  }
  for (const node of ['n1', 'n2']) await api.request('POST', '/api/v1/nodes', { metadata: { name: node } }, ADMIN);
  const pod = (name: string, nodeName: string, secret: string) => ({
    metadata: { name },
    spec: {
      nodeName,
      containers: [{ name: 'c', image: 'busybox' }],
      volumes: [{ name: 's', secret: { secretName: secret } }],
    },
  });
  await api.request('POST', `${NS}/pods`, pod('on-n1', 'n1', 'mine'), ADMIN);
  await api.request('POST', `${NS}/pods`, pod('on-n2', 'n2', 'theirs'), ADMIN);
  await api.request('GET', `${NS}/pods`, undefined, ADMIN);
});
after(async () => {
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('Node authorizer: a kubelet reads the secrets its pods use, and no others', async () => {
  const mine = await api.request('GET', '/api/v1/namespaces/default/secrets/mine', undefined, N1);
  assert.equal(mine.status, 200, mine.text);
  const theirs = await api.request('GET', '/api/v1/namespaces/default/secrets/theirs', undefined, N1);
  assert.equal(theirs.status, 403);
  assert.equal(
    theirs.body.message,
    `secrets "theirs" is forbidden: User "system:node:n1" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node 'n1' and this object`,
  );
  const list = await api.request('GET', '/api/v1/namespaces/default/secrets', undefined, N1);
  assert.equal(list.status, 403);
});

test('NodeRestriction: a kubelet changes only its own Node and its own pods', async () => {
  const own = await api.request(
    'PATCH',
    '/api/v1/nodes/n1',
    { metadata: { labels: { 'kubernetes.io/arch': 'amd64' } } },
    { ...N1, 'Content-Type': 'application/merge-patch+json' },
  );
  assert.equal(own.status, 200, own.text);
  const other = await api.request(
    'PATCH',
    '/api/v1/nodes/n2',
    { metadata: { labels: { a: 'b' } } },
    { ...N1, 'Content-Type': 'application/merge-patch+json' },
  );
  assert.equal(other.status, 403, other.text);
  assert.equal(other.body.message, 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"');
  const restricted = await api.request(
    'PATCH',
    '/api/v1/nodes/n1',
    { metadata: { labels: { 'node-restriction.kubernetes.io/pool': 'x' } } },
    { ...N1, 'Content-Type': 'application/merge-patch+json' },
  );
  assert.equal(restricted.status, 403, restricted.text);
  const deleteOther = await api.request('DELETE', '/api/v1/namespaces/default/pods/on-n2', undefined, N1);
  assert.equal(deleteOther.status, 403, deleteOther.text);
  assert.equal(
    deleteOther.body.message,
    'pods "on-n2" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself',
  );
  const evictOther = await api.request(
    'POST',
    '/api/v1/namespaces/default/pods/on-n2/eviction',
    { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'on-n2', namespace: 'default' } },
    N1,
  );
  assert.equal(evictOther.status, 403, evictOther.text);
  assert.equal(
    evictOther.body.message,
    'pods "on-n2" is forbidden: node n1 can only evict pods with spec.nodeName set to itself',
  );
  const plainPod = await api.request(
    'POST',
    '/api/v1/namespaces/default/pods',
    { metadata: { name: 'sneaky' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x' }] } },
    N1,
  );
  assert.equal(plainPod.status, 403, plainPod.text);
  assert.match(plainPod.body.message, /can only create mirror pods/);
});
