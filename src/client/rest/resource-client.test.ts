import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { ApiError } from '../../machinery/errors.js';
import { resourcePath, type ResourceRef } from './resource-client.js';
import { listAll, listPages, type ObjectList } from './list.js';
import { deleteBody, listQuery, writeQuery } from './options.js';
import { parseWatchStream } from './watch.js';
import type { ListOptions } from './options.js';

const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const deployments: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };
const nodes: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false };

test('paths as upstream builds them', () => {
  assert.equal(resourcePath(pods), '/api/v1/pods');
  assert.equal(resourcePath(pods, 'ns'), '/api/v1/namespaces/ns/pods');
  assert.equal(resourcePath(pods, 'ns', 'p', 'status'), '/api/v1/namespaces/ns/pods/p/status');
  assert.equal(resourcePath(deployments, 'ns', 'web', 'scale'), '/apis/apps/v1/namespaces/ns/deployments/web/scale');
  assert.equal(resourcePath(nodes, 'ignored', 'n1'), '/api/v1/nodes/n1');
  assert.equal(resourcePath(pods, 'ns', 'a b'), '/api/v1/namespaces/ns/pods/a%20b');
  assert.throws(() => resourcePath(pods, 'ns', ''), /resource name may not be empty/);
});

test('query options as metav1 puts them on the wire', () => {
  assert.deepEqual(
    JSON.parse(
      JSON.stringify(
        listQuery({
          labelSelector: 'a=b',
          limit: 10,
          continue: 'tok',
          allowWatchBookmarks: true,
          timeoutSeconds: 30,
          resourceVersion: '0',
          resourceVersionMatch: 'NotOlderThan',
        }),
      ),
    ),
    {
      labelSelector: 'a=b',
      limit: 10,
      continue: 'tok',
      resourceVersion: '0',
      resourceVersionMatch: 'NotOlderThan',
      allowWatchBookmarks: true,
      timeoutSeconds: 30,
    },
  );
  assert.deepEqual(JSON.parse(JSON.stringify(writeQuery({ dryRun: true, fieldManager: 'me', force: true }))), {
    dryRun: 'All',
    fieldManager: 'me',
    force: true,
  });
  assert.deepEqual(deleteBody({ propagationPolicy: 'Foreground', gracePeriodSeconds: 0, dryRun: 'All' }), {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    dryRun: ['All'],
    gracePeriodSeconds: 0,
    propagationPolicy: 'Foreground',
  });
});

/** A fake paged list of `n` items, `expireAt` pages in the continue token expires. */
function pager(n: number, expireAt = -1) {
  const calls: ListOptions[] = [];
  let relisted = false;
  const fetch = async (o: ListOptions): Promise<ObjectList<number>> => {
    calls.push(o);
    const start = o.continue ? Number(o.continue) : 0;
    if (o.continue && start / (o.limit ?? 1) === expireAt && !relisted) {
      relisted = true;
      throw new ApiError(410, 'Expired', 'The provided continue parameter is too old');
    }
    const end = o.limit ? Math.min(n, start + o.limit) : n;
    const items = Array.from({ length: end - start }, (_, i) => start + i);
    const rv = relisted ? '200' : '100';
    return { kind: 'List', metadata: { resourceVersion: rv, continue: end < n ? String(end) : undefined }, items };
  };
  return { fetch, calls };
}

test('listAll pages with limit and continue; later pages carry no resourceVersion', async () => {
  const { fetch, calls } = pager(25);
  const all = await listAll(fetch, { limit: 10, resourceVersion: '0', labelSelector: 'x' });
  assert.deepEqual(
    all.items,
    Array.from({ length: 25 }, (_, i) => i),
  );
  assert.equal(all.metadata.resourceVersion, '100');
  assert.equal(all.metadata.continue, undefined);
  assert.deepEqual(
    calls.map((c) => [c.limit, c.continue, c.resourceVersion, c.labelSelector]),
    [
      [10, undefined, '0', 'x'],
      [10, '10', undefined, 'x'],
      [10, '20', undefined, 'x'],
    ],
  );
  let pages = 0;
  for await (const page of listPages(pager(25).fetch, { limit: 10 })) pages += page.items.length ? 1 : 0;
  assert.equal(pages, 3);
  assert.equal((await listAll(pager(3).fetch)).items.length, 3);
});

test('an expired continue token relists whole', async () => {
  const { fetch, calls } = pager(25, 2);
  const all = await listAll(fetch, { limit: 10 });
  assert.deepEqual(
    all.items,
    Array.from({ length: 25 }, (_, i) => i),
  );
  assert.equal(all.metadata.resourceVersion, '200');
  assert.equal(calls.at(-1)!.limit, undefined);
});

test('watch stream: lines split across chunks, blank lines, a last line without newline', async () => {
  const body = Readable.from([
    Buffer.from('{"type":"ADDED","object":{"n":1}}\n\n{"type":"MOD'),
    Buffer.from('IFIED","object":{"n":"\u00e9'.slice(0, 30)),
    Buffer.from('"}}\n{"type":"BOOKMARK","object":{}}'),
  ]);
  const got = [];
  for await (const e of parseWatchStream(body)) got.push(e);
  assert.deepEqual(got, [
    { type: 'ADDED', object: { n: 1 } },
    { type: 'MODIFIED', object: { n: 'é' } },
    { type: 'BOOKMARK', object: {} },
  ]);
});

test('watch stream: multi-byte characters split between chunks; a broken stream ends quietly', async () => {
  const line = Buffer.from('{"type":"ADDED","object":{"s":"日本"}}\n');
  const got = [];
  for await (const e of parseWatchStream(Readable.from([line.subarray(0, 32), line.subarray(32)]))) got.push(e);
  assert.deepEqual(got, [{ type: 'ADDED', object: { s: '日本' } }]);
  const broken = new Readable({ read() {} });
  broken.push('{"type":"ADDED","object":{}}\n');
  setImmediate(() => broken.destroy(Object.assign(new Error('reset'), { code: 'ECONNRESET' })));
  const seen = [];
  for await (const e of parseWatchStream(broken)) seen.push(e.type);
  assert.deepEqual(seen, ['ADDED']);
});
