import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { RequestOptions, RestClient } from '../../client/rest/client.js';
import type { ResourceRef } from '../../client/rest/resource-client.js';
import { ApiError } from '../../machinery/errors.js';
import { FINALIZER_ESTIMATE_SECONDS, NamespacedResourcesDeleter, gvrString } from './deleter.js';

interface Item {
  metadata: { name: string; finalizers?: string[] };
  spec?: { terminationGracePeriodSeconds?: number };
  status?: { phase?: string };
}

/**
 * A RestClient answering one resource in one namespace from `items`: DELETE on the collection
 * (unless `noDeleteCollection`: 405) marks every item held by finalizers and drops the others
 * (unless `stuck`), DELETE of one item likewise, GET lists.
 */
function fakeClient(items: Item[], opts: { noDeleteCollection?: boolean; stuck?: boolean } = {}) {
  const calls: string[] = [];
  const deleteOne = (name: string) => {
    const i = items.findIndex((x) => x.metadata.name === name);
    if (i < 0 || opts.stuck) return;
    if (items[i]!.metadata.finalizers?.length) return;
    items.splice(i, 1);
  };
  const client = {
    async request(o: RequestOptions) {
      const method = o.method ?? 'GET';
      calls.push(`${method} ${o.path}`);
      const parts = o.path.split('/');
      const isItem = parts.length === (parts[1] === 'apis' ? 8 : 7);
      if (method === 'DELETE' && !isItem) {
        if (opts.noDeleteCollection)
          throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method');
        for (const it of [...items]) deleteOne(it.metadata.name);
        return { status: 200, headers: {}, body: { items: [] } };
      }
      if (method === 'DELETE') {
        deleteOne(parts[parts.length - 1]!);
        return { status: 200, headers: {}, body: {} };
      }
      return { status: 200, headers: {}, body: { items: structuredClone(items) } };
    },
  };
  return { client: client as unknown as RestClient, calls };
}

const widgets: ResourceRef & { verbs: string[] } = {
  group: 'example.com',
  version: 'v1',
  resource: 'widgets',
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
};
const pods: ResourceRef & { verbs: string[] } = { ...widgets, group: '', resource: 'pods' };
const log = pino({ level: 'silent' });

test('gvrString is Go’s GroupVersionResource.String()', () => {
  assert.equal(gvrString(pods), '/v1, Resource=pods');
  assert.equal(gvrString(widgets), 'example.com/v1, Resource=widgets');
});

test('all gone: nothing remains and no wait', async () => {
  const { client, calls } = fakeClient([{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }]);
  const d = new NamespacedResourcesDeleter(client, Date.now, log);
  const { md, err } = await d.deleteAllContentForResource(widgets, 'ns', Date.now());
  assert.equal(err, undefined);
  assert.deepEqual(md, { finalizerEstimateSeconds: 0, numRemaining: 0, finalizersToNumRemaining: new Map() });
  assert.deepEqual(calls, [
    'DELETE /apis/example.com/v1/namespaces/ns/widgets',
    'GET /apis/example.com/v1/namespaces/ns/widgets',
  ]);
});

test('items held by finalizers: counted, with the default finalizer estimate', async () => {
  const { client } = fakeClient([
    { metadata: { name: 'a', finalizers: ['example.com/x'] } },
    { metadata: { name: 'b', finalizers: ['example.com/x', 'example.com/y'] } },
    { metadata: { name: 'c' } },
  ]);
  const d = new NamespacedResourcesDeleter(client, Date.now, log);
  const { md, err } = await d.deleteAllContentForResource(widgets, 'ns', Date.now());
  assert.equal(err, undefined);
  assert.equal(md.finalizerEstimateSeconds, FINALIZER_ESTIMATE_SECONDS);
  assert.equal(md.numRemaining, 2);
  assert.deepEqual(
    md.finalizersToNumRemaining,
    new Map([
      ['example.com/x', 2],
      ['example.com/y', 1],
    ]),
  );
});

test('items that stay with nothing holding them are an error, still counted', async () => {
  const { client } = fakeClient([{ metadata: { name: 'a' } }], { stuck: true });
  const d = new NamespacedResourcesDeleter(client, Date.now, log);
  const { md, err } = await d.deleteAllContentForResource(widgets, 'ns', Date.now());
  assert.equal(
    (err as Error).message,
    'unexpected items still remain in namespace: ns for gvr: example.com/v1, Resource=widgets',
  );
  assert.equal(md.numRemaining, 1);
});

test('no deletecollection: list and delete each item, and remember', async () => {
  const { client, calls } = fakeClient([{ metadata: { name: 'a' } }], { noDeleteCollection: true });
  const d = new NamespacedResourcesDeleter(client, Date.now, log);
  const { err } = await d.deleteAllContentForResource(widgets, 'ns', Date.now());
  assert.equal(err, undefined);
  assert.deepEqual(calls, [
    'DELETE /apis/example.com/v1/namespaces/ns/widgets',
    'GET /apis/example.com/v1/namespaces/ns/widgets',
    'DELETE /apis/example.com/v1/namespaces/ns/widgets/a',
    'GET /apis/example.com/v1/namespaces/ns/widgets',
  ]);
  calls.splice(0);
  await d.deleteAllContentForResource(widgets, 'ns', Date.now());
  assert.deepEqual(calls, [
    'GET /apis/example.com/v1/namespaces/ns/widgets',
    'GET /apis/example.com/v1/namespaces/ns/widgets',
  ]);
});

test('pods are given their grace: the estimate is the longest grace not yet spent', async () => {
  const running = (name: string, grace: number): Item => ({
    metadata: { name },
    spec: { terminationGracePeriodSeconds: grace },
    status: { phase: 'Running' },
  });
  const items = [running('a', 30), running('b', 45), { ...running('done', 600), status: { phase: 'Succeeded' } }];
  const now = Date.parse('2025-01-01T00:00:10Z');
  const deletedAt = Date.parse('2025-01-01T00:00:00Z');
  const { client } = fakeClient(items, { stuck: true });
  const d = new NamespacedResourcesDeleter(client, () => now, log);
  const { md, err } = await d.deleteAllContentForResource(pods, 'ns', deletedAt);
  assert.equal(err, undefined, 'pods in their grace period are expected to remain');
  assert.equal(md.finalizerEstimateSeconds, 45);
  assert.equal(md.numRemaining, 3);
  // Past the longest grace period, remaining pods are unexpected.
  const late = new NamespacedResourcesDeleter(
    fakeClient(structuredClone(items), { stuck: true }).client,
    () => now + 60_000,
    log,
  );
  const after = await late.deleteAllContentForResource(pods, 'ns', deletedAt);
  assert.equal(after.md.finalizerEstimateSeconds, 0);
  assert.match(String((after.err as Error).message), /unexpected items still remain/);
});
