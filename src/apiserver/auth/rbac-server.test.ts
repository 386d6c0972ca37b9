import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type TestControlPlane } from '../testing/cluster.js';
import { testClient, type TestClient } from '../testing/http.js';

let cp: TestControlPlane;
let dir: string;
let client: TestClient;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-rbac-'));
  writeFileSync(join(dir, 'tokens.csv'), 'admin-token,admin,1,"system:masters"\nalice-token,alice,2\n');
  cp = await startControlPlane({ authorizationMode: 'RBAC', tokenAuthFile: join(dir, 'tokens.csv') });
  client = testClient(cp.url, cp.apiserver.caCert);
});
after(async () => {
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const as = (token: string | undefined, method: string, path: string, body?: unknown) =>
  client.request(method, path, body, token ? { Authorization: `Bearer ${token}` } : {});

test('RBAC: the bootstrap policy is made, system:masters may do anything', async () => {
  const roles = await as('admin-token', 'GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles');
  assert.equal(roles.status, 200);
  const names = roles.body.items.map((r: { metadata: { name: string } }) => r.metadata.name);
  for (const n of ['cluster-admin', 'admin', 'edit', 'view', 'system:basic-user', 'system:discovery']) {
    assert.ok(names.includes(n), n);
  }
  assert.equal((await as('admin-token', 'GET', '/api/v1/namespaces/default/secrets')).status, 200);
});

test('RBAC: a user without bindings gets 403 in upstream words, and a RoleBinding fixes it', async () => {
  const denied = await as('alice-token', 'GET', '/api/v1/namespaces/default/pods');
  assert.equal(denied.status, 403);
  assert.equal(denied.body.reason, 'Forbidden');
  assert.equal(
    denied.body.message,
    'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
  );
  assert.deepEqual(denied.body.details, { kind: 'pods' });
  const bound = await as('admin-token', 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'alice-view' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
  });
  assert.equal(bound.status, 201);
  assert.equal((await as('alice-token', 'GET', '/api/v1/namespaces/default/pods')).status, 200);
  // view reads, does not write, and does not read secrets; only in its namespace.
  assert.equal((await as('alice-token', 'GET', '/api/v1/namespaces/default/secrets')).status, 403);
  assert.equal((await as('alice-token', 'GET', '/api/v1/namespaces/kube-system/pods')).status, 403);
  const write = await as('alice-token', 'POST', '/api/v1/namespaces/default/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x' },
  });
  assert.equal(write.status, 403);
  assert.equal(
    write.body.message,
    'configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "default"',
  );
});

test('RBAC: the reviews answer with the authorizer, whoami works for any authenticated user', async () => {
  const whoami = await as('alice-token', 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
  });
  assert.equal(whoami.status, 201);
  assert.equal(whoami.body.status.userInfo.username, 'alice');
  const canI = (verb: string, resource: string) =>
    as('alice-token', 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'default', verb, resource } },
    });
  const yes = await canI('list', 'pods');
  assert.equal(yes.body.status.allowed, true);
  assert.match(
    yes.body.status.reason,
    /^RBAC: allowed by RoleBinding "alice-view\/default" of ClusterRole "view" to User "alice"$/,
  );
  assert.equal((await canI('delete', 'pods')).body.status.allowed, false);
  const rules = await as('alice-token', 'POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    spec: { namespace: 'default' },
  });
  assert.ok(
    rules.body.status.resourceRules.some(
      (r: { verbs: string[]; resources: string[] }) => r.resources.includes('pods') && r.verbs.includes('list'),
    ),
  );
});

test('RBAC: anonymous requests may read /version and health, nothing else', async () => {
  assert.equal((await as(undefined, 'GET', '/version')).status, 200);
  assert.equal((await as(undefined, 'GET', '/readyz')).status, 200);
  const ns = await as(undefined, 'GET', '/api/v1/namespaces');
  assert.equal(ns.status, 403);
  assert.equal(
    ns.body.message,
    'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope',
  );
});

test('RBAC: impersonation is allowed by the impersonate verb, refused in upstream words otherwise', async () => {
  const whoamiAs = (token: string, headers: Record<string, string>) =>
    client.request(
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      { Authorization: `Bearer ${token}`, ...headers },
    );
  const asAlice = await whoamiAs('admin-token', { 'Impersonate-User': 'alice', 'Impersonate-Group': 'team' });
  assert.equal(asAlice.status, 201);
  assert.deepEqual(asAlice.body.status.userInfo, { username: 'alice', groups: ['team', 'system:authenticated'] });
  const refused = await whoamiAs('alice-token', { 'Impersonate-User': 'bob' });
  assert.equal(refused.status, 403);
  assert.equal(
    refused.body.message,
    'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope',
  );
});

test('impersonation over HTTP/2: each Impersonate-Group header is a group', async () => {
  const session = http2.connect(cp.url, { ca: cp.apiserver.caCert });
  try {
    const stream = session.request({
      ':method': 'POST',
      ':path': '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      'content-type': 'application/json',
      authorization: 'Bearer admin-token',
      'impersonate-user': 'carol',
      'impersonate-group': ['one', 'two'], // two header fields
    });
    stream.end(JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }));
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    await new Promise((r) => stream.once('end', r));
    const review = JSON.parse(Buffer.concat(chunks).toString());
    assert.deepEqual(review.status.userInfo, { username: 'carol', groups: ['one', 'two', 'system:authenticated'] });
  } finally {
    session.close();
  }
});

test('RBAC: roles and bindings may not grant what their writer does not hold', async () => {
  // alice may manage RBAC objects in "default", holding only view there (from the earlier test).
  const grant = await as('admin-token', 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'rbac-writer' },
    rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['create'] }],
  });
  assert.equal(grant.status, 201);
  await as('admin-token', 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'alice-rbac-writer' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'rbac-writer' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
  });
  const role = (name: string, verbs: string[]) =>
    as('alice-token', 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs }],
    });
  assert.equal((await role('pod-reader', ['get', 'list'])).status, 201, 'what alice holds she may grant');
  const escalating = await role('pod-killer', ['delete']);
  assert.equal(escalating.status, 403);
  assert.equal(
    escalating.body.message,
    'roles.rbac.authorization.k8s.io "pod-killer" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}',
  );
  const bindAdmin = await as(
    'alice-token',
    'POST',
    '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'alice-admin' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
    },
  );
  assert.equal(bindAdmin.status, 403);
  assert.match(
    bindAdmin.body.message,
    /^rolebindings\.rbac\.authorization\.k8s\.io "alice-admin" is forbidden: user "alice" .* is attempting to grant RBAC permissions not currently held:\n/,
  );
});
