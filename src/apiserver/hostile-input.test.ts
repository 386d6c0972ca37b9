/**
 * Hostile input: a few hundred requests no well-behaved client sends — malformed and mistyped
 * bodies, huge and deeply nested ones, invalid names, odd paths, methods and headers, missing and
 * bad credentials. Every one must be answered with a 4xx Status (never a 5xx, never a dropped
 * connection), and the store must be exactly as it was.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type TestControlPlane } from './testing/cluster.js';
import { testClient, type TestClient } from './testing/http.js';

let cp: TestControlPlane;
let api: TestClient;
let dir: string;
const ADMIN = { Authorization: 'Bearer admin-token' };
const ALICE = { Authorization: 'Bearer alice-token' };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-hostile-'));
  writeFileSync(join(dir, 'tokens.csv'), 'admin-token,admin,1,"system:masters"\nalice-token,alice,2\n');
  cp = await startControlPlane({ authorizationMode: 'RBAC', tokenAuthFile: join(dir, 'tokens.csv') });
  api = testClient(cp.url, cp.apiserver.caCert);
});
after(async () => {
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Case {
  what: string;
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

const NS = '/api/v1/namespaces/default';
const COLLECTIONS = [
  `${NS}/configmaps`,
  `${NS}/pods`,
  `${NS}/services`,
  `${NS}/secrets`,
  '/apis/apps/v1/namespaces/default/deployments',
  '/api/v1/namespaces',
  '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  '/apis/batch/v1/namespaces/default/jobs',
];
const nested = (depth: number, leaf = '1') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
const KINDS: Record<string, [string, string]> = {
  configmaps: ['v1', 'ConfigMap'],
  pods: ['v1', 'Pod'],
  services: ['v1', 'Service'],
  secrets: ['v1', 'Secret'],
  deployments: ['apps/v1', 'Deployment'],
  namespaces: ['v1', 'Namespace'],
  clusterroles: ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  jobs: ['batch/v1', 'Job'],
};
const typed = (path: string, rest: Record<string, unknown>) => {
  const [apiVersion, kind] = KINDS[path.split('/').at(-1)!];
  return JSON.stringify({ apiVersion, kind, ...rest });
};

function cases(): Case[] {
  const out: Case[] = [];
  const post = (what: string, path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    out.push({
      what,
      method: 'POST',
      path,
      body,
      headers: { ...ADMIN, 'Content-Type': 'application/json', ...headers },
    });
  for (const path of COLLECTIONS) {
    // Not JSON, or JSON that is not an object.
    for (const body of ['{', '}', '[]', 'null', '"text"', '42', 'true', '{"metadata":', '\u0000\u0001', '\uFEFF{}x']) {
      post(`malformed ${JSON.stringify(body)}`, path, body);
    }
    post('invalid UTF-8', path, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    // Wrong types where the schema says otherwise.
    post('metadata as a string', path, typed(path, { metadata: 'x' }));
    post('name as a number', path, typed(path, { metadata: { name: 7 } }));
    post('labels as a list', path, typed(path, { metadata: { name: 'x', labels: ['a'] } }));
    post('annotations with a number', path, typed(path, { metadata: { name: 'x', annotations: { a: 1 } } }));
    post('a deeply nested name', path, typed(path, { metadata: { name: JSON.parse(nested(50)) } }));
    post('nested past the limit', path, nested(10_001));
    // Invalid names.
    // RBAC objects take any name that is a path segment, as upstream's.
    const names = path.includes('rbac')
      ? ['..', '.', 'a/b', 'a%b', '']
      : ['UPPER', 'a_b', '-lead', 'trail-', 'x'.repeat(300), '..', 'a/b', 'sp ace', ''];
    for (const name of names) {
      post(`name ${JSON.stringify(name.slice(0, 20))}`, path, typed(path, { metadata: { name } }));
    }
    if (!path.includes('rbac')) {
      post('generateName only with bad characters', path, typed(path, { metadata: { generateName: 'Bad_' } }));
    }
    post('the wrong kind', path, JSON.stringify({ apiVersion: 'v1', kind: 'Nope', metadata: { name: 'x' } }));
    post('the wrong version', path, JSON.stringify({ apiVersion: 'v9', kind: 'ConfigMap', metadata: { name: 'x' } }));
    post('a label value too long', path, typed(path, { metadata: { name: 'x', labels: { a: 'v'.repeat(64) } } }));
    post('a text body', path, 'name: x', { 'Content-Type': 'text/plain' });
    post('YAML sent as JSON', path, 'metadata:\n  name: x\n');
    post('bad YAML', path, 'a: [\n', { 'Content-Type': 'application/yaml' });
    post('a truncated protobuf', path, Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a]), {
      'Content-Type': 'application/vnd.kubernetes.protobuf',
    });
    post('dryRun of a bad value', `${path}?dryRun=Sometimes`, typed(path, { metadata: { name: 'x' } }));
    post('fieldValidation of a bad value', `${path}?fieldValidation=Loose`, typed(path, { metadata: { name: 'x' } }));
    post(
      'unknown fields, strictly',
      `${path}?fieldValidation=Strict`,
      typed(path, { metadata: { name: 'x' }, bogus: 1 }),
    );
    // Reads with broken parameters.
    for (const q of [
      'labelSelector=a%3D%3Db%3D%3Dc',
      'fieldSelector=spec.nope%3D1',
      'limit=abc',
      'continue=not-a-token',
      'resourceVersion=abc&resourceVersionMatch=Exact',
      'watch=1&resourceVersion=abc',
      'timeout=forever',
    ]) {
      out.push({ what: `list with ${q}`, method: 'GET', path: `${path}?${q}`, headers: ADMIN });
    }
    // Wrong verbs on the collection and on a missing object.
    out.push({
      what: 'PUT on a collection',
      method: 'PUT',
      path,
      body: '{}',
      headers: { ...ADMIN, 'Content-Type': 'application/json' },
    });
    out.push({
      what: 'PATCH on a collection',
      method: 'PATCH',
      path,
      body: '{}',
      headers: { ...ADMIN, 'Content-Type': 'application/merge-patch+json' },
    });
    out.push({
      what: 'POST to a name',
      method: 'POST',
      path: `${path}/x`,
      body: typed(path, { metadata: { name: 'x' } }),
      headers: { ...ADMIN, 'Content-Type': 'application/json' },
    });
    out.push({
      what: 'PATCH of nothing',
      method: 'PATCH',
      path: `${path}/missing`,
      body: '{}',
      headers: { ...ADMIN, 'Content-Type': 'application/merge-patch+json' },
    });
    out.push({ what: 'PATCH without a type', method: 'PATCH', path: `${path}/missing`, body: '{}', headers: ADMIN });
    out.push({
      what: 'apply without a manager',
      method: 'PATCH',
      path: `${path}/x`,
      body: typed(path, { metadata: { name: 'x' } }),
      headers: { ...ADMIN, 'Content-Type': 'application/apply-patch+yaml' },
    });
    out.push({ what: 'DELETE of nothing', method: 'DELETE', path: `${path}/missing`, headers: ADMIN });
    out.push({
      what: 'DELETE with a bad policy',
      method: 'DELETE',
      path: `${path}/missing?propagationPolicy=Eventually`,
      headers: ADMIN,
    });
    // Credentials.
    out.push({ what: 'no credentials', method: 'GET', path });
    out.push({ what: 'a bad token', method: 'GET', path, headers: { Authorization: 'Bearer nope' } });
    out.push({
      what: 'a user without bindings',
      method: 'POST',
      path,
      body: typed(path, { metadata: { name: 'x' } }),
      headers: { ...ALICE, 'Content-Type': 'application/json' },
    });
    out.push({
      what: 'impersonation without the verb',
      method: 'GET',
      path,
      headers: { ...ALICE, 'Impersonate-User': 'admin' },
    });
  }
  // Odd paths.
  for (const path of [
    '/api/v2',
    '/apis/nope.example.com/v1/things',
    '/apis/apps/v9/deployments',
    `${NS}/pods/x/y/z/w`,
    `${NS}/nothings`,
    '/api/v1/../../etc/passwd',
    `/api/v1/${'a'.repeat(8000)}`,
    '/api/v1/namespaces/default/pods/%E2%98%83',
    '/apis/apps/v1/namespaces/default/deployments/x/scale/extra',
    '/openapi/v3/apis/nope/v1',
    '/healthz/nothing',
  ]) {
    out.push({ what: `path ${path.slice(0, 40)}`, method: 'GET', path, headers: ADMIN });
  }
  // Odd methods and headers.
  out.push({
    what: 'a create in a namespace named NUL',
    method: 'POST',
    path: '/api/v1/namespaces/%00/configmaps',
    body: '{"metadata":{"name":"x"}}',
    headers: { ...ADMIN, 'Content-Type': 'application/json' },
  });
  out.push({ what: 'TRACE', method: 'TRACE', path: `${NS}/pods`, headers: ADMIN });
  out.push({ what: 'OPTIONS', method: 'OPTIONS', path: `${NS}/pods`, headers: ADMIN });
  out.push({
    what: 'a huge body',
    method: 'POST',
    path: `${NS}/configmaps`,
    body: Buffer.alloc(4 << 20, 'a'),
    headers: { ...ADMIN, 'Content-Type': 'application/json' },
  });
  out.push({
    what: 'Basic credentials',
    method: 'GET',
    path: `${NS}/pods`,
    headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' },
  });
  out.push({ what: 'an empty bearer', method: 'GET', path: `${NS}/pods`, headers: { Authorization: 'Bearer ' } });
  out.push({
    what: 'impersonating a group alone',
    method: 'GET',
    path: `${NS}/pods`,
    headers: { ...ADMIN, 'Impersonate-Group': 'system:masters' },
  });
  out.push({
    what: 'a JSON patch that is not a list',
    method: 'PATCH',
    path: '/api/v1/namespaces/default',
    body: '{"op":"add"}',
    headers: { ...ADMIN, 'Content-Type': 'application/json-patch+json' },
  });
  out.push({
    what: 'a JSON patch testing wrongly',
    method: 'PATCH',
    path: '/api/v1/namespaces/default',
    body: '[{"op":"test","path":"/metadata/name","value":"other"}]',
    headers: { ...ADMIN, 'Content-Type': 'application/json-patch+json' },
  });
  out.push({
    what: 'a merge patch renaming',
    method: 'PATCH',
    path: '/api/v1/namespaces/default',
    body: '{"metadata":{"name":"other"}}',
    headers: { ...ADMIN, 'Content-Type': 'application/merge-patch+json' },
  });
  out.push({
    what: 'a strategic patch with a bad directive',
    method: 'PATCH',
    path: '/api/v1/namespaces/default',
    body: '{"$patch":"explode"}',
    headers: { ...ADMIN, 'Content-Type': 'application/strategic-merge-patch+json' },
  });
  out.push({
    what: 'an update of another name',
    method: 'PUT',
    path: '/api/v1/namespaces/default',
    body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } }),
    headers: { ...ADMIN, 'Content-Type': 'application/json' },
  });
  out.push({
    what: 'an update with a stale resourceVersion',
    method: 'PUT',
    path: '/api/v1/namespaces/default',
    body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', resourceVersion: '1' } }),
    headers: { ...ADMIN, 'Content-Type': 'application/json' },
  });
  out.push({ what: 'deleting kube-system', method: 'DELETE', path: '/api/v1/namespaces/kube-system', headers: ADMIN });
  out.push({
    what: 'a review of nothing',
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
    body: '{}',
    headers: { ...ADMIN, 'Content-Type': 'application/json' },
  });
  out.push({
    what: 'a token review of nothing',
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/tokenreviews',
    body: '{"spec":{}}',
    headers: { ...ADMIN, 'Content-Type': 'application/json' },
  });
  out.push({
    what: 'a binding of a missing pod',
    method: 'POST',
    path: `${NS}/pods/missing/binding`,
    body: '{"target":{"name":"n"}}',
    headers: { ...ADMIN, 'Content-Type': 'application/json' },
  });
  out.push({
    what: 'an eviction of a missing pod',
    method: 'POST',
    path: `${NS}/pods/missing/eviction`,
    body: '{"metadata":{"name":"missing"}}',
    headers: { ...ADMIN, 'Content-Type': 'application/json' },
  });
  out.push({
    what: 'a scale of a missing deployment',
    method: 'PUT',
    path: '/apis/apps/v1/namespaces/default/deployments/missing/scale',
    body: '{"spec":{"replicas":-1}}',
    headers: { ...ADMIN, 'Content-Type': 'application/json' },
  });
  return out;
}

/** The store's revision, from a consistent list. */
const revision = async () =>
  (await api.request('GET', '/api/v1/namespaces', undefined, ADMIN)).body.metadata.resourceVersion;

test('hostile requests: each answered 4xx with a Status, none 5xx, nothing stored', async (t) => {
  const all = cases();
  t.diagnostic(`${all.length} requests`);
  assert.ok(all.length >= 200, `only ${all.length} cases`);
  const before = await revision();
  const failures: string[] = [];
  for (const c of all) {
    const res = await api.request(c.method, c.path, c.body, c.headers ?? {});
    const where = `${c.what} (${c.method} ${c.path.slice(0, 60)}): ${res.status} ${res.text.slice(0, 200)}`;
    if (res.status < 400 || res.status >= 500) failures.push(where);
    else if (c.method !== 'HEAD' && (res.body?.kind !== 'Status' || res.body.code !== res.status))
      failures.push(`not a Status: ${where}`);
  }
  assert.deepEqual(failures, []);
  assert.equal(await revision(), before, 'the store changed');
  assert.equal((await api.request('GET', '/healthz', undefined, ADMIN)).status, 200);
});
