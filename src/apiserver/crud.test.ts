import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startControlPlane, useControlPlane } from './testing/cluster.js';
import { holdSeat, testClient, until } from './testing/http.js';

const api = useControlPlane();

const cm = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(labels ? { labels } : {}) },
  data,
});

test('create, get, update and delete a ConfigMap with upstream metadata and status codes', async () => {
  const created = await api.request('POST', '/api/v1/namespaces/default/configmaps', cm('one', { a: '1' }));
  assert.equal(created.status, 201);
  const meta = created.body.metadata;
  assert.equal(meta.namespace, 'default');
  assert.match(meta.uid, /^[0-9a-f-]{36}$/);
  assert.match(meta.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.match(meta.resourceVersion, /^\d+$/);

  const got = await api.request('GET', '/api/v1/namespaces/default/configmaps/one');
  assert.equal(got.status, 200);
  assert.deepEqual(got.body.data, { a: '1' });

  const again = await api.request('POST', '/api/v1/namespaces/default/configmaps', cm('one'));
  assert.equal(again.status, 409);
  assert.equal(again.body.reason, 'AlreadyExists');
  assert.equal(again.body.message, 'configmaps "one" already exists');

  const updated = await api.request('PUT', '/api/v1/namespaces/default/configmaps/one', {
    ...got.body,
    data: { a: '2' },
  });
  assert.equal(updated.status, 200);
  assert.notEqual(updated.body.metadata.resourceVersion, meta.resourceVersion);

  // An update that changes nothing is not written (upstream's GuaranteedUpdate): the
  // resourceVersion stays. Changing one label, or an unconditional update, still writes.
  const same = await api.request('PUT', '/api/v1/namespaces/default/configmaps/one', updated.body);
  assert.equal(same.status, 200);
  assert.equal(same.body.metadata.resourceVersion, updated.body.metadata.resourceVersion);
  const unconditional = structuredClone(updated.body);
  delete unconditional.metadata.resourceVersion;
  const sameNoRV = await api.request('PUT', '/api/v1/namespaces/default/configmaps/one', unconditional);
  assert.equal(sameNoRV.body.metadata.resourceVersion, updated.body.metadata.resourceVersion);
  const labelled = await api.request('PUT', '/api/v1/namespaces/default/configmaps/one', {
    ...updated.body,
    metadata: { ...updated.body.metadata, labels: { x: 'y' } },
  });
  assert.equal(labelled.status, 200);
  assert.notEqual(labelled.body.metadata.resourceVersion, updated.body.metadata.resourceVersion);

  // The old resourceVersion is stale now.
  const stale = await api.request('PUT', '/api/v1/namespaces/default/configmaps/one', {
    ...got.body,
    data: { a: '3' },
  });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.reason, 'Conflict');
  assert.equal(
    stale.body.message,
    'Operation cannot be fulfilled on configmaps "one": the object has been modified; please apply your changes to the latest version and try again',
  );

  const deleted = await api.request('DELETE', '/api/v1/namespaces/default/configmaps/one');
  assert.equal(deleted.status, 200);
  assert.equal(deleted.body.kind, 'Status');
  assert.equal(deleted.body.status, 'Success');
  assert.equal(deleted.body.details.name, 'one');

  const gone = await api.request('GET', '/api/v1/namespaces/default/configmaps/one');
  assert.equal(gone.status, 404);
  assert.equal(gone.body.message, 'configmaps "one" not found');
});

test('the namespaces and the kubernetes Service exist at start', async () => {
  const ns = await api.request('GET', '/api/v1/namespaces');
  const names = ns.body.items.map((n: { metadata: { name: string } }) => n.metadata.name).sort();
  assert.deepEqual(names, ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  const svc = await api.request('GET', '/api/v1/namespaces/default/services/kubernetes');
  assert.equal(svc.body.spec.clusterIP, '10.96.0.1');
  const pcs = await api.request('GET', '/apis/scheduling.k8s.io/v1/priorityclasses');
  assert.deepEqual(pcs.body.items.map((p: { metadata: { name: string } }) => p.metadata.name).sort(), [
    'system-cluster-critical',
    'system-node-critical',
  ]);
});

test('objects in a missing namespace get 404', async () => {
  const res = await api.request('POST', '/api/v1/namespaces/nowhere/configmaps', cm('x'));
  assert.equal(res.status, 404);
  assert.equal(res.body.message, 'namespaces "nowhere" not found');
});

test('generateName makes a name from the prefix', async () => {
  const res = await api.request('POST', '/api/v1/namespaces/default/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { generateName: 'gen-' },
  });
  assert.equal(res.status, 201);
  assert.match(res.body.metadata.name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('lists filter by label selector and page with limit and continue', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await api.request(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      cm(`page-${i}`, {}, { tier: i % 2 ? 'odd' : 'even' }),
    );
    assert.equal(r.status, 201);
  }
  const odd = await api.request('GET', '/api/v1/namespaces/default/configmaps?labelSelector=tier%3Dodd');
  assert.deepEqual(
    odd.body.items.map((c: { metadata: { name: string } }) => c.metadata.name),
    ['page-1', 'page-3'],
  );
  const first = await api.request('GET', '/api/v1/namespaces/default/configmaps?labelSelector=tier&limit=2');
  assert.equal(first.body.items.length, 2);
  assert.ok(first.body.metadata.continue);
  const rest = await api.request(
    'GET',
    `/api/v1/namespaces/default/configmaps?labelSelector=tier&limit=10&continue=${first.body.metadata.continue}`,
  );
  assert.deepEqual(
    [...first.body.items, ...rest.body.items].map((c: { metadata: { name: string } }) => c.metadata.name),
    ['page-0', 'page-1', 'page-2', 'page-3', 'page-4'],
  );
  assert.equal(rest.body.metadata.continue, undefined);
});

test('a watch sees changes after its resourceVersion, as newline-delimited events', async () => {
  const list = await api.request('GET', '/api/v1/namespaces/default/configmaps');
  const w = await api.watch(
    `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`,
  );
  assert.equal(w.status, 200);
  await api.request('POST', '/api/v1/namespaces/default/configmaps', cm('watched'));
  await api.request('DELETE', '/api/v1/namespaces/default/configmaps/watched');
  await until(() => w.events.length >= 2);
  assert.deepEqual(
    w.events.map((e) => `${e.type} ${e.object.metadata.name}`),
    ['ADDED watched', 'DELETED watched'],
  );
  w.close();
});

test('unknown paths and resources are 404 Status objects; a wrong verb 405', async () => {
  const res = await api.request('GET', '/apis/nope.example.com/v1/things');
  assert.equal(res.status, 404);
  assert.equal(res.body.kind, 'Status');
  assert.equal(res.body.message, 'the server could not find the requested resource');
  const put = await api.request('PUT', '/api/v1/namespaces/default/configmaps', cm('x'));
  assert.equal(put.status, 405);
});

test('a malformed body is a 400 and changes nothing', async () => {
  const res = await api.request('POST', '/api/v1/namespaces/default/configmaps', '{"kind": ');
  assert.equal(res.status, 400);
  assert.equal(res.body.reason, 'BadRequest');
});

test('a body over 3 MiB is refused with 413', async () => {
  const res = await api.request(
    'POST',
    '/api/v1/namespaces/default/configmaps',
    cm('big', { x: 'y'.repeat(3.2 * 1024 * 1024) }),
  );
  assert.equal(res.status, 413);
  assert.equal(res.body.reason, 'RequestEntityTooLarge');
});

test('dryRun=All answers as a create would and stores nothing', async () => {
  const res = await api.request('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', cm('dry'));
  assert.equal(res.status, 201);
  const got = await api.request('GET', '/api/v1/namespaces/default/configmaps/dry');
  assert.equal(got.status, 404);
});

test('/version, /healthz and /readyz?verbose', async () => {
  const v = await api.request('GET', '/version');
  assert.equal(v.body.major, '1');
  assert.equal(v.body.minor, '32');
  const h = await api.request('GET', '/healthz');
  assert.equal(h.text, 'ok');
  const r = await api.request('GET', '/readyz?verbose');
  assert.match(r.text, /\[\+\]etcd ok/);
  assert.match(r.text, /readyz check passed/);
});

test('/metrics counts requests by verb, resource and code, and times the etcd calls', async () => {
  await api.request('POST', '/api/v1/namespaces/default/configmaps', cm('metered'));
  await api.request('GET', '/api/v1/namespaces/default/configmaps/metered-missing');
  const watch = await api.watch('/api/v1/namespaces/default/configmaps?watch=true');
  const m = (await api.request('GET', '/metrics')).text;
  watch.close();
  assert.match(
    m,
    /apiserver_request_total\{verb="POST",group="",version="v1",resource="configmaps",subresource="",scope="resource",code="201"\} [1-9]/,
  );
  assert.match(m, /apiserver_request_total\{[^}]*verb="GET"[^}]*resource="configmaps"[^}]*code="404"\} [1-9]/);
  assert.match(m, /apiserver_request_duration_seconds_bucket\{[^}]*verb="POST"[^}]*resource="configmaps"/);
  assert.match(m, /etcd_request_duration_seconds_count\{operation="create",type="configmaps"\} [1-9]/);
  assert.match(m, /apiserver_current_inflight_requests\{request_kind="readOnly"\} 1/);
  assert.match(m, /apiserver_longrunning_requests\{verb="WATCH"[^}]*resource="configmaps"[^}]*\} 1/);
});

test('fieldValidation: Strict refuses unknown fields with upstream words, Warn warns, both Warn and Ignore drop them', async () => {
  const body = { ...cm('fv'), spec: { x: 1 }, metadata: { name: 'fv', labelz: {} } };
  const strict = await api.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', body);
  assert.equal(strict.status, 400);
  assert.equal(strict.body.message, 'strict decoding error: unknown field "metadata.labelz", unknown field "spec"');
  const warn = await api.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', body);
  assert.equal(warn.status, 201);
  assert.deepEqual(
    warn.headers.warning,
    '299 - "unknown field \\"metadata.labelz\\"", 299 - "unknown field \\"spec\\""',
  );
  // As upstream's decoding into typed structs, what is unknown is never stored.
  assert.equal(warn.body.spec, undefined);
  assert.equal(warn.body.metadata.labelz, undefined);
  const ignore = await api.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Ignore', {
    ...body,
    metadata: { name: 'fv-ignore', labelz: {} },
  });
  assert.equal(ignore.status, 201);
  assert.equal(ignore.headers.warning, undefined);
  assert.equal(ignore.body.spec, undefined);
  const stored = await api.request('GET', '/api/v1/namespaces/default/configmaps/fv-ignore');
  assert.equal(stored.body.metadata.labelz, undefined);
  const bad = await api.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Loose', cm('fv2'));
  assert.equal(bad.status, 400);
});

test('without priority and fairness, over --max-requests-inflight a request gets 429 with Retry-After; watches are exempt', async () => {
  const small = await startControlPlane({ maxRequestsInflight: 1, enablePriorityAndFairness: false });
  try {
    const c = testClient(small.url, small.apiserver.caCert);
    // A read that holds the only slot (then 504s).
    const { held } = await holdSeat(c);
    const refused = await c.request('GET', '/api/v1/namespaces/default/configmaps');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['retry-after'], '1');
    assert.equal(refused.body.reason, 'TooManyRequests');
    assert.equal(refused.body.message, 'Too many requests, please try again later.');
    const watch = await c.watch('/api/v1/namespaces/default/configmaps?watch=true');
    assert.equal(watch.status, 200);
    watch.close();
    assert.equal((await held).status, 504);
    assert.equal((await c.request('GET', '/api/v1/namespaces/default/configmaps')).status, 200);
  } finally {
    await small.stop();
  }
});

test('an update without a resourceVersion applies to what is stored; CRDs refuse it as upstream does', async () => {
  const made = await api.request('POST', '/api/v1/namespaces/default/configmaps', cm('unconditional', { a: '1' }));
  const body = { ...made.body, data: { a: '2' } };
  delete body.metadata.resourceVersion;
  const put = await api.request('PUT', '/api/v1/namespaces/default/configmaps/unconditional', body);
  assert.equal(put.status, 200);
  assert.equal(put.body.data.a, '2');
  assert.notEqual(put.body.metadata.resourceVersion, made.body.metadata.resourceVersion);

  const crd = await api.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'things.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Cluster',
      names: { plural: 'things', kind: 'Thing' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
    },
  });
  assert.equal(crd.status, 201);
  delete crd.body.metadata.resourceVersion;
  crd.body.spec.names.shortNames = ['th'];
  const refused = await api.request(
    'PUT',
    '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/things.example.com',
    crd.body,
  );
  assert.equal(refused.status, 409);
  assert.equal(
    refused.body.message,
    'Operation cannot be fulfilled on customresourcedefinitions.apiextensions.k8s.io "things.example.com": the object has been modified; please apply your changes to the latest version and try again',
  );
});

test('without --token-auth-file a bearer token is not looked at: the request is anonymous', async () => {
  const r = await api.request(
    'POST',
    '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    { Authorization: 'Bearer k8ts-admin' },
  );
  assert.equal(r.status, 201);
  assert.equal(r.body.status.userInfo.username, 'system:anonymous');
});
