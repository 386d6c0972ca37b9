import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startControlPlane, type TestControlPlane } from '../../apiserver/testing/cluster.js';
import { ApiError, isAlreadyExists, isConflict, isNotFound } from '../../machinery/errors.js';
import { loadRestConfig } from '../kubeconfig/load.js';
import { RestClient } from './client.js';
import { DynamicClient, NoMatchError } from './discovery.js';
import { ResourceClient, type KubeObject } from './resource-client.js';
import type { WatchEvent } from './watch.js';

let cp: TestControlPlane;
let client: RestClient;
type ConfigMap = KubeObject & { data?: Record<string, string> };
let configmaps: ResourceClient<ConfigMap>;

before(async () => {
  cp = await startControlPlane();
  client = new RestClient({ ...loadRestConfig({ kubeconfig: cp.kubeconfig }), qps: -1 });
  configmaps = new ResourceClient<ConfigMap>(client, {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    namespaced: true,
  });
});
after(async () => {
  client?.close();
  await cp?.stop();
});

const cm = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
});

test('ConfigMaps: create, get, list, update, patch (merge, json, strategic, apply), delete — over HTTP/2', async () => {
  const created = await configmaps.create(cm('one', { a: '1' }));
  assert.equal(client.protocol, 'h2');
  assert.equal(created.metadata?.namespace, 'default');
  assert.deepEqual((await configmaps.get('one')).data, { a: '1' });
  const list = await configmaps.list({ namespace: 'default', fieldSelector: 'metadata.name=one' });
  assert.deepEqual(
    list.items.map((i) => i.metadata?.name),
    ['one'],
  );
  const updated = await configmaps.update({ ...created, data: { a: '2' } });
  assert.deepEqual(updated.data, { a: '2' });
  assert.deepEqual((await configmaps.patch('one', 'merge', { data: { b: '3' } })).data, { a: '2', b: '3' });
  const jp = await configmaps.patch('one', 'json', [{ op: 'remove', path: '/data/a' }]);
  assert.deepEqual(jp.data, { b: '3' });
  assert.deepEqual((await configmaps.patch('one', 'strategic', { data: { c: '4' } })).data, { b: '3', c: '4' });
  const applied = await configmaps.apply(cm('one', { b: '3', c: '5' }), { fieldManager: 'tester', force: true });
  assert.equal(applied.data?.c, '5');
  const dry = await configmaps.patch('one', 'merge', { data: { dry: 'y' } }, { dryRun: true });
  assert.equal(dry.data?.dry, 'y');
  assert.equal((await configmaps.get('one')).data?.dry, undefined);
  await configmaps.delete('one');
  await assert.rejects(configmaps.get('one'), isNotFound);
});

test('a 404 is an ApiError that isNotFound knows, in upstream words', async () => {
  await assert.rejects(configmaps.get('nope', { namespace: 'default' }), (e: unknown) => {
    assert.ok(e instanceof ApiError && isNotFound(e));
    assert.equal(e.code, 404);
    assert.equal(e.message, 'configmaps "nope" not found');
    assert.deepEqual(e.details, { name: 'nope', kind: 'configmaps' });
    return true;
  });
});

test('409: a stale resourceVersion is a Conflict, a second create AlreadyExists, a failed precondition too', async () => {
  const first = await configmaps.create(cm('conflict', { v: '1' }));
  await configmaps.update({ ...first, data: { v: '2' } });
  await assert.rejects(configmaps.update({ ...first, data: { v: '3' } }), (e: unknown) => {
    assert.ok(isConflict(e));
    assert.equal((e as ApiError).code, 409);
    assert.match((e as Error).message, /the object has been modified; please apply your changes/);
    return true;
  });
  await assert.rejects(configmaps.create(cm('conflict')), isAlreadyExists);
  await assert.rejects(configmaps.delete('conflict', { preconditions: { resourceVersion: '1' } }), isConflict);
  await configmaps.delete('conflict', { propagationPolicy: 'Background', gracePeriodSeconds: 0 });
});

test('listAll pages 25 objects 10 at a time', async () => {
  await client.request({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'paging' } } });
  for (let i = 0; i < 25; i++)
    await configmaps.create(cm(`p-${String(i).padStart(2, '0')}`, {}, { set: 'paging' }), { namespace: 'paging' });
  const pages: number[] = [];
  for await (const page of configmaps.listPages({ namespace: 'paging', limit: 10 })) pages.push(page.items.length);
  assert.deepEqual(pages, [10, 10, 5]);
  const all = await configmaps.listAll({ namespace: 'paging', limit: 10, labelSelector: 'set=paging' });
  assert.equal(all.items.length, 25);
  assert.equal(new Set(all.items.map((i) => i.metadata?.name)).size, 25);
  assert.ok(all.metadata.resourceVersion);
  assert.equal(all.metadata.continue, undefined);
  await configmaps.deleteCollection({ namespace: 'paging', labelSelector: 'set=paging' });
  assert.equal((await configmaps.list({ namespace: 'paging' })).items.length, 0);
});

test('a watch sees ADDED, MODIFIED and DELETED, and ends when aborted', async () => {
  const start = await configmaps.list({ namespace: 'default', limit: 1 });
  const ctrl = new AbortController();
  const events: WatchEvent<ConfigMap>[] = [];
  const watching = (async () => {
    for await (const e of configmaps.watch({
      namespace: 'default',
      resourceVersion: start.metadata.resourceVersion,
      fieldSelector: 'metadata.name=watched',
      signal: ctrl.signal,
    })) {
      events.push(e);
      if (e.type === 'DELETED') ctrl.abort();
    }
  })();
  const made = await configmaps.create(cm('watched', { a: '1' }));
  await configmaps.update({ ...made, data: { a: '2' } });
  await configmaps.delete('watched');
  await watching;
  assert.deepEqual(
    events.map((e) => [e.type, e.object.data]),
    [
      ['ADDED', { a: '1' }],
      ['MODIFIED', { a: '2' }],
      ['DELETED', { a: '2' }],
    ],
  );
});

test('a watch ends when the server ends it (timeoutSeconds)', async () => {
  const seen: string[] = [];
  for await (const e of configmaps.watch({ namespace: 'kube-system', timeoutSeconds: 1 })) seen.push(e.type);
  assert.ok(seen.every((t) => t === 'ADDED'));
});

test('updateStatus writes the status subresource', async () => {
  const pods = new ResourceClient(client, { group: '', version: 'v1', resource: 'pods', namespaced: true });
  const pod = await pods.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'st' },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  });
  const st = await pods.updateStatus({ ...pod, status: { phase: 'Running' } });
  assert.equal((st.status as { phase: string }).phase, 'Running');
  assert.equal(((await pods.get('st')).status as { phase: string }).phase, 'Running');
});

test('DynamicClient: resources found by kind, plural, short name, group-qualified name; a miss is NoMatchError', async () => {
  const dyn = new DynamicClient(client);
  assert.deepEqual(await dyn.resolve({ kind: 'ConfigMap' }), {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    namespaced: true,
    kind: 'ConfigMap',
  });
  assert.equal((await dyn.resolve({ resource: 'cm' })).resource, 'configmaps');
  const deploy = await dyn.resolve({ resource: 'deployments.apps' });
  assert.deepEqual([deploy.group, deploy.version, deploy.resource], ['apps', 'v1', 'deployments']);
  assert.equal((await dyn.resolve({ group: 'apps', kind: 'Deployment' })).resource, 'deployments');
  assert.equal((await dyn.resolve({ resource: 'nodes' })).namespaced, false);
  await assert.rejects(dyn.resolve({ kind: 'Nope', group: 'x.io', version: 'v1' }), (e: unknown) => {
    assert.ok(e instanceof NoMatchError);
    assert.equal(e.message, 'no matches for kind "Nope" in version "x.io/v1"');
    return true;
  });
  const obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  };
  const deployments = await dyn.forObject(obj);
  const made = await deployments.create(obj);
  assert.equal(made.metadata?.namespace, 'default');
  assert.equal((await deployments.get('web')).kind, 'Deployment');
});
