/**
 * LIST and WATCH options over HTTP as client-go uses them: streaming lists (sendInitialEvents with
 * the initial-events-end bookmark), label selectors with transitions, timeoutSeconds, a too-old
 * resourceVersion answered with an ERROR event (410 Expired), the refusal of a streaming list
 * without bookmarks, and upstream's validation of list options.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startControlPlane, useControlPlane } from '../testing/cluster.js';
import { testClient, until } from '../testing/http.js';

const api = useControlPlane();
const CMS = '/api/v1/namespaces/default/configmaps';
const cm = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
});

test('a streaming list sends the current objects, then a bookmark marking their end, then changes', async () => {
  await api.request('POST', CMS, cm('s1', { stream: 'yes' }));
  await api.request('POST', CMS, cm('s2', { stream: 'yes' }));
  const w = await api.watch(
    `${CMS}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=stream%3Dyes`,
  );
  assert.equal(w.status, 200);
  await until(() => w.events.some((e) => e.type === 'BOOKMARK'));
  assert.deepEqual(
    w.events.map((e) => `${e.type} ${e.object.metadata.name ?? ''}`),
    ['ADDED s1', 'ADDED s2', 'BOOKMARK '],
  );
  const mark = w.events[2].object;
  assert.equal(mark.kind, 'ConfigMap');
  assert.deepEqual(mark.metadata.annotations, { 'k8s.io/initial-events-end': 'true' });
  assert.ok(Number(mark.metadata.resourceVersion) >= Number(w.events[1].object.metadata.resourceVersion));
  await api.request('POST', CMS, cm('s3', { stream: 'yes' }));
  await until(() => w.events.length === 4);
  assert.equal(w.events[3].type, 'ADDED');
  w.close();
});

test('watchers of one change get it each in their own form: ADDED to one it enters, MODIFIED to the others', async () => {
  const made = await api.request('POST', CMS, cm('w1', { tier: 'db' }));
  const rv = made.body.metadata.resourceVersion;
  const all = [
    await api.watch(`${CMS}?watch=true&resourceVersion=${rv}`),
    await api.watch(`${CMS}?watch=true&resourceVersion=${rv}`),
  ];
  const web = await api.watch(`${CMS}?watch=true&resourceVersion=${rv}&labelSelector=tier%3Dweb`);
  await api.request('PUT', `${CMS}/w1`, { ...made.body, metadata: { ...made.body.metadata, labels: { tier: 'web' } } });
  await until(() => [...all, web].every((w) => w.events.length === 1));
  for (const w of [...all, web]) assert.equal(w.events[0].object.metadata.labels.tier, 'web');
  assert.deepEqual(
    [...all, web].map((w) => w.events[0].type),
    ['MODIFIED', 'MODIFIED', 'ADDED'],
  );
  for (const w of [...all, web]) w.close();
});

test('an object that leaves the selector arrives as DELETED; one that enters as ADDED', async () => {
  const list = await api.request('GET', CMS);
  const w = await api.watch(
    `${CMS}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}&labelSelector=tier%3Dweb`,
  );
  const made = await api.request('POST', CMS, cm('t1', { tier: 'db' }));
  const moved = await api.request('PUT', `${CMS}/t1`, {
    ...made.body,
    metadata: { ...made.body.metadata, labels: { tier: 'web' } },
  });
  await api.request('PUT', `${CMS}/t1`, {
    ...moved.body,
    metadata: { ...moved.body.metadata, labels: { tier: 'db' } },
  });
  await until(() => w.events.length === 2);
  assert.deepEqual(
    w.events.map((e) => `${e.type} ${e.object.metadata.labels.tier}`),
    ['ADDED web', 'DELETED web'],
  );
  w.close();
});

test('timeoutSeconds ends the watch', async () => {
  const w = await api.watch(`${CMS}?watch=true&timeoutSeconds=1`);
  const start = Date.now();
  await w.ended;
  const took = Date.now() - start;
  assert.ok(took >= 900 && took < 5000, `ended after ${took} ms`);
});

test('a resourceVersion older than the history gets an ERROR event with 410 Expired', async () => {
  // A restarted apiserver's watch cache begins at the store's current revision.
  const cp = await startControlPlane();
  try {
    const c = testClient(cp.url, cp.apiserver.caCert);
    await c.request('POST', CMS, cm('old'));
    const rv = (await c.request('GET', CMS)).body.metadata.resourceVersion;
    await cp.restartApiserver();
    const w = await testClient(cp.url, cp.apiserver.caCert).watch(
      `${CMS}?watch=true&resourceVersion=${Number(rv) - 1}`,
    );
    assert.equal(w.status, 200);
    await until(() => w.events.length === 1);
    const [ev] = w.events;
    assert.equal(ev.type, 'ERROR');
    assert.equal(ev.object.code, 410);
    assert.equal(ev.object.reason, 'Expired');
    assert.equal(ev.object.message, `too old resource version: ${Number(rv) - 1} (${rv})`);
    w.close();
  } finally {
    await cp.stop();
  }
});

test('sendInitialEvents without bookmarks and NotOlderThan is refused as upstream does', async () => {
  const res = await api.request('GET', `${CMS}?watch=true&sendInitialEvents=true`);
  assert.equal(res.status, 422);
  assert.match(
    res.body.message,
    /sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled/,
  );
});

test('list options are validated as upstream does: 422 on ListOptions', async () => {
  const res = await api.request('GET', `${CMS}?resourceVersionMatch=Exact`);
  assert.equal(res.status, 422);
  assert.equal(
    res.body.message,
    'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
  );
  const zero = await api.request('GET', `${CMS}?resourceVersion=0&resourceVersionMatch=Exact`);
  assert.match(zero.body.message, /resourceVersionMatch "exact" is forbidden for resourceVersion "0"$/);
  const odd = await api.request('GET', `${CMS}?resourceVersion=5&resourceVersionMatch=Newest`);
  assert.match(
    odd.body.message,
    /resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""$/,
  );
  const list = await api.request('GET', `${CMS}?sendInitialEvents=true`);
  assert.match(list.body.message, /sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list$/);
  const exact = await api.request('GET', CMS);
  const rv = exact.body.metadata.resourceVersion;
  const at = await api.request('GET', `${CMS}?resourceVersion=${rv}&resourceVersionMatch=Exact`);
  assert.equal(at.status, 200, at.text);
  assert.equal(at.body.metadata.resourceVersion, rv);
});
